"""Storage of the gazetteer: the compact bundled index and the SQLite user gazetteers.

The bundled index (``data/gazetteer/gazetteer.bin``) is one file::

    b"RLGAZ1\\n"  uint32 header length  header (JSON)  sections...

The header lists the sections (name, type, offset, compressed and raw length) and
the small tables (countries, feature codes, Arabic-speaking countries). Each section
is a zlib-compressed little-endian array or a newline-separated text list. Places
are stored in the order the lookup returns them (population descending, then
geonameid), so a name's postings (ascending place numbers) need no sorting. Name
keys are sorted and searched by bisection; nothing is turned into Python objects
until a lookup asks for it. :func:`write_index` is deterministic: the same records
give the same bytes.

A user gazetteer (``redline gazetteer import``) is an SQLite file with the tables
``places`` (GeoNames columns, country as ISO alpha-2, admin1 as "CC.code"),
``names`` (normalized name key -> geonameid), ``codes`` (code or abbreviation ->
geonameid), ``admin1`` (code -> name) and ``meta``.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import sqlite3
import struct
import sys
import threading
import zlib
from array import array
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

from redline.errors import EXIT_CONFIG, Errors, RedlineError
from redline.geo.gazetteer import ARTICLES, Place, code_of, normalize_name, strip_article

MAGIC = b"RLGAZ1\n"
FORMAT = "redline-gazetteer/1"
USER_FORMAT = "redline-user-gazetteer/1"
USER_DB_NAME = "gazetteer.sqlite"
BUNDLED_NAME = "gazetteer.bin"
SCALE = 100_000  # coordinates are stored as integer 1e-5 degrees (about 1 m)
NONE16 = 0xFFFF
NONE32 = 0xFFFFFFFF
_TYPECODES = {"u8": "B", "u16": "H", "u32": "I", "i32": "i", "i64": "q"}

#: Countries where place names carry the Arabic article (Arab League members, Western
#: Sahara, and Israel and Chad with their Arabic place names): there "al-X" = "X".
ARAB_COUNTRIES = ("ARE", "BHR", "COM", "DJI", "DZA", "EGY", "ESH", "IRQ", "ISR", "JOR", "KWT", "LBN",
                  "LBY", "MAR", "MRT", "OMN", "PSE", "QAT", "SAU", "SDN", "SOM", "SYR", "TCD", "TUN",
                  "YEM")


def _array(typ: str, values=()) -> array:
    arr = array(_TYPECODES[typ], values)
    return arr


def _to_le(arr: array) -> bytes:
    if sys.byteorder != "little":
        arr = array(arr.typecode, arr)
        arr.byteswap()
    return arr.tobytes()


def name_keys(names: Iterable[str], country: Optional[str]) -> set[str]:
    """The index keys of a place's names (with the article-less forms in Arabic-speaking countries)."""
    keys = set()
    for name in names:
        key = normalize_name(name)
        if not key:
            continue
        keys.add(key)
        if country in ARAB_COUNTRIES:
            rest = strip_article(key)
            if rest:
                keys.add(rest)
    return keys


@functools.lru_cache(maxsize=4096)
def _latin_char(c: str) -> bool:
    import unicodedata

    return (not c.isalpha() or unicodedata.category(c) == "Lm"
            or unicodedata.name(c, "").startswith("LATIN"))


def is_latin(text: str) -> bool:
    """True if every letter of ``text`` is a Latin-script letter (diacritics allowed)."""
    return all(map(_latin_char, text))


def classify_alt_name(name: str, admin: bool = False) -> Optional[str]:
    """How an alternate name is indexed: "name", "code" (a case-sensitive abbreviation,
    kept only for countries and first-level areas: "UK", "NSW") or None (dropped).

    Dropped: URLs, names without letters, names in other scripts than Latin, the
    all-lowercase machine transliterations GeoNames adds ("su er te"), 1-2 letter
    names, and short all-capital codes of anything but a country or first-level
    area (airport codes such as "TIP", abbreviations such as "US" on a hamlet)."""
    name = name.strip()
    if not name or "://" in name or name.lower().startswith("www.") or "@" in name:
        return None
    if not any(c.isalpha() for c in name) or not is_latin(name):
        return None
    if code_of(name) is not None:
        return "code" if admin and len(code_of(name)) >= 2 else None
    if not any(c.isupper() for c in name):
        return None
    if len(normalize_name(name).replace(" ", "")) <= 2:
        return None
    return "name"


