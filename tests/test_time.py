"""Time expressions: recognition, TIMEX3 values against the publication date, event dates."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

# A Monday, like the dateline of the example article.
PUBLISHED = date(2020, 6, 8)


@pytest.fixture(scope="module")
def nlp():
    from redline.nlp.loader import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="module")
def tag(nlp):
    from redline.time import tag_document

    def run(text, reference=PUBLISHED):
        return tag_document(nlp(text), reference)

    return run


def values(timexes):
    return {t.text: t.value for t in timexes}


def only(timexes):
    assert len(timexes) == 1, [(t.text, t.value) for t in timexes]
    return timexes[0]


# --- weekdays: the tense decides the direction ------------------------------------------------------

def test_weekday_in_a_past_report_is_the_day_before_publication(tag):
    assert only(tag("Rebels shelled the port on Sunday, residents said.")).value == "2020-06-07"
    assert only(tag("Gunmen had stormed the ministry on Friday.")).value == "2020-06-05"


def test_weekday_in_a_future_sentence_is_the_day_after_publication(tag):
    assert only(tag("The two delegations will meet again on Thursday.")).value == "2020-06-11"
    assert only(tag("The ministers plan to sign the accord on Wednesday.")).value == "2020-06-10"


def test_the_publication_weekday_is_the_publication_day_with_its_clock_time(tag):
    timex = only(tag("The truce expires on Monday at 6:00 pm, the mediators said."))
    assert (timex.text, timex.type, timex.value) == ("Monday at 6:00 pm", "TIME", "2020-06-08T18:00")


def test_scheduling_words_point_ahead_and_done_things_back(tag):
    assert only(tag("Officials postponed the hearing until Tuesday.")).value == "2020-06-09"
    assert only(tag("The court has scheduled a hearing Thursday.")).value == "2020-06-11"
    assert only(tag("Lawyers will appeal Wednesday's ruling.")).value == "2020-06-03"


def test_the_next_day_follows_the_day_last_mentioned(tag):
    found = values(tag("Rebels seized the town on May 28. The next day, the army shelled it."))
    assert found == {"May 28": "2020-05-28", "The next day": "2020-05-29"}


def test_last_and_next_weekday_never_mean_the_publication_day(tag):
    found = values(tag("Talks stalled last Monday and resume next Monday."))
    assert found == {"last Monday": "2020-06-01", "next Monday": "2020-06-15"}


def test_part_of_day_and_day_words(tag):
    found = values(tag("Shelling resumed yesterday and continued on Saturday night; a vote is due tomorrow."))
    assert found == {"yesterday": "2020-06-07", "Saturday night": "2020-06-06TNI", "tomorrow": "2020-06-09"}


# --- weeks, months, years -------------------------------------------------------------------------------

def test_last_week_and_its_modifier(tag):
    assert only(tag("The envoy travelled to Cairo last week.")).value == "2020-W23"
    early = only(tag("The envoy was in Ankara early last week."))
    assert (early.value, early.mod) == ("2020-W23", "START")


def test_explicit_and_relative_years(tag):
    found = values(tag("The coalition defeated the group in 2016 and left last year; elections are due next year."))
    assert found == {"2016": "2016", "last year": "2019", "next year": "2021"}


def test_a_month_without_a_year_follows_the_tense(tag):
    assert only(tag("The accord was signed in March.")).value == "2020-03"
    assert only(tag("Elections will be held in January.")).value == "2021-01"
    assert only(tag("The accord was signed on Oct. 23.")).value == "2019-10-23"


def test_full_and_numeric_dates(tag):
    assert only(tag("The ceasefire of March 5, 2019 collapsed.")).value == "2019-03-05"
    # Day/month or month/day: the reading matching the weekday given with it.
    assert only(tag("Monday 08/06/2020")).value == "2020-06-08"


def test_ago_and_vague_past(tag):
    assert only(tag("The offensive began three weeks ago.")).value == "2020-W21"
    assert only(tag("Weeks ago, the army withdrew.")).value == "PAST_REF"
    assert only(tag("The border has been closed since two years ago.")).value == "2018"


def test_references_quarters_decades_and_sets(tag):
    # A third quarter reported in the past tense in June is last year's.
    found = values(tag("Prices are now higher than in the 1990s; profit fell in the third quarter; "
                       "patrols run daily."))
    assert found == {"now": "PRESENT_REF", "the 1990s": "199", "the third quarter": "2019-Q3", "daily": "P1D"}


# --- durations -------------------------------------------------------------------------------------------

def test_durations(tag):
    found = {t.text: (t.type, t.value) for t in tag("The siege lasted two weeks, then 2 1/2 years of talks "
                                                    "and a 30-day truce followed.")}
    assert found == {"two weeks": ("DURATION", "P2W"), "2 1/2 years": ("DURATION", "P2Y6M"),
                     "30-day": ("DURATION", "P30D")}


def test_less_than_a_duration_after_an_event(tag):
    timex = only(tag("The strike came less than 24 hours after the militia retreated."))
    assert (timex.value, timex.mod, timex.relation) == ("PT24H", "LESS_THAN", "after")


def test_ages_and_counts_are_no_time_expressions(tag):
    assert tag("A 6-year-old boy and 1500 troops were evacuated.") == []
    assert tag("Jan Kavan met the envoy.") == []


def test_without_a_publication_date_relative_expressions_are_not_valued(tag):
    found = values(tag("The group was founded in 2014 and attacked on Sunday.", reference=None))
    assert found["2014"] == "2014"
    assert "Sunday" not in found or found["Sunday"].startswith("XXXX")


# --- windows and the words as data ----------------------------------------------------------------

def test_values_cover_windows_of_days():
    from redline.time.values import window

    assert window("2020-W23") == ("week", date(2020, 6, 1), date(2020, 6, 7))
    assert window("2020-06") == ("month", date(2020, 6, 1), date(2020, 6, 30))
    assert window("2020-Q3") == ("month", date(2020, 7, 1), date(2020, 9, 30))
    assert window("2020-06-08T18:00") == ("hour", date(2020, 6, 8), date(2020, 6, 8))
    assert window("PAST_REF") is None and window("P1D") is None


def test_every_rule_has_a_normalizer():
    from redline.time.rules import load_time_data
    from redline.time.tagger import NORMALIZERS

    data = load_time_data()
    assert data.rules and {r.kind for r in data.rules} <= set(NORMALIZERS)
    assert data.lexicon["month"]["sept."] == 9


def test_time_stage_adds_the_expressions_to_the_state(nlp):
    from redline.pipeline import DocState, make_info
    from redline.time import run_time

    text = "Troops entered the town on Saturday."
    state = DocState(text=text, info=make_info(text, published="2020-06-08"), doc=nlp(text))
    state.prepare_sentences()
    run_time(state)
    assert [(t.text, t.value) for t in state.timexes] == [("Saturday", "2020-06-06")]
    assert state.default_date.basis == "publication" and state.default_date.precision == "week"


# --- event dates ---------------------------------------------------------------------------------------------

def test_event_takes_the_day_attached_to_it(extract):
    doc = extract("Turkish forces attacked Kurdish fighters in Syria on Saturday. The Syrian government condemned "
                  "the raid.",
                  published="2020-06-08")
    by_sentence = {e.evidence.sentence: e for e in doc.events}
    dated = by_sentence[0].date
    assert (dated.value, dated.precision, dated.basis, dated.evidence.text) == ("2020-06-06", "day", "explicit",
                                                                               "Saturday")
    undated = by_sentence[1].date
    assert (undated.basis, undated.precision, undated.start, undated.end) == ("publication", "week", "2020-06-02",
                                                                              "2020-06-08")


def test_example_article_events_are_dated(example_doc):
    def dates(trigger):
        return [e.date for e in example_doc.events if e.trigger.text == trigger]

    drone_attack = [e for e in example_doc.events
                    if e.type == "ASSAULT" and "Turkish drones" in e.evidence.text]
    assert drone_attack and drone_attack[0].date.value == "2020-06-07" and drone_attack[0].date.basis == "explicit"
    air_raids = dates("Air raids")
    assert air_raids and air_raids[0].value == "2020-06-06"
    moscow = [e.date for e in example_doc.events if "early last week" in e.evidence.text]
    assert moscow and all(d.value == "2020-W23" and d.precision == "week" and d.mod == "START"
                          and (d.start, d.end) == ("2020-06-01", "2020-06-07") for d in moscow)
    anchored = [e.date for e in example_doc.events if e.date.basis == "anchored"]
    assert anchored and all((d.start, d.end) == ("2020-06-06", "2020-06-07") for d in anchored)
    # No event invents a day the text does not give.
    assert all(e.date.basis != "publication" or e.date.precision == "week" for e in example_doc.events)


def test_example_deadline_is_monday_at_six_pm(nlp, tag, example_article_text):
    from redline.time import tag_document

    timexes = tag_document(nlp(example_article_text), PUBLISHED)
    deadline = [t for t in timexes if t.text == "Monday at 6:00 pm"]
    assert deadline and deadline[0].value == "2020-06-08T18:00"


# --- evaluation --------------------------------------------------------------------------------------------

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2020-06-08" temporalFunction="false" functionInDocument="CREATION_TIME">20200608</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> the port on <TIMEX3 tid="t1" type="DATE" value="2020-06-07">Sunday</TIMEX3> &amp; left <TIMEX3 tid="t2" type="DATE" value="2020-W23">last week</TIMEX3>. Talks lasted <TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_timeml_reader_keeps_offsets_and_drops_the_creation_time():
    from redline.eval.time import parse_timeml

    document = parse_timeml(TIMEML)
    assert document.dct == date(2020, 6, 8)
    assert [(t.text, t.value) for t in document.timexes] == [("Sunday", "2020-06-07"), ("last week", "2020-W23"),
                                                             ("three days", "P3D")]
    assert all(document.text[t.start:t.end] == t.text for t in document.timexes)
    assert "&" in document.text


def test_scoring_counts_relaxed_strict_and_value_matches():
    from redline.eval.time import parse_timeml, score_time
    from redline.time.tagger import Timex

    document = parse_timeml(TIMEML)
    sunday = document.text.index("Sunday")
    week = document.text.index("last week")
    predicted = [Timex(sunday - 3, sunday + 6, "on Sunday", "DATE", "2020-06-07"),  # overlaps, right value
                 Timex(week, week + 9, "last week", "DATE", "2020-W22"),  # exact, wrong value
                 Timex(0, 6, "Rebels", "DATE", "2020")]  # spurious
    report, rows = score_time([document], [predicted])
    assert report["n"] == 3 and report["predicted"] == 3 and report["matched"] == 2
    assert report["recognition_precision"] == report["recognition_recall"] == pytest.approx(0.6667, abs=1e-4)
    assert report["strict_f1"] == pytest.approx(0.3333, abs=1e-4)
    assert report["value_accuracy"] == 0.5
    assert report["value_f1"] == pytest.approx(0.3333, abs=1e-4)
    assert sorted(r["error"] for r in rows) == ["missed", "spurious", "value"]


def test_eval_time_command(tmp_path):
    from redline.cli import app

    (tmp_path / "doc.tml").write_text(TIMEML, encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["eval", "time", "--data", str(tmp_path), "--json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n"] == 3 and report["recognition_f1"] == 1.0 and report["value_f1"] == 1.0
    assert errors.exists()


def test_eval_time_without_timeml_files_is_an_error(tmp_path):
    from redline.cli import app

    result = CliRunner().invoke(app, ["eval", "time", "--data", str(tmp_path)])
    assert result.exit_code != 0 and "E310" in result.output


@pytest.mark.parametrize("text, published", [
    ("Turkish drones struck Sirte 800000 days ago.", "2020-06-08"),
    ("Turkish drones struck Sirte last year.", "0001-01-15"),
    ("Turkish drones struck Sirte 10 weeks ago.", "0001-01-01"),
    ("Rebels attacked Sirte 10,000 years after the truce.", "9999-12-25"),
    ("The army shelled Sirte 600 fortnights later.", "9999-12-31"),
])
def test_a_date_past_the_calendar_is_left_unresolved_not_a_crash(extract, text, published):
    doc = extract(text, published=published)
    assert doc.events  # the event is still coded
    for event in doc.events:
        assert event.date is None or "0001-01-01" <= (event.date.start or event.date.value)[:10] <= "9999-12-31"


def test_an_expression_out_of_the_calendar_is_named_in_a_warning(extract):
    doc = extract("Turkish drones struck Sirte 800000 days ago.", published="2020-06-08")
    assert [w.code for w in doc.warnings] == ["W007"] and "800000 days ago" in doc.warnings[0].message
