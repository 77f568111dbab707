"""``redline gazetteer import``: GeoNames dumps into a user gazetteer (SQLite).

Accepted, as GeoNames publishes them (zipped or not):

* geoname tables (19 tab-separated columns): ``allCountries.zip``, ``cities500.zip``,
  ``cities1000.zip`` ..., the per-country ``XX.zip``;
* ``alternateNamesV2.zip`` (10 columns) or the older ``alternateNames.zip`` (8 columns);
* ``admin1CodesASCII.txt`` (code "US.LA", name, ASCII name, geonameid).

Files are streamed line by line (allCountries is 1.5 GB unzipped) into the SQLite
file, which stays on disk: memory does not grow with the dump. Geoname tables are
read first, then the admin1 names, then the alternate names, whatever the order on
the command line; alternate names of places that are neither in the user gazetteer
nor in the bundled one are dropped. Names are filtered like the bundled index's
(Latin script, no URLs, no airport codes; see :func:`classify_alt_name`). A later
import overrides earlier entries with the same geonameid, and the user gazetteer
overrides the bundled one.
"""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from redline.errors import EXIT_CONFIG, EXIT_NO_INPUT, Errors, RedlineError
from redline.geo.gazetteer import code_of, load_gazetteer, normalize_name, strip_article, user_gazetteer_dir
from redline.geo.gazetteer_store import (
    USER_DB_NAME, USER_FORMAT, USER_SCHEMA, bundled_store, classify_alt_name, name_keys,
)

#: Feature codes whose short all-capital alternate names are kept as codes ("US", "NSW").
ADMIN_CODES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCLH", "TERR", "ADM1", "ADM1H"})
#: alternateNames "languages" that are not names: links, postal codes, airport and other codes.
SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt", "phon", "fr_1793"})
KINDS = {"geonames": "geoname table", "admin1": "admin1CodesASCII", "alternates": "alternateNames"}
MAX_WARNINGS = 20
BATCH = 20_000
_ADMIN1_CODE = re.compile(r"^[A-Z]{2}\.[^.\s]+$")


@dataclass
class ImportResult:
    out: Path
    places: int = 0
    names: int = 0
    admin1: int = 0
    alternate_names: int = 0
    skipped_lines: int = 0
    warnings: list[str] = field(default_factory=list)


def default_output() -> Path:
    return user_gazetteer_dir() / USER_DB_NAME


def _target(out: Optional[str | Path]) -> Path:
    if out is None:
        return default_output()
    out = Path(out)
    return out if out.suffix.lower() in (".sqlite", ".db", ".sqlite3") else out / USER_DB_NAME


# --- reading GeoNames files ----------------------------------------------------------------

@contextmanager
def _open_text(path: Path) -> Iterator[Iterable[str]]:
    """The lines of a GeoNames file, or of the data file inside a GeoNames zip."""
    if not path.exists():
        raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason="no such file")
    if path.is_dir():
        raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason="it is a directory")
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                member = _data_member(archive, path)
                with archive.open(member) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
        elif path.suffix.lower() == ".zip":
            raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason="not a zip archive")
        else:
            with open(path, encoding="utf-8", newline="") as f:
                yield f
    except UnicodeDecodeError as exc:
        raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason=f"not UTF-8 text ({exc.reason})") from exc
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason=str(exc)) from exc


def _data_member(archive: zipfile.ZipFile, path: Path) -> str:
    texts = [n for n in archive.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
    if not texts:
        raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason="the zip holds no .txt data file")
    stem = path.stem.lower()
    return next((n for n in texts if Path(n).stem.lower() == stem), texts[0])


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if line and not line.startswith("#"):
            yield number, line.split("\t")


def classify_file(path: Path) -> str:
    """"geonames", "alternates" or "admin1", from the first data line; E462 otherwise."""
    with _open_text(path) as lines:
        first = next(_rows(lines), None)
    if first is None:
        raise RedlineError(Errors.E462, EXIT_NO_INPUT, path=str(path), reason="it holds no data line")
    cols = first[1]
    if len(cols) == 19 and cols[0].isdigit():
        return "geonames"
    if len(cols) in (8, 10) and cols[0].isdigit() and cols[1].isdigit():
        return "alternates"
    if len(cols) == 4 and _ADMIN1_CODE.match(cols[0]) and cols[3].strip().isdigit():
        return "admin1"
    raise RedlineError(
        Errors.E462, EXIT_NO_INPUT, path=str(path),
        reason=f"its first line has {len(cols)} tab-separated columns; expected 19 (a geoname table), "
               "10 (alternateNamesV2) or 4 (admin1CodesASCII)",
    )


