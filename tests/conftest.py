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


# ---------------------------------------------------------------- a small corpus for the store tests

_CORPUS_FORCES = ["Turkish", "Russian", "Egyptian", "Iranian", "Israeli", "Ukrainian", "Syrian", "Iraqi"]
_CORPUS_PLACES = ["Sirte", "Aleppo", "Kharkiv", "Gaza", "Tripoli", "Idlib", "Mosul", "Benghazi"]
_CORPUS_CAPITALS = ["Ankara", "Moscow", "Cairo", "Tehran", "Jerusalem", "Kyiv", "Damascus", "Baghdad"]


def corpus_text(i: int) -> str:
    """The i-th short, distinct news text of the generated test corpus (written for the tests)."""
    force = _CORPUS_FORCES[i % 8]
    place = _CORPUS_PLACES[(i // 8 + i) % 8]
    capital = _CORPUS_CAPITALS[(i + 3) % 8]
    return (
        f"{force} forces shelled positions near {place} on Sunday, local officials said.\n\n"
        f"The government in {capital} condemned the attack and urged both sides to return to talks.\n\n"
        f"Aid agencies said {i + 3} families had fled the area by Monday evening."
    )


def write_corpus(folder: Path, n: int, start: int = 0) -> list[Path]:
    """n text files with distinct generated articles, named so that they sort in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = folder / f"article-{i:04d}.txt"
        path.write_text(corpus_text(i), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty store: a SQLite file, or the PostgreSQL database of REDLINE_TEST_PG (skipped when unset)."""
    import os

    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url = os.environ.get("REDLINE_TEST_PG")
    if not url:
        pytest.skip("REDLINE_TEST_PG is not set (a PostgreSQL URL for the store tests)")
    pytest.importorskip("psycopg")
    drop_all(url)
    yield url
    drop_all(url)


def drop_all(url: str) -> None:
    """Empty the PostgreSQL database at ``url`` (its tables dropped)."""
    from sqlalchemy import MetaData, create_engine

    from redline.store import normalize_url

    engine = create_engine(normalize_url(url))
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()


def long_article(megabytes: float) -> str:
    """A long generated report: varied sentences with places, actors and dates, written for the tests."""
    forces = ["Turkish drones", "Russian jets", "Government troops", "Rebel fighters", "Police officers"]
    places = ["Sirte", "Misrata", "Aleppo", "Kharkiv", "Mosul", "Benghazi", "Idlib"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    parts, size, i = [], 0, 0
    while size < megabytes * 1024 * 1024:
        sentence = (f"{forces[i % 5]} struck positions near {places[i % 7]} on {days[i % 7]}, killing {i % 13 + 2} "
                    f"people, officials said on {days[(i + 2) % 7]}. ")
        if i % 6 == 5:
            sentence += "\n\n"
        parts.append(sentence)
        size += len(sentence)
        i += 1
    return "".join(parts)
