"""Stress on the store: ``kill -9`` in the middle of ``redline ingest`` of 1,000 documents, then the
same command again, stores every document exactly once with all its events, as a run that was
never interrupted does; two ingests into one SQLite file at the same time both succeed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_corpus
from sqlalchemy import create_engine, func, select

from redline.store import normalize_url
from redline.store.schema import documents, event_actors, events

REPO = Path(__file__).resolve().parents[1]
N_DOCUMENTS = 1000


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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, str]:
    """The generated news folder and a store filled from it by one uninterrupted run."""
    root = tmp_path_factory.mktemp("stress")
    folder = root / "news"
    write_corpus(folder, N_DOCUMENTS)
    clean_db = str(root / "clean.db")
    clean = _ingest(folder, clean_db)
    _, stderr = clean.communicate(timeout=900)
    assert clean.returncode == 0, stderr
    return folder, clean_db


def test_killed_ingest_rerun_stores_every_document_once_and_whole(store_url, corpus):
    folder, clean_db = corpus
    victim = _ingest(folder, store_url)
    watcher = create_engine(normalize_url(store_url))
    deadline = time.monotonic() + 600
    while _stored_documents(watcher) < N_DOCUMENTS // 3 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=60)
    stored_at_kill = _stored_documents(watcher)
    watcher.dispose()
    assert 0 < stored_at_kill < N_DOCUMENTS, "the run was not killed midway"

    rerun = _ingest(folder, store_url)
    _, stderr = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, stderr
    assert f"{N_DOCUMENTS - stored_at_kill} documents stored" in stderr
    assert f"{stored_at_kill} already stored" in stderr

    clean_rows, crashed_rows = _contents(clean_db), _contents(store_url)
    assert len(crashed_rows["documents"]) == N_DOCUMENTS
    assert crashed_rows == clean_rows
    for doc_id, n_events, _json in crashed_rows["documents"]:
        assert crashed_rows["per_document"].get(doc_id, 0) == n_events


def test_two_ingests_into_one_sqlite_file_at_once_store_each_document_once(corpus, tmp_path):
    folder, clean_db = corpus
    # overlapping halves: the middle third is given to both runs
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    paths = sorted(folder.glob("*.txt"))
    for path in paths[: 2 * N_DOCUMENTS // 3]:
        (first / path.name).symlink_to(path)
    for path in paths[N_DOCUMENTS // 3:]:
        (second / path.name).symlink_to(path)
    db = str(tmp_path / "shared.db")
    runs = [_ingest(first, db), _ingest(second, db)]
    outputs = [run.communicate(timeout=900) for run in runs]
    for run, (_, stderr) in zip(runs, outputs):
        assert run.returncode == 0, stderr
        assert "0 failed" in stderr
    stored = sum(int(stderr.split(" documents stored")[0].split()[-1]) for _, stderr in outputs)
    assert stored == N_DOCUMENTS  # each document stored by exactly one of the two runs
    assert _contents(db) == _contents(clean_db)
