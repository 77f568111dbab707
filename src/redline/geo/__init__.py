"""The places stage: toponyms found, resolved to gazetteer places, and events located.

Reads the parse, the actors stage's mentions and the document's country hint
(``info.country``); writes ``places[]`` (each with its mentions as evidence)
and, for the events stage, which token names which place (``state.place_at``)
and the country the document is about (``state.focus``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Optional

from redline.model import Location, Place, RelativePosition

ADMIN_CODES = ("ADM1", "ADM2", "ADM3", "ADMD", "RGN", "CONT", "AREA")


def feature_of(place) -> tuple[str, str]:
    """(feature, precision) of a gazetteer place."""
    from redline.geo.resolver import COUNTRY_CODES

    code = place.feature_code or ""
    if code in COUNTRY_CODES:
        return "country", "country"
    if code == "CONT":
        return "continent", "country"
    if place.feature_class == "L" and code == "RGN":
        return "world region", "country"
    if place.feature_class == "H":
        return "water body", "admin"
    if place.feature_class == "T":
        return "natural feature", "admin"
    if code in ADMIN_CODES or place.feature_class == "A":
        return "admin region", "admin"
    if place.feature_class == "P":
        return "city", "point"
    return "landmark", "point"


def feature_code_precision(place) -> int:
    """ACLED's geo_precision of an output place: 1 town, 2 region, 3 country."""
    return {"country": 3, "continent": 3, "world region": 3, "admin region": 2, "water body": 2,
            "natural feature": 2}.get(place.feature or "", 1)


def _place_id(geonameid: Optional[int], name: str) -> str:
    key = str(geonameid) if geonameid else f"name:{name}"
    return "p" + hashlib.sha1(key.encode()).hexdigest()[:10]


def document_context(state):
    """The countries the document names itself (not guessed), as shares of their mentions."""
    from redline.geo.resolver import DocumentContext

    counts: Counter = Counter()
    for mention in state.mentions:
        code = mention.ref.code
        if code and len(code) == 3 and not mention.inferred and (mention.ref.kb_id or "").startswith(
                ("country:", "capital:")):
            counts[code] += 1
    total = sum(counts.values()) or 1
    return DocumentContext(countries={c: n / total for c, n in counts.items()})


def _qualifier(doc, end: int) -> Optional[str]:
    """ "Alexandria, Louisiana" / "Paris, Texas" / "Paris, TX": the words after the comma."""
    if end + 1 < len(doc) and doc[end].text == ",":
        words = []
        for tok in doc[end + 1:end + 4]:
            if not (tok.text[:1].isupper() or (tok.text.endswith(".") and any(c.isalpha() for c in tok.text))):
                break
            words.append(tok.text_with_ws)
        text = "".join(words).strip().rstrip(",")
        return text or None
    return None


def _cues(doc, spans) -> list[tuple[Optional[str], bool, bool]]:
    """What the words around each span say: (qualifier, an area word goes with it, "the" before it)."""
    from redline.geo.resolver import AREA_WORDS, abbreviations

    postal, listed = abbreviations("qualifiers"), abbreviations()
    cues = []
    for s, e in spans:
        q = _qualifier(doc, e)
        qualifier = (postal.get(q.lower()) or listed.get(q.lower()) or q) if q else None
        area_named = bool({t.lower_ for t in doc[s:min(e + 1, len(doc))]} & AREA_WORDS)
        cues.append((qualifier, area_named, s > 0 and doc[s - 1].lower_ == "the"))
    return cues


def _settle(context, resolver, first: list) -> None:
    """Add to ``context`` what a first pass settled: countries, first-level areas, unambiguous towns."""
    settled: Counter = Counter()
    for place in first:
        if place is None:
            continue
        if place.country:
            settled[place.country] += 1
        if place.feature_code == "ADM1":
            context.admin1.add(place.name.lower())
        elif place.feature_class == "P" and len(resolver.candidates(place.name)) == 1:
            context.points.append((place.lat, place.lon))
    total = sum(settled.values()) or 1
    for code, n in settled.items():
        context.countries[code] = max(context.countries.get(code, 0.0), n / total)


