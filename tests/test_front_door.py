"""One front door: the Python API reads text as `redline extract FILE` does, and refuses misuse with a
catalogue error rather than a Python exception."""

from __future__ import annotations

import datetime
import json

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.errors import RedlineError

ARTICLE = "TRIPOLI, June 8 (Wire) - Turkish drones struck Sirte on Sunday.\r\nRebels withdrew from the town.\r\n"


def test_the_same_bytes_give_the_same_document_through_the_api_and_the_cli(extract, tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    result = CliRunner().invoke(app, ["extract", str(path), "--published", "2020-06-08"])
    from_cli = json.loads(result.stdout)
    from_text = extract(ARTICLE, published="2020-06-08")
    from_bytes = extract(ARTICLE.encode("utf-8"), published=datetime.date(2020, 6, 8))
    assert from_text.document.id == from_bytes.document.id == from_cli["document"]["id"]
    assert from_text.model_dump(mode="json")["events"] == from_cli["events"]


def test_html_is_reduced_to_its_article_before_coding(extract):
    page = ("<html><head><title>Sirte</title></head><body><nav>Home | World</nav><article><p>Turkish drones "
            "struck Sirte on Sunday, officials said.</p></article></body></html>")
    doc = extract(page, published="2020-06-08")
    assert "<" not in doc.document.text and doc.events
    assert all(doc.document.text[e.trigger.start:e.trigger.end] == e.trigger.text for e in doc.events)


@pytest.mark.parametrize("text, code", [(None, "E115"), (5, "E115"), ("", "E101"), ("  \n ", "E101")])
def test_misuse_is_a_catalogue_error(extract, text, code):
    with pytest.raises(RedlineError, match=code):
        extract(text)


def test_a_datetime_is_taken_as_its_day(extract):
    doc = extract("Turkish drones struck Sirte.", published=datetime.datetime(2020, 6, 8, 18, 30))
    assert doc.document.published == "2020-06-08"


@pytest.mark.parametrize("published", [5, "June", "2020-13-40"])
def test_a_bad_publication_date_is_e110(extract, published):
    with pytest.raises(RedlineError, match="E110"):
        extract("Turkish drones struck Sirte.", published=published)


def test_no_publication_date_is_said(extract):
    doc = extract("Turkish drones struck Sirte on Sunday.")
    assert [w.code for w in doc.warnings] == ["W004"]
    dated = extract("Turkish drones struck Sirte on Sunday.", published="2020-06-08")
    assert dated.warnings == []


def test_extract_many_reads_records_through_the_same_door(extract_records):
    docs = extract_records([{"text": ARTICLE, "published": "2020-06-08"},
                            {"text": ARTICLE.encode("utf-8"), "published": "2020-06-08", "country": "Libya"}])
    assert docs[0].document.id == docs[1].document.id and docs[1].document.country == "LBY"
    with pytest.raises(RedlineError, match="E101"):
        extract_records([{"text": " "}])
