"""``redline events``: the stored events that match a query, in table, CSV, JSONL or GeoJSON form.

Filters combine with AND. ``since``/``until`` keep the events whose date range (a week or a
month is a range) overlaps the window, so undated events are left out when either is given.
``near`` keeps events located within ``km`` of a point (great-circle distance).
"""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence, TextIO

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from redline.errors import EXIT_CONFIG, EXIT_USAGE, Errors, RedlineError

FORMATS = ("table", "csv", "jsonl", "geojson", "acled", "plover", "parquet")
BINARY_FORMATS = ("parquet",)

# The columns of the flat formats (CSV, JSONL, Parquet, GeoJSON properties, the web API), in order. Dates
# are ISO days: the first and last day the event can be (a week or a month is a range, never a day),
# with the precision and the basis of the date. The list columns (every source and target, the modes,
# the counts' words) are lists in JSONL, GeoJSON and Parquet and '|'-separated in CSV. Counts are the
# event's own (the low end of a range; cumulative totals and vague counts are not numbers) and empty
# when the text states none.
COLUMNS = (
    "document_id", "event_id", "date_start", "date_end", "date_precision", "date_basis",
    "type", "modes", "quad", "score", "confidence", "rule",
    "source_code", "source_name", "source_sector", "source_codes", "source_names", "source_sectors",
    "target_code", "target_name", "target_sector", "target_codes", "target_names", "target_sectors",
    "place", "admin1", "country", "lat", "lon", "geo_precision",
    "killed", "injured", "casualties", "arrested", "kidnapped", "displaced", "vague_counts", "count_evidence",
    "negated", "hypothetical", "future", "asserted",
    "story_id", "corroboration",
    "trigger", "evidence", "sentence", "evidence_start", "evidence_end", "published", "title", "url", "outlet",
)
LIST_COLUMNS = frozenset({"modes", "source_codes", "source_names", "source_sectors", "target_codes", "target_names",
                          "target_sectors", "vague_counts", "count_evidence"})
COUNT_KINDS = ("killed", "injured", "casualties", "arrested", "kidnapped", "displaced")
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class EventQuery:
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # actor codes (TUR) or names, as source or target
    types: tuple[str, ...] = ()
    since: Optional[str] = None  # YYYY-MM-DD
    until: Optional[str] = None
    near: Optional[tuple[float, float, float]] = None  # lat, lon, km
    limit: Optional[int] = None
    text: Optional[str] = None  # case-insensitive substring of the trigger, an actor, the place or the title
    offset: int = 0  # events skipped before the first one returned (pagination)


def parse_near(value: Optional[str]) -> Optional[tuple[float, float, float]]:
    """``"LAT,LON,KM"`` to numbers (E354 when it is not that)."""
    if value is None:
        return None
    try:
        lat, lon, km = (float(part) for part in value.split(","))
    except ValueError as exc:
        raise RedlineError(Errors.E354, EXIT_USAGE, value=value) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise RedlineError(Errors.E354, EXIT_USAGE, value=value)
    return lat, lon, km


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


LARGEST_SQL_INTEGER = 2 ** 63 - 1


