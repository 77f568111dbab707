"""Extraction for the workbench in worker processes, so that one long article cannot hold up the server.

A pipeline run is CPU work that holds Python's interpreter lock: in the server's own process, a 5 MB
article would slow every other request and make every other extraction wait its turn. Here each
extraction goes to a worker process of its own with a pipeline loaded once:

- up to ``size`` workers run at once, started as requests need them (a workbench that only browses the
  store never starts one);
- a request that finds every worker busy waits for one up to ``wait`` seconds, then gets E372 (503)
  and may try again;
- an extraction that runs past ``deadline`` seconds is stopped by ending its worker (E373, 503): the
  next request gets a fresh one, and the other workers go on;
- a worker that dies (out of memory, killed) costs its request E374 (503), not the server.

Workers end with the server, even when it is killed (:func:`redline.processes.die_with_parent`, by its
watch on the parent: they are started from request threads).
"""

from __future__ import annotations

import logging
import threading
import time
from redline.errors import Errors
from redline.web.extract import WebError

log = logging.getLogger("redline.web")

WARM_UP_TEXT = "The ministry said on Monday that talks would resume."
# a pipeline loads in seconds; a worker that has not answered in this time will not
START_SECONDS = 300.0
STOP_SECONDS = 5.0


def _serve(conn, model: str, kb: tuple[str, ...]) -> None:
    """A worker's life: load the pipeline, say so, then extract each (text, info) it is sent."""
    import traceback

    from redline.api import get_pipeline
    from redline.errors import RedlineError
    from redline.processes import die_with_parent

    die_with_parent(kernel_signal=False)  # started from a request thread, which ends before the server
    try:
        pipeline = get_pipeline(model, kb)
        pipeline.run(WARM_UP_TEXT, None)  # loads every lazy part now, not during a user's request
    except RedlineError as exc:
        conn.send(("failed", exc.code, exc.message))
        return
    conn.send(("ready",))
    while True:
        try:
            text, info = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("done", pipeline.run(text, info)))
        except RedlineError as exc:
            conn.send(("failed", exc.code, exc.message))
        except Exception as exc:  # noqa: BLE001 - the server answers E370; its log gets the traceback
            conn.send(("bug", type(exc).__name__, traceback.format_exc()))


class _Worker:
    def __init__(self, context, model: str, kb: tuple[str, ...]):
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, model, kb), name="redline-extract",
                                       daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False

    def answer(self, seconds: float):
        """The worker's next message, or None when it sent none within ``seconds``; EOFError when it died."""
        if not self.conn.poll(seconds):
            return None
        return self.conn.recv()

    def end(self) -> None:
        """Stop the worker now (it may be in the middle of an article) and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(STOP_SECONDS)
        self.conn.close()

    def exit_reason(self) -> str:
        self.process.join(STOP_SECONDS)
        code = self.process.exitcode
        if code is not None and code < 0:
            import signal

            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"it was ended by {name}" + (", as the system does when memory runs out" if name == "SIGKILL"
                                                  else "")
        return f"it exited with code {code}"


class ExtractionWorkers:
    """Up to ``size`` worker processes running the pipeline of ``model`` and ``kb``."""

    def __init__(self, model: str, kb: tuple[str, ...] = (), *, size: int = 2, deadline: float = 600.0,
                 wait: float = 60.0):
        import multiprocessing

        self.model, self.kb = model, kb
        self.size, self.deadline, self.wait = max(1, size), deadline, wait
        self._context = multiprocessing.get_context("spawn")  # no fork of a server with threads
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._changed = threading.Condition()
        self._closed = False

    def run(self, text: str, info, source: str):
        """The Document of ``text``, extracted by a worker; WebError when no worker could do it."""
        worker = self._take()
        healthy = False
        try:
            started = time.monotonic()
            try:
                worker.conn.send((text, info))
                message = worker.answer(self.deadline)
            except (EOFError, OSError):
                raise WebError("E374", Errors.E374.format(when=f"while reading {source}", reason=worker.exit_reason()), 503)
            if message is None:
                log.warning("extraction of %s stopped after %.0f s", source, time.monotonic() - started)
                raise WebError("E373", Errors.E373.format(source=source, seconds=self.deadline), 503)
            healthy = True
            if message[0] == "done":
                return message[1]
            if message[0] == "bug":
                log.error("extraction of %s failed in a worker:\n%s", source, message[2])
                raise WebError("E370", Errors.E370.format(kind=message[1]), 500)
            raise WebError(message[1], message[2], 400)
        finally:
            self._give_back(worker, healthy)

    def _take(self) -> _Worker:
        """An idle worker, a new one if fewer than ``size`` run, or E372 after waiting ``wait`` seconds."""
        until = time.monotonic() + self.wait
        with self._changed:
            while self._closed or (not self._idle and len(self._all) >= self.size):
                left = until - time.monotonic()
                if left <= 0 or self._closed:  # a server shutting down starts no worker
                    raise WebError("E372", Errors.E372.format(workers=self.size), 503)
                self._changed.wait(left)
            if self._idle:
                return self._idle.pop()
            worker = _Worker(self._context, self.model, self.kb)
            self._all.add(worker)
        try:
            self._started(worker)
        except BaseException:
            self._give_back(worker, False)
            raise
        return worker

    def _started(self, worker: _Worker) -> None:
        """Wait for a new worker's pipeline; its loading error (a bad model or knowledge base) is the request's."""
        try:
            message = worker.answer(START_SECONDS)
        except (EOFError, OSError):
            raise WebError("E374", Errors.E374.format(when="while loading its pipeline", reason=worker.exit_reason()),
                           503)
        if message is None:
            raise WebError("E374", Errors.E374.format(when="while loading its pipeline",
                                                      reason=f"it was not ready in {START_SECONDS:g} s"), 503)
        if message[0] != "ready":
            raise WebError(message[1], message[2], 503)

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        with self._changed:
            keep = healthy and not self._closed
            if keep:
                self._idle.append(worker)
            else:
                self._all.discard(worker)
            self._changed.notify()
        if not keep:
            worker.end()  # outside the lock: reaping a worker may take seconds

    def running(self) -> int:
        """How many workers are alive (idle or busy)."""
        with self._changed:
            return len(self._all)

    def open(self) -> None:
        """Take extractions again after :meth:`close` (an application whose lifespan is started again)."""
        with self._changed:
            self._closed = False

    def close(self) -> None:
        """End every worker; a request still running gets E374, and none is started until :meth:`open`."""
        with self._changed:
            self._closed = True
            workers, self._idle = list(self._all), []
            self._changed.notify_all()
        for worker in workers:
            worker.end()
        with self._changed:
            self._all.difference_update(workers)

    def pids(self) -> list[int]:
        with self._changed:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

