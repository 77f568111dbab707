"""The workbench's extractions run in worker processes: a long article holds up no other user, one that runs
past the server's limit is stopped, a worker that dies costs one request, and workers end with the server."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from conftest import long_article

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from redline.web import create_app  # noqa: E402

LOCAL = "http://127.0.0.1:8765"
SHORT = {"text": "Iranian forces seized a tanker in the Strait of Hormuz on Friday, state media reported.",
         "published": "2021-05-07"}


def _in_background(client, body):
    answer = {}

    def post():
        answer["response"] = client.post("/api/extract", json=body)

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread, answer


def _error_code(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["error"]["code"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(") ", 1)[-1].startswith("Z"))


def _wait_for(condition, seconds: float = 120.0) -> bool:
    import time

    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_long_article_holds_up_no_other_user_and_is_stopped_at_the_servers_limit(tmp_path):
    app = create_app(str(tmp_path / "w.db"), extract_workers=2, extract_timeout=30)
    with TestClient(app, base_url=LOCAL) as client:
        slow, answer = _in_background(client, {"text": long_article(2.0), "published": "2021-05-07"})
        assert _wait_for(lambda: app.state.extractor.workers.running() == 1)
        short = client.post("/api/extract", json=SHORT)
        assert short.status_code == 200, short.text
        assert short.json()["document"]["events"]
        assert slow.is_alive(), "the short article waited for the long one"
        slow.join(300)
        assert _error_code(answer["response"], 503) == "E373"
        again = client.post("/api/extract", json=SHORT)
        assert again.status_code == 200, again.text
        assert again.json()["document"] == short.json()["document"]


def test_a_busy_server_says_so_and_a_dead_worker_costs_one_request(tmp_path):
    app = create_app(str(tmp_path / "w.db"), extract_workers=1, extract_timeout=600)
    workers = app.state.extractor.workers
    workers.wait = 1.0
    with TestClient(app, base_url=LOCAL) as client:
        assert client.post("/api/extract", json=SHORT).status_code == 200  # the worker is up
        (pid,) = workers.pids()
        slow, answer = _in_background(client, {"text": long_article(1.0), "published": "2021-05-07"})
        assert _wait_for(lambda: not workers._idle)
        assert _error_code(client.post("/api/extract", json=SHORT), 503) == "E372"
        os.kill(pid, signal.SIGKILL)
        slow.join(120)
        assert _error_code(answer["response"], 503) == "E374"
        assert "SIGKILL" in answer["response"].json()["error"]["message"]
        assert client.post("/api/extract", json=SHORT).status_code == 200
        (fresh,) = workers.pids()
        assert fresh != pid
    assert _wait_for(lambda: not _alive(fresh), 10.0), "the worker outlived the server"


def test_a_pipeline_that_cannot_load_is_the_requests_error_not_the_servers(tmp_path):
    app = create_app(str(tmp_path / "w.db"), model="no_such_spacy_pipeline")
    with TestClient(app, base_url=LOCAL) as client:
        refused = client.post("/api/extract", json=SHORT)
        assert refused.status_code == 503
        assert refused.json()["error"]["code"].startswith("E2")
        assert client.get("/api/health").status_code == 200
        assert app.state.extractor.workers.running() == 0


def test_an_app_started_again_extracts_again(tmp_path):
    app = create_app(str(tmp_path / "w.db"), extract_workers=1)
    for _ in range(2):  # the second start follows the first one's shutdown, which ended the workers
        with TestClient(app, base_url=LOCAL) as client:
            assert client.post("/api/extract", json=SHORT).status_code == 200
    assert app.state.extractor.workers.running() == 0