def check_count(value: Optional[int], option: str) -> Optional[int]:
    """A limit or offset a database can take (0 to 2^63 - 1), or E113."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST_SQL_INTEGER:
        raise RedlineError(Errors.E113, EXIT_USAGE, option=option, largest=LARGEST_SQL_INTEGER, value=value)
    return value


def check_types(values: Sequence[str]) -> tuple[str, ...]:
    """PLOVER event types in any case, or E112 listing the valid ones."""
    from typing import get_args

    from redline.model import PloverType

    known = get_args(PloverType)
    types = tuple(t.upper() for t in values)
    for given, upper in zip(values, types):
        if upper not in known:
            raise RedlineError(Errors.E112, EXIT_USAGE, value=given, choices=", ".join(known))
    return types


def make_query(countries=(), actors=(), types=(), since=None, until=None, near=None, limit=None, text=None,
               offset=0) -> EventQuery:
    """An :class:`EventQuery` from command-line values (comma lists allowed; dates, types, countries
    (codes or names) and counts checked)."""
    from redline.api import check_country, check_date

    return EventQuery(
        countries=tuple(check_country(c) for c in _split(countries)),
        actors=_split(actors),
        types=check_types(_split(types)),
        since=check_date(since, "since date"),
        until=check_date(until, "until date"),
        near=parse_near(near) if isinstance(near, str) else near,
        limit=check_count(limit, "--limit"),
        text=(text.strip() or None) if text else None,
        offset=check_count(offset, "offset") or 0,
    )


def event_conditions(query: EventQuery) -> list:
    """The SQL conditions of the query's filters (all but the exact ``near`` distance) over the ``events``
    table alone: the one definition the listing and every aggregate of the corpus share. No join: the
    aggregates of a large store read the events only."""
    from sqlalchemy import and_, func, or_, select, tuple_

    from redline.store.schema import documents, event_actors, events

    conditions = []
    if query.countries:
        conditions.append(events.c.country.in_(query.countries))
    if query.types:
        conditions.append(events.c.type.in_(query.types))
    if query.actors:
        codes = [a.upper() for a in query.actors]
        names = [a.lower() for a in query.actors]
        # The event's first coded source and target (its own indexed columns) answer most matches; the
        # actors' table is asked, through its indexes, only for the others: a coded actor after the first
        # of its side, or a name.
        others = select(event_actors.c.document_id, event_actors.c.event_id).where(
            or_(and_(event_actors.c.code.in_(codes), event_actors.c.position > 0),
                func.lower(event_actors.c.name).in_(names), func.lower(event_actors.c.text).in_(names)))
        conditions.append(or_(events.c.source_code.in_(codes), events.c.target_code.in_(codes),
                              tuple_(events.c.document_id, events.c.event_id).in_(others)))
    if query.since:
        conditions.append(events.c.date_end >= query.since)
    if query.until:
        conditions.append(events.c.date_start <= query.until)
    if query.text:
        titled = select(documents.c.id).where(contains_text(documents.c.title, query.text))
        conditions.append(or_(*(contains_text(column, query.text) for column in (
            events.c.trigger_text, events.c.source_name, events.c.target_name, events.c.place_name)),
            events.c.document_id.in_(titled)))
    if query.near:
        lat, lon, km = query.near
        # a box around the circle for the index; the exact distance is checked in Python
        dlat = km / 111.0
        dlon = km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat) + dlat))))
        conditions.append(and_(events.c.lat.between(lat - dlat, lat + dlat), events.c.lon.isnot(None)))
        if dlon < 180:
            low, high = lon - dlon, lon + dlon
            if low < -180 or high > 180:  # the box crosses the antimeridian
                conditions.append(or_(events.c.lon >= (low + 540) % 360 - 180,
                                      events.c.lon <= (high + 540) % 360 - 180))
            else:
                conditions.append(events.c.lon.between(low, high))
    return conditions


class ContainsText(ColumnElement):
    """``column`` contains ``text``, ignoring case, with LIKE's % and _ in ``text`` taken literally.

    SQLite's LIKE already ignores the case of ASCII letters (as its lower() does), so there the
    column is compared as it is, which is several times faster than lower() on every row; other
    databases compare lower(column)."""

    inherit_cache = False
    type = Boolean()

    def __init__(self, column, text: str):
        self.column = column
        escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        self.pattern = f"%{escaped}%"


@compiles(ContainsText)
def _contains_text(element, compiler, **kw):
    from sqlalchemy import func

    return compiler.process(func.lower(element.column).like(element.pattern, escape="\\"), **kw)


@compiles(ContainsText, "sqlite")
def _contains_text_sqlite(element, compiler, **kw):
    return compiler.process(element.column.like(element.pattern, escape="\\"), **kw)


def contains_text(column, text: str) -> ContainsText:
    return ContainsText(column, text)


def event_order() -> tuple:
    """The order of listed events: by date (undated first), then document and position in it. The store
    has an index in this order (schema version 5), so a page is read without sorting the events."""
    from sqlalchemy import func, literal_column

    from redline.store.schema import events

    # a literal, not a bound parameter, so that the database matches the expression of the index
    return (func.coalesce(events.c.date_start, literal_column("''")), events.c.document_id, events.c.evidence_start,
            events.c.trigger_start, events.c.event_id)


def _statement(query: EventQuery):
    from sqlalchemy import select, tuple_

    from redline.store.schema import documents, events

    conditions = event_conditions(query)
    statement = select(events, documents.c.published, documents.c.title, documents.c.url,
                       documents.c.source.label("outlet")).join(documents, documents.c.id == events.c.document_id)
    paged = query.near is None and (query.offset or query.limit is not None)
    if paged:
        # the page's keys first, from the events alone; then only its rows are joined with their documents
        keys = select(events.c.document_id, events.c.event_id).where(*conditions).order_by(*event_order())
        if query.offset:
            keys = keys.offset(query.offset)
        if query.limit is not None:
            keys = keys.limit(query.limit)
        statement = statement.where(tuple_(events.c.document_id, events.c.event_id).in_(keys))
    else:  # everything (an export), or a ``near`` query whose exact distance is checked in Python
        statement = statement.where(*conditions)
    return statement.order_by(*event_order())


def query_events(store, query: EventQuery) -> Iterator[dict]:
    """The matching events as flat dicts with the :data:`COLUMNS` keys, in a stable order.

    Each event's other rows (all its actors, modes, counts and story) are read for a batch of events at a
    time."""
    from redline.geo.gazetteer import haversine_km

    returned = 0
    skipped = 0
    batch: list = []
    with store.engine.connect() as conn:
        for row in conn.execute(_statement(query)).mappings():
            if query.near:
                lat, lon, km = query.near
                if haversine_km(lat, lon, row["lat"], row["lon"]) > km:
                    continue
                if skipped < query.offset:
                    skipped += 1
                    continue
            if query.limit is not None and returned >= query.limit:
                break
            returned += 1
            batch.append(dict(row))
            if len(batch) == _BATCH:
                yield from _flat_rows(store, batch)
                batch = []
        if batch:
            yield from _flat_rows(store, batch)


_BATCH = 500


def _flat_rows(store, rows: list[dict]) -> Iterator[dict]:
    """The flat dicts of a batch of event rows, with each event's actors, modes, counts and story."""
    from sqlalchemy import select, tuple_

    from redline.store.schema import event_actors, event_casualties, event_modes, stories, story_events

    keys = [(r["document_id"], r["event_id"]) for r in rows]
    actors: dict[tuple, dict[str, list]] = {}
    modes: dict[tuple, list[str]] = {}
    counts: dict[tuple, list] = {}
    story: dict[tuple, tuple] = {}
    with store.engine.connect() as conn:
        def where(table):
            return tuple_(table.c.document_id, table.c.event_id).in_(keys)

        for actor in conn.execute(select(event_actors).where(where(event_actors)).order_by(
                event_actors.c.document_id, event_actors.c.event_id, event_actors.c.role, event_actors.c.position)).mappings():
            actors.setdefault((actor["document_id"], actor["event_id"]), {"source": [], "target": []})[actor["role"]].append(actor)
        for doc_id, event_id, mode in conn.execute(select(event_modes).where(where(event_modes)).order_by(
                event_modes.c.document_id, event_modes.c.event_id, event_modes.c.mode)):
            modes.setdefault((doc_id, event_id), []).append(mode)
        for count in conn.execute(select(event_casualties).where(where(event_casualties)).order_by(
                event_casualties.c.document_id, event_casualties.c.event_id, event_casualties.c.position)).mappings():
            counts.setdefault((count["document_id"], count["event_id"]), []).append(count)
        for doc_id, event_id, story_id, corroboration in conn.execute(
                select(story_events.c.document_id, story_events.c.event_id, stories.c.id, stories.c.corroboration)
                .join(stories, stories.c.id == story_events.c.story_id).where(where(story_events))):
            story[(doc_id, event_id)] = (story_id, corroboration)
    for row, key in zip(rows, keys):
        yield _flat(row, actors.get(key, {"source": [], "target": []}), modes.get(key, []), counts.get(key, []),
                    story.get(key, (None, None)))


