"""``redline ingest``: inputs to stored documents, incrementally, crash-safely, on N processes.

The parent reads the inputs (:func:`redline.ingest.iter_inputs`), drops documents whose
content hash is already stored *before* they are parsed, sends the rest in chunks to the
pipeline (in-process, in ``workers`` spawned processes, or on the workers of a Dask cluster,
each loading its own pipeline and returning ready table rows), and commits each document with all its rows in one transaction.
Killing the run at any moment leaves whole documents only; running it again stores the rest.
"""

from __future__ import annotations

import gzip
import itertools
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from redline.errors import EXIT_CONFIG, EXIT_NO_INPUT, EXIT_OK, EXIT_PARTIAL, Errors, RedlineError
from redline.nlp.loader import DEFAULT_MODEL

CHUNK_DOCS = 16
# Worker processes get smaller chunks: the last chunks of a run then end close together instead
# of one worker finishing a long chunk while the other waits.
WORKER_CHUNK_DOCS = 4


@dataclass
class IngestReport:
    inputs: int = 0  # documents read (stored, skipped or failed)
    stored: int = 0
    already_stored: int = 0  # skipped: the content hash was in the store, or earlier in this run
    failed: int = 0  # inputs rejected by ingestion, or documents the pipeline failed on
    events: int = 0  # events of the documents stored by this run
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    stories: Optional[int] = None  # with dedup=True: stories in the store after the run

    @property
    def exit_code(self) -> int:
        if self.failed and not (self.stored or self.already_stored):
            return EXIT_NO_INPUT
        return EXIT_PARTIAL if self.failed else EXIT_OK

    def as_dict(self) -> dict:
        return {
            "inputs": self.inputs, "stored": self.stored, "already_stored": self.already_stored,
            "failed": self.failed, "events": self.events, "seconds": round(self.seconds, 3),
            "documents_per_second": round(self.stored / self.seconds, 3) if self.seconds else None,
        }


# ---------------------------------------------------------------- counting inputs for the ETA