def resolve_toponyms(state, spans, gazetteer=None, statements=None):
    """Resolve token spans of ``state.doc`` in two passes: first on prominence and the countries the
    document names, then again with what the first pass settled and the spatial coherence of all
    readings. Last, qualifying names ("Atlanta, Georgia") and relative locations ("X, 138 km west
    of Y") settle or estimate the places they describe."""
    from redline.geo.gazetteer import load_gazetteer
    from redline.geo.profiles import source_key
    from redline.geo.relative import find_statements
    from redline.geo.resolver import PlaceResolver, clean_name

    resolver = PlaceResolver(gazetteer or load_gazetteer(), state.kb)
    context = document_context(state)
    profiles = state.source_profiles
    source = source_key(state.info.source, state.info.url) if profiles is not None else None
    if source:
        context.home_areas, context.home_countries = profiles.home(source)
    if state.info.country:
        # The country the user says the text is about counts as if the text named it throughout.
        context.countries = {**context.countries, state.info.country: 1.0}
    doc = state.doc
    names = [doc[s:e].text for s, e in spans]
    cues = _cues(doc, spans)

    def resolve_all():
        memo: dict = {}
        for key in zip(names, cues):
            if key not in memo:
                memo[key] = resolver.resolve(key[0], context, *key[1])
        return [memo[key] for key in zip(names, cues)]

    _settle(context, resolver, resolve_all())
    context.support = resolver.coherence(names)
    resolved = resolve_all()
    for i in range(1, len(spans)):
        # "Atlanta, Georgia": the second name is the area or country that contains the first.
        if spans[i][0] == spans[i - 1][1] + 1 and doc[spans[i - 1][1]].text == "," and resolved[i - 1] is not None:
            container = _container(resolved[i - 1], resolver.ranked(names[i], context, *cues[i]))
            if container is not None:
                resolved[i] = container
    for statement in find_statements(doc, spans) if statements is None else statements:
        i = statement.subject
        place = _placed_by(statement, resolved[statement.anchor], resolver.ranked(names[i], context, *cues[i]),
                           names[i])
        if place is not None:
            same_name = clean_name(names[i])
            resolved = [place if clean_name(n) == same_name else r for n, r in zip(names, resolved)]
    if source:
        # Unambiguous: qualified, a first-level area, or a name with one reading.
        profiles.observe(source, [
            place for i, place in enumerate(resolved)
            if place is not None and place.geonameid
            and (cues[i][0] or place.feature_code == "ADM1" or len(resolver.candidates(names[i])) == 1)])
    return resolved


def _container(place, ranked: list):
    """The first of ``ranked`` that contains ``place``: its first-level area or its country."""
    from redline.geo.gazetteer import normalize_name
    from redline.geo.resolver import COUNTRY_CODES

    area = normalize_name(place.admin1) if place.admin1 else None
    for candidate in ranked:
        if candidate.country != place.country or candidate is place:
            continue
        if candidate.feature_code in COUNTRY_CODES or (
                candidate.feature_code == "ADM1" and normalize_name(candidate.name) == area):
            return candidate
    return None


def _placed_by(statement, anchor, ranked: list, name: str):
    """The place a relative location puts ``name`` at: its likeliest candidate that agrees with the
    statement, else an estimate from the anchor; None when the anchor is unknown or no estimate can
    be made."""
    from redline.geo.relative import EstimatedPlace
    from redline.geo.resolver import clean_name

    if anchor is None or isinstance(anchor, EstimatedPlace):
        return None
    for candidate in ranked:
        if statement.agrees(anchor, candidate):
            return candidate
    estimate = statement.estimate(anchor)
    if estimate is None:
        return None
    lat, lon, uncertainty = estimate
    return EstimatedPlace(name=clean_name(name), lat=lat, lon=lon, country=anchor.country, admin1=None,
                          uncertainty_km=uncertainty)


