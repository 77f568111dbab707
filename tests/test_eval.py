"""Evaluation: gold readers, scoring arithmetic on hand-made predictions, CLI exit codes, real dev data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.errors import RedlineError
from redline.eval import metrics
from redline.eval.metrics import PRF, country_part
from redline.eval.petrarch import (
    GoldSentence,
    PredictedEvent,
    load_cameo_map,
    load_records,
    map_cameo,
    parse_records,
    score_petrarch,
    scored_sentences,
    strip_comments,
)
from redline.eval.plover import GoldRecord, Predicted, choose_event, load_gold, score_plover

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
PLOVER_DEV = SHARED_EVAL / "plover_gsr" / "PLOVER_GSR_dev.json"
PETRARCH_DEV = SHARED_EVAL / "petrarch" / "PETR_Validate_records_2_02.xml"
ALIASES = {"JAP": "JPN", "ITL": "ITA"}
runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated_user_kb(tmp_path, monkeypatch):
    """Never read (or write) the real user knowledge-base folder."""
    monkeypatch.setenv("REDLINE_HOME", str(tmp_path / "home"))


# --- PLOVER gold -----------------------------------------------------------------------------

def _plover_gold(tmp_path: Path) -> Path:
    records = [
        {"id": "HEADER", "event": "DOCUMENT", "eventText": "documentation"},
        {
            "id": "R1", "date": "2000-01-01", "event": "AGREE", "eventText": "agreed free-trade",
            "source": [{"actorText": "United States", "code": "USA"}, {"actorText": "Jordan", "code": "JOR"}],
            "target": "",
            "text": "The United States and Jordan have agreed upon a free-trade pact, the White House announced.",
            "textInfo": {"markup": "The (SRC: United States) and (SRC: Jordan) have (EVT: agreed) upon a "
                                   "(EVT: free-trade) pact, the White House announced."},
        },
        {
            "id": "R2", "date": "2000-01-01", "event": "DEMAND", "eventText": "demanded",
            "source": [{"actorText": "Japan", "code": "JAP"}], "target": [{"actorText": "Italy", "code": "ITL"}],
            "text": "Japan demanded that Italy pay.",
            "textInfo": {"markup": "(SRC: Japan) (EVT: demanded) that (TAR: Italy) pay."},
        },
        {
            "id": "R3", "date": "2000-01-01", "event": "INVESTIGATE", "eventText": "probe",
            "source": [{"actorText": "U.S.", "code": "USA"}], "target": [{"actorText": "Iraq", "code": "IRQ"}],
            "text": "The U.S. opened a probe into Iraq.",
            "textInfo": {"markup": "The (SRC: U.S.) opened a (EVT: probe) into (TAR: Iraq)."},
        },
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def _event(type_, start, end, trigger, confidence, source=(), target=()):
    return Predicted(type=type_, source=tuple(source), target=tuple(target), start=start, end=end,
                     trigger=trigger, confidence=confidence)


def _predictions(gold: list[GoldRecord]):
    r1 = gold[0].text
    said = r1.index("announced")
    agreed = r1.index("agreed")
    return [
        [  # a more confident side event, and the event on the gold trigger: the trigger wins
            _event("CONSULT", said, said + 9, "announced", 0.9, source=["USA"]),
            _event("AGREE", agreed, agreed + 6, "agreed", 0.5, source=["USAGOV", "JOR"]),
        ],
        # no trigger overlap: the most confident event; legacy codes on both sides are de-aliased
        [_event("REQUEST", 0, 5, "Japan", 0.7, source=["JPN"], target=["ITA", "FRA"]),
         _event("AID", 0, 5, "Japan", 0.2)],
        [],  # nothing predicted
    ]


def test_load_plover_gold_skips_header_and_renames_legacy_types(tmp_path):
    gold = load_gold(_plover_gold(tmp_path))
    assert [g.id for g in gold] == ["R1", "R2", "R3"]
    assert [g.type for g in gold] == ["AGREE", "REQUEST", "ACCUSE"]
    assert gold[2].mode == "investigate"
    assert gold[0].target == () and gold[0].source == ("USA", "JOR")
    assert [gold[0].text[s:e] for s, e in gold[0].trigger_spans] == ["agreed", "free-trade"]
    assert gold[0].published == "2000-01-01"
    assert len(load_gold(_plover_gold(tmp_path), limit=2)) == 2


def test_plover_scoring_arithmetic(tmp_path):
    gold = load_gold(_plover_gold(tmp_path))
    report, mismatches = score_plover(gold, _predictions(gold), aliases=ALIASES)
    assert report["n"] == 3 and report["no_prediction"] == 1
    # 2 of 3 types right; 2 predictions, both right.
    assert report["type_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["type_precision"] == 1.0
    assert report["type_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["type_f1"] == pytest.approx(0.8, abs=1e-4)
    # sources: R1 {USA, JOR} both found, R2 {JPN} found, R3 {USA} missed -> tp 3, fp 0, fn 1
    assert report["source_precision"] == 1.0
    assert report["source_recall"] == 0.75
    assert report["source_f1"] == pytest.approx(6 / 7, abs=1e-4)
    # targets: R1 empty on both sides (no count), R2 {ITA} vs {ITA, FRA}, R3 {IRQ} vs {} -> tp 1, fp 1, fn 1
    assert (report["target_precision"], report["target_recall"], report["target_f1"]) == (0.5, 0.5, 0.5)
    # full events: only R1 matches on type, sources and targets
    assert report["event_precision"] == 0.5
    assert report["event_recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert report["event_f1"] == pytest.approx(0.4, abs=1e-4)
    assert report["per_type"] == {
        "ACCUSE": {"n": 1, "correct": 0, "accuracy": 0.0, "predicted": 0},
        "AGREE": {"n": 1, "correct": 1, "accuracy": 1.0, "predicted": 1},
        "REQUEST": {"n": 1, "correct": 1, "accuracy": 1.0, "predicted": 1},
    }
    assert [m["id"] for m in mismatches] == ["R2", "R3"]
    assert mismatches[1]["predicted"] is None and mismatches[0]["predicted"]["type"] == "REQUEST"


def test_errors_file_is_jsonl(tmp_path):
    from redline.eval import write_jsonl

    gold = load_gold(_plover_gold(tmp_path))
    _, mismatches = score_plover(gold, _predictions(gold), aliases=ALIASES)
    out = tmp_path / "errors" / "plover.jsonl"
    write_jsonl(out, mismatches)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["R2", "R3"]
    assert set(rows[0]) == {"id", "text", "gold", "predicted", "all_predicted"}
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(RedlineError) as info:
        write_jsonl(blocker / "x.jsonl", mismatches)
    assert info.value.code == "E305"


def test_plover_wrong_type_is_a_false_positive_and_a_false_negative(tmp_path):
    gold = load_gold(_plover_gold(tmp_path))
    predictions = _predictions(gold)
    predictions[2] = [_event("ASSAULT", 0, 3, "The", 0.4)]
    report, _ = score_plover(gold, predictions, aliases=ALIASES)
    assert report["type_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["type_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["per_type"]["ASSAULT"] == {"n": 0, "correct": 0, "accuracy": 0.0, "predicted": 1}


def test_plover_failed_extraction_counts_as_no_event(tmp_path):
    gold = load_gold(_plover_gold(tmp_path))
    report, _ = score_plover(gold, [None, None, None], aliases={})
    assert report["type_accuracy"] == 0.0 and report["no_prediction"] == 3 and report["type_precision"] == 0.0


def test_choose_event_tie_goes_to_the_earliest_trigger():
    gold = GoldRecord(id="x", text="a b c", type="AGREE")
    late, early = _event("AGREE", 4, 5, "c", 0.5), _event("ASSAULT", 0, 1, "a", 0.5)
    assert choose_event(gold, [late, early]) is early
    assert choose_event(gold, []) is None


def test_predicted_from_model_event():
    from redline.model import ActorRef, Event, Evidence

    ev = Evidence(sentence=0, start=6, end=12, text="struck")
    event = Event(id="e1", type="ASSAULT", quad="material_conflict", score=-9, confidence=0.8, trigger=ev,
                  evidence=ev, source=[ActorRef(text="Turkish", code="TUR", evidence=ev)],
                  target=[ActorRef(text="Sirte", code=None, evidence=ev)])
    p = Predicted.from_event(event)
    assert (p.type, p.source, p.target, p.start, p.end, p.confidence) == ("ASSAULT", ("TUR",), (None,), 6, 12, 0.8)


def test_plover_gold_folder(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    _plover_gold(tmp_path).rename(folder / "b.json")
    (folder / "a.json").write_text(json.dumps([{"id": "A", "event": "FIGHT", "text": "Troops fought."}]))
    assert [g.id for g in load_gold(folder)] == ["A", "R1", "R2", "R3"]
    assert load_gold(folder)[0].type == "ASSAULT"
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    with pytest.raises(RedlineError) as info:
        load_gold(empty)
    assert info.value.code == "E301" and "no .json file" in info.value.message


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not valid JSON"),
    ('{"a": 1}', "JSON array"),
    ('[{"event": "DOCUMENT"}]', "no record"),
])
def test_plover_bad_gold_raises_e301(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RedlineError) as info:
        load_gold(path)
    assert info.value.code == "E301" and reason in info.value.message


def test_metrics_helpers(monkeypatch, tmp_path):
    counts = PRF()
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
    counts.add({"A", "B"}, {"B", "C", "C"})
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)
    assert country_part("usagov") == "USA"
    assert country_part("JAPGOV", ALIASES) == "JPN"
    assert country_part("---") is None and country_part('"INJURY TOLL"') is None and country_part(None) is None
    # The aliases file belongs to the actors data and may be missing: no aliases, no crash.
    import redline.actors.kb as kb

    monkeypatch.setattr(kb, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    assert metrics.load_code_aliases() == {}
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "cameo_country_aliases.json").write_text('{"aliases": {"jap": "jpn"}}')
    assert metrics.load_code_aliases() == {"JAP": "JPN"}


# --- PETRARCH ------------------------------------------------------------------------------

CAMEO_MAP = """# CAMEO to PLOVER conversion table
03: AGREE
030: AGREE,  , diplomatic # Express intent to cooperate
05: SUPPORT
050: SUPPORT,   ,   diplomatic # Engage in diplomatic cooperation
08: CONCEDE
08: RETREAT
0841: RETREAT, release,   legal # Return, release person(s)
11: ACCUSE
112: ACCUSE, disapprove,    # Accuse
1123: ACCUSE, allege, military # Accuse of aggression
~~~~~
"""

RECORDS = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
<!--
   Use <Sentence ... evaluate="false"> to bypass a case <!-- nested comments break XML parsers --> really.
-->
<Sentences>
<Sentence category="DEMO" date="19950101" id="DEMO-01" evaluate="true">
<!-- <EventCoding eventcode="190" sourcecode="MOR" targetcode="GON" /> commented out -->
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<EventCoding eventcode="010" sourcecode="ARN" targetcode="" />
<EventCoding eventcode="1123" sourcecode="GONGOV" targetcode="ARN" />
<Text>
Arnor is about to restore full diplomatic ties with Gondor almost
five years after crowds trashed its embassy.
</Text>
<Parse>1 Arnor</Parse></Sentence>
<Sentence category="DEMO" date="19950102" id="DEMO-02" evaluate="true">
<EventCoding noevents="True"> </EventCoding>
<Text>Arnor departx from Gondor.</Text>
</Sentence>
<Sentence category="DEMO" date="19950103" id="DEMO-03" evaluate="false">
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<Text>Not evaluated.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def _petrarch_files(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "eval" / "petrarch"
    folder.mkdir(parents=True)
    (tmp_path / "eval" / "plover_gsr").mkdir()
    cameo = tmp_path / "eval" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"
    cameo.write_text(CAMEO_MAP, encoding="utf-8")
    records = folder / "records.xml"
    records.write_text(RECORDS, encoding="utf-8")
    return records, cameo


def test_cameo_map_prefixes_and_dropped_codes(tmp_path):
    _, cameo = _petrarch_files(tmp_path)
    table = load_cameo_map(cameo)
    assert map_cameo("0841", table) == "RETREAT"
    assert map_cameo("0842", table) == "CONCEDE"  # 084 absent -> header 08, first line wins
    assert map_cameo("1125", table) == "ACCUSE"  # 1125 absent -> 112
    assert map_cameo("031", table) == "AGREE"  # 031 absent -> 03
    assert map_cameo("010", table) is None and map_cameo("", table) is None and map_cameo("---", table) is None


def test_petrarch_records_are_read_despite_nested_comments(tmp_path):
    records, _ = _petrarch_files(tmp_path)
    with pytest.raises(Exception):  # the point of the tolerant reader
        import xml.etree.ElementTree as ET

        ET.parse(records)
    sentences = load_records(records)
    assert [s.id for s in sentences] == ["DEMO-01", "DEMO-02", "DEMO-03"]
    first = sentences[0]
    assert first.text.startswith("Arnor is about to restore full diplomatic ties with Gondor almost five years")
    assert first.published == "1995-01-01"
    assert first.codings == (("050", "ARN", "GON"), ("010", "ARN", ""), ("1123", "GONGOV", "ARN"))
    assert sentences[1].noevents and not sentences[1].codings
    assert not sentences[2].evaluate
    assert "nested" not in strip_comments(RECORDS)


def test_petrarch_records_folder_and_default_map(tmp_path):
    records, cameo = _petrarch_files(tmp_path)
    from redline.eval.petrarch import default_cameo_map

    assert default_cameo_map(records) == cameo.resolve()
    assert default_cameo_map(records.parent) == cameo.resolve()
    assert [s.id for s in load_records(records.parent)] == ["DEMO-01", "DEMO-02", "DEMO-03"]


def test_petrarch_unit_test_layout():
    text = """<Sentences>
