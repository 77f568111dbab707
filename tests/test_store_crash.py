"""kill -9 in the middle of ``redline ingest``, then the same command again: every document is
stored exactly once, with all its events, as in a run that was never interrupted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import write_corpus

REPO = Path(__file__).resolve().parents[1]
N_DOCUMENTS = 40


def _ingest(folder: Path, db: Path, **popen) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "redline", "ingest", str(folder), "--db", str(db),
               "--published", "2020-06-08", "--no-progress"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def _contents(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        documents = conn.execute("SELECT id, n_events, json FROM documents ORDER BY id").fetchall()
        events = conn.execute("SELECT * FROM events ORDER BY document_id, event_id").fetchall()
        per_document = dict(conn.execute("SELECT document_id, count(*) FROM events GROUP BY document_id").fetchall())
        actors = conn.execute("SELECT count(*) FROM event_actors").fetchone()[0]
    return {"documents": documents, "events": events, "per_document": per_document, "event_actors": actors}


def test_killed_ingest_rerun_stores_every_document_once_and_whole(tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, N_DOCUMENTS)
    clean_db, crashed_db = tmp_path / "clean.db", tmp_path / "crashed.db"

    clean = _ingest(folder, clean_db)
    clean.communicate(timeout=300)
    assert clean.returncode == 0

    victim = _ingest(folder, crashed_db)
    deadline = time.monotonic() + 240
    while _stored_documents(crashed_db) < 5 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=60)
    stored_at_kill = _stored_documents(crashed_db)
    assert 0 < stored_at_kill < N_DOCUMENTS, "the run was not killed midway"

    rerun = _ingest(folder, crashed_db)
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert f"{N_DOCUMENTS - stored_at_kill} documents stored" in stderr
    assert f"{stored_at_kill} already stored" in stderr

    clean_rows, crashed_rows = _contents(clean_db), _contents(crashed_db)
    assert len(crashed_rows["documents"]) == N_DOCUMENTS
    assert crashed_rows == clean_rows
    for doc_id, n_events, _json in crashed_rows["documents"]:
        assert crashed_rows["per_document"].get(doc_id, 0) == n_events
