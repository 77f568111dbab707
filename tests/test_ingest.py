"""Tests of redline.ingest: decoding, HTML reduction, JSONL, datelines, language, walking."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.errors import EXIT_USAGE, RedlineError
from redline.ingest import (
    IngestProblem,
    RawDocument,
    extract_html,
    find_dateline,
    from_text,
    guess_language,
    iter_inputs,
    looks_like_html,
    plain_title,
)
from redline.ingest import html as html_module

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

ARTICLE = (
    "Minister rejects opposition demands\n"
    "\n"
    "The interior minister on Tuesday rejected the opposition's demand for early elections.\n"
    "Opposition leaders threatened to call a general strike.\n"
)


def run(target, **kwargs) -> list:
    return list(iter_inputs(str(target), **kwargs))


def one_doc(target, **kwargs) -> RawDocument:
    items = run(target, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


def one_problem(target, **kwargs) -> IngestProblem:
    items = run(target, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], IngestProblem), items[0]
    return items[0]


# ---------------------------------------------------------------- plain text


def test_plain_text_is_kept_verbatim_with_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    doc = one_doc(path)
    assert doc.text == ARTICLE  # only CRLF normalised
    assert doc.title == "Minister rejects opposition demands"
    assert doc.origin == str(path)
    assert doc.language == "en"
    # no date anywhere: said, since relative dates then cannot be resolved
    assert [w.code for w in doc.warnings] == ["W004"] and str(path) in doc.warnings[0].message
    assert doc.published is None and doc.published_basis is None


def test_plain_text_keeps_spacing_and_utf8_bom_is_stripped(tmp_path):
    text = "  Indented  line with   spaces.\n\n\nTabs\there\u00a0and nbsp.\n"
    path = tmp_path / "b.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = one_doc(path)
    assert doc.text == text
    assert [w.code for w in doc.warnings] == ["W004"]  # the BOM is no encoding problem


def test_plain_title_rules():
    assert plain_title("Short headline\n\nBody text here.") == "Short headline"
    assert plain_title("This is a sentence.\n\nBody text here.") is None  # ends with a period
    assert plain_title("Headline\nBody directly below.") is None  # no blank line after
    assert plain_title("x" * 201 + "\n\nBody.") is None  # too long
    assert plain_title("Monday 08/06/2020\n\nBody.") is None  # a date line, not a title
    assert plain_title("Only one line") is None
    assert plain_title("# Markdown heading\n\nBody.") == "Markdown heading"


def test_given_published_date_wins_over_dateline(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Headline\n\n25/12/2019\n\nThe army said.\n", encoding="utf-8")
    doc = one_doc(path, published="2021-03-04")
    assert (doc.published, doc.published_basis) == ("2021-03-04", "given")


def test_invalid_given_date_raises_e110_at_once(tmp_path):
    with pytest.raises(RedlineError) as info:
        iter_inputs(str(tmp_path / "missing.txt"), published="2020-02-30")  # no iteration needed
    assert info.value.code == "E110"
    assert info.value.exit_code == EXIT_USAGE
    with pytest.raises(RedlineError):
        iter_inputs("-", published="08/06/2020")


# ---------------------------------------------------------------- datelines


def test_dateline_weekday_resolves_day_first(tmp_path):
    doc = one_doc(FIXTURES / "monday.txt")
    assert (doc.published, doc.published_basis) == ("2020-06-08", "dateline")
    assert doc.title == "Minister rejects opposition demands"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Monday 08/06/2020\n\nBody.", "2020-06-08"),  # 8 June 2020 was a Monday
        ("Monday 06/08/2020\n\nBody.", "2020-06-08"),  # US order, resolved by the weekday
        ("Thursday 08/06/2020\n\nBody.", "2020-08-06"),  # 6 August 2020 was a Thursday
        ("Thu, 08/06/2020\n\nBody.", "2020-08-06"),
        ("25/12/2019\n\nBody.", "2019-12-25"),  # unambiguous: 25 is the day
        ("12/25/2019\n\nBody.", "2019-12-25"),
        ("June 8, 2020\n\nBody.", "2020-06-08"),
        ("8 June 2020\n\nBody.", "2020-06-08"),
        ("Mon, 8 Jun 2020 10:32 GMT\n\nBody.", "2020-06-08"),
        ("2020-06-08\n\nBody.", "2020-06-08"),
        ("Published: 06.08.2020\n\nBody.", "2020-08-06"),  # dots: day-first
        ("Headline\n\nBy Jane Doe | June 8, 2020 | 4:30 PM\n\nBody.", "2020-06-08"),
        ("Last updated on Monday 08/06/2020 at 10:32 GMT\n\nBody.", "2020-06-08"),
        ("Updated 8th of June, 2020\n\nBody.", "2020-06-08"),
        ("WASHINGTON, June 8, 2020 (Reuters) - The U.S. said.", "2020-06-08"),
        ("GENEVA/PARIS, Jun 8 (AFP) — Talks.\n\n© 2020 AFP", "2020-06-08"),  # year from the copyright
    ],
)
def test_find_dateline_forms(text, expected):
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON, June 8 (Reuters) - The U.S. said on Monday.",  # no year anywhere
        "Talks will resume on June 8, 2020 in Geneva, the ministry said.",  # in a sentence
        "31/02/2020\n\nBody.",  # impossible
        "13/13/2020\n\nBody.",
        "01/01/1850\n\nBody.",  # out of range for a publication date
        "No dates at all here.\n\nJust text.",
        "",
    ],
)
def test_find_dateline_rejects(text):
    assert find_dateline(text) is None


def test_find_dateline_year_argument_and_month_first_override():
    assert find_dateline("WASHINGTON, June 8 (Reuters) - x", year=2020) == "2020-06-08"
    assert find_dateline("05/04/2021\n\nBody.") == "2021-04-05"  # day-first by default
    assert find_dateline("05/04/2021\n\nBody.", month_first=True) == "2021-05-04"
    # a text that writes its dates the American way reads numeric dates month-first
    assert find_dateline("05/04/2021\n\nTalks were held on April 30, 2021 in Doha.") == "2021-05-04"


def test_dateline_only_in_the_head():
    filler = "\n".join(f"Paragraph {i} says nothing about dates at all." for i in range(20))
    assert find_dateline(filler + "\n\n8 June 2020\n") is None


# ---------------------------------------------------------------- HTML


def test_html_article_metadata_and_boilerplate_removed():
    doc = one_doc(FIXTURES / "article.html")
    assert doc.title == "Iran warns of response after drone strike"
    assert (doc.published, doc.published_basis) == ("2020-06-08", "metadata")
    assert doc.source == "The Daily Courier"
    assert doc.url == "https://courier.example.com/world/iran-warns"
    assert "Iran's foreign ministry on Monday warned the United States" in doc.text
    assert "return to talks that broke down in March." in doc.text
    for boilerplate in ("Subscribe now", "Privacy policy", "Cookie settings", "All rights reserved",
                        "analytics", "font-family", "<p>"):
        assert boilerplate not in doc.text
    # paragraphs are separated by a blank line
    assert "killed two soldiers.\n\n\"We will not stay silent,\"" in doc.text


def test_html_tag_soup_without_closing_tags():
    doc = one_doc(FIXTURES / "soup.html")
    assert doc.title == "Ceasefire talks stall in Geneva"
    assert doc.text.startswith("GENEVA - Talks on a ceasefire")
    assert "a charge the defence ministry denied" in doc.text
    assert "document.write" not in doc.text
    assert doc.published is None


def test_html_detected_by_content_in_txt_and_dateline_used(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Sanctions</title></head><body><article>"
        "<p>Monday 08/06/2020</p>"
        "<p>The European Union imposed new sanctions on the country's defence ministry on Monday, "
        "freezing the assets of eleven officials accused of ordering the crackdown on protesters. "
        "The foreign ministry condemned the decision and summoned the EU ambassador.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    doc = one_doc(path)
    assert "<p>" not in doc.text
    assert "imposed new sanctions" in doc.text
    assert (doc.published, doc.published_basis) == ("2020-06-08", "dateline")


def test_html_falls_back_to_lxml_rendering(monkeypatch, tmp_path):
    monkeypatch.setattr(html_module, "_trafilatura", lambda html, url, favor_recall: None)
    page = ("<html><head><title>T</title><style>p {color: red}</style></head><body>"
            "<p>First <b>bold</b> paragraph.<p>Second<br>line<script>alert(1)</script></body></html>")
    result = extract_html(page)
    assert result.text == "First bold paragraph.\n\nSecond\n\nline"
    assert result.title == "T"


def test_html_without_text_is_e107(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>")
    problem = one_problem(path)
    assert problem.code == "E107"
    assert str(path) in problem.message


def test_looks_like_html():
    assert looks_like_html("  \n<!DOCTYPE HTML><html><body>x</body></html>")
    assert looks_like_html("<HTML><body>x")
    assert looks_like_html("<p>Hello</p><p>world</p>")
    assert not looks_like_html("The <b> tag is bold.")
    assert not looks_like_html("<3 love this")


# ---------------------------------------------------------------- rejected inputs


def test_missing_path_is_e103(tmp_path):
    missing = tmp_path / "nope.txt"
    problem = one_problem(missing)
    assert problem.code == "E103"
    assert problem.origin == str(missing)
    assert problem.message.startswith("[E103]")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_file_is_e101(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    problem = one_problem(path)
    assert problem.code == "E101"
    assert problem.line is None


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
        (b"Some text\x00\x00\x00 with NUL\x00 bytes\xff\xfe\x00", "NUL"),
        (bytes(range(1, 32)) * 50, "control characters"),
    ],
)
def test_binary_is_e102(tmp_path, content, reason):
    path = tmp_path / "data.txt"
    path.write_bytes(content)
    problem = one_problem(path)
    assert problem.code == "E102"
    assert reason in problem.message


def test_cp1252_is_decoded_with_w002(tmp_path):
    text = "\u201cWe will respond,\u201d the minister said \u2013 Caf\u00e9 talks \u20ac5m.\n\nMore text follows here."
    path = tmp_path / "cp.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = one_doc(path)
    assert doc.text == text
    assert [w.code for w in doc.warnings] == ["W002", "W004"]
    assert "cp1252" in doc.warnings[0].message
    assert str(path) in doc.warnings[0].message


def test_latin1_fallback_when_cp1252_cannot_decode(tmp_path):
    data = "Caf\u00e9 \u00e0 Paris, the minister said.".encode("latin-1") + b"\x81"
    path = tmp_path / "l1.txt"
    path.write_bytes(data)
    doc = one_doc(path)
    assert doc.text == data.decode("latin-1")
    assert "latin-1" in doc.warnings[0].message


def test_mostly_utf8_with_a_stray_byte_is_not_mojibake(tmp_path):
    text = "Les négociations à Genève ont échoué, a déclaré le ministère. " * 3
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode("utf-8") + b"\xe9 end")
    doc = one_doc(path)
    assert doc.text.startswith(text)
    assert doc.text.endswith("\ufffd end")
    assert "UTF-8" in doc.warnings[0].message


def test_utf16_with_bom_is_decoded(tmp_path):
    text = "Headline\n\nThe president said the troops would withdraw.\n"
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode("utf-16"))  # with BOM
    doc = one_doc(path)
    assert doc.text == text
    assert [w.code for w in doc.warnings] == ["W002", "W004"]
    assert "UTF-16" in doc.warnings[0].message


def test_utf16_without_bom_is_not_called_binary(tmp_path):
    text = "The president said the troops would withdraw from the border region.\n"
    path = tmp_path / "u16le.txt"
    path.write_bytes(text.encode("utf-16-le"))
    doc = one_doc(path)
    assert doc.text == text


def test_oversize_file_is_e104_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.write(b"The army said. " * (6 * 1024 * 1024 // 15 + 1))
    assert path.stat().st_size > 6 * 1024 * 1024
    start = time.perf_counter()
    problem = one_problem(path, max_mb=5)
    assert time.perf_counter() - start < 0.5
    assert problem.code == "E104"
    assert "6.0 MB" in problem.message and "limit of 5 MB" in problem.message


def test_oversize_stdin_reads_at_most_limit_plus_a_bit():
    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, n=-1):
            data = super().read(n)
            Counting.read_bytes += len(data)
            return data

    stream = Counting(b"word " * (4 * 1024 * 1024 // 5))  # 4 MB of text
    problem = one_problem("-", stdin=stream, max_mb=1)
    assert problem.code == "E104"
    assert problem.origin == "<stdin>"
    assert Counting.read_bytes <= 2 * 1024 * 1024


# ---------------------------------------------------------------- language


def test_non_english_gets_w001_but_is_processed(tmp_path):
    fr = tmp_path / "fr.txt"
    fr.write_text(
        "Le ministre des Affaires étrangères a déclaré lundi que la France ne reconnaîtrait pas "
        "le résultat du vote et qu'elle demanderait une réunion du Conseil de sécurité.",
        encoding="utf-8",
    )
    de = tmp_path / "de.txt"
    de.write_text(
        "Die Regierung hat am Montag angekündigt, dass sie die Sanktionen gegen das Land nicht "
        "aufheben wird, bis die Gefangenen freigelassen sind.",
        encoding="utf-8",
    )
    for path, lang in ((fr, "fr"), (de, "de")):
        doc = one_doc(path)
        assert doc.language == lang
        assert [w.code for w in doc.warnings if w.code != "W004"] == ["W001"]
        assert f"language guess: {lang}" in doc.warnings[0].message
        assert doc.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The government said on Monday that it would not accept the proposal of the rebels.", "en"),
        ("El gobierno dijo el lunes que no aceptaría la propuesta de los rebeldes y que la guerra seguirá.", "es"),
        ("Il governo ha detto lunedì che non accetterà la proposta dei ribelli e che la guerra continua.", "it"),
        ("O governo disse na segunda-feira que não aceitaria a proposta dos rebeldes e que a guerra continua.", "pt"),
        ("De regering zei maandag dat zij het voorstel van de rebellen niet zal aanvaarden.", "nl"),
        ("قالت الحكومة يوم الاثنين إنها لن تقبل اقتراح المتمردين", "ar"),
        ("Правительство заявило в понедельник, что не примет предложение повстанцев", "ru"),
        ("政府周一表示不会接受叛军的提议", "zh"),
        ("政府は月曜日、反政府勢力の提案を受け入れないと述べた", "ja"),
    ],
)
def test_guess_language(text, lang):
    guessed, confidence = guess_language(text)
    assert guessed == lang
    assert 0 < confidence <= 1


def test_guess_language_too_short_is_unknown():
    assert guess_language("UN") == (None, 0.0)
    assert guess_language("12345 678") == (None, 0.0)


# ---------------------------------------------------------------- JSONL


def test_jsonl_malformed_line_between_good_lines():
    items = run(FIXTURES / "records.jsonl")
    docs = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert [type(i).__name__ for i in items] == ["RawDocument", "IngestProblem", "RawDocument"]
    assert [d.text for d in docs] == [
        "Russia and Ukraine agreed on Friday to exchange prisoners.",
        "Protesters marched through the capital on Sunday.",
    ]
    first = docs[0]
    assert (first.published, first.published_basis) == ("2019-09-06", "given")
    assert (first.title, first.source, first.url) == ("Prisoner swap", "Wire", "https://wire.example/1")
    assert first.origin.endswith("records.jsonl:1") and docs[1].origin.endswith("records.jsonl:3")
    (problem,) = problems
    assert problem.code == "E105" and problem.line == 2
    assert "Line 2 of" in problem.message


def test_jsonl_field_problems(tmp_path):
    lines = [
        json.dumps({"text": "The army withdrew from the town.", "published": "08/06/2020"}),
        "",
        json.dumps({"text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Rebels seized the airport.", "published": "2020-06-08T09:30:00Z"}),
        "   ",
    ]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = run(path)
    summary = [(i.code, i.line) if isinstance(i, IngestProblem) else ("doc", i.origin) for i in items]
    assert summary == [
        ("E109", 1),
        ("doc", f"{path}:1"),
        ("E106", 3),
        ("E106", 4),
        ("E106", 5),
        ("doc", f"{path}:6"),
    ]
    assert items[1].published is None  # the bad date was ignored
    assert "'08/06/2020'" in items[0].message
    assert items[5].published == "2020-06-08"


def test_jsonl_given_argument_beats_record_field(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"text": "Talks resumed.", "published": "2019-01-01"}) + "\n")
    doc = one_doc(path, published="2020-05-05")
    assert (doc.published, doc.published_basis) == ("2020-05-05", "given")


def test_jsonl_record_with_html_text_is_reduced(tmp_path):
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    path = tmp_path / "h.jsonl"
    path.write_text(json.dumps({"text": html, "source": "Courier Feed"}) + "\n", encoding="utf-8")
    doc = one_doc(path)
    assert "<p>" not in doc.text and "Subscribe now" not in doc.text
    assert "Iran's foreign ministry" in doc.text
    assert doc.source == "Courier Feed"  # the record's field wins over the page's site name
    assert (doc.published, doc.published_basis) == ("2020-06-08", "metadata")


def test_jsonl_gz(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"text": f"Story number {i} about the talks.", "published": "2021-02-0%d" % (i + 1)}) + "\n")
    items = run(path)
    assert [d.text for d in items] == [f"Story number {i} about the talks." for i in range(3)]
    assert [d.published for d in items] == ["2021-02-01", "2021-02-02", "2021-02-03"]
    assert [d.origin for d in items] == [f"{path}:{i}" for i in (1, 2, 3)]


def test_corrupt_jsonl_gz_is_e108(tmp_path):
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "Good record here."}\n' * 100)[:-30])
    items = run(path)
    assert items[-1].code == "E108"


def test_jsonl_line_over_the_limit_is_e104_and_others_survive(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "Small one."}) + "\n")
        fh.write(json.dumps({"text": "x" * (2 * 1024 * 1024)}) + "\n")
        fh.write(json.dumps({"text": "Small two."}) + "\n")
    items = run(path, max_mb=1)
    assert [getattr(i, "code", "doc") for i in items] == ["doc", "E104", "doc"]
    assert items[1].line == 2


def test_empty_jsonl_is_e101(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text("\n\n  \n")
    assert one_problem(path).code == "E101"


# ---------------------------------------------------------------- directories and stdin


def test_directory_walk_order_and_filters(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.d").mkdir()
    (tmp_path / ".hidden").mkdir()
    files = {
        "z.txt": "Zulu story text.",
        "a.md": "Alpha story text.",
        "b/c.html": "<html><body><p>Charlie story text from the HTML page.</p></body></html>",
        "b/a.text": "Bravo story text.",
        "a.d/x.htm": "<html><body><p>Xray story text from the page.</p></body></html>",
        "notes.json": '{"text": "skipped"}',
        "image.png": "not taken",
        ".secret.txt": "hidden file",
        ".hidden/h.txt": "hidden dir",
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    with open(tmp_path / "b" / "d.jsonl", "w") as fh:
        fh.write(json.dumps({"text": "Delta record one."}) + "\n" + json.dumps({"text": "Delta record two."}) + "\n")
    items = run(tmp_path)
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [Path(i.origin.split(":")[0]).relative_to(tmp_path).as_posix() for i in items] == [
        "a.d/x.htm", "a.md", "b/a.text", "b/c.html", "b/d.jsonl", "b/d.jsonl", "z.txt",
    ]
    assert items[0].text == "Xray story text from the page."
    assert items[4].origin == f"{tmp_path / 'b' / 'd.jsonl'}:1"


def test_directory_with_a_bad_file_continues(tmp_path):
    (tmp_path / "1.txt").write_bytes(b"")
    (tmp_path / "2.txt").write_text("The talks went on.")
    items = run(tmp_path)
    assert [getattr(i, "code", "doc") for i in items] == ["E101", "doc"]


def test_empty_directory_is_e101(tmp_path):
    (tmp_path / "skip.json").write_text("{}")
    assert one_problem(tmp_path).code == "E101"


def test_stdin_plain_text():
    doc = one_doc("-", stdin=io.BytesIO(ARTICLE.encode("utf-8")), published="2020-01-02")
    assert doc.text == ARTICLE
    assert doc.origin == "<stdin>"
    assert (doc.published, doc.published_basis) == ("2020-01-02", "given")


def test_stdin_jsonl_is_detected():
    data = b"\n" + b"\n".join(json.dumps({"text": f"Record {i}."}).encode() for i in range(2)) + b"\n"
    items = run("-", stdin=io.BytesIO(data))
    assert [i.text for i in items] == ["Record 0.", "Record 1."]
    assert [i.origin for i in items] == ["<stdin>:2", "<stdin>:3"]


def test_stdin_html_and_binary():
    page = (FIXTURES / "article.html").read_bytes()
    doc = one_doc("-", stdin=io.BytesIO(page))
    assert doc.title == "Iran warns of response after drone strike"
    problem = one_problem("-", stdin=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(100)))
    assert problem.code == "E102" and problem.origin == "<stdin>"


def test_from_text_api():
    doc = from_text("Headline\n\n8 June 2020\n\nThe army said.\r\n")
    assert doc.text == "Headline\n\n8 June 2020\n\nThe army said.\n"
    assert (doc.title, doc.published, doc.published_basis) == ("Headline", "2020-06-08", "dateline")
    assert from_text("   ").code == "E101"


def test_trafilatura_is_imported_lazily():
    code = (
        "import sys, io\n"
        "from redline.ingest import iter_inputs\n"
        "list(iter_inputs('-', stdin=io.BytesIO(b'Plain text only.')))\n"
        "assert 'trafilatura' not in sys.modules, 'eager import'\n"
        "list(iter_inputs('-', stdin=io.BytesIO(b'<html><body><p>Some text.</p></body></html>')))\n"
        "assert 'trafilatura' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_html_declared_charset_is_used_when_not_utf8(tmp_path):
    page = (
        '<html><head><meta charset="windows-1251"><title>Переговоры</title></head><body><article>'
        "<p>Министерство иностранных дел заявило в понедельник, что не примет предложение "
        "повстанцев и продолжит переговоры в Женеве.</p></article></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    doc = one_doc(path)
    assert "Министерство иностранных дел" in doc.text
    assert doc.language == "ru"
    assert sorted(w.code for w in doc.warnings) == ["W001", "W002", "W004"]
    assert any("cp1251" in w.message for w in doc.warnings)


def test_one_bad_jsonl_line_loses_only_itself(tmp_path):
    # a lone surrogate escape, an integer past Python's conversion limit, a date not in ISO form, and a
    # corrupt .gz beside: each is reported with its code, and every good record is still stored
    from typer.testing import CliRunner

    from redline.cli import app

    good = [{"text": "Turkish drones struck Sirte on Sunday.", "published": "2020-06-08"},
            {"text": "Troops clashed with rebels near Kidal on Friday.", "published": "2021-01-02"}]
    lines = [json.dumps(good[0]),
             '{"text": "Rebels attacked Gao.\\ud800", "published": "2020-06-08"}',
             '{"text": "Police arrested 12 protesters in Tunis.", "n": ' + "9" * 5000 + "}",
             '{"text": "Militants shelled Idlib on Monday.", "published": "11/02/2024"}',
             json.dumps(good[1])]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate data" * 8)
    result = CliRunner().invoke(app, ["ingest", str(broken), str(feed), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    output = " ".join(result.output.split())
    assert "E108" in output and "broken.jsonl.gz" in output
    assert f"Line 2 of {feed}" in output and "surrogate" in output
    assert f"Line 3 of {feed}" in output and "5000 digits" in output
    assert f"warning [E109] Line 4 of {feed}" in output
    assert "3 documents stored" in output  # lines 1, 4 (undated) and 5

    records = [json.loads(line) for line in CliRunner().invoke(
        app, ["extract", str(feed), "-f", "jsonl"]).stdout.splitlines() if line.startswith("{")]
    assert len(records) == 3


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_in_a_folder_is_reported_not_waited_on(tmp_path):
    import os

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Turkish drones struck Sirte on Sunday.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    items = list(iter_inputs(str(folder)))
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert [p.code for p in problems] == ["E108"] and "not a regular file" in problems[0].message
    assert len(items) == 2


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    import os

    from redline.ingest import sources

    folder = tmp_path / "news"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("Turkish drones struck Sirte on Sunday.", encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # as os.walk does for a folder it may not read
        for root, dirs, files in real_walk(top, **kwargs):
            if root.endswith("locked"):
                onerror(PermissionError(13, "Permission denied", root))
                continue
            yield root, dirs, files

    monkeypatch.setattr(sources.os, "walk", walk)
    problems = [i for i in iter_inputs(str(folder)) if isinstance(i, IngestProblem)]
    assert [p.code for p in problems] == ["E108"] and "Permission denied" in problems[0].message