def run_places(state) -> None:
    from redline.geo.relative import EstimatedPlace, find_statements
    from redline.geo.toponyms import toponym_spans

    spans = toponym_spans(state)
    statements = find_statements(state.doc, spans) if spans else []
    resolved = resolve_toponyms(state, spans, statements=statements) if spans else []
    places: dict[str, Place] = {}
    span_place: list[Place] = []
    state.place_at = {}
    for (start, end), gplace in zip(spans, resolved):
        span = state.doc[start:end]
        evidence = state.span_evidence(span)
        if gplace is None:
            pid = _place_id(None, span.text)
            place = places.get(pid) or Place(id=pid, text=span.text)
        elif isinstance(gplace, EstimatedPlace):
            pid = _place_id(None, gplace.name)
            place = places.get(pid) or Place(
                id=pid, text=span.text, name=gplace.name, lat=gplace.lat, lon=gplace.lon, country=gplace.country,
                feature="locality", precision="point", estimated=True, uncertainty_km=gplace.uncertainty_km)
        else:
            pid = _place_id(gplace.geonameid or None, gplace.name)
            feature, precision = feature_of(gplace)
            place = places.get(pid) or Place(
                id=pid, text=span.text, name=gplace.name, lat=round(gplace.lat, 5), lon=round(gplace.lon, 5),
                country=gplace.country, admin1=gplace.admin1, geonameid=gplace.geonameid or None, feature=feature,
                precision=precision)
        place.mentions.append(evidence)
        places[pid] = place
        span_place.append(place)
        for i in range(start, end):
            state.place_at[i] = place
    for statement in statements:
        anchor = span_place[statement.anchor]
        words = state.doc[statement.start:statement.end]
        span_place[statement.subject].relative.append(RelativePosition(
            anchor=state.doc[slice(*spans[statement.anchor])].text,
            anchor_place_id=anchor.id if anchor.lat is not None else None, distance_km=statement.distance_km,
            bearing=statement.bearing, bearing_deg=statement.bearing_deg, approximate=statement.approximate,
            evidence=state.span_evidence(words)))
    state.output.places = sorted(places.values(), key=lambda p: (p.mentions[0].start, p.id))
    state.focus = document_focus(state.output.places, state.info.country)


def document_focus(places: list[Place], hint: Optional[str] = None) -> Optional[Location]:
    """The country the document is about, as a precision-3 location: the one most of its place mentions
    lie in, else the country the user said it is about (``hint``, ISO alpha-3), else None. Events whose
    own words place them nowhere, and actors named only by their sector, take it."""
    from redline.geo.gazetteer import load_gazetteer

    counts = Counter(p.country for p in places if p.country and p.lat is not None for _ in p.mentions)
    code = counts.most_common(1)[0][0] if counts else hint
    if not code:
        return None
    named = next((p for p in places if p.country == code and p.feature == "country" and p.lat is not None), None)
    if named is not None:
        return Location(place_id=named.id, name=named.name, lat=named.lat, lon=named.lon, country=code,
                        geo_precision=3)
    country = load_gazetteer().country(code)
    if country is None:
        return None
    # No place of the document stands for it, so the location points at none (``place_id`` None).
    return Location(name=country.name, lat=round(country.lat, 5), lon=round(country.lon, 5), country=code,
                    geo_precision=3)


def _analysed(text: str, source: Optional[str] = None, profiles=None):
    """The document state after the stages the places stage reads (nlp, actors)."""
    from redline.api import get_pipeline
    from redline.pipeline import DocState, make_info

    pipeline = get_pipeline()
    state = DocState(text=text, info=make_info(text, source=source), model=pipeline.model, kb=pipeline.kb,
                     source_profiles=profiles)
    for name, stage in pipeline.stages:
        if name in ("nlp", "actors"):
            stage(state)
    return state


def resolve_spans(text: str, spans: list[tuple[int, int]], source: Optional[str] = None,
                  profiles=None) -> list[Optional[tuple[float, float]]]:
    """Coordinates for given character spans of ``text`` (toponym resolution with gold spans).
    ``source`` and ``profiles`` (a :class:`redline.geo.profiles.SourceProfiles`): see that module."""
    state = _analysed(text, source, profiles)
    token_spans = []
    for start, end in spans:
        span = state.doc.char_span(start, end, alignment_mode="expand")
        token_spans.append((span.start, span.end) if span is not None and len(span) else None)
    present = [s for s in token_spans if s is not None]
    resolved = iter(resolve_toponyms(state, present) if present else [])
    out = []
    for s in token_spans:
        place = next(resolved) if s is not None else None
        out.append((place.lat, place.lon) if place is not None else None)
    return out


def geoparse(text: str, source: Optional[str] = None,
             profiles=None) -> list[tuple[int, int, Optional[float], Optional[float]]]:
    """Toponyms found in ``text`` with their coordinates: (start, end, lat, lon) in characters."""
    from redline.geo.toponyms import toponym_spans

    state = _analysed(text, source, profiles)
    spans = toponym_spans(state)
    places = resolve_toponyms(state, spans) if spans else []
    out = []
    for (s, e), place in zip(spans, places):
        span = state.doc[s:e]
        out.append((span.start_char, span.end_char, place.lat if place else None, place.lon if place else None))
    return out


__all__ = ["run_places", "feature_of", "feature_code_precision", "resolve_spans", "geoparse"]
