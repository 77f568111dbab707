"""kill -9 in the middle of ``redline ingest``, then the same command again: every document is
stored exactly once, with all its events, as in a run that was never interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import write_corpus
from sqlalchemy import create_engine, func, select

from redline.store import normalize_url
from redline.store.schema import documents, event_actors, events

REPO = Path(__file__).resolve().parents[1]
N_DOCUMENTS = 40


def _ingest(folder: Path, db: str, **popen) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "redline", "ingest", str(folder), "--db", db,
               "--published", "2020-06-08", "--no-progress"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _stored_documents(engine) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()
    except SQLAlchemyError:  # not created yet
        return 0


def _contents(db: str) -> dict:
    engine = create_engine(normalize_url(db))
    with engine.connect() as conn:
        stored = conn.execute(select(documents.c.id, documents.c.n_events, documents.c.json)
                              .order_by(documents.c.id)).all()
        rows = conn.execute(select(events).order_by(events.c.document_id, events.c.event_id)).all()
        per_document = dict(conn.execute(select(events.c.document_id, func.count())
                                         .group_by(events.c.document_id)).all())
        arguments = conn.execute(select(func.count()).select_from(event_actors)).scalar_one()
    engine.dispose()
    return {"documents": [tuple(r) for r in stored], "events": [tuple(r) for r in rows],
            "per_document": per_document, "event_actors": arguments}


def test_killed_ingest_rerun_stores_every_document_once_and_whole(store_url, tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, N_DOCUMENTS)
    clean_db = str(tmp_path / "clean.db")

    clean = _ingest(folder, clean_db)
    clean.communicate(timeout=300)
    assert clean.returncode == 0

    victim = _ingest(folder, store_url)
    watcher = create_engine(normalize_url(store_url))
    deadline = time.monotonic() + 240
    while _stored_documents(watcher) < 5 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=60)
    stored_at_kill = _stored_documents(watcher)
    watcher.dispose()
    assert 0 < stored_at_kill < N_DOCUMENTS, "the run was not killed midway"

    rerun = _ingest(folder, store_url)
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert f"{N_DOCUMENTS - stored_at_kill} documents stored" in stderr
    assert f"{stored_at_kill} already stored" in stderr

    clean_rows, crashed_rows = _contents(clean_db), _contents(store_url)
    assert len(crashed_rows["documents"]) == N_DOCUMENTS
    assert crashed_rows == clean_rows
    for doc_id, n_events, _json in crashed_rows["documents"]:
        assert crashed_rows["per_document"].get(doc_id, 0) == n_events