# --- the import ---------------------------------------------------------------------------------

class _Importer:
    def __init__(self, conn: sqlite3.Connection, result: ImportResult):
        self.conn = conn
        self.result = result
        self.bundled = bundled_store()
        self.places: list = []
        self.names: list = []
        self.codes: list = []

    def warn(self, path: Path, line: int, kind: str, reason: str) -> None:
        self.result.skipped_lines += 1
        if len(self.result.warnings) < MAX_WARNINGS:
            self.result.warnings.append(Errors.E463.format(line=line, path=path, kind=kind, reason=reason))

    def flush(self) -> None:
        if self.places:
            self.conn.executemany("INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self.places)
        if self.names:
            cur = self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", self.names)
            self.result.names += max(cur.rowcount, 0)
        if self.codes:
            self.conn.executemany("INSERT OR IGNORE INTO codes VALUES (?, ?)", self.codes)
        self.places, self.names, self.codes = [], [], []

    def add_names(self, gid: int, names: Iterable[str], country3: Optional[str], admin: bool) -> None:
        kept = []
        for name in names:
            kind = classify_alt_name(name, admin=admin)
            if kind == "code":
                code = code_of(name.strip())
                self.codes.append((code, gid))
                if len(code) >= 3:
                    kept.append(code)
            elif kind == "name":
                kept.append(name)
        self.names.extend((key, gid) for key in name_keys(kept, country3))

    # --- geoname tables ------------------------------------------------------------------------
    def geonames(self, path: Path) -> None:
        with _open_text(path) as lines:
            for number, cols in _rows(lines):
                if len(cols) != 19:
                    self.warn(path, number, "geoname", f"{len(cols)} columns, expected 19")
                    continue
                try:
                    gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
                    population = int(cols[14] or 0)
                except ValueError as exc:
                    self.warn(path, number, "geoname", str(exc))
                    continue
                if not cols[1] or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    self.warn(path, number, "geoname", "no name or coordinates out of range")
                    continue
                fclass, fcode, iso2, a1 = cols[6], cols[7], cols[8] or None, cols[10]
                admin1 = f"{iso2}.{a1}" if iso2 and a1 and a1 != "00" else None
                self.places.append((gid, cols[1], lat, lon, iso2, admin1, fclass, fcode, population))
                admin = fcode in ADMIN_CODES
                country3 = self.bundled.iso3_of(iso2)
                self.names.extend((key, gid) for key in name_keys([cols[1], cols[2]], country3))
                self.add_names(gid, cols[3].split(",") if cols[3] else (), country3, admin)
                if admin and fcode in ("PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR") and iso2:
                    self.codes.append((iso2, gid))
                if fcode == "ADM1" and admin1:
                    self.conn.execute("INSERT OR IGNORE INTO admin1 VALUES (?, ?, ?)", (admin1, cols[1], gid))
                self.result.places += 1
                if len(self.places) >= BATCH:
                    self.flush()
        self.flush()

    # --- admin1CodesASCII.txt ----------------------------------------------------------------------
    def admin1(self, path: Path) -> None:
        rows = []
        with _open_text(path) as lines:
            for number, cols in _rows(lines):
                if len(cols) != 4 or not _ADMIN1_CODE.match(cols[0]) or not cols[1]:
                    self.warn(path, number, "admin1 code", f"{len(cols)} columns or a bad code")
                    continue
                gid = int(cols[3]) if cols[3].strip().isdigit() else None
                rows.append((cols[0], cols[1], gid))
        self.conn.executemany("INSERT OR REPLACE INTO admin1 VALUES (?, ?, ?)", rows)
        self.result.admin1 += len(rows)

    # --- alternateNamesV2 ------------------------------------------------------------------------------
    def _place_info(self, gid: int) -> tuple[Optional[str], Optional[str]]:
        """(country ISO3, feature code) of a user or bundled place."""
        row = self.conn.execute("SELECT country, fcode FROM places WHERE gid = ?", (gid,)).fetchone()
        if row:
            return self.bundled.iso3_of(row[0]), row[1]
        place = self.bundled.get(gid)
        return (place.country, place.feature_code) if place else (None, None)

    def alternates(self, path: Path) -> None:
        with _open_text(path) as lines:
            for number, cols in _rows(lines):
                if len(cols) not in (8, 10) or not cols[1].isdigit():
                    self.warn(path, number, "alternate name", f"{len(cols)} columns, expected 10")
                    continue
                lang, name = cols[2], cols[3]
                if lang in SKIP_LANGS:
                    continue
                gid = int(cols[1])
                kind = classify_alt_name(name, admin=False)
                if kind is None and code_of(name.strip()) and len(code_of(name.strip())) >= 2:
                    if self._place_info(gid)[1] in ADMIN_CODES:
                        self.codes.append((code_of(name.strip()), gid))
                    continue
                if kind != "name":
                    continue
                # The country matters only for the article-less form of an Arabic name.
                country3 = self._place_info(gid)[0] if strip_article(normalize_name(name)) else None
                self.names.extend((key, gid) for key in name_keys([name], country3))
                self.result.alternate_names += 1
                if len(self.names) >= BATCH:
                    self.flush()
        self.flush()

    def drop_unknown(self) -> None:
        """Alternate names of places in neither the user nor the bundled gazetteer are useless."""
        self.conn.execute("CREATE TEMP TABLE bundled (gid INTEGER PRIMARY KEY)")
        gids = self.bundled._section("place_gid")
        self.conn.executemany("INSERT OR IGNORE INTO temp.bundled VALUES (?)", ((g,) for g in gids))
        for table in ("names", "codes"):
            self.conn.execute(f"DELETE FROM {table} WHERE gid NOT IN (SELECT gid FROM places) "
                              "AND gid NOT IN (SELECT gid FROM temp.bundled)")
        self.conn.execute("DROP TABLE temp.bundled")


def _connect(target: Path) -> sqlite3.Connection:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        existed = target.exists()
        conn = sqlite3.connect(str(target))
        if existed:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if not row or row[0] != USER_FORMAT:
                conn.close()
                raise RedlineError(Errors.E461, EXIT_CONFIG, path=str(target),
                                   reason=f"it exists and is not a redline user gazetteer ({USER_FORMAT})")
        conn.executescript(USER_SCHEMA)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (USER_FORMAT,))
        return conn
    except sqlite3.DatabaseError as exc:
        raise RedlineError(Errors.E461, EXIT_CONFIG, path=str(target), reason=str(exc)) from exc
    except OSError as exc:
        raise RedlineError(Errors.E305, EXIT_CONFIG, path=str(target), reason=exc.strerror or str(exc)) from exc


def import_geonames(paths: Iterable[str | Path], out: Optional[str | Path] = None) -> ImportResult:
    """Import GeoNames dumps into the user gazetteer (default: the user gazetteer folder)."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise RedlineError(Errors.E464, EXIT_NO_INPUT)
    kinds = {path: classify_file(path) for path in paths}  # every file is checked before writing
    target = _target(out)
    result = ImportResult(out=target)
    conn = _connect(target)
    importer = _Importer(conn, result)
    try:
        with conn:  # one transaction: a failed import leaves the gazetteer as it was
            for kind in ("geonames", "admin1", "alternates"):
                for path in (p for p in paths if kinds[p] == kind):
                    getattr(importer, kind)(path)
            if "alternates" in kinds.values():
                importer.drop_unknown()
    except sqlite3.DatabaseError as exc:
        raise RedlineError(Errors.E305, EXIT_CONFIG, path=str(target), reason=str(exc)) from exc
    finally:
        conn.close()
    load_gazetteer.cache_clear()
    if result.skipped_lines > len(result.warnings):
        result.warnings.append(f"... {result.skipped_lines} malformed lines were skipped in all.")
    return result


__all__ = ["import_geonames", "ImportResult", "classify_file", "default_output"]
