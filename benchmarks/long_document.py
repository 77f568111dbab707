"""Long documents: extraction time and peak memory as one article grows to the 5 MB limit.

Answers "does work grow linearly with the input, and does the largest article redline accepts by default
(5 MB) finish in minutes and under 2 GB?". One article of each size is made by joining real news articles
(PolNeAR's texts under ../shared/eval/quotes, read in place, or ``--data DIR``) with blank lines, in
sorted order, cycling when the folder holds fewer bytes than asked for. Each size runs in a new process
(``spawn``), so its peak RSS is that run's alone:

* **redline**: ``redline.api.read_text`` then the full pipeline (``document_of``), as ``redline extract``;
* **bare** (``--bare``): the same text parsed by bare spaCy in the pieces redline's nlp stage parses
  (``redline.nlp.stage.chunks``), one at a time as that stage does, which is the least any pipeline on this
  model has to do.

Reported per size: seconds (wall and CPU), seconds per MB (flat when work is linear), peak RSS, and the
number of events found.

    /work/venv/bin/python benchmarks/long_document.py                       # 0.5, 1, 2, 5 MB
    /work/venv/bin/python benchmarks/long_document.py --sizes 1,5 --bare --json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_QUOTES = REPO.parent / "shared" / "eval" / "quotes"
MB = 1024 * 1024


def long_article(data: Path | None, megabytes: float) -> str:
    folders = [data] if data else [SHARED_QUOTES / "dev" / "text", SHARED_QUOTES / "train" / "text"]
    paths = [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    if not paths:
        raise SystemExit(f"no .txt articles in {', '.join(str(f) for f in folders)}; give --data DIR")
    parts, size, i = [], 0, 0
    while size < megabytes * MB:
        text = paths[i % len(paths)].read_text(encoding="utf-8", errors="replace").strip()
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def _measure(system: str, text: str, published: str, queue) -> None:
    try:
        if system == "redline":
            from redline.api import document_of, get_pipeline, read_text

            pipeline = get_pipeline()
            document_of(read_text("Turkish drones struck Sirte on Sunday.", published=published), pipeline)
            started, cpu = time.perf_counter(), time.process_time()
            doc = document_of(read_text(text, published=published), pipeline)
            found = len(doc.events)
        else:
            from redline.nlp.loader import load_pipeline
            from redline.nlp.stage import chunks

            nlp = load_pipeline()
            list(nlp.pipe(["Turkish drones struck Sirte on Sunday."]))
            started, cpu = time.perf_counter(), time.process_time()
            found = sum(len(doc) for doc in nlp.pipe(chunks(text), batch_size=1))  # tokens, for bare spaCy
        queue.put({"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
                   "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "found": found})
    except BaseException as exc:  # noqa: BLE001 - the parent reports it
        queue.put({"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=5)})


def run(system: str, text: str, published: str) -> dict:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(system, text, published, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,5", help="Article sizes in MB, comma-separated.")
    parser.add_argument("--data", type=Path, help="A folder of .txt news articles to join.")
    parser.add_argument("--published", default="2016-10-01", help="The articles' publication date.")
    parser.add_argument("--bare", action="store_true", help="Also parse each article with bare spaCy.")
    parser.add_argument("--json", action="store_true", help="Print a JSON report.")
    args = parser.parse_args(argv)
    rows = []
    for size in (float(s) for s in args.sizes.split(",")):
        text = long_article(args.data, size)
        megabytes = len(text.encode("utf-8")) / MB
        for system in ("redline", "bare") if args.bare else ("redline",):
            result = run(system, text, args.published)
            row = {"system": system, "mb": round(megabytes, 2), **result}
            if "seconds" in result:
                row["seconds_per_mb"] = round(result["seconds"] / megabytes, 2)
            rows.append(row)
            if not args.json:
                if "error" in row:
                    print(f"{system:8} {megabytes:6.2f} MB  failed: {row['error']}")
                else:
                    what = "events" if system == "redline" else "tokens"
                    print(f"{system:8} {megabytes:6.2f} MB  {row['seconds']:8.1f} s ({row['cpu_seconds']:.1f} s CPU)  "
                          f"{row['seconds_per_mb']:6.1f} s/MB  peak RSS {row['peak_rss_mb']:7.0f} MB  "
                          f"{row['found']} {what}", flush=True)
    if args.json:
        print(json.dumps({"rows": rows}, indent=2))
    return 1 if any("error" in row for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
