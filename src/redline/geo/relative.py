"""Relative locations: "Abu Qurain, about 138 km west of Sirte", "Misrata lies at 270 km west of Sirte".

A statement ties a place (the subject) to an anchor place by a distance, a bearing
or both. Resolution uses it twice: a gazetteer candidate of the subject that lies
where the statement says gains rank and one that contradicts it loses rank; and a
subject the gazetteer lacks, or whose every candidate contradicts the statement,
is estimated from the anchor's coordinates, with an uncertainty that grows with
the distance and with how coarse the bearing is.

News distances are often road distances and their bearings are compass words, so
the test of agreement is loose: the straight-line distance may be shorter than
the stated one by half, and the bearing may be off by up to 45 degrees.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Optional

from redline.datafiles import data_path, read_json
from redline.geo.gazetteer import EARTH_RADIUS_KM, haversine_km

# Agreement of a known place with a statement (see the module docstring).
MIN_DISTANCE_RATIO = 0.5
MAX_DISTANCE_RATIO = 1.25
MAX_BEARING_ERROR_DEG = 45.0
BEARING_ONLY_MAX_KM = 1000.0
# A stated distance is read as straight-line distance give or take this share.
DISTANCE_TOLERANCE = 0.15


@dataclass(frozen=True)
class RelativeStatement:
    """Place ``subject`` lies ``distance_km`` (and/or towards ``bearing``) from place ``anchor``.
    ``subject`` and ``anchor`` index the toponym spans the statement was found among."""

    subject: int
    anchor: int
    distance_km: Optional[float]
    bearing: Optional[str]  # the compass word, without hyphens ("southwest")
    bearing_deg: Optional[float]
    approximate: bool
    start: int  # token span of the words of the statement (distance to anchor)
    end: int

    @property
    def sector_half_width(self) -> float:
        """Half the angle a compass word covers: 22.5° for north/northeast, 11.25° for north-northeast."""
        return 11.25 if self.bearing and self.bearing.count("-") else 22.5

    def agrees(self, anchor, place) -> bool:
        """Whether ``place`` may be where the statement puts it, seen from ``anchor``."""
        distance = haversine_km(anchor.lat, anchor.lon, place.lat, place.lon)
        if self.distance_km is not None:
            if not MIN_DISTANCE_RATIO * self.distance_km <= distance <= MAX_DISTANCE_RATIO * self.distance_km:
                return False
        elif distance > BEARING_ONLY_MAX_KM:
            return False
        if self.bearing_deg is None or distance < 1.0:
            return True
        error = abs((initial_bearing(anchor.lat, anchor.lon, place.lat, place.lon) - self.bearing_deg + 180) % 360 - 180)
        return error <= MAX_BEARING_ERROR_DEG

    def estimate(self, anchor) -> Optional[tuple[float, float, float]]:
        """(lat, lon, uncertainty_km) of the subject, when the statement gives a distance and a bearing."""
        if self.distance_km is None or self.bearing_deg is None:
            return None
        lat, lon = destination(anchor.lat, anchor.lon, self.bearing_deg, self.distance_km)
        lateral = math.sin(math.radians(self.sector_half_width))
        uncertainty = self.distance_km * (DISTANCE_TOLERANCE + lateral)
        return lat, lon, round(max(uncertainty, 1.0), 1)


@dataclass(frozen=True)
class EstimatedPlace:
    """A place the gazetteer lacks, placed from a relative location; shaped like a gazetteer place."""

    name: str
    lat: float
    lon: float
    country: Optional[str]
    admin1: Optional[str]
    uncertainty_km: float
    geonameid: None = None
    feature_class: str = ""
    feature_code: str = ""
    population: int = 0


def destination(lat: float, lon: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along the great circle that starts at ``bearing_deg``."""
    phi1, lambda1, theta = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    delta = distance_km / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi1),
                                   math.cos(delta) - math.sin(phi1) * math.sin(phi2))
    return round(math.degrees(phi2), 5), round((math.degrees(lambda2) + 540) % 360 - 180, 5)


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlambda = math.radians(lon2 - lon1)
    x = math.sin(dlambda) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlambda)
    return math.degrees(math.atan2(x, y)) % 360


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    data = read_json(data_path("geo", "relative.json"))
    return {
        "units": {k.lower(): float(v) for k, v in data["units"].items()},
        "bearings": {k.lower().replace("-", ""): (k.lower(), float(v)) for k, v in data["bearings"].items()},
        "approximators": {w.lower() for w in data["approximators"]},
        "placement_verbs": set(data["placement_verbs"]),
        "feature_nouns": {w.lower() for w in data["feature_nouns"]},
        "number_words": {k.lower(): float(v) for k, v in data["number_words"].items()},
    }


