"""Throughput of ``redline ingest`` (pipeline + store) against bare spaCy, with 1 and 2 processes.

On the same real news articles as ``throughput.py`` (PolNeAR, read in place), for each number
of processes N it measures, each in its own spawned child process:

* **bare**: ``nlp.pipe(texts, n_process=N)`` with the same spaCy pipeline;
* **ingest**: :func:`redline.store.ingest.ingest_paths` with ``workers=N`` into a new SQLite
  store: reading, the full pipeline, and one committed transaction per document.

Both are warm in the parent (model loaded, one article processed before the clock starts);
with N > 1, the time to start the worker processes and load the model in them is inside the
measured time for both. Peak RSS: the measuring process, and the largest worker.

    python benchmarks/ingest.py                      # 100 articles, 1 and 2 processes, table
    python benchmarks/ingest.py --limit 40 --json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_MODEL, SHARED_QUOTES, _peak_rss_mb, _ratio, find_articles, measure  # noqa: E402


def _measure_ingest(paths: list[str], model: str, workers: int, queue) -> None:
    try:
        from redline.api import get_pipeline
        from redline.pipeline import make_info
        from redline.store import open_store
        from redline.store.ingest import ingest_paths

        pipeline = get_pipeline(model)
        first = Path(paths[0]).read_text(encoding="utf-8", errors="replace")
        pipeline.run(first, make_info(first))  # warm-up, as for bare spaCy
        with tempfile.TemporaryDirectory() as folder:
            db = str(Path(folder) / "bench.db")
            started = time.perf_counter()
            report = ingest_paths(paths, db=db, workers=workers, model=model, progress=False)
            seconds = time.perf_counter() - started
            with open_store(db) as store:
                stored, events = store.count_documents(), store.count_events()
        words = sum(len(Path(p).read_text(encoding="utf-8", errors="replace").split()) for p in paths)
        queue.put({
            "system": "ingest", "processes": workers, "articles": len(paths), "stored": stored,
            "failed": report.failed, "events": events, "seconds": round(seconds, 3),
            "articles_per_s": round(len(paths) / seconds, 2), "words_per_s": round(words / seconds, 1),
            "peak_rss_mb": round(_peak_rss_mb(resource.RUSAGE_SELF), 1),
            "peak_rss_workers_mb": round(_peak_rss_mb(resource.RUSAGE_CHILDREN), 1) if workers > 1 else None,
        })
    except BaseException as exc:  # noqa: BLE001 - reported in the results, not lost in a child
        queue.put({"system": "ingest", "processes": workers, "error": f"{type(exc).__name__}: {exc}",
                   "traceback": traceback.format_exc(limit=3)})


def measure_ingest(paths: list[Path], model: str, workers: int) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_measure_ingest, args=([str(p) for p in paths], model, workers, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="Folder of .txt articles (default: PolNeAR dev, then train).")
    parser.add_argument("--limit", type=int, default=100, help="Number of articles (default 100).")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="Process counts (default 1 2).")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    args = parser.parse_args(argv)

    paths = find_articles(args.data, args.limit)
    if not paths:
        print(f"No .txt articles found under {args.data or SHARED_QUOTES}; give a folder with --data.",
              file=sys.stderr)
        return 2
    rows = []
    for n in args.processes:
        bare = measure("bare", paths, args.model, n, 16)
        bare["processes"] = n
        rows.extend([bare, measure_ingest(paths, args.model, n)])
    by = {(r["system"], r["processes"]): r for r in rows}
    ratios = {f"ingest_over_bare_{n}": _ratio(by[("ingest", n)].get("articles_per_s"),
                                             by[("bare", n)].get("articles_per_s")) for n in args.processes}
    if 1 in args.processes and 2 in args.processes:
        ratios["ingest_2_over_1"] = _ratio(by[("ingest", 2)].get("articles_per_s"),
                                           by[("ingest", 1)].get("articles_per_s"))
    report = {"articles": len(paths), "model": args.model, "cpus": mp.cpu_count(), "systems": rows,
              "ratios": ratios}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"ingest throughput on {len(paths)} articles ({mp.cpu_count()} CPUs)")
        for column in ("system", "processes", "run s", "articles/s", "words/s", "peak RSS MB", "events"):
            table.add_column(column, justify="left" if column == "system" else "right")
        for r in rows:
            if "error" in r:
                table.add_row(r["system"], str(r["processes"]), "-", "-", "-", r["error"][:60], "")
                continue
            rss = f"{r['peak_rss_mb']}" + (f" (workers {r['peak_rss_workers_mb']})" if r.get("peak_rss_workers_mb")
                                           else "")
            table.add_row(r["system"], str(r["processes"]), str(r["seconds"]), str(r["articles_per_s"]),
                          str(r["words_per_s"]), rss, str(r.get("events", "")))
        Console().print(table)
        Console().print("  ".join(f"{k} {v}" for k, v in ratios.items()))
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
