from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE_ARTICLE = SHARED / "examples" / "arab-weekly-2020-06-08-sirte.txt"
EVAL = SHARED / "eval"
BUNDLED_EXAMPLE = REPO / "examples" / "sirte-clashes.txt"


@pytest.fixture(scope="session")
def extract():
    import redline

    return redline.extract


@pytest.fixture(scope="session")
def extract_records():
    import redline

    def run(records, **options):
        return list(redline.extract_many(records, **options))

    return run


@pytest.fixture(scope="session")
def example_article_text():
    if not EXAMPLE_ARTICLE.exists():
        pytest.skip("../shared/examples is absent")
    return EXAMPLE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_doc(example_article_text, extract):
    return extract(example_article_text, published="2020-06-08")


def events_of(doc, type_):
    return [e for e in doc.events if e.type == type_]


def codes(refs):
    return {r.code for r in refs}