def _number(token) -> Optional[float]:
    text = token.text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return _words()["number_words"].get(token.lower_)


def _unit(doc, i: int) -> tuple[Optional[float], int]:
    """(kilometres per unit, index after the unit) for the unit word(s) at token ``i``."""
    units = _words()["units"]
    if i + 1 < len(doc) and f"{doc[i].lower_} {doc[i + 1].lower_}" in units:
        return units[f"{doc[i].lower_} {doc[i + 1].lower_}"], i + 2
    if i < len(doc) and doc[i].lower_ in units:
        return units[doc[i].lower_], i + 1
    return None, i


def _bearing(doc, i: int) -> tuple[Optional[tuple[str, float]], int]:
    """The compass word at token ``i`` ("west", "south-west", "south - east" as tokens), and the index after it."""
    bearings = _words()["bearings"]
    if i + 1 < len(doc) and doc[i + 1].lower_ == "of" and doc[i].lower_ in ("north", "south", "east", "west"):
        return bearings.get(doc[i].lower_), i + 1
    for n in (5, 3, 1):
        if i + n > len(doc):
            continue
        words = doc[i:i + n]
        if n > 1 and any(t.whitespace_ for t in words[:-1]):
            continue
        key = "".join(t.lower_ for t in words).replace("-", "")
        if key in bearings:
            return bearings[key], i + n
    return None, i


def find_statements(doc, spans: list[tuple[int, int]]) -> list[RelativeStatement]:
    """Relative locations among the toponym token ``spans`` of ``doc``."""
    starting = {s: k for k, (s, _e) in enumerate(spans)}
    ending = {e: k for k, (_s, e) in enumerate(spans)}
    covering = {i: k for k, (s, e) in enumerate(spans) for i in range(s, e)}
    statements = []
    for start, distance, bearing, anchor_start in _relative_phrases(doc):
        anchor = starting.get(anchor_start)
        subject_token, approximate = _subject(doc, start)
        if anchor is None or subject_token is None:
            continue
        subject = ending.get(subject_token + 1)
        if subject is None:
            subject = covering.get(subject_token)
        if subject is None or subject == anchor:
            continue
        statements.append(RelativeStatement(
            subject=subject, anchor=anchor, distance_km=round(distance, 3) if distance is not None else None,
            bearing=bearing[0] if bearing else None, bearing_deg=bearing[1] if bearing else None,
            approximate=approximate, start=start, end=spans[anchor][1]))
    return statements