def _flat(row, actors: dict, modes: list[str], counts: list, story: tuple) -> dict:
    from redline.store.rows import own_count

    flat = {
        "document_id": row["document_id"], "event_id": row["event_id"],
        "date_start": row["date_start"], "date_end": row["date_end"], "date_precision": row["date_precision"],
        "date_basis": row["date_basis"],
        "type": row["type"], "modes": modes, "quad": row["quad"], "score": row["score"],
        "confidence": row["confidence"], "rule": row["rule"],
        "source_code": row["source_code"], "source_name": row["source_name"], "source_sector": row["source_sector"],
        "target_code": row["target_code"], "target_name": row["target_name"], "target_sector": row["target_sector"],
        "place": row["place_name"], "admin1": row["admin1"], "country": row["country"], "lat": row["lat"], "lon": row["lon"],
        "geo_precision": row["geo_precision"],
        "negated": row["negated"], "hypothetical": row["hypothetical"], "future": row["future"],
        "asserted": row["asserted"],
        "story_id": story[0], "corroboration": story[1],
        "trigger": row["trigger_text"], "evidence": row["evidence_text"], "sentence": row["sentence"],
        "evidence_start": row["evidence_start"], "evidence_end": row["evidence_end"],
        "published": row["published"], "title": row["title"], "url": row["url"], "outlet": row["outlet"],
    }
    for role in ("source", "target"):
        refs = actors[role]
        flat[f"{role}_codes"] = [a["code"] or "" for a in refs]
        flat[f"{role}_names"] = [a["name"] or a["text"] for a in refs]
        flat[f"{role}_sectors"] = [a["sector"] or "" for a in refs]
    for kind in COUNT_KINDS:
        flat[kind] = own_count(counts, kind)
    flat["vague_counts"] = sorted({c["kind"] for c in counts if c["vague"]})
    flat["count_evidence"] = [f"{c['kind']}{' (total)' if c['total'] else ''}: {c['evidence_text']}" for c in counts]
    return {column: flat[column] for column in COLUMNS}


