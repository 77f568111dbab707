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


# Sentences written for this test, with what makes each stage work: quotes and their speakers, a red line and a
# deadline, casualties, places, dates, unnamed actors.
SENTENCES = [
    '"We will not stop," the commander said on Monday.',
    "Government forces shelled the town, killing 4 people, officials said.",
    '"Sirte is a red line," the president told reporters in Cairo.',
    "The deadline ends on Friday at 6:00 pm, the ministry said.",
    "Gunmen kidnapped two aid workers near Gao last week.",
    "Police arrested dozens of protesters in Tripoli.",
    "Rebels withdrew from the hills about 40 km west of Misrata.",
    "Turkey warned that it would respond if the attacks continued.",
    "According to the army, drones struck an airbase on 3 June.",
]
PARAGRAPHS = st.lists(st.one_of(st.sampled_from(SENTENCES), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)),
                      min_size=2, max_size=8).map(lambda parts: " ".join(parts) + "\n\n")


def _lines_run(run) -> int:
    """How many lines of redline's own code ``run()`` executes: a measure of its work that, unlike a clock,
    gives the same figure on every machine and run. (Work inside spaCy and inside C calls such as slicing is
    not counted; benchmarks/long_document.py times whole articles up to 5 MB.)"""
    import sys
    from pathlib import Path

    import redline

    root = str(Path(redline.__file__).parent)
    executed = 0

    def in_redline(frame, event, arg):
        nonlocal executed
        if event == "line":
            executed += 1
        return in_redline

    def start(frame, event, arg):
        return in_redline if frame.f_code.co_filename.startswith(root) else None

    previous = sys.gettrace()
    sys.settrace(start)
    try:
        run()
    finally:
        sys.settrace(previous)
    return executed


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(paragraph=PARAGRAPHS)
def test_work_grows_linearly_with_the_text(extract, paragraph):
    sizes = []
    for target in (6_000, 24_000):
        text = paragraph * max(1, target // len(paragraph))
        sizes.append((len(text), _lines_run(lambda: extract(text, published="2020-06-08"))))
    (short, short_work), (long, long_work) = sizes
    assert long_work <= 1.1 * (long / short) * short_work, sizes
