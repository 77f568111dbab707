"""Accuracy floors on the development data: a drop below the measured figures fails CI.

The floors sit a little under the figures measured when they were accepted, so that
harmless changes pass and real regressions do not. Skipped when ../shared/eval is absent.
"""

from __future__ import annotations

import pytest

from conftest import EVAL

PLOVER_DEV = EVAL / "plover_gsr" / "PLOVER_GSR_dev.json"
PETRARCH_DEV = EVAL / "petrarch" / "PETR_Validate_records_2_02.xml"
TBAQ = EVAL / "time" / "TBAQ-cleaned"

# Measured 2026-11-23 (issue 2): type 0.827, source F1 0.826, target F1 0.712 on 179 records; 2026-12-03
# (issue 12): 0.844, 0.864, 0.745.
PLOVER_FLOORS = {"type_accuracy": 0.82, "source_f1": 0.84, "target_f1": 0.72}
# Measured 2026-11-23: no-event accuracy 0.944 on 18 sentences.
PETRARCH_FLOORS = {"noevent_accuracy": 0.80}
# Measured 2026-11-24 (issue 4) on TBAQ-cleaned, 256 files, 1,822 expressions: recognition F1 0.927,
# strict F1 0.826, value F1 0.789, value accuracy 0.851 (HeidelTime 2.2.1, same files: 0.920 / 0.839 / 0.772).
TIME_FLOORS = {"recognition_f1": 0.92, "strict_f1": 0.81, "value_f1": 0.78, "value_accuracy": 0.84}


@pytest.mark.skipif(not PLOVER_DEV.exists(), reason="../shared/eval is absent")
def test_plover_dev_accuracy_does_not_drop():
    from redline.eval.plover import evaluate_plover

    report = evaluate_plover(PLOVER_DEV)
    assert report["n"] == 179
    for metric, floor in PLOVER_FLOORS.items():
        assert report[metric] >= floor, f"{metric} {report[metric]} < {floor}"


@pytest.mark.skipif(not PETRARCH_DEV.exists(), reason="../shared/eval is absent")
def test_petrarch_noevent_accuracy_does_not_drop():
    from redline.eval.petrarch import evaluate_petrarch

    report = evaluate_petrarch(PETRARCH_DEV)
    for metric, floor in PETRARCH_FLOORS.items():
        assert report[metric] >= floor, f"{metric} {report[metric]} < {floor}"


LGL = EVAL / "geo" / "lgl.xml"
GEOVIRUS = EVAL / "geo" / "GeoVirus.xml"
# Measured 2026-11-24 (issue 3), resolve mode: LGL acc161 0.808 (0.886 learning sources), GeoVirus
# 0.823; end-to-end recognition F1: LGL 0.767, GeoVirus 0.860.
GEO_FLOORS = [
    (LGL, "resolve", False, "acc161", 0.79),
    (LGL, "resolve", True, "acc161", 0.87),
    (GEOVIRUS, "resolve", False, "acc161", 0.80),
    (LGL, "end-to-end", False, "recognition_f1", 0.75),
    (GEOVIRUS, "end-to-end", False, "recognition_f1", 0.84),
]


@pytest.mark.parametrize("data,mode,learn_sources,metric,floor", GEO_FLOORS,
                         ids=[f"{d.stem}-{m}{'-learn' if l else ''}-{k}" for d, m, l, k, _ in GEO_FLOORS])
def test_geo_accuracy_does_not_drop(data, mode, learn_sources, metric, floor):
    if not data.exists():
        pytest.skip("../shared/eval is absent")
    from redline.eval.geo import evaluate_geo

    report = evaluate_geo(data, mode=mode, learn_sources=learn_sources)
    assert report["failed"] == 0
    assert report[metric] >= floor, f"{metric} {report[metric]} < {floor}"


@pytest.mark.skipif(not TBAQ.exists(), reason="../shared/eval is absent")
def test_tbaq_time_expression_figures_do_not_drop():
    from redline.eval.time import evaluate_time

    report = evaluate_time(TBAQ)
    assert report["documents"] == 256 and report["n"] == 1822
    for metric, floor in TIME_FLOORS.items():
        assert report[metric] >= floor, f"{metric} {report[metric]} < {floor}"


# Issue 12, measured 2026-12-03 (second session) on the development halves (real news): ACLED notes event recall
# 0.910, balanced type fit 0.849, source country 0.700 (0.925 with the feed's country), location within 50 km
# 0.304; CASE 2021 fitting type 0.873, false conflict on disaster and crime snippets 0.085; IndiaPoliceEvents F1
# ARREST 0.725, FORCE 0.707, KILL 0.658; ConfliBERT CAMEO classes accuracy 0.596. Floors sit a little under;
# the ceiling guards the false conflicts.
ACLED_DEV = EVAL / "acled" / "acled_libya_2011-2012_dev.csv"
CASE_DEV = EVAL / "case2021" / "case2021_task2_dev.tsv"
IPE_DEV = EVAL / "india_police_events"
CONFLIBERT_DEV = EVAL / "conflibert" / "cameo_class" / "train.tsv"
NEWS_FLOORS = [
    ("acled", ACLED_DEV, {"event_recall": 0.89, "type_fit_balanced": 0.83, "source_country": 0.67,
                          "location_50km": 0.29, "fatalities_exact": 0.74, "zero_fatalities_kept": 0.95}),
    ("case2021", CASE_DEV, {"fitting_type": 0.85}),
    ("conflibert", CONFLIBERT_DEV, {"accuracy": 0.58}),
]


@pytest.mark.parametrize("name,data,floors", NEWS_FLOORS, ids=[n for n, _d, _f in NEWS_FLOORS])
def test_real_news_figures_do_not_drop(name, data, floors):
    if not data.exists():
        pytest.skip("../shared/eval is absent")
    import importlib

    report = getattr(importlib.import_module(f"redline.eval.{name}"), f"evaluate_{name}")(data)
    for metric, floor in floors.items():
        assert report[metric] >= floor, f"{metric} {report[metric]} < {floor}"
    if name == "case2021":
        assert report["nonpolitical_conflict"] <= 0.10


@pytest.mark.skipif(not ACLED_DEV.exists(), reason="../shared/eval is absent")
def test_acled_source_country_with_the_feeds_country():
    from redline.eval.acled import evaluate_acled

    report = evaluate_acled(ACLED_DEV, country_hint=True)
    assert report["country_hint"] is True
    assert report["source_country"] >= 0.90, report["source_country"]


@pytest.mark.skipif(not (IPE_DEV / "sents.jsonl").exists(), reason="../shared/eval is absent")
def test_india_police_events_figures_do_not_drop():
    from redline.eval.ipe import evaluate_ipe

    report = evaluate_ipe(IPE_DEV)
    for label, floor in {"ARREST": 0.70, "FORCE": 0.68, "KILL": 0.62}.items():
        assert report[label]["f1"] >= floor, f"{label} F1 {report[label]['f1']} < {floor}"
