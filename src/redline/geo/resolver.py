"""Toponym resolution: which gazetteer place a name in the text stands for.

Candidates come from the gazetteer (names and alternate names), from the actor
knowledge base for country names, demonyms and capitals ("Russian" → Russia),
and from abbreviations ("Ky.", "B.C."). They are ranked by what a reader uses:
how prominent a place is (feature type, population), which countries the
document is about, an explicit qualifier ("Alexandria, Louisiana"), and how
close a candidate lies to the places already resolved in the same document.
A name the gazetteer spells differently ("al-Jafra" for Al Jufrah, "Abu Qurain"
for Abū Qurayn) is looked for, by its consonants, near the document's places.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Optional

from redline.datafiles import data_path, read_json
from redline.geo.gazetteer import EARTH_RADIUS_KM, haversine_km, normalize_name, strip_article

COUNTRY_CODES = {"PCLI", "PCLS", "PCLD", "PCLF", "PCLIX", "PCL", "TERR"}
# How prominent a kind of place is, on top of log10(population). Areas carry the population of all
# their towns, so they get no bonus of their own: the town of a name is meant unless the text says
# "province", "county", ... (see AREA_WORDS).
FEATURE_WEIGHT = {"CONT": 9.0, "ADM1": 1.5, "PPLC": 2.5, "PPLA": 1.0, "PPLA2": 0.5, "PPLG": 1.0}
# Regions, seas and ranges the gazetteer lacks (redline.geo.regions) are named by news far more often
# than the hamlets that share their names ("Middle East", Baltimore; "Pacific", Missouri).
REGION_WEIGHT = 12.0
# "Alexandria, Louisiana": a qualifier naming the place's first-level area outweighs any prior.
QUALIFIER_BONUS = 20.0
# "Red Sea state" names the area; "the Red Sea" the sea.
AREA_WORD_BONUS = 4.0
COUNTRY_WEIGHT = 9.0
# A first-level area loses this much to the town of its own name that is its seat (see ``ranked``).
SEAT_CODES = {"PPLA", "PPLC"}
SEAT_NAMESAKE_PENALTY = 4.0
AREA_WORDS = {"province", "county", "governorate", "district", "state", "region", "parish", "oblast",
              "prefecture", "department", "municipality", "wilaya", "emirate"}
SEARCH_RADIUS_KM = 400.0
# Demonym endings and what the place name ends with instead, tried in order ("Californians" →
# California, "Ontarians" → Ontario, "Texans" → Texas, "New Yorkers" → New York, "Dagestani" → Dagestan).
DEMONYM_SUFFIXES = (
    ("ians", ("ia", "io", "y", "a", "")), ("ian", ("ia", "io", "y", "a", "")),
    ("ans", ("a", "o", "as", "")), ("an", ("a", "o", "as", "e", "")),
    ("ers", ("",)), ("er", ("",)), ("i", ("",)),
)
PROMINENT_POPULATION = 100_000
ALTERNATE_NAME_PENALTY = 2.0
# Spatial coherence: a reading of a name gains this much for each other name of the document that
# can be read as a place within NEIGHBOUR_KM of it (or, for a first-level area, inside it), up to
# MAX_SUPPORT. "Paris" with "Henry County" and "Whitlock" is Paris, Tennessee.
SUPPORT_PER_NAME = 4.0
MAX_SUPPORT = 8.0
NEIGHBOUR_KM = 60.0
# A source's home (redline.geo.profiles): the bonus of a reading in the source's usual country and
# first-level area, times the share of the source's unambiguous places there.
HOME_COUNTRY_WEIGHT = 3.0
HOME_AREA_WEIGHT = 6.0
COHERENCE_CANDIDATES = 25  # readings per name considered, the most populous first
_VOWELS = re.compile(r"[aeiouyhw]")
_TRANSLITERATED: set = set()
_SKELETON_CELLS: dict = {}  # (one-degree cell, country) -> {skeleton: places near the cell}


@functools.lru_cache(maxsize=300_000)
def skeleton(name: str) -> str:
    """Consonants of a transliterated name, word by word: "al-Jafra" and "Al Jufrah" both give "jfr",
    "Abu Qurain" and "Abū Qurayn" both "b krn"."""
    key = normalize_name(name)
    key = strip_article(key) or key
    words = [re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", w).replace("q", "k")) for w in key.split()]
    return " ".join(w for w in words if w)


_abbreviations: dict = {}
_REGIONS: dict = {}


def _regions_of(gazetteer) -> dict:
    """The regions of data/geo/regions.json, placed once per gazetteer."""
    key = id(gazetteer)
    if key not in _REGIONS:
        from redline.geo.regions import load_regions

        _REGIONS.clear()
        _REGIONS[key] = load_regions(gazetteer)
    return _REGIONS[key]


def abbreviations(section: str = "abbreviations") -> dict[str, str]:
    """Place abbreviations as news writes them ("Ky." → "Kentucky"), from data/geo/abbreviations.json."""
    if not _abbreviations:
        data = read_json(data_path("geo", "abbreviations.json"))
        for name in ("abbreviations", "qualifiers"):
            _abbreviations[name] = {k.lower(): v for k, v in data.get(name, {}).items()}
    return _abbreviations[section]


@dataclass
class DocumentContext:
    """What the document says about where it is: its countries, its admin areas, its resolved places."""

    countries: dict[str, float] = field(default_factory=dict)  # ISO3 -> share of mentions
    admin1: set[str] = field(default_factory=set)  # admin1 names settled (lowercase)
    points: list[tuple[float, float]] = field(default_factory=list)
    support: dict[int, float] = field(default_factory=dict)  # geonameid -> spatial coherence bonus
    # Where the document's source usually writes about (redline.geo.profiles): shares of its
    # unambiguous places by (country, admin1) and by country.
    home_areas: dict[tuple[str, str], float] = field(default_factory=dict)
    home_countries: dict[str, float] = field(default_factory=dict)


def clean_name(text: str) -> str:
    text = text.strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    text = re.sub(r"[’']s$", "", text)
    return text.strip(" ,;:\"“”‘’()")


def _prominent(place) -> bool:
    if not place.geonameid or place.feature_code in COUNTRY_CODES or place.feature_code in ("ADM1", "CONT"):
        return True
    return place.feature_class == "P" and place.population >= PROMINENT_POPULATION


class PlaceResolver:
    def __init__(self, gazetteer, kb):
        self.gaz = gazetteer
        self.kb = kb
        self.capitals: set[int] = set()  # geonameids the knowledge base names as seats of government
        self._candidates: dict[str, list] = {}  # a document names the same places again and again

    def candidates(self, name: str) -> list:
        """Gazetteer places a name may stand for; the knowledge base's reading comes first."""
        if name not in self._candidates:
            self._candidates[name] = self._find_candidates(name)
        return self._candidates[name]

    def regions(self) -> dict:
        return _regions_of(self.gaz)

    def _find_candidates(self, name: str) -> list:
        cleaned = clean_name(name)
        if not cleaned:
            return []
        region = self.regions().get(normalize_name(cleaned))
        if region is not None:
            return [region] + [p for p in self.gaz.lookup(cleaned) if p.feature_class in ("A", "P")]
        from redline.actors.tokens import split_words

        found = []
        words = split_words(cleaned)
        hit = self.kb.match_name(words)
        if hit is not None and hit[0] == len(words) and hit[1].code:
            entity = hit[1]
            if entity.kind == "country":
                key = normalize_name(cleaned)
                areas = [p for p in self.gaz.lookup(cleaned) if p.feature_code == "ADM1" and normalize_name(p.name) == key]
                if key != normalize_name(entity.name):
                    # "Scotland", "New Jersey": the knowledge base codes them as their country, but
                    # they are first-level areas of it.
                    own = [p for p in areas if p.country == entity.code]
                    if own:
                        return own
                place = self.gaz.country(entity.code)
                if place is not None:
                    # "Georgia": the country, or the US state when the document is about the US;
                    # "Lebanon", "Holland": the country, or a town of that name in a document about
                    # the towns around it.
                    towns = [p for p in self.gaz.lookup(cleaned)
                             if p.feature_class == "P" and normalize_name(p.name) == key]
                    return [place] + [p for p in areas if p.country != entity.code] + towns
            elif entity.kind == "capital":
                # "Washington", "Tripoli": the seat of government is the likeliest reading, but
                # "Paris, TX" and "Tripoli, Lebanon" stay possible.
                towns = [p for p in self.gaz.lookup(entity.name)
                         if p.country == entity.code and p.feature_class == "P"]
                towns.sort(key=lambda p: (p.feature_code != "PPLC", -p.population, p.geonameid))
                if towns:
                    self.capitals.add(towns[0].geonameid)
                    found.append(towns[0])
        country = self.kb.adjective(cleaned) if len(words) == 1 else None
        if country is not None and country.code:
            place = self.gaz.country(country.code)
            if place is not None:
                return [place]
        expanded = abbreviations().get(cleaned.lower()) or abbreviations().get(name.strip().lower())
        # An abbreviation the data file lists means what it says ("L.A." is Los Angeles, not Laos's code).
        for variant in [expanded] if expanded else [cleaned]:
            for place in self.gaz.lookup(variant):
                if place not in found:
                    found.append(place)
        from redline.geo.regions import compass_composite

        composite = compass_composite(self.gaz, cleaned)
        if composite is not None:
            found.append(composite)
        if not found:
            found = self._demonym_places(cleaned)
        return found

    def _demonym_places(self, name: str) -> list:
        """The place a demonym the knowledge base does not list is formed from: "Ohioans" → Ohio,
        "Dagestani" → Dagestan, "South Ossetians" → South Ossetia, "New Yorkers" → New York. Only
        prominent places qualify (countries, first-level areas, regions, cities), so that a surname
        or a common word does not become a hamlet."""
        head, _, last = name.rpartition(" ")
        if not last[:1].isupper():
            return []
        for suffix, endings in DEMONYM_SUFFIXES:
            if not last.endswith(suffix) or len(last) - len(suffix) < 3:
                continue
            stem = last[:-len(suffix)]
            for ending in endings:
                base = f"{head} {stem}{ending}".strip()
                places = [p for p in self._regions_or_gazetteer(base) if _prominent(p)]
                if places:
                    return places
        return []

    def _regions_or_gazetteer(self, name: str) -> list:
        region = self.regions().get(normalize_name(name))
        return [region] if region is not None else self.gaz.lookup(name)

    def score(self, place, context: DocumentContext, qualifier: Optional[str], area_named: bool,
              after_article: bool = False, query_key: Optional[str] = None) -> float:
        if place.feature_code in COUNTRY_CODES:
            score = COUNTRY_WEIGHT + math.log10(place.population + 10)
        elif not place.geonameid:
            score = REGION_WEIGHT + math.log10(place.population + 10)
            if area_named and place.feature_class != "A":
                score -= AREA_WORD_BONUS  # "Red Sea state" is the state, not the sea
            elif after_article and place.feature_class != "A":
                score += AREA_WORD_BONUS  # "the Red Sea" is the sea
        else:
            score = math.log10(place.population + 10) + FEATURE_WEIGHT.get(place.feature_code, 0.0)
            if place.geonameid in self.capitals:
                score += 2.0
            if place.feature_class == "A" and place.feature_code != "ADM1" and not area_named:
                score -= 2.0
            if area_named and place.feature_class == "A":
                score += AREA_WORD_BONUS
        if place.country and place.country in context.countries:
            score += 2.0 + 4.0 * context.countries[place.country]
        if place.admin1 and place.admin1.lower() in context.admin1:
            score += 3.0
        if qualifier:
            q = qualifier.lower()
            if place.admin1 and place.admin1.lower() == q:
                score += QUALIFIER_BONUS
            elif place.country:
                qualified = self.candidates(qualifier)
                if any(c.country == place.country and c.feature_code in COUNTRY_CODES for c in qualified):
                    score += 8.0
        score += context.support.get(place.geonameid, 0.0)
        if query_key is not None and place.geonameid and normalize_name(place.name) != query_key \
                and place.feature_code not in COUNTRY_CODES:
            # Matched by an alternate name only: "Philadelphia" is also an old name of Amman, "Berea"
            # of Aleppo; a place called so today is meant first.
            score -= ALTERNATE_NAME_PENALTY
        if context.home_countries and place.country:
            score += HOME_COUNTRY_WEIGHT * context.home_countries.get(place.country, 0.0)
            if place.admin1:
                score += HOME_AREA_WEIGHT * context.home_areas.get((place.country, place.admin1), 0.0)
        if context.points and place.feature_class == "P":
            nearest = min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in context.points)
            if nearest < 100:
                score += 3.0
            elif nearest < SEARCH_RADIUS_KM:
                score += 1.5
        return score

    def resolve(self, name: str, context: DocumentContext, qualifier: Optional[str] = None,
                area_named: bool = False, after_article: bool = False):
        ranked = self.ranked(name, context, qualifier, area_named, after_article)
        return ranked[0] if ranked else None

    def ranked(self, name: str, context: DocumentContext, qualifier: Optional[str] = None,
               area_named: bool = False, after_article: bool = False) -> list:
        """The places ``name`` may stand for, the likeliest first. ``area_named``: a word such as
        "province" or "state" goes with the name; ``after_article``: "the" comes before it."""
        candidates = self.candidates(name)
        if not candidates:
            candidates = self.spelling_variants(name, context)
        key = normalize_name(clean_name(name))
        # "Misrata", "Kassala": a first-level area named like the town that is its seat is the town, unless
        # the text says "district" or "province"; the area's population is the town's and more.
        seats = set() if area_named else {
            (normalize_name(p.name), p.country) for p in candidates if p.feature_code in SEAT_CODES}

        def score(p) -> float:
            value = self.score(p, context, qualifier, area_named, after_article, key)
            if p.feature_code == "ADM1" and (normalize_name(p.name), p.country) in seats:
                value -= SEAT_NAMESAKE_PENALTY
            return value

        return sorted(candidates, key=lambda p: (-score(p), -p.population, p.geonameid))

    def coherence(self, names: list[str]) -> dict[int, float]:
        """Spatial-coherence bonus of each reading of ``names`` (see SUPPORT_PER_NAME). A name with many
        readings supports each of them less: it says little about where the document is."""
        import numpy as np

        readings, starts = [], []
        for name in dict.fromkeys(names):
            found = [p for p in self.candidates(name)
                     if p.geonameid and p.feature_code not in COUNTRY_CODES and p.feature_code != "CONT"]
            found = sorted(found, key=lambda p: (-p.population, p.geonameid))[:COHERENCE_CANDIDATES]
            if found:
                starts.append(len(readings))
                readings += [(len(starts) - 1, p, 1.0 / max(1.0, len(found) / 5.0)) for p in found]
        if len(starts) < 2:
            return {}
        name_of = np.array([k for k, _p, _w in readings])
        weight = np.array([w for _k, _p, w in readings], dtype=np.float32)
        lat = np.radians([p.lat for _k, p, _w in readings]).astype(np.float32)
        lon = np.radians([p.lon for _k, p, _w in readings]).astype(np.float32)
        h = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
             + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
        related = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1))) <= NEIGHBOUR_KM
        del h
        # A first-level area is supported by the towns inside it, however far from its centre.
        area_ids: dict[tuple, int] = {}
        area = np.array([area_ids.setdefault((p.name, p.country), len(area_ids)) if p.feature_code == "ADM1" else -1
                         for _k, p, _w in readings])
        member = np.array([area_ids.get((p.admin1, p.country), -2) for _k, p, _w in readings])
        related |= area[:, None] == member[None, :]
        related &= name_of[:, None] != name_of[None, :]
        strongest = np.maximum.reduceat(related * weight[None, :], np.array(starts), axis=1)
        bonus = np.minimum(MAX_SUPPORT, SUPPORT_PER_NAME * strongest.sum(axis=1))
        support: dict[int, float] = {}
        for (_k, place, _w), value in zip(readings, bonus.tolist()):
            if value > support.get(place.geonameid, 0.0):
                support[place.geonameid] = round(value, 4)
        return support

    def spelling_variants(self, name: str, context: DocumentContext) -> list:
        """Places of the document's main country, near its places, whose name has the same consonants;
        the nearest first."""
        target = skeleton(clean_name(name))
        if len(target.replace(" ", "")) < 3 or not context.countries:
            return []
        main = max(context.countries.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if main not in self.transliterated():
            return []
        country = self.gaz.country(main)
        anchors = [(country.lat, country.lon)] if country is not None else []
        anchors += context.points[:1]
        found: dict[int, tuple[float, object]] = {}
        for lat, lon in anchors:
            # Anchors are rounded to a one-degree grid so that neighbourhoods are indexed once.
            cell = (round(lat), round(lon))
            for place in self._skeletons(cell, main).get(target, ()):
                distance = haversine_km(lat, lon, place.lat, place.lon)
                if place.geonameid not in found or distance < found[place.geonameid][0]:
                    found[place.geonameid] = (distance, place)
        return [place for _d, place in sorted(found.values(), key=lambda dp: (dp[0], dp[1].geonameid))][:1]

    def transliterated(self) -> frozenset:
        """Countries whose place names come transliterated (data/geo/transliteration.json and the
        gazetteer's Arabic-speaking countries)."""
        if not _TRANSLITERATED:
            listed = read_json(data_path("geo", "transliteration.json")).get("countries", [])
            _TRANSLITERATED.update(listed)
            _TRANSLITERATED.update(self.gaz.arab_countries)
        return frozenset(_TRANSLITERATED)

    def _skeletons(self, cell: tuple[int, int], country: str) -> dict:
        key = (cell, country)
        if key not in _SKELETON_CELLS:
            index: dict[str, list] = {}
            for place in self.gaz.near(cell[0], cell[1], SEARCH_RADIUS_KM):
                if place.country == country:
                    index.setdefault(skeleton(place.name), []).append(place)
            if len(_SKELETON_CELLS) > 512:
                _SKELETON_CELLS.clear()
            _SKELETON_CELLS[key] = index
        return _SKELETON_CELLS[key]