def date_label(row: dict) -> str:
    """The row's date as ISO 8601 says what it knows (:func:`redline.time.values.iso_label`)."""
    from redline.time.values import iso_label

    return iso_label(row.get("date_start"), row.get("date_end"), row.get("date_precision"))


def write_events(rows: Iterator[dict], output_format: str, out, store=None) -> int:
    """Write the rows in ``output_format``; returns how many were written.

    ``out`` is a text stream, or for a binary format (:data:`BINARY_FORMATS`) a binary one (a
    text stream's ``buffer`` is used). ``plover`` reads each event's document from ``store``."""
    if output_format not in FORMATS:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=output_format, choices=", ".join(FORMATS))
    count = 0
    if output_format == "acled":
        from redline.store.acled import write_acled

        return write_acled(rows, out)
    if output_format == "plover":
        from redline.store.plover import plover_records, write_plover

        return write_plover(plover_records(store, rows), out)
    if output_format == "parquet":
        from redline.store.parquet import write_parquet

        return write_parquet(rows, getattr(out, "buffer", out), COLUMNS)
    if output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: LIST_SEPARATOR.join(v) if k in LIST_COLUMNS else v for k, v in row.items()})
            count += 1
    elif output_format == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    elif output_format == "geojson":
        features = []
        for row in rows:
            count += 1
            geometry = None if row["lat"] is None else {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
            features.append({"type": "Feature", "geometry": geometry, "properties": row})
        out.write(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                             sort_keys=True, indent=1) + "\n")
    else:
        count = _write_table(rows, out)
    return count


def _write_table(rows: Iterator[dict], out: TextIO) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in ("date", "type", "source", "target", "place", "killed", "trigger", "document"):
        table.add_column(column)
    count = 0
    for row in rows:
        count += 1
        when = date_label(row)
        if when and row["date_basis"] == "publication":
            when += " (published)"  # the text gives no date: the event happened before publication
        table.add_row(
            when, row["type"], _actor(row["source_code"], row["source_name"]),
            _actor(row["target_code"], row["target_name"]),
            ", ".join(x for x in (row["place"], row["country"]) if x),
            "" if row["killed"] is None else str(row["killed"]), row["trigger"], row["document_id"],
        )
    Console(file=out, highlight=False, width=160).print(table)
    return count


def _actor(code: Optional[str], name: Optional[str]) -> str:
    if code and name:
        return f"{name} [{code}]"
    return code or name or ""


# the format an --output file's extension asks for when no --format is given
FORMAT_BY_EXTENSION = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".geojson": "geojson",
                       ".parquet": "parquet", ".txt": "table"}


def format_for_output(output: Optional[str]) -> str:
    """The format of ``redline events`` when none is given: the --output file's extension's, else table
    (E302 for an extension that names no format, rather than a table written into a .json file)."""
    if output is None:
        return "table"
    from pathlib import Path

    suffix = Path(output).suffix.lower()
    if suffix in FORMAT_BY_EXTENSION:
        return FORMAT_BY_EXTENSION[suffix]
    raise RedlineError(Errors.E302, EXIT_USAGE, value=suffix or output,
                       choices=", ".join(FORMATS) + " (give --format, or an output file ending in "
                               + ", ".join(FORMAT_BY_EXTENSION) + ")")


def events_command(db: str, *, out: TextIO, output_format: str = "table", output: Optional[str] = None,
                   **filters) -> int:
    """The body of ``redline events``: query the store at ``db`` and write the events to ``out``,
    or to the file ``output``."""
    from redline.store import open_store

    query = make_query(**filters)
    if output is None and output_format in BINARY_FORMATS and out.isatty():
        raise RedlineError(Errors.E358, EXIT_USAGE, format=output_format)
    with open_store(db, create=False) as store:
        rows = query_events(store, query)
        if output is None:
            return write_events(rows, output_format, out, store=store)
        if output_format == "parquet":
            from redline.store.parquet import check_pyarrow

            check_pyarrow()  # before the file is made: a missing extra leaves no empty file behind
        existed = os.path.exists(output)
        try:
            stream = open(output, "wb") if output_format in BINARY_FORMATS else open(output, "w", encoding="utf-8")
        except OSError as exc:
            raise RedlineError(Errors.E305, EXIT_CONFIG, path=output, reason=exc.strerror or str(exc)) from exc
        try:
            with stream:
                return write_events(rows, output_format, stream, store=store)
        except BaseException:
            if not existed:  # a half-written export is worse than none
                os.remove(output)
            raise