<Sentence date = "19950101" id ="A-1" category="DEMO"  sentence="true">
<EventCoding sourcecode="ARN" targetcode='"THE MINISTRY"' eventcode="050"></EventCoding>
<Text>Arnor praised the ministry.</Text></Sentence>
<Sentence date="19950101" id="A-2" category="DEMO" sentence="false">
<EventCoding noevents = "True"></EventCoding><Text>x</Text></Sentence>
<Sentence date="19950101" id="A-3" category="ERROR" sentence="true">
<EventCoding error="dateline" /><Text>y</Text></Sentence>
</Sentences>"""
    sentences = parse_records(text)
    assert [(s.id, s.evaluate, s.error) for s in sentences] == [("A-1", True, None), ("A-2", False, None),
                                                                 ("A-3", True, "dateline")]
    assert sentences[0].codings == (("050", "ARN", '"THE MINISTRY"'),)
    assert country_part(sentences[0].codings[0][2]) is None


def test_petrarch_scoring_arithmetic(tmp_path):
    records, cameo = _petrarch_files(tmp_path)
    table = load_cameo_map(cameo)
    kept, skipped = scored_sentences(load_records(records), table)
    assert [s.id for s in kept] == ["DEMO-01", "DEMO-02"]
    assert skipped == {"not_evaluated": 1, "error": 0, "unmapped": 0, "no_coding": 0}
    predictions = [
        [PredictedEvent("SUPPORT", ("ARNGOV",), ("GON",)),  # hit
         PredictedEvent("ACCUSE", ("GON",), ())],  # right type, target missing: a false positive
        [],  # the no-event sentence: correctly nothing
    ]
    dyadic, _ = score_petrarch(kept, predictions, table, aliases={})
    # As PETRARCH is run (require_dyad), an event without a coded target is not counted.
    assert dyadic["counts"] == {"tp": 1, "fp": 0, "fn": 1}
    report, mismatches = score_petrarch(kept, predictions, table, aliases={}, require_dyad=False)
    assert report["n"] == 2 and report["n_noevent"] == 1
    assert report["dropped_gold_events"] == 1  # the 010 statement
    assert report["counts"] == {"tp": 1, "fp": 1, "fn": 1}
    assert (report["event_precision"], report["event_recall"], report["event_f1"]) == (0.5, 0.5, 0.5)
    assert (report["type_precision"], report["type_recall"]) == (1.0, 1.0)
    assert report["noevent_accuracy"] == 1.0
    assert [m["id"] for m in mismatches] == ["DEMO-01"]


def test_petrarch_compound_actors_and_false_alarms(tmp_path):
    records, cameo = _petrarch_files(tmp_path)
    table = load_cameo_map(cameo)
    kept, _ = scored_sentences(load_records(records), table)
    predictions = [
        # one event, two sources: two triples
        [PredictedEvent("SUPPORT", ("ARN", "GON"), ("GON",)), PredictedEvent("ACCUSE", ("GON",), ("ARN",))],
        [PredictedEvent("ASSAULT", ("ARN",), ("GON",))],  # an event where there is none
    ]
    report, _ = score_petrarch(kept, predictions, table, aliases={})
    assert report["counts"] == {"tp": 2, "fp": 2, "fn": 0}
    assert report["noevent_accuracy"] == 0.0


def test_unmapped_only_sentence_is_skipped():
    table = {"050": ("SUPPORT", None)}
    only_statement = GoldSentence(id="s", text="t", published=None, codings=(("010", "ARN", ""),))
    kept, skipped = scored_sentences([only_statement], table)
    assert kept == [] and skipped["unmapped"] == 1


# --- command line ------------------------------------------------------------------------------

def test_cli_eval_bad_data_paths(tmp_path):
    for command in ("plover", "petrarch"):
        result = runner.invoke(app, ["eval", command, "--data", str(tmp_path / "missing")])
        assert result.exit_code == 3, result.output
        assert "E301" in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_eval_petrarch_without_cameo_map(tmp_path):
    records = tmp_path / "records.xml"
    records.write_text(RECORDS, encoding="utf-8")
    result = runner.invoke(app, ["eval", "petrarch", "--data", str(records)])
    assert result.exit_code == 2 and "E303" in result.output


def test_cli_eval_plover_prints_table_or_json(tmp_path, monkeypatch):
    import redline.eval.plover as plover

    gold = load_gold(_plover_gold(tmp_path))
    report, _ = score_plover(gold, _predictions(gold), aliases=ALIASES)
    calls = []

    def fake_evaluate(data, **kwargs):
        calls.append((data, kwargs))
        return {"dataset": "plover", **report}

    monkeypatch.setattr(plover, "evaluate_plover", fake_evaluate)
    result = runner.invoke(app, ["eval", "plover", "--data", "gold.json", "--json", "--limit", "2",
                                 "--kb", "a.json", "--errors", "err.jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["type_f1"] == 0.8
    assert calls[0][1]["limit"] == 2 and calls[0][1]["kb"] == ("a.json",)
    assert calls[0][1]["errors_path"] == Path("err.jsonl")
    result = runner.invoke(app, ["eval", "plover", "--data", "gold.json"])
    assert result.exit_code == 0 and "type_accuracy" in result.output and "REQUEST" in result.output


# --- real development data (skipped when ../shared/eval is absent) ----------------------------------

@pytest.mark.skipif(not PLOVER_DEV.is_file(), reason="../shared/eval/plover_gsr is absent")
def test_plover_dev_data(tmp_path):
    from redline.eval.plover import evaluate_plover

    errors = tmp_path / "errors.jsonl"
    report = evaluate_plover(PLOVER_DEV, errors_path=errors)
    expected = sum(1 for r in json.loads(PLOVER_DEV.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT")
    assert report["n"] == expected
    for key in ("type_accuracy", "type_precision", "type_recall", "type_f1", "source_f1", "target_f1",
                "event_f1", "per_type", "no_prediction", "failed"):
        assert key in report
    assert all(0.0 <= report[k] <= 1.0 for k in ("type_accuracy", "source_f1", "target_f1", "event_f1"))
    assert errors.is_file()


@pytest.mark.skipif(not PETRARCH_DEV.is_file(), reason="../shared/eval/petrarch is absent")
def test_petrarch_dev_data():
    from redline.eval.petrarch import evaluate_petrarch

    report = evaluate_petrarch(PETRARCH_DEV)
    text = PETRARCH_DEV.read_text(encoding="utf-8")
    records = len(re.findall(r"<Sentence\b[^>]*\bid\s*=", text))  # the header's example has no id
    assert report["n"] + sum(report["skipped"].values()) == records
    for key in ("event_precision", "event_recall", "event_f1", "noevent_accuracy", "n", "n_noevent"):
        assert key in report
    assert report["n_noevent"] > 0 and report["dictionaries"]
