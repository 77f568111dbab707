"""Time and memory of each pipeline stage, on real news articles.

Every stage of the pipeline (nlp, actors, places, time, events, claims) is timed
on each article; the report gives seconds per stage and each stage's share of
the whole pipeline, which is what the budgets of the issues are stated in (the
geography stage ≤ 15 % of pipeline time, the time stage ≤ 10 %).

Memory is measured first, on the first ten articles: resident memory before
the first geography call (spaCy, the knowledge base and every other stage
loaded and warm), the peak after the run, and the peak of Python allocations
made inside the geography stage, gazetteer loading included (tracemalloc, which
numpy reports to as well). The geography stage's budget is 400 MB. Times are
taken after, on every article, without tracemalloc.

    python benchmarks/stages.py                      # 60 PolNeAR articles
    python benchmarks/stages.py --limit 200 --json
    python benchmarks/stages.py --data DIR           # any folder of .txt files
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import find_articles  # noqa: E402

GEOGRAPHY_STAGE = "places"
MEMORY_ARTICLES = 10


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(paths: list[Path], model: str | None = None) -> dict:
    from redline.api import get_pipeline
    from redline.pipeline import DocState, make_info

    pipeline = get_pipeline(model) if model else get_pipeline()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    seconds: dict[str, float] = defaultdict(float)
    geography = {"rss_before_mb": None, "tracemalloc_peak_mb": 0.0}

    def run(text: str, traced: bool) -> None:
        state = DocState(text=text, info=make_info(text), model=pipeline.model, kb=pipeline.kb)
        for name, stage in pipeline.stages:
            if traced and name == GEOGRAPHY_STAGE:
                tracemalloc.start()
                stage(state)
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                geography["tracemalloc_peak_mb"] = max(geography["tracemalloc_peak_mb"], peak / 2**20)
                continue
            started = time.perf_counter()
            stage(state)
            if not traced:
                seconds[name] += time.perf_counter() - started

    # Warm every stage but geography, whose first call (loading the gazetteer) belongs to its memory.
    warm = DocState(text=texts[0], info=make_info(texts[0]), model=pipeline.model, kb=pipeline.kb)
    for name, stage in pipeline.stages:
        if name != GEOGRAPHY_STAGE:
            stage(warm)
    geography["rss_before_mb"] = round(_rss_mb(), 1)
    # Memory first, on a few articles (tracemalloc slows what it watches), then time on all of them.
    for text in texts[:MEMORY_ARTICLES]:
        run(text, traced=True)
    for text in texts:
        run(text, traced=False)
    total = sum(seconds.values())
    return {
        "articles": len(texts),
        "seconds": {name: round(s, 3) for name, s in seconds.items()},
        "share": {name: round(s / total, 4) for name, s in seconds.items()},
        "total_seconds": round(total, 3),
        "geography_memory": {
            "rss_before_mb": geography["rss_before_mb"],
            "peak_rss_mb": round(_peak_rss_mb(), 1),
            "peak_rss_growth_mb": round(_peak_rss_mb() - (geography["rss_before_mb"] or 0.0), 1),
            "tracemalloc_peak_mb": round(geography["tracemalloc_peak_mb"], 1),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="folder of .txt articles (default: PolNeAR dev, then train)")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: redline's pinned one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = find_articles(args.data, args.limit)
    if not paths:
        print("no articles found: pass --data DIR", file=sys.stderr)
        return 2
    report = measure(paths, args.model)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
        return 0
    print(f"{report['articles']} articles, {report['total_seconds']} s in the pipeline")
    for name, s in report["seconds"].items():
        print(f"  {name:<8} {s:8.2f} s  {report['share'][name]:6.1%}")
    memory = report["geography_memory"]
    print(f"geography memory: RSS {memory['rss_before_mb']} MB before its first call, peak {memory['peak_rss_mb']} MB "
          f"(+{memory['peak_rss_growth_mb']} MB); Python allocations inside the stage peak at "
          f"{memory['tracemalloc_peak_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
