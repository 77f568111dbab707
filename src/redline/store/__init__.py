"""The corpus store: documents and their events in one SQL database (SQLite file or PostgreSQL).

>>> from redline.store import open_store
>>> store = open_store("sqlite:///:memory:")
>>> store.count_documents()
0

A URL without ``://`` is a SQLite file path. Each document is written with all its rows in one
transaction (:meth:`Store.save_document`), so a killed run never leaves half a document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from redline.errors import EXIT_CONFIG, Errors, RedlineError
from redline.model import Document

DEFAULT_DB = "redline.db"


def normalize_url(url: str) -> str:
    """A SQLAlchemy URL: ``postgresql://`` uses psycopg 3; a plain path is a SQLite file."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


BUSY_TIMEOUT_MS = 30_000


def _switch_to_wal(cursor) -> None:
    """Put a SQLite file in WAL mode, waiting for other processes as a write would.

    WAL is kept in the file, so only a new store's first opener switches. Switching needs the
    file to itself, and SQLite answers "database is locked" at once, without the busy timeout,
    while another process opening the same new file holds its write lock; so retry until the
    busy timeout has passed."""
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.01
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def _sqlite_transactions(engine) -> None:
    """Make SQLite transactions real: BEGIN before any statement (DDL included), foreign keys on.

    The sqlite3 module otherwise commits DDL at once and starts transactions only before DML.
    WAL with synchronous=NORMAL keeps every committed document across a killed process."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            _switch_to_wal(cursor)
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A writer takes the write lock when it begins: a deferred transaction that read first
        # and writes later fails at once (SQLITE_BUSY) when another process wrote in between,
        # where BEGIN IMMEDIATE waits its turn (busy_timeout). Readers stay deferred and never wait.
        from redline.store.schema import WRITE_OPTION

        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


class Store:
    def __init__(self, url: str = DEFAULT_DB, create: bool = True):
        """``create=False``: a SQLite file that does not exist is an error (E352), not a new store."""
        from sqlalchemy import create_engine
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.pool import StaticPool

        from redline.store.schema import latest_version, migrate

        self.url = normalize_url(url)
        if not create and _missing_sqlite_file(self.url):
            raise RedlineError(Errors.E352, EXIT_CONFIG, url=shown_url(url),
                               reason="there is no such file; store documents there with `redline ingest` first")
        try:
            if self.url.startswith("sqlite"):
                memory = self.url in ("sqlite://", "sqlite:///:memory:")
                # one connection holds an in-memory database; a web server's threads share it
                self.engine = create_engine(self.url, poolclass=StaticPool,
                                            connect_args={"check_same_thread": False}) \
                    if memory else create_engine(self.url)
                _sqlite_transactions(self.engine)
            else:
                self.engine = create_engine(self.url)
            self.version = migrate(self.engine)
        except ValueError as exc:
            raise RedlineError(Errors.E352, EXIT_CONFIG, url=shown_url(url), reason=str(exc)) from exc
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise RedlineError(Errors.E352, EXIT_CONFIG, url=shown_url(url), reason=reason) from exc
        except ModuleNotFoundError as exc:
            hint = " (pip install 'redline[postgres]')" if self.url.startswith("postgresql") else ""
            raise RedlineError(Errors.E352, EXIT_CONFIG, url=shown_url(url),
                               reason=f"the driver {exc.name} is not installed{hint}") from exc
        if self.version > latest_version():
            raise RedlineError(Errors.E351, EXIT_CONFIG, url=shown_url(url), found=self.version,
                               supported=latest_version())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def writing(self):
        """``with store.writing() as conn:`` a transaction that will write (see
        :func:`redline.store.schema.write_transaction`)."""
        from redline.store.schema import write_transaction

        return write_transaction(self.engine)

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored documents."""
        from sqlalchemy import select

        from redline.store.schema import documents

        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found.update(conn.execute(select(documents.c.id).where(documents.c.id.in_(chunk))).scalars())
        return found

    def save_document(self, doc: Document, origin: Optional[str] = None) -> bool:
        """Store a document and all its rows in one transaction; False when it was already stored."""
        from redline.store.rows import document_rows

        return self.save_rows(document_rows(doc, origin))

    def save_rows(self, rows: dict[str, list[dict]]) -> bool:
        """One document's rows (:func:`redline.store.rows.document_rows`) in one transaction."""
        from sqlalchemy import insert, select
        from sqlalchemy.exc import IntegrityError

        from redline.store.schema import DOCUMENT_TABLES, documents

        doc_id = rows["documents"][0]["id"]
        try:
            with self.writing() as conn:
                if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first():
                    return False
                for table in DOCUMENT_TABLES:
                    if rows[table.name]:
                        conn.execute(insert(table), rows[table.name])
        except IntegrityError:
            # another run stored the same document between our check and our insert
            if self.stored_ids([doc_id]):
                return False
            raise
        return True

    def count_documents(self) -> int:
        from sqlalchemy import func, select

        from redline.store.schema import documents

        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()

    def count_events(self) -> int:
        from sqlalchemy import func, select

        from redline.store.schema import events

        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(events)).scalar_one()

    def document(self, document_id: str) -> Optional[Document]:
        from sqlalchemy import select

        from redline.store.schema import documents

        with self.engine.connect() as conn:
            found = conn.execute(select(documents.c.json).where(documents.c.id == document_id)).scalar()
        return Document.model_validate_json(found) if found else None


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
    return url


def missing_sqlite_store(url: str) -> bool:
    """Whether ``url`` (a path or a URL) names a SQLite file that does not exist."""
    return _missing_sqlite_file(normalize_url(url))


def _missing_sqlite_file(url: str) -> bool:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
        and not Path(parsed.database).exists()


def store_failure(exc: BaseException) -> Optional[RedlineError]:
    """The catalogue error (E359) for a database error raised while reading or writing a store
    (locked, full, gone, corrupt); None for any other exception."""
    from sqlalchemy.exc import SQLAlchemyError

    if not isinstance(exc, SQLAlchemyError):
        return None
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return RedlineError(Errors.E359, EXIT_CONFIG, reason=reason)


def open_store(url: str = DEFAULT_DB, create: bool = True) -> Store:
    return Store(url, create=create)


__all__ = ["DEFAULT_DB", "Store", "missing_sqlite_store", "normalize_url", "open_store", "shown_url", "store_failure"]