# --- writing the bundled index -----------------------------------------------------------

def write_index(path: Path, places: list[dict], admin1: dict[str, str], countries: list[dict],
                meta: Optional[dict] = None) -> dict:
    """Write the bundled index and return its statistics.

    ``places``: dicts with gid, name, lat, lon, country (ISO3 or None), admin1 (GeoNames
    admin1 code such as "US.LA", or None), fclass, fcode, population, names (all the
    names to index, the main name included) and codes (case-sensitive codes and
    abbreviations such as "US", "NSW"). ``admin1``: code -> name. ``countries``: dicts
    with iso3, iso2 and gid.
    """
    places = sorted(places, key=lambda p: (-int(p["population"]), int(p["gid"])))
    country_list = sorted({c["iso3"] for c in countries} | {p["country"] for p in places if p["country"]})
    country_index = {c: i for i, c in enumerate(country_list)}
    by_iso3 = {c["iso3"]: c for c in countries}
    admin1_codes = sorted(admin1)
    admin1_index = {c: i for i, c in enumerate(admin1_codes)}
    fcodes = sorted({f"{p['fclass']}.{p['fcode']}" for p in places})
    fcode_index = {f: i for i, f in enumerate(fcodes)}

    postings: dict[str, list[int]] = {}
    code_postings: dict[str, list[int]] = {}
    cols = {k: _array(t) for k, t in (("gid", "u32"), ("lat", "i32"), ("lon", "i32"), ("pop", "i64"),
                                      ("country", "u16"), ("admin1", "u32"), ("fcode", "u8"))}
    names = []
    for i, p in enumerate(places):
        cols["gid"].append(int(p["gid"]))
        cols["lat"].append(round(float(p["lat"]) * SCALE))
        cols["lon"].append(round(float(p["lon"]) * SCALE))
        cols["pop"].append(int(p["population"]))
        cols["country"].append(country_index[p["country"]] if p["country"] else NONE16)
        cols["admin1"].append(admin1_index[p["admin1"]] if p["admin1"] in admin1_index else NONE32)
        cols["fcode"].append(fcode_index[f"{p['fclass']}.{p['fcode']}"])
        names.append(_clean(p["name"]))
        for key in name_keys([p["name"], *p.get("names", ())], p["country"]):
            postings.setdefault(key, []).append(i)
        for code in set(p.get("codes", ())):
            code_postings.setdefault(code, []).append(i)

    def csr(index: dict[str, list[int]]):
        keys = sorted(index)
        off, post = _array("u32", [0]), _array("u32")
        for key in keys:
            post.extend(index[key])
            off.append(len(post))
        return keys, off, post

    keys, key_off, key_post = csr(postings)
    code_keys, code_off, code_post = csr(code_postings)
    order = sorted(range(len(places)), key=lambda i: cols["gid"][i])
    sections = {
        **{f"place_{k}": v for k, v in cols.items()},
        "place_name": names,
        "keys": keys, "key_off": key_off, "key_post": key_post,
        "code_keys": code_keys, "code_off": code_off, "code_post": code_post,
        "gid_sorted": _array("u32", (cols["gid"][i] for i in order)),
        "gid_order": _array("u32", order),
        "admin1_codes": admin1_codes,
        "admin1_names": [_clean(admin1[c]) for c in admin1_codes],
    }
    blobs, entries, offset = [], [], 0
    for name, value in sections.items():
        if isinstance(value, array):
            raw, typ = _to_le(value), next(t for t, c in _TYPECODES.items() if c == value.typecode)
        else:
            raw, typ = "\n".join(value).encode("utf-8"), "text"
        blob = zlib.compress(raw, 9)
        entries.append({"name": name, "type": typ, "offset": offset, "clen": len(blob), "len": len(raw)})
        blobs.append(blob)
        offset += len(blob)
    header = {
        "format": FORMAT,
        "meta": dict(meta or {}),
        "counts": {"places": len(places), "keys": len(keys), "codes": len(code_keys), "admin1": len(admin1_codes)},
        "countries": country_list,
        "country_iso2": [by_iso3.get(c, {}).get("iso2") for c in country_list],
        "country_gid": [by_iso3.get(c, {}).get("gid") for c in country_list],
        "fcodes": fcodes,
        "arab_countries": list(ARAB_COUNTRIES),
        "sections": entries,
    }
    head = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(MAGIC + struct.pack("<I", len(head)) + head)
        for blob in blobs:
            out.write(blob)
    tmp.replace(path)
    return header["counts"]


