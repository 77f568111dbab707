"""Generated hostile input (hypothesis): whatever the text, the dates or the JSONL, redline answers with
a document or a catalogue error, and the same input gives the same bytes again."""

from __future__ import annotations

import datetime
import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from redline.errors import RedlineError  # noqa: E402

# Words that make the pipeline work (events, dates, numbers, places), mixed with anything at all.
WORDS = ["Turkish", "drones", "struck", "Sirte", "on", "Monday", "killing", "at", "least", "800000", "days", "ago",
         "last", "year", "rebels", "withdrew", "from", "Gao", "between", "10", "and", "15", "police", "arrested",
         "dozens", "\n\n", '"', "(", ")", "-", "9999", "0001", "since", "February", "next", "week", "later", "…",
         "\u202e", "\x00", "é", "中文"]
TEXTS = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
    st.text(min_size=0, max_size=200),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=30).map(" ".join),
)
DATES = st.one_of(st.none(), st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
                  st.dates().map(lambda d: d.isoformat()), st.text(max_size=12), st.integers())
BOUNDED = settings(max_examples=40, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@BOUNDED
@given(text=TEXTS, published=DATES)
def test_any_text_and_date_give_a_document_or_a_catalogue_error_and_the_same_bytes_twice(extract, text, published):
    try:
        first = extract(text, published=published)
    except RedlineError as error:
        assert error.code.startswith("E")
        return
    again = extract(text, published=published)
    assert first.model_dump_json() == again.model_dump_json()
    for event in first.events:
        assert first.document.text[event.trigger.start:event.trigger.end] == event.trigger.text


JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                     st.text(max_size=30)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=8)
RECORDS = st.fixed_dictionaries({}, optional={"text": st.one_of(TEXTS, JSON_VALUES), "published": DATES.map(str),
                                              "country": st.one_of(st.sampled_from(["LBY", "Libya", "xx"]),
                                                                   st.text(max_size=5)),
                                              "title": JSON_VALUES})
LINES = st.lists(st.one_of(RECORDS.map(lambda r: json.dumps(r, default=str)), st.text(max_size=60)),
                 min_size=1, max_size=5)


@BOUNDED
@given(lines=LINES)
def test_any_jsonl_file_is_read_line_by_line_without_a_traceback(tmp_path_factory, lines):
    from typer.testing import CliRunner

    from redline.cli import app

    path = tmp_path_factory.mktemp("jsonl") / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    first = CliRunner().invoke(app, ["extract", str(path), "-f", "jsonl"])
    assert first.exception is None or isinstance(first.exception, SystemExit), first.exception
    assert first.exit_code in (0, 1, 2, 3) and "Traceback" not in first.output
    again = CliRunner().invoke(app, ["extract", str(path), "-f", "jsonl"])
    assert again.stdout == first.stdout
