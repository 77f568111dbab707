"""The real-news evaluations (ACLED notes, CASE 2021, IndiaPoliceEvents, ConfliBERT): readers and arithmetic
on hand-made files and predictions, and the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.errors import RedlineError

runner = CliRunner()

ACLED_HEADER = "event_date,event_type,actor1,latitude,longitude,notes\n"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("REDLINE_HOME", str(tmp_path / "home"))


def test_acled_notes_are_the_unit_and_keep_every_row_point(tmp_path):
    from redline.eval.acled import load_notes

    path = tmp_path / "a.csv"
    path.write_text(ACLED_HEADER
                    + '2011-03-01,Battle-No change of territory,Rebel Forces (Libya),31.2,16.6,"Rebels clash with troops."\n'
                    + '2011-03-01,Battle-No change of territory,Rebel Forces (Libya),30.1,19.9,"Rebels clash with troops."\n'
                    + '2011-03-02,Riots/Protests,Protesters (Libya),32.9,13.2,"Protest in the capital."\n',
                    encoding="utf-8")
    notes = load_notes(path)
    assert [n.text for n in notes] == ["Rebels clash with troops.", "Protest in the capital."]
    assert notes[0].points == ((31.2, 16.6), (30.1, 19.9)) and notes[0].published == "2011-03-01"


def test_acled_actor_country():
    from redline.eval.acled import actor_country, country_codes

    codes = country_codes()
    assert actor_country("Military Forces of Libya (1969-2011)", codes) == "LBY"
    assert actor_country("Protesters (Libya)", codes) == "LBY"
    assert actor_country("NATO", codes) is None


def test_acled_scoring_arithmetic():
    from redline.eval.acled import Note, NoteEvent, score_acled

    notes = [
        Note("a", "Battle-No change of territory", "2011-03-01", "Rebel Forces (Libya)", ((32.0, 15.0),)),
        Note("b", "Violence against civilians", "2011-03-01", "Unidentified Armed Group (Libya)", ((32.0, 15.0),)),
        Note("c", "Riots/Protests", "2011-03-01", "Protesters (Libya)", ((32.0, 15.0),)),
        Note("d", "Strategic development", "2011-03-01", "NTC", ((32.0, 15.0),)),
    ]
    near, far = (32.1, 15.1), (35.0, 15.0)
    predictions = [
        [NoteEvent("ASSAULT", False, ("LBY",), 0.9, *near)],  # fits, right country, near
        [NoteEvent("COERCE", False, (None,), 0.6, *far)],  # fits, no country, far
        [NoteEvent("PROTEST", True, ("LBY",), 0.9, *near)],  # negated: no event at all
        None,  # extraction failed
    ]
    report, mismatches = score_acled(notes, predictions)
    assert report["n_notes"] == 4 and report["event_recall"] == 0.5
    assert report["type_fit_violent"] == 1.0 and report["type_fit_protest"] == 0.0
    assert report["type_fit_balanced"] == 0.5
    assert report["source_country"] == 0.5 and report["source_country_all"] == round(1 / 3, 4)
    assert report["location_50km"] == 0.25
    assert {m["note"] for m in mismatches} == {"b", "c", "d"}


def test_acled_bad_file(tmp_path):
    from redline.eval.acled import load_notes

    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(RedlineError) as info:
        load_notes(path)
    assert info.value.code == "E301"


def test_case2021_scoring_arithmetic():
    from redline.eval.case2021 import score_case2021

    snippets = [("1", "s", "AIR_STRIKE"), ("2", "s", "ARREST"), ("3", "s", "NATURAL_DISASTER"),
                ("4", "s", "ORG_CRIME"), ("5", "s", "DIPLO")]
    predictions = [
        [("ASSAULT", "material_conflict", False)],
        [("ASSAULT", "material_conflict", False)],  # an arrest coded as an assault does not fit
        [("ASSAULT", "material_conflict", True)],  # negated: not a false conflict
        [("PROTEST", "material_conflict", False)],  # a protest counts as conflict
        [("CONSULT", "verbal_cooperation", False)],
    ]
    report, mismatches = score_case2021(snippets, predictions)
    assert report["fitting_type"] == 0.5 and report["nonpolitical_conflict"] == 0.5 and report["diplo_fit"] == 1.0
    assert [m["id"] for m in mismatches] == ["2", "4"]


def test_ipe_sentences_are_found_in_the_repaired_text():
    from redline.eval.ipe import sentence_spans
    from redline.ingest.repair import repair_text

    text = "x: the bhoomi pujan’s date. police fired."
    spans = sentence_spans(text, ["x: the bhoomi pujanâ€™s date.", "police fired.", "missing."], repair=repair_text)
    assert spans[0] == (0, 27) and text[spans[1][0]:spans[1][1]] == "police fired." and spans[2] is None


def test_ipe_labels_from_events():
    from redline.eval.ipe import predicted_labels, score_ipe
    from redline.model import ActorRef, Event, Evidence

    ev = Evidence(sentence=0, start=0, end=6, text="police")

    def event(type_, modes=(), sector="COP", negated=False):
        return Event(id="e", type=type_, modes=list(modes), quad="material_conflict", score=-5, confidence=0.5,
                     source=[ActorRef(text="police", sector=sector, evidence=ev)], trigger=ev, evidence=ev,
                     negated=negated)

    assert predicted_labels([event("COERCE", ["arrest"])], "police arrested 5") == {"ARREST"}
    assert predicted_labels([event("ASSAULT", ["firearms"])], "two killed in police firing") == {"FORCE", "KILL"}
    assert predicted_labels([event("COERCE")], "police dispersed the mob") == {"FORCE"}
    assert predicted_labels([event("ASSAULT", sector="UAF")], "gunmen killed two") == set()
    assert predicted_labels([event("ASSAULT", negated=True)], "police did not fire") == set()
    report = score_ipe([{"ARREST"}, set(), {"KILL", "FORCE"}], [{"ARREST"}, {"ARREST"}, {"FORCE"}])
    assert report["ARREST"]["precision"] == 0.5 and report["ARREST"]["recall"] == 1.0
    assert report["KILL"]["recall"] == 0.0 and report["FORCE"]["f1"] == 1.0


def test_conflibert_reader_and_scoring(tmp_path):
    from redline.eval.conflibert import load_sentences, predicted_class, score_conflibert
    from redline.model import Event, Evidence

    path = tmp_path / "c.tsv"
    path.write_text("A car bomb killed five.\t4\r\nLeaders met in Doha.\t1\n", encoding="utf-8")
    assert load_sentences(path) == [("A car bomb killed five.", 4), ("Leaders met in Doha.", 1)]
    ev = Evidence(sentence=0, start=0, end=1, text="x")
    events = [Event(id="a", type="CONSULT", quad="verbal_cooperation", score=1, confidence=0.6, trigger=ev, evidence=ev),
              Event(id="b", type="ASSAULT", quad="material_conflict", score=-9, confidence=0.9, trigger=ev, evidence=ev)]
    assert predicted_class(events) == 4 and predicted_class([]) == 0
    report = score_conflibert([4, 1, 0], [4, 4, 0])
    assert report["accuracy"] == round(2 / 3, 4) and report["confusion"]["1"]["4"] == 1
    bad = tmp_path / "bad.tsv"
    bad.write_text("no class here\n", encoding="utf-8")
    with pytest.raises(RedlineError):
        load_sentences(bad)


def test_cli_news_evaluations_print_json(tmp_path):
    acled = tmp_path / "a.csv"
    acled.write_text(ACLED_HEADER + '2011-03-01,Battle-No change of territory,Rebel Forces (Libya),32.37,15.09,'
                     '"Rebel forces shell government positions in Misrata."\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "acled", "--data", str(acled), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dataset"] == "acled" and report["n_notes"] == 1 and report["event_recall"] == 1.0
    case = tmp_path / "c.tsv"
    case.write_text("id\tEventSnippet\tSubType\n1\tSoldiers shelled the village.\tART_MISS_ATTACK\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "case2021", "--data", str(case)])
    assert result.exit_code == 0 and "fitting_type" in result.stdout
    result = runner.invoke(app, ["eval", "conflibert", "--data", str(tmp_path / "missing.tsv")])
    assert result.exit_code == 3 and "E301" in result.output and "Traceback" not in result.output