def count_inputs(paths: Iterable[str]) -> Optional[int]:
    """How many documents the inputs hold, cheaply (JSONL lines, other files one each); None for stdin."""
    from redline.ingest.sources import JSONL_EXTS, JSONL_GZ_EXTS, walk

    total = 0
    for target in paths:
        if target == "-":
            return None
        path = Path(target)
        files = walk(path) if path.is_dir() else [path]
        for file in files:
            name = file.name.lower()
            try:
                if name.endswith(JSONL_GZ_EXTS):
                    with gzip.open(file, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                elif name.endswith(JSONL_EXTS):
                    with open(file, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                else:
                    total += 1
            except (OSError, EOFError, ValueError, zlib.error):
                total += 1  # ingestion reports the problem (a corrupt .gz included)
    return total


# ---------------------------------------------------------------- the work of one chunk


def _work_item(raw) -> dict:
    """What a worker needs of a RawDocument (picklable and small). A country the record names that is no
    known code is dropped with W006, not the record."""
    from redline.api import check_country
    from redline.errors import Errors, RedlineError

    warnings = [(w.code, w.message) for w in raw.warnings]
    try:
        country = check_country(raw.country) if raw.country else None
    except RedlineError:
        warnings.append(("W006", Errors.W006.format(source=raw.origin, value=raw.country)))
        country = None
    return {
        "text": raw.text, "published": raw.published, "published_basis": raw.published_basis,
        "title": raw.title, "source": raw.source, "url": raw.url, "language": raw.language,
        "country": country, "origin": raw.origin, "warnings": warnings,
    }


def process_chunk(pipeline, chunk: list[dict]) -> list[tuple[str, object]]:
    """("rows", table rows) for each document of the chunk, or ("error", reason) for one that failed."""
    from redline.model import Warning
    from redline.pipeline import make_info
    from redline.store.rows import document_rows

    def info(item):
        return make_info(item["text"], published=item["published"], published_basis=item["published_basis"],
                         title=item["title"], source=item["source"], url=item["url"], language=item["language"],
                         country=item.get("country"))

    def rows(item, doc):
        doc.warnings = [Warning(code=c, message=m) for c, m in item["warnings"]] + doc.warnings
        return ("rows", document_rows(doc, item["origin"]))

    try:
        docs = list(pipeline.pipe([(item["text"], info(item)) for item in chunk], batch_size=len(chunk)))
        return [rows(item, doc) for item, doc in zip(chunk, docs)]
    except Exception:  # noqa: BLE001 - find the document that failed; the others are still stored
        results = []
        for item in chunk:
            try:
                results.append(rows(item, pipeline.run(item["text"], info(item))))
            except Exception as exc:  # noqa: BLE001 - one bad document never stops a corpus run
                results.append(("error", f"{type(exc).__name__}: {exc}"))
        return results


_worker: dict = {}


def _init_worker(model: str, kb: tuple[str, ...]) -> None:
    from redline.api import get_pipeline
    from redline.errors import RedlineError
    from redline.processes import die_with_parent

    die_with_parent()

    try:
        _worker["pipeline"] = get_pipeline(model, kb)
    except RedlineError as exc:  # told to the parent with the first chunk: the pool itself stays sound
        _worker["error"] = exc.message


def _worker_chunk(chunk: list[dict]) -> list[tuple[str, object]]:
    if "error" in _worker:
        return [("fatal", _worker["error"])]
    return process_chunk(_worker["pipeline"], chunk)


def _dask_chunk(chunk: list[dict], model: str, kb: tuple[str, ...]) -> list[tuple[str, object]]:
    """A chunk on a Dask worker: the worker process loads the pipeline once, on its first chunk."""
    if "pipeline" not in _worker and "error" not in _worker:
        _init_worker(model, kb)
    return _worker_chunk(chunk)


def _run_pool(submit, chunks, commit, in_flight_max: int, wait_first) -> None:
    """Submit chunks with at most ``in_flight_max`` out (a decade of news is never all in memory),
    committing each chunk's results as soon as it is done: a long article holds up no worker.

    ``wait_first(futures)`` returns the futures that are done once at least one is. Documents are
    independent rows keyed by their content hash, so the order of commits changes nothing stored;
    only the order in which progress and problems are reported follows the workers' pace."""
    in_flight: dict = {}
    try:
        for chunk in chunks:
            in_flight[submit(chunk)] = chunk
            if len(in_flight) >= in_flight_max:
                _commit_done(in_flight, wait_first, commit)
        while in_flight:
            _commit_done(in_flight, wait_first, commit)
    finally:
        for future in in_flight:
            future.cancel()


def _commit_done(in_flight: dict, wait_first, commit) -> None:
    done = wait_first(list(in_flight))
    for future in [f for f in in_flight if f in done]:  # those done, in the order they were submitted
        commit(in_flight.pop(future), future.result())


def _check_dask(address: str) -> None:
    """E356 when Dask's distributed scheduler is not installed."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise RedlineError(Errors.E356, EXIT_CONFIG, address=address,
                           reason="Dask is not installed (pip install 'redline[dask]')")


def _run_on_dask(address: str, chunks, commit, workers: int, model: str, kb: tuple[str, ...]) -> None:
    _check_dask(address)
    from distributed import Client, KilledWorker, LocalCluster, wait

    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise RedlineError(Errors.E356, EXIT_CONFIG, address=address, reason=str(exc) or type(exc).__name__) from exc
    try:
        n_workers = max(workers, len(client.scheduler_info().get("workers", {})))

        def submit(chunk):
            return client.submit(_dask_chunk, chunk, model, kb, pure=False)

        def wait_first(futures):
            return set(wait(futures, return_when="FIRST_COMPLETED").done)

        try:
            _run_pool(submit, chunks, commit, 3 * n_workers, wait_first)
        except KilledWorker as exc:
            raise RedlineError(Errors.E355, EXIT_CONFIG, reason="a Dask worker died running it.") from exc
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------- the run


def _pending_chunks(paths, store, published, max_mb, problem, skipped, notice,
                    chunk_docs: int = CHUNK_DOCS) -> Iterator[list[dict]]:
    """Chunks of ``chunk_docs`` documents not yet stored; problems and skips are reported on the way."""
    from redline.ingest import IngestProblem, iter_inputs
    from redline.pipeline import content_id

    seen: set[str] = set()
    batch: list[tuple[str, object]] = []

    def flush():
        stored = store.stored_ids(doc_id for doc_id, _ in batch)
        chunk = []
        for doc_id, raw in batch:
            if doc_id in stored or doc_id in seen:
                skipped()
                continue
            seen.add(doc_id)
            chunk.append(_work_item(raw))
        batch.clear()
        return chunk

    for target in paths:
        for item in iter_inputs(target, published=published, max_mb=max_mb):
            if isinstance(item, IngestProblem):
                if item.is_error:
                    problem(item.message)
                else:
                    notice(item.message)  # the record is still read ("published" ignored, E109)
                continue
            batch.append((content_id(item.text), item))
            if len(batch) >= chunk_docs:
                chunk = flush()
                if chunk:
                    yield chunk
    if batch:
        chunk = flush()
        if chunk:
            yield chunk


def ingest_paths(
    paths: Iterable[str],
    *,
    db: str,
    workers: int = 1,
    model: str = DEFAULT_MODEL,
    kb: tuple[str, ...] = (),
    published: Optional[str] = None,
    max_mb: float = 5.0,
    console=None,
    progress: bool = True,
    dedup: bool = False,
    dask: Optional[str] = None,
) -> IngestReport:
    """Store every document of ``paths`` not stored yet in the store at ``db``; see the module doc.

    ``dedup``: then recompute the stories (:func:`redline.store.dedup.deduplicate`, default thresholds).
    ``dask``: a Dask scheduler address, or ``"local"`` for a local cluster of ``workers`` processes;
    the Dask workers run the pipeline and this process commits, as with ``workers``."""
    from redline.api import check_date
    from rich.markup import escape

    from redline.store import open_store

    paths = [str(p) for p in paths]
    from redline.ingest.sources import check_max_mb

    published = check_date(published)  # a bad --published stops the run before anything is read
    max_mb = check_max_mb(max_mb)  # and so does a bad --max-mb, before the store is made
    if dask:
        _check_dask(dask)  # and a missing extra: no empty store is left behind
    report = IngestReport()
    started = time.perf_counter()
    store = open_store(db)
    total = count_inputs(paths)
    bar = _progress(console, total) if progress and console is not None else None

    parsed = [0]  # documents the pipeline ran over (stored or failed), for the rate

    def advance(events: int = 0, was_parsed: bool = False):
        report.inputs += 1
        parsed[0] += was_parsed
        if bar is not None:
            bar[0].update(bar[1], advance=1, events=report.events, parsed=parsed[0])

    def problem(message: str):
        report.failed += 1
        report.problems.append(message)
        if console is not None:
            console.print(f"[bold red]error[/] {escape(message)}", markup=True, highlight=False)
        advance()

    def notice(message: str):
        report.problems.append(message)
        if console is not None:
            console.print(f"[yellow]warning[/] {escape(message)}", markup=True, highlight=False)

    def skipped():
        report.already_stored += 1
        advance()

    def commit(chunk: list[dict], results):
        if results and results[0][0] == "fatal":
            raise RedlineError(Errors.E355, EXIT_CONFIG, reason=results[0][1])
        for item, (kind, value) in zip(chunk, results):
            if kind == "error":
                problem(Errors.E353.format(source=item["origin"], reason=value))
                continue
            if store.save_rows(value):
                report.stored += 1
                report.events += len(value["events"])
            else:
                report.already_stored += 1
            advance(was_parsed=True)

    chunk_docs = WORKER_CHUNK_DOCS if workers > 1 or dask else CHUNK_DOCS
    chunks = _pending_chunks(paths, store, published, max_mb, problem, skipped, notice, chunk_docs)
    try:
        if bar is not None:
            bar[0].start()
        first = next(chunks, None)
        if first is not None:  # nothing new to parse: no pipeline, no worker, no cluster is started
            chunks = itertools.chain([first], chunks)
            _run(chunks, commit, workers, dask, model, kb)
        if dedup:
            from redline.store.dedup import deduplicate

            report.stories = len(deduplicate(store))
    finally:
        if bar is not None:
            bar[0].stop()
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def _run(chunks, commit, workers: int, dask: Optional[str], model: str, kb: tuple[str, ...]) -> None:
    """Run the pipeline over the chunks in this process, in worker processes, or on Dask."""
    if dask:
        _run_on_dask(dask, chunks, commit, workers, model, kb)
    elif workers <= 1:
        from redline.api import get_pipeline

        pipeline = get_pipeline(model, kb)
        for chunk in chunks:
            commit(chunk, process_chunk(pipeline, chunk))
    else:
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        # spawn, not fork: the parent holds database connections and a progress thread. A worker
        # that dies (out of memory) breaks the pool: the run stops with what was committed kept.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(model, kb)) as pool:
            try:
                _run_pool(lambda chunk: pool.submit(_worker_chunk, chunk), chunks, commit, 3 * workers,
                          lambda futures: wait(futures, return_when=FIRST_COMPLETED).done)
            except BrokenProcessPool as exc:
                raise RedlineError(Errors.E355, EXIT_CONFIG,
                                   reason="it stopped unexpectedly (out of memory?).") from exc


def _progress(console, total: Optional[int]):
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Documents parsed per second: the ones skipped as already stored cost nothing and are not counted,
        so a rerun that skips everything does not claim thousands of documents a second."""

        def render(self, task):
            elapsed = task.finished_time if task.finished else task.elapsed
            parsed = task.fields.get("parsed", 0)
            return Text(f"{parsed / elapsed:.1f} docs/s" if parsed and elapsed else "- docs/s")

    progress = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TextColumn("{task.fields[events]} events"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=console, transient=False,
    )
    task = progress.add_task("ingest", total=total, events=0, parsed=0)
    return progress, task
