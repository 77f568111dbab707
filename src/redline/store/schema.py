"""The store's one schema (SQLAlchemy Core), the same on SQLite and PostgreSQL, and its migrations.

Each table holds what the corpus queries need as columns; the whole Document JSON is kept in
``documents.json`` so that nothing redline extracted is lost and new columns can be filled from it
by a later migration. Rows of a document are keyed by ``(document_id, <id within the document>)``.

Migrations: :data:`MIGRATIONS` maps each schema version to the function that brings a store
from the version before to it; :func:`migrate` applies the missing ones in order, each in its
own transaction together with the new version number, so a store is never left between two
versions. Later changes are later migrations, never edits of an earlier one. The table objects
below are the latest ones, so a new store's first migration creates them whole; a migration that
adds columns therefore adds them only where they are missing (see ``_v6``).
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

from sqlalchemy import (
    Boolean, Column, Float, ForeignKey, ForeignKeyConstraint, Index, Integer, MetaData, String, Table, Text, insert, select,
)
from sqlalchemy.engine import Connection

metadata = MetaData()

# Execution option marking a connection that will write: on SQLite its transaction begins with
# BEGIN IMMEDIATE (see redline.store._sqlite_transactions).
WRITE_OPTION = "redline_writes"
# PostgreSQL advisory lock key held while migrating, so two processes opening a new store at
# once do not both create its tables.
_MIGRATION_LOCK = 7_302_415_501


@contextmanager
def write_transaction(engine) -> Iterator[Connection]:
    """A transaction that will write, committed at the end (rolled back on an exception).

    On SQLite it holds the write lock from its start, so concurrent writers into one file take
    turns (waiting up to the busy timeout) instead of failing midway."""
    with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        yield conn

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
)

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True, comment="Content hash of the text (Document.document.id)."),
    Column("title", Text),
    Column("published", String(10)),
    Column("source", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("origin", Text, comment="The input the document was first read from."),
    Column("n_events", Integer, nullable=False),
    Column("json", Text, nullable=False, comment="Document.model_dump_json()."),
)

events = Table(
    "events", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("quad", String(24), nullable=False),
    Column("score", Float, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("date_value", String(32)),
    Column("date_precision", String(8)),
    Column("date_start", String(10), comment="First day the date can be (YYYY-MM-DD), for range queries."),
    Column("date_end", String(10)),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("lat_bin", Integer, comment="floor(lat × BINS_PER_DEGREE): the map's finest cell (schema v6)."),
    Column("lon_bin", Integer, comment="floor(lon × BINS_PER_DEGREE) (schema v6)."),
    Column("country", String(3)),
    Column("geo_precision", Integer),
    Column("source_code", String(8)),
    Column("source_sector", String(8)),
    Column("source_name", Text),
    Column("target_code", String(8)),
    Column("target_sector", String(8)),
    Column("target_name", Text),
    Column("negated", Boolean, nullable=False),
    Column("hypothetical", Boolean, nullable=False),
    Column("future", Boolean, nullable=False),
    Column("asserted", Boolean, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, comment="The sentence the event is coded from (schema v7)."),
    Column("date_basis", String(12), comment="explicit | anchored | publication (schema v7)."),
    Column("rule", String(32), comment="The coding rule that decided the event (Provenance.rule, schema v7)."),
    Column("admin1", Text, comment="The first-level division of the event's place, when known (schema v7)."),
    Column("fatalities", Integer, comment="People the event itself killed, by its own counts (the low end of a "
                                          "range; totals and vague counts left out); None when no count (v7)."),
)
Index("ix_events_type", events.c.type)
Index("ix_events_country", events.c.country)
Index("ix_events_date", events.c.date_start)
Index("ix_events_source_code", events.c.source_code)
Index("ix_events_target_code", events.c.target_code)

event_actors = Table(
    "event_actors", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("role", String(8), primary_key=True, comment="source | target"),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("name", Text),
    Column("code", String(8)),
    Column("sector", String(8)),
    Column("actor_id", String(64)),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
)
Index("ix_event_actors_code", event_actors.c.code)

event_casualties = Table(
    "event_casualties", metadata,
    Column("document_id", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("kind", String(12), nullable=False, comment="killed | injured | casualties | arrested | kidnapped | displaced"),
    Column("value", Integer),
    Column("high", Integer),
    Column("qualifier", String(12)),
    Column("vague", Boolean, nullable=False),
    Column("total", Boolean, nullable=False),
    Column("quantity", Text),
    Column("victims_name", Text),
    Column("victims_code", String(8)),
    Column("victims_sector", String(8)),
    Column("evidence_text", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    ForeignKeyConstraint(["document_id", "event_id"], ["events.document_id", "events.event_id"], ondelete="CASCADE"),
)

event_modes = Table(
    "event_modes", metadata,
    Column("document_id", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("mode", String(32), primary_key=True),
    ForeignKeyConstraint(["document_id", "event_id"], ["events.document_id", "events.event_id"], ondelete="CASCADE"),
)

actors = Table(
    "actors", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("code", String(8)),
    Column("sector", String(8)),
    Column("kb_id", Text),
    Column("mentions", Integer, nullable=False),
)
Index("ix_actors_code", actors.c.code)

places = Table(
    "places", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(3)),
    Column("admin1", Text),
    Column("geonameid", Integer),
    Column("feature", String(16)),
    Column("precision", String(8)),
    Column("mentions", Integer, nullable=False),
)

quotes = Table(
    "quotes", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("quote_id", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("speaker_text", Text),
    Column("speaker_code", String(8)),
    Column("direct", Boolean, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
)

commitments = Table(
    "commitments", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("holder_code", String(8)),
    Column("addressee_code", String(8)),
    Column("about", Text),
    Column("due_value", String(32)),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String(64), primary_key=True, comment="Hash of the member events: stable across recomputations."),
    Column("type", String(16), nullable=False),
    Column("quad", String(24), nullable=False),
    Column("source_code", String(8)),
    Column("target_code", String(8)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(3)),
    Column("n_events", Integer, nullable=False),
    Column("n_documents", Integer, nullable=False),
    Column("corroboration", Integer, nullable=False, comment="Distinct sources (publishers; else documents)."),
    Column("fatalities", Integer, comment="ACLED's convention: the lowest figure its reports give (schema v7)."),
    Column("fatalities_reported", Text, comment="Every figure its reports give, lowest first, '|'-separated (v7)."),
)
Index("ix_stories_type", stories.c.type)

story_events = Table(
    "story_events", metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    ForeignKeyConstraint(["document_id", "event_id"], ["events.document_id", "events.event_id"], ondelete="CASCADE"),
)
Index("ix_story_events_event", story_events.c.document_id, story_events.c.event_id)

commitment_links = Table(
    "commitment_links", metadata,
    Column("document_id", String(64), primary_key=True, comment="The commitment's document."),
    Column("commitment_id", String(64), primary_key=True),
    Column("event_document_id", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("relation", String(16), nullable=False, comment="crossed | fulfilled"),
    ForeignKeyConstraint(["document_id", "commitment_id"], ["commitments.document_id", "commitments.commitment_id"],
                         ondelete="CASCADE"),
    ForeignKeyConstraint(["event_document_id", "event_id"], ["events.document_id", "events.event_id"],
                         ondelete="CASCADE"),
)

# Tables filled per document, in the order rows are written (documents first: the foreign keys).
DOCUMENT_TABLES = (documents, events, event_modes, event_actors, event_casualties, actors, places, quotes, commitments)


def _v1(conn: Connection) -> None:
    """Documents and the rows the queries of ``redline events`` need."""
    for table in (documents, events, event_actors, actors, places, quotes, commitments):
        table.create(conn)


def _v2(conn: Connection) -> None:
    """Stories: events of several reports merged by :mod:`redline.store.dedup`."""
    stories.create(conn)
    story_events.create(conn)


def _v3(conn: Connection) -> None:
    """Event modes (for exports that tell an air strike from a riot), filled from the stored documents."""
    import json

    event_modes.create(conn)
    stored = conn.execute(select(documents.c.id, documents.c.json).order_by(documents.c.id))
    batch = []
    for doc_id, body in stored:
        for event in json.loads(body).get("events", []):
            batch.extend({"document_id": doc_id, "event_id": event["id"], "mode": mode}
                         for mode in dict.fromkeys(event.get("modes", [])))
        if len(batch) >= 5000:
            conn.execute(insert(event_modes), batch)
            batch = []
    if batch:
        conn.execute(insert(event_modes), batch)


def _v4(conn: Connection) -> None:
    """Links from commitments to events of later documents (:mod:`redline.store.commitments`)."""
    commitment_links.create(conn)


# name -> columns of the indexes of schema version 5, for the corpus views of the web workbench
V5_INDEXES = {
    # the order events are listed in (redline.store.query.event_order): a page without sorting every event
    "ix_events_order": "(coalesce(date_start, '')), document_id, evidence_start, trigger_start, event_id",
    # the aggregates read these instead of the events' rows (covering indexes)
    "ix_events_day_type": "date_start, type",  # timeline
    "ix_events_located": "lat, lon, type, country, place_name",  # map
    "ix_events_dyad": "source_code, target_code, quad, score",  # network
    "ix_events_target_source": "target_code, source_code",  # actor facet
}
# the actor filter of redline events and the workbench matches names ignoring case
V5_ACTOR_INDEXES = {"ix_event_actors_lower_name": "lower(name)", "ix_event_actors_lower_text": "lower(text)",
                    "ix_event_actors_code_position": "code, position"}


def _v5(conn: Connection) -> None:
    """Indexes for the listing and the aggregates of a large store (the web workbench)."""
    from sqlalchemy import text

    # DDL text rather than Index objects on the tables: those would also be made by _v1 for new stores
    for table, indexes in (("events", V5_INDEXES), ("event_actors", V5_ACTOR_INDEXES)):
        for name, columns in indexes.items():
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"))


# The map's events are counted in cells of 1 / BINS_PER_DEGREE degrees, stored with each event, so
# that grouping them reads an index in order instead of sorting every located event.
BINS_PER_DEGREE = 10
V6_INDEX = ("ix_events_bins", "lat_bin, lon_bin, type, country, place_name, lat, lon")


def coordinate_bin(value: Optional[float]) -> Optional[int]:
    """The 1 / BINS_PER_DEGREE degree band ``value`` lies in (None for None)."""
    return None if value is None else math.floor(value * BINS_PER_DEGREE)


def _v6(conn: Connection) -> None:
    """The map's cells stored with each event (``lat_bin``, ``lon_bin``) and their covering index.

    A store created after this change already has the columns (``_v1`` creates the table with
    them): they are added only where missing, and filled for the events stored before."""
    from sqlalchemy import bindparam, inspect, text, update

    present = {column["name"] for column in inspect(conn).get_columns("events")}
    for name in ("lat_bin", "lon_bin"):
        if name not in present:
            conn.execute(text(f"ALTER TABLE events ADD COLUMN {name} INTEGER"))
    located = conn.execute(select(events.c.document_id, events.c.event_id, events.c.lat, events.c.lon).where(
        events.c.lat.isnot(None), events.c.lon.isnot(None), events.c.lat_bin.is_(None))).all()
    fill = update(events).where(events.c.document_id == bindparam("doc"), events.c.event_id == bindparam("event"))
    for i in range(0, len(located), 5000):
        conn.execute(fill.values(lat_bin=bindparam("lat_cell"), lon_bin=bindparam("lon_cell")), [
            {"doc": doc, "event": event, "lat_cell": coordinate_bin(lat), "lon_cell": coordinate_bin(lon)}
            for doc, event, lat, lon in located[i:i + 5000]])
    name, columns = V6_INDEX
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({columns})"))


def _v7(conn: Connection) -> None:
    """Casualty counts (``event_casualties``, ``events.fatalities``), the evidence sentence and the date's
    basis on each event, and the stories' fatalities; filled from the stored documents. Like ``_v6``, the
    columns are added only where a store made before this change lacks them."""
    import json

    from sqlalchemy import bindparam, inspect, text, update

    from redline.store.rows import casualty_rows, own_count

    inspector = inspect(conn)
    present = {column["name"] for column in inspector.get_columns("events")}
    for name, kind in (("evidence_text", "TEXT"), ("date_basis", "VARCHAR(12)"), ("rule", "VARCHAR(32)"),
                       ("admin1", "TEXT"), ("fatalities", "INTEGER")):
        if name not in present:
            conn.execute(text(f"ALTER TABLE events ADD COLUMN {name} {kind}"))
    present = {column["name"] for column in inspector.get_columns("stories")} if inspector.has_table("stories") else set()
    for name, kind in (("fatalities", "INTEGER"), ("fatalities_reported", "TEXT")):
        if present and name not in present:
            conn.execute(text(f"ALTER TABLE stories ADD COLUMN {name} {kind}"))
    had_counts = inspector.has_table("event_casualties")
    event_casualties.create(conn, checkfirst=True)
    fill = update(events).where(events.c.document_id == bindparam("doc"), events.c.event_id == bindparam("event"))
    stored = conn.execute(select(documents.c.id, documents.c.json).order_by(documents.c.id)).all()
    for doc_id, body in stored:
        doc = json.loads(body)
        text_of = doc["document"]["text"]
        admin1_of = {place["id"]: place.get("admin1") for place in doc.get("places", [])}
        updates, counts = [], []
        for event in doc.get("events", []):
            evidence = event["evidence"]
            date = event.get("date") or {}
            place_id = (event.get("location") or {}).get("place_id")
            updates.append({"doc": doc_id, "event": event["id"], "evidence": text_of[evidence["start"]:evidence["end"]],
                            "basis": date.get("basis"), "dead": own_count(event.get("casualties", [])),
                            "rule": (event.get("provenance") or {}).get("rule"), "admin1": admin1_of.get(place_id)})
            counts.extend(casualty_rows(doc_id, event["id"], event.get("casualties", [])))
        if updates:
            conn.execute(fill.values(evidence_text=bindparam("evidence"), date_basis=bindparam("basis"),
                                     fatalities=bindparam("dead"), rule=bindparam("rule"),
                                     admin1=bindparam("admin1")), updates)
        if counts and not had_counts:
            conn.execute(insert(event_casualties), counts)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
    7: _v7,
}


@contextmanager
def _migrating(engine) -> Iterator[Connection]:
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        yield conn


def latest_version() -> int:
    return max(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The store's schema version; 0 for an empty database."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("schema_version"):
        return 0
    found = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).first()
    return found[0] if found else 0


def migrate(engine, migrations: dict[int, Callable[[Connection], None]] | None = None) -> int:
    """Bring the store to the latest version, one transaction per migration; returns the version."""
    migrations = MIGRATIONS if migrations is None else migrations
    with _migrating(engine) as conn:
        schema_version.create(conn, checkfirst=True)
    version = 0
    for target in sorted(migrations):
        with _migrating(engine) as conn:
            version = current_version(conn)
            if target <= version:
                continue
            if target != version + 1:
                raise ValueError(f"no migration from schema version {version} to {version + 1}")
            migrations[target](conn)
            conn.execute(insert(schema_version).values(version=target))
            version = target
    return version


__all__ = [
    "DOCUMENT_TABLES", "MIGRATIONS", "actors", "commitment_links", "commitments", "current_version", "documents", "event_actors",
    "event_casualties", "event_modes",
    "events", "latest_version", "metadata", "migrate", "places", "quotes", "schema_version", "stories",
    "story_events", "write_transaction", "WRITE_OPTION",
]
