"""Worker processes die with their parent: a `kill -9` of `redline ingest --workers 2` leaves nothing
running behind it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_corpus

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc")


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killing_the_parent_of_a_two_worker_ingest_leaves_no_worker_running(tmp_path):
    folder = tmp_path / "news"
    write_corpus(folder, 400)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    parent = subprocess.Popen([sys.executable, "-m", "redline", "ingest", str(folder), "--db", str(tmp_path / "k.db"),
                               "--published", "2020-06-08", "--no-progress", "--workers", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        workers: set[int] = set()
        while time.monotonic() < deadline and parent.poll() is None:
            workers = _children(parent.pid)
            if len(workers) >= 2:  # the two workers (and the resource tracker) are up
                time.sleep(3)  # let them load the pipeline and take work
                workers = _children(parent.pid)
                break
            time.sleep(0.2)
        assert parent.poll() is None and len(workers) >= 2, "the workers never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_killing_a_workbench_server_leaves_no_extraction_worker_running(tmp_path):
    import socket
    import threading

    import httpx
    from conftest import long_article

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    server = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", str(tmp_path / "s.db"), "--create",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api/extract"

    def post():
        try:
            httpx.post(url, json={"text": long_article(1.0), "published": "2021-05-07"}, timeout=300)
        except httpx.HTTPError:
            pass  # the server is killed under it

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        threading.Thread(target=post, daemon=True).start()
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and server.poll() is None and not workers:
            workers = _children(server.pid)
            time.sleep(0.2)
        assert server.poll() is None and workers, "no extraction worker started"
        time.sleep(3)  # the worker loads its pipeline and takes the article
        workers = _children(server.pid)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)], "extraction workers outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