def _clean(text: str) -> str:
    return " ".join(str(text).split())


# --- reading the bundled index -----------------------------------------------------------

class BundledStore:
    """The bundled index, read lazily (the header at once, the sections on first use)."""

    def __init__(self, path):
        self.path = str(path)
        self._lock = threading.Lock()
        self._data: Optional[bytes] = None
        self._sections: dict = {}
        self._grid: Optional[dict] = None
        self._header = self._read_header()
        h = self._header
        self.arab_countries = frozenset(h.get("arab_countries", ()))
        self._countries = h["countries"]
        self._country_pos = {c: i for i, c in enumerate(self._countries)}
        self._iso2 = {iso2: iso3 for iso3, iso2 in zip(self._countries, h["country_iso2"]) if iso2}
        self._iso3 = {iso3: iso2 for iso2, iso3 in self._iso2.items()}
        self._country_gid = {iso3: gid for iso3, gid in zip(self._countries, h["country_gid"]) if gid}
        self._fcodes = [tuple(f.split(".", 1)) for f in h["fcodes"]]
        self._entries = {e["name"]: e for e in h["sections"]}

    def _fail(self, reason: str) -> RedlineError:
        return RedlineError(Errors.E461, EXIT_CONFIG, path=self.path, reason=reason)

    def _read_header(self) -> dict:
        try:
            with open(self.path, "rb") as f:
                start = f.read(len(MAGIC) + 4)
                if len(start) < len(MAGIC) + 4 or not start.startswith(MAGIC):
                    raise self._fail("not a redline gazetteer index")
                (size,) = struct.unpack("<I", start[len(MAGIC):])
                header = json.loads(f.read(size).decode("utf-8"))
        except OSError as exc:
            raise self._fail(exc.strerror or str(exc)) from exc
        except ValueError as exc:
            raise self._fail(f"bad header ({exc})") from exc
        if header.get("format") != FORMAT:
            raise self._fail(f"format {header.get('format')!r}, expected {FORMAT!r}")
        header["_base"] = len(MAGIC) + 4 + size
        return header

    def _section(self, name: str):
        value = self._sections.get(name)
        if value is not None:
            return value
        with self._lock:
            if name in self._sections:
                return self._sections[name]
            if self._data is None:
                try:
                    with open(self.path, "rb") as f:
                        self._data = f.read()
                except OSError as exc:
                    raise self._fail(exc.strerror or str(exc)) from exc
            entry = self._entries[name]
            start = self._header["_base"] + entry["offset"]
            try:
                raw = zlib.decompress(self._data[start:start + entry["clen"]])
            except zlib.error as exc:
                raise self._fail(f"section {name} is corrupt ({exc})") from exc
            if entry["type"] == "text":
                text = raw.decode("utf-8")
                value = text.split("\n") if text else []
            else:
                value = array(_TYPECODES[entry["type"]])
                value.frombytes(raw)
                if sys.byteorder != "little":
                    value.byteswap()
            self._sections[name] = value
            if len(self._sections) == len(self._entries):
                self._data = None  # every section is decoded: the file's bytes are no longer needed
            return value

    def load(self) -> "BundledStore":
        """Read the sections a name lookup needs (done by the first lookup anyway)."""
        for name in ("keys", "key_off", "key_post", "code_keys", "place_gid"):
            self._section(name)
        return self

    # --- the store interface -------------------------------------------------------------
    def _postings(self, which: str, key: str) -> list[int]:
        keys = self._section(f"{which}_keys" if which == "code" else "keys")
        i = bisect.bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return []
        off, post = self._section(f"{which}_off"), self._section(f"{which}_post")
        return list(post[off[i]:off[i + 1]])

    def gids_for_key(self, key: str) -> list[int]:
        gid = self._section("place_gid")
        return [gid[i] for i in self._postings("key", key)]

    def gids_for_code(self, code: str) -> list[int]:
        gid = self._section("place_gid")
        return [gid[i] for i in self._postings("code", code)]

    def _index_of(self, geonameid: int) -> Optional[int]:
        gids = self._section("gid_sorted")
        i = bisect.bisect_left(gids, geonameid)
        if i < len(gids) and gids[i] == geonameid:
            return self._section("gid_order")[i]
        return None

    def get(self, geonameid: int) -> Optional[Place]:
        i = self._index_of(int(geonameid))
        return None if i is None else self._place(i)

    def _place(self, i: int) -> Place:
        s = self._section
        country = s("place_country")[i]
        admin1 = s("place_admin1")[i]
        fclass, fcode = self._fcodes[s("place_fcode")[i]]
        return Place(
            geonameid=s("place_gid")[i],
            name=s("place_name")[i],
            lat=s("place_lat")[i] / SCALE,
            lon=s("place_lon")[i] / SCALE,
            country=None if country == NONE16 else self._countries[country],
            admin1=None if admin1 == NONE32 else s("admin1_names")[admin1],
            feature_class=fclass,
            feature_code=fcode,
            population=s("place_pop")[i],
        )

    def country_gid(self, iso3: str) -> Optional[int]:
        return self._country_gid.get(iso3)

    def iso3_of(self, iso2: Optional[str]) -> Optional[str]:
        return self._iso2.get(iso2) if iso2 else None

    def iso2_of(self, iso3: Optional[str]) -> Optional[str]:
        return self._iso3.get(iso3) if iso3 else None

    def admin1_name(self, code: str) -> Optional[str]:
        codes = self._section("admin1_codes")
        i = bisect.bisect_left(codes, code)
        if i < len(codes) and codes[i] == code:
            return self._section("admin1_names")[i]
        return None

    def gids_near(self, lat: float, lon: float, km: float) -> list[int]:
        keys, order = self._grid_index()
        gid = self._section("place_gid")
        found = []
        for a, b in _cells(lat, lon, km):
            key = _cell_key(a, b)
            lo, hi = np.searchsorted(keys, key, "left"), np.searchsorted(keys, key, "right")
            found.extend(gid[i] for i in order[lo:hi].tolist())
        return found

    def _grid_index(self):
        """Places sorted by their one-degree cell: (sorted cell keys, place indexes in that order)."""
        if self._grid is None:
            lats = np.frombuffer(self._section("place_lat"), dtype=self._section("place_lat").typecode)
            lons = np.frombuffer(self._section("place_lon"), dtype=self._section("place_lon").typecode)
            keys = _cell_key(np.floor_divide(lats, SCALE), np.floor_divide(lons, SCALE))
            order = np.argsort(keys, kind="stable")
            self._grid = (keys[order], order)
        return self._grid