def unlisted_places(doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Proper names that a relative location ties together but that no toponym span covers ("Misrata
    lies at 270 km west of Sirte", "some 100 km from Misrata", where the tagger did not call Misrata a
    place): the statement itself says they are places."""
    covered = {i for s, e in spans for i in range(s, e)}
    found = []
    for start, _distance, _bearing, anchor_start in _relative_phrases(doc):
        token, _approximate = _subject(doc, start)
        for name in (_name_ending_at(doc, token), _name_starting_at(doc, anchor_start)):
            if name is not None and not covered.intersection(range(*name)):
                found.append(name)
    return found


def _is_name_word(token) -> bool:
    """A capitalized proper noun; a capitalized common noun only inside a sentence or when the
    gazetteer knows it (the tagger reads a sentence-initial "Misrata" as a noun, but "Troops" is one)."""
    if not token.text[:1].isupper() or token.pos_ not in ("PROPN", "NOUN"):
        return False
    if token.pos_ == "PROPN" or not token.is_sent_start:
        return True
    from redline.geo.gazetteer import load_gazetteer

    return bool(load_gazetteer().lookup(token.text))


def _name_ending_at(doc, last: Optional[int]) -> Optional[tuple[int, int]]:
    if last is None or not _is_name_word(doc[last]):
        return None
    first = last
    while first > 0 and last - first < 3 and _is_name_word(doc[first - 1]):
        first -= 1
    return first, last + 1


def _name_starting_at(doc, first: int) -> Optional[tuple[int, int]]:
    if first >= len(doc) or not _is_name_word(doc[first]):
        return None
    end = first + 1
    while end < len(doc) and end - first < 4 and _is_name_word(doc[end]):
        end += 1
    return first, end


def _relative_phrases(doc) -> list:
    """(first token, distance in km or None, (bearing word, degrees) or None, token after the phrase)
    for each "138 km west of", "30 miles from", ", south of" in ``doc`` (found once per doc)."""
    if "redline_relative_phrases" not in doc.user_data:
        doc.user_data["redline_relative_phrases"] = list(_find_relative_phrases(doc))
    return doc.user_data["redline_relative_phrases"]


@functools.lru_cache(maxsize=1)
def _start_pattern() -> "re.Pattern":
    """Where a relative location may start: a digit, a number word or a compass word."""
    words = sorted(set(_words()["number_words"]) | {w for w, _deg in _words()["bearings"].values()}, key=len,
                   reverse=True)
    return re.compile(r"\d|\b(?:" + "|".join(re.escape(w.split("-")[0]) for w in words) + r")\b", re.IGNORECASE)


def _find_relative_phrases(doc):
    bearings = _words()["bearings"]
    # Only the tokens where a phrase may start are looked at: walking every token is slow.
    starts = set()
    for match in _start_pattern().finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and len(span):
            starts.add(span.start)
    for i in sorted(starts):
        token = doc[i]
        if not token.like_num and not (token.lower_ in bearings and token.i > 0 and doc[token.i - 1].text == ","):
            continue
        distance, after = None, token.i
        value = _number(token) if token.like_num else None
        if value is not None:
            factor, after = _unit(doc, token.i + 1)
            if factor is None:
                continue
            distance = value * factor
        elif token.i == 0 or doc[token.i - 1].text != ",":
            # A bearing alone counts only as an apposition: "Kafr Nabl, south of Idlib".
            continue
        bearing, after = _bearing(doc, after)
        if after < len(doc) and doc[after].lower_ == "of" and bearing is not None:
            after += 1
        elif after < len(doc) and doc[after].lower_ in ("from", "away") and distance is not None:
            away_from = doc[after].lower_ == "away" and after + 1 < len(doc) and doc[after + 1].lower_ == "from"
            after += 2 if away_from else 1
        else:
            continue
        if distance is None and bearing is None:
            continue
        while after < len(doc) and doc[after].lower_ in ("the", "city", "town", "village", "of"):
            after += 1
        yield token.i, distance, bearing, after


def _subject(doc, i: int) -> tuple[Optional[int], bool]:
    """The token that names the place a relative location at token ``i`` describes (its last token),
    and whether the distance is approximate: the name before the comma ("the Abu Qurain area, about
    138 km west of ..."), or the subject of a placement verb ("Misrata lies at 270 km west of ...")."""
    words = _words()
    approximate = False
    j = i - 1
    while j >= 0 and (doc[j].lower_ in words["approximators"] or doc[j].lower_ == "at"):
        approximate = approximate or doc[j].lower_ in words["approximators"]
        j -= 1
    if j < 0:
        return None, approximate
    if doc[j].text == ",":
        k = j
        while k > 0 and j - k < 3 and doc[k - 1].lower_ in words["feature_nouns"]:
            k -= 1
        return (k - 1 if k > 0 else None), approximate
    verb = doc[j] if doc[j].lemma_ in words["placement_verbs"] else None
    if verb is None and doc[j].head.lemma_ in words["placement_verbs"]:
        verb = doc[j].head
    if verb is None:
        return None, approximate
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.i, approximate
    return None, approximate


__all__ = ["RelativeStatement", "EstimatedPlace", "find_statements", "unlisted_places", "destination",
           "initial_bearing"]
