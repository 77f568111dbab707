"""``redline events``: the stored events that match a query, in table, CSV, JSONL or GeoJSON form.

Filters combine with AND. ``since``/``until`` keep the events whose date range (a week or a
month is a range) overlaps the window, so undated events are left out when either is given.
``near`` keeps events located within ``km`` of a point (great-circle distance).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence, TextIO

from sqlalchemy import Boolean
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from redline.errors import EXIT_USAGE, Errors, RedlineError

FORMATS = ("table", "csv", "jsonl", "geojson", "acled")

# The columns of the flat formats (CSV, table, GeoJSON properties), in order.
COLUMNS = (
    "document_id", "event_id", "date", "date_precision", "type", "quad", "score", "confidence",
    "source_code", "source_name", "target_code", "target_name", "place", "country", "lat", "lon", "geo_precision",
    "negated", "hypothetical", "future", "asserted",
    "trigger", "sentence", "evidence_start", "evidence_end", "published", "title", "url", "outlet",
)


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


def make_query(countries=(), actors=(), types=(), since=None, until=None, near=None, limit=None, text=None,
               offset=0) -> EventQuery:
    """An :class:`EventQuery` from command-line values (comma lists allowed, dates checked)."""
    from redline.api import check_date

    return EventQuery(
        countries=tuple(c.upper() for c in _split(countries)),
        actors=_split(actors),
        types=tuple(t.upper() for t in _split(types)),
        since=check_date(since),
        until=check_date(until),
        near=parse_near(near) if isinstance(near, str) else near,
        limit=limit,
        text=(text.strip() or None) if text else None,
        offset=offset,
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


def query_events(store, query: EventQuery, with_modes: bool = False) -> Iterator[dict]:
    """The matching events as flat dicts with the :data:`COLUMNS` keys, in a stable order.

    ``with_modes``: each also has ``modes``, the event's PLOVER modes."""
    from redline.geo.gazetteer import haversine_km

    returned = 0
    skipped = 0
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
                return
            returned += 1
            flat = _flat(row)
            if with_modes:
                flat["modes"] = _modes(conn, row["document_id"], row["event_id"])
            yield flat


def _modes(conn, document_id: str, event_id: str) -> list[str]:
    from sqlalchemy import select

    from redline.store.schema import event_modes

    return list(conn.execute(select(event_modes.c.mode).where(
        event_modes.c.document_id == document_id, event_modes.c.event_id == event_id)).scalars())


def _flat(row) -> dict:
    return {
        "document_id": row["document_id"], "event_id": row["event_id"],
        "date": row["date_value"], "date_precision": row["date_precision"],
        "type": row["type"], "quad": row["quad"], "score": row["score"], "confidence": row["confidence"],
        "source_code": row["source_code"], "source_name": row["source_name"],
        "target_code": row["target_code"], "target_name": row["target_name"],
        "place": row["place_name"], "country": row["country"], "lat": row["lat"], "lon": row["lon"],
        "geo_precision": row["geo_precision"],
        "trigger": row["trigger_text"], "sentence": row["sentence"],
        "evidence_start": row["evidence_start"], "evidence_end": row["evidence_end"],
        "negated": row["negated"], "hypothetical": row["hypothetical"], "future": row["future"],
        "asserted": row["asserted"],
        "published": row["published"], "title": row["title"], "url": row["url"], "outlet": row["outlet"],
    }


def write_events(rows: Iterator[dict], output_format: str, out: TextIO) -> int:
    """Write the rows in ``output_format``; returns how many were written."""
    if output_format not in FORMATS:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=output_format, choices=", ".join(FORMATS))
    count = 0
    if output_format == "acled":
        from redline.store.acled import write_acled

        return write_acled(rows, out)
    if output_format == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
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
    for column in ("date", "type", "source", "target", "place", "trigger", "document"):
        table.add_column(column)
    count = 0
    for row in rows:
        count += 1
        table.add_row(
            row["date"] or "", row["type"], _actor(row["source_code"], row["source_name"]),
            _actor(row["target_code"], row["target_name"]),
            ", ".join(x for x in (row["place"], row["country"]) if x), row["trigger"], row["document_id"],
        )
    Console(file=out, highlight=False, width=160).print(table)
    return count


def _actor(code: Optional[str], name: Optional[str]) -> str:
    if code and name:
        return f"{name} [{code}]"
    return code or name or ""


def events_command(db: str, *, out: TextIO, output_format: str = "table", **filters) -> int:
    """The body of ``redline events``: query the store at ``db`` and write the events."""
    from redline.store import open_store

    query = make_query(**filters)
    with open_store(db, create=False) as store:
        return write_events(query_events(store, query, with_modes=output_format == "acled"), output_format, out)