def _cell_key(lat_cell, lon_cell):
    """One integer for a one-degree cell (works on numbers and numpy arrays alike)."""
    return (lat_cell + 90) * 1000 + (lon_cell + 180)


def _cells(lat: float, lon: float, km: float):
    """The 1-degree cells a circle of ``km`` around (lat, lon) may touch."""
    dlat = km / 110.0 + 1
    lat0, lat1 = max(-90, math.floor(lat - dlat)), min(89, math.floor(lat + dlat))
    coslat = min(math.cos(math.radians(min(89.9, abs(lat) + dlat))), 1.0)
    dlon = km / (111.32 * max(coslat, 1e-6)) + 1
    if dlon >= 180:
        lons = range(-180, 180)
    else:
        lons = sorted({((x + 180) % 360) - 180 for x in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1)})
    for a in range(lat0, lat1 + 1):
        for b in lons:
            yield (a, b)


@functools.lru_cache(maxsize=1)
def bundled_store() -> BundledStore:
    from redline.datafiles import data_path

    return BundledStore(data_path("gazetteer", BUNDLED_NAME))


# --- user gazetteers (SQLite) ------------------------------------------------------------

USER_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (gid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT, admin1 TEXT, fclass TEXT, fcode TEXT, population INTEGER);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, gid INTEGER NOT NULL, PRIMARY KEY (key, gid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS codes (code TEXT NOT NULL, gid INTEGER NOT NULL, PRIMARY KEY (code, gid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin1 (code TEXT PRIMARY KEY, name TEXT NOT NULL, gid INTEGER);
CREATE INDEX IF NOT EXISTS places_lat ON places (lat);
"""


class UserStore:
    """A user gazetteer written by ``redline gazetteer import`` (read-only here)."""

    def __init__(self, path: Path):
        self.path = str(path)
        self._conn: Optional[sqlite3.Connection] = None
        self.resolve_admin1 = lambda code: None  # set by the Gazetteer: names admin1 codes
        self.iso3_of = lambda iso2: None  # set by the Gazetteer: ISO alpha-2 -> alpha-3

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            if not Path(self.path).is_file():
                raise RedlineError(Errors.E461, EXIT_CONFIG, path=self.path, reason="no such file")
            try:
                conn = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=ro", uri=True,
                                       check_same_thread=False)
                row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            except sqlite3.DatabaseError as exc:
                raise RedlineError(Errors.E461, EXIT_CONFIG, path=self.path, reason=str(exc)) from exc
            if not row or row[0] != USER_FORMAT:
                raise RedlineError(Errors.E461, EXIT_CONFIG, path=self.path,
                                   reason=f"not a redline user gazetteer ({USER_FORMAT})")
            self._conn = conn
        return self._conn

    def _query(self, sql: str, args=()) -> list:
        try:
            return self._db().execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RedlineError(Errors.E461, EXIT_CONFIG, path=self.path, reason=str(exc)) from exc

    def gids_for_key(self, key: str) -> list[int]:
        return [r[0] for r in self._query("SELECT gid FROM names WHERE key = ?", (key,))]

    def gids_for_code(self, code: str) -> list[int]:
        return [r[0] for r in self._query("SELECT gid FROM codes WHERE code = ?", (code,))]

    def get(self, geonameid: int) -> Optional[Place]:
        rows = self._query("SELECT gid, name, lat, lon, country, admin1, fclass, fcode, population "
                           "FROM places WHERE gid = ?", (int(geonameid),))
        if not rows:
            return None
        gid, name, lat, lon, iso2, admin1, fclass, fcode, population = rows[0]
        if fcode in ("ADM1", "ADM1H") and admin1:
            admin1_name = self.admin1_name(admin1) or self.resolve_admin1(admin1) or name
        else:
            admin1_name = (self.admin1_name(admin1) or self.resolve_admin1(admin1)) if admin1 else None
        return Place(gid, name, float(lat), float(lon), self.iso3_of(iso2), admin1_name,
                     fclass or "", fcode or "", int(population or 0))

    def admin1_name(self, code: str) -> Optional[str]:
        rows = self._query("SELECT name FROM admin1 WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def gids_near(self, lat: float, lon: float, km: float) -> list[int]:
        dlat = km / 110.0
        dlon = km / (111.32 * max(math.cos(math.radians(min(89.9, abs(lat) + dlat))), 1e-6))
        sql = "SELECT gid FROM places WHERE lat BETWEEN ? AND ?"
        args: tuple = (lat - dlat, lat + dlat)
        if dlon < 180:
            lo, hi = lon - dlon, lon + dlon
            if lo < -180 or hi > 180:
                lo, hi = ((lo + 180) % 360) - 180, ((hi + 180) % 360) - 180
                sql += " AND (lon >= ? OR lon <= ?)"
            else:
                sql += " AND lon BETWEEN ? AND ?"
            args += (lo, hi)
        return [r[0] for r in self._query(sql, args)]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


__all__ = ["BundledStore", "UserStore", "bundled_store", "write_index", "name_keys", "ARAB_COUNTRIES",
           "USER_SCHEMA", "USER_FORMAT", "classify_alt_name", "is_latin", "USER_DB_NAME", "BUNDLED_NAME", "ARTICLES", "code_of"]
