"""Latency of the workbench's JSON API over a store of 100,000 events, through a real server.

The store is synthetic but made of real rows: a few real articles (PolNeAR news texts read in place,
and the example article when present) go through the redline pipeline once; their rows are then
copied, with new document ids, dates shifted across several years and coordinates jittered, until
the store holds ``--events`` events (:func:`build_synthetic_store`, importable for the browser
page-load benchmark). Nothing of the articles is written outside the temporary store.

Then ``redline serve`` runs on loopback in its own process and each endpoint is called ``--repeats``
times over one keep-alive connection (after one warm-up call): median and 95th percentile of the
client-side time (request, query, JSON, response). "corpus view" is what the corpus page asks for
when it opens (health, facets, timeline, map, network, commitments, first page of events): one
after the other ("sequential") and six at a time as a browser would ("parallel").

    python benchmarks/web.py                         # 100,000 events, 20 articles, table
    python benchmarks/web.py --events 20000 --json
    python benchmarks/web.py --db /tmp/web100k.db    # keep (and reuse) the store
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import find_articles  # noqa: E402

EXAMPLE = REPO.parent / "shared" / "examples" / "arab-weekly-2020-06-08-sirte.txt"
FIRST_DAY = date(2018, 1, 1)
YEARS = 5
JITTER_DEGREES = 0.4
BATCH_DOCUMENTS = 400
TARGET_MS = 200


# ---------------------------------------------------------------- the store


def template_documents(n_articles: int, seed_published: str = "2018-01-01") -> list:
    """The real documents the store is copied from: PolNeAR articles and the example article."""
    import redline

    records = [{"text": path.read_text(encoding="utf-8", errors="replace"), "published": seed_published,
                "title": path.stem.replace("_", " "), "source": path.stem.split("_", 1)[0]}
               for path in find_articles(None, n_articles)]
    if EXAMPLE.exists():
        records.append({"text": EXAMPLE.read_text(encoding="utf-8"), "published": "2020-06-08",
                        "title": "Sirte example", "source": "The Arab Weekly"})
    if not records:
        raise SystemExit("no articles found: ../shared/eval/quotes and ../shared/examples are absent")
    return [doc for doc in redline.extract_many(records) if doc.events]


def _shift(day: str | None, days: int) -> str | None:
    if not day:
        return day
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _shifted_value(value: str | None, precision: str | None, start: str | None) -> str | None:
    """The date value of an event whose first day moved to ``start``, at the same precision."""
    if value is None or start is None:
        return value
    if precision == "day":
        return start
    if precision == "month":
        return start[:7]
    if precision == "year":
        return start[:4]
    if precision == "week":
        year, week, _ = date.fromisoformat(start).isocalendar()
        return f"{year}-W{week:02d}"
    return value


def _copy(rows: dict[str, list[dict]], k: int, rng: random.Random, keep_events: int | None) -> dict[str, list[dict]]:
    """The k-th copy of one document's rows: a new id, dates moved, places jittered; only the first
    ``keep_events`` events when given."""
    from redline.store.schema import coordinate_bin

    original = rows["documents"][0]["id"]
    new_id = hashlib.sha256(f"{original}:{k}".encode()).hexdigest()
    days = rng.randrange(YEARS * 365) - (date.fromisoformat(rows["documents"][0]["published"]) - FIRST_DAY).days
    dlat, dlon = rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), rng.uniform(-JITTER_DEGREES, JITTER_DEGREES)
    kept = {e["event_id"] for e in rows["events"][:keep_events]} if keep_events is not None else None
    copied: dict[str, list[dict]] = {}
    for table, table_rows in rows.items():
        out = []
        for row in table_rows:
            if kept is not None and "event_id" in row and table != "documents" and row["event_id"] not in kept:
                continue
            row = {**row, "document_id": new_id} if "document_id" in row else dict(row)
            out.append(row)
        copied[table] = out
    document = copied["documents"][0]
    document.update(id=new_id, published=_shift(document["published"], days),
                    n_events=len(copied["events"]), json=document["json"].replace(original, new_id))
    for event in copied["events"]:
        event["date_start"], event["date_end"] = _shift(event["date_start"], days), _shift(event["date_end"], days)
        event["date_value"] = _shifted_value(event["date_value"], event["date_precision"], event["date_start"])
        if event["lat"] is not None:
            event["lat"] = max(-90.0, min(90.0, round(event["lat"] + dlat + rng.uniform(-0.05, 0.05), 5)))
            event["lon"] = round((event["lon"] + dlon + 180) % 360 - 180, 5)
            event["lat_bin"], event["lon_bin"] = coordinate_bin(event["lat"]), coordinate_bin(event["lon"])
    return copied


def _links(batch: list[dict[str, list[dict]]]) -> list[dict]:
    """Some commitments of a batch crossed or fulfilled by an event of the next document, so the red-line
    tracker has every status to show."""
    links = []
    for i, rows in enumerate(batch[:-1]):
        later = batch[i + 1]["events"]
        for j, commitment in enumerate(rows["commitments"]):
            if later and j % 3 != 2:
                links.append({"document_id": commitment["document_id"], "commitment_id": commitment["commitment_id"],
                              "event_document_id": later[0]["document_id"], "event_id": later[0]["event_id"],
                              "relation": "crossed" if j % 3 == 0 else "fulfilled"})
    return links


def build_synthetic_store(db: str, n_events: int = 100_000, n_articles: int = 20, seed: int = 7,
                          templates: list | None = None) -> dict:
    """A store at ``db`` (a new SQLite file or URL) holding exactly ``n_events`` events copied from the rows
    of real extracted articles; returns what it holds and how long each step took."""
    from sqlalchemy import insert

    from redline.store import open_store
    from redline.store.rows import document_rows
    from redline.store.schema import DOCUMENT_TABLES, commitment_links

    started = time.perf_counter()
    templates = templates if templates is not None else template_documents(n_articles)
    extracted = time.perf_counter() - started
    rows = [document_rows(doc, origin="synthetic") for doc in templates]
    rng = random.Random(seed)
    started = time.perf_counter()
    stored = documents = 0
    with open_store(db) as store:
        k = 0
        while stored < n_events:
            batch = []
            while len(batch) < BATCH_DOCUMENTS and stored < n_events:
                template = rows[k % len(rows)]
                left = n_events - stored
                copy = _copy(template, k, rng, left if left < len(template["events"]) else None)
                stored += len(copy["events"])
                batch.append(copy)
                k += 1
            with store.engine.begin() as conn:
                for table in DOCUMENT_TABLES:
                    table_rows = [row for copy in batch for row in copy[table.name]]
                    if table_rows:
                        conn.execute(insert(table), table_rows)
                links = _links(batch)
                if links:
                    conn.execute(insert(commitment_links), links)
            documents += len(batch)
        events = store.count_events()
    return {"events": events, "documents": documents, "templates": len(templates),
            "template_events": sum(len(doc.events) for doc in templates),
            "extract_seconds": round(extracted, 1), "insert_seconds": round(time.perf_counter() - started, 1)}


# ---------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``redline serve`` on loopback in its own process."""

    def __init__(self, db: str):
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self) -> "Server":
        import httpx

        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", self.db,
                                         "--port", str(self.port)], env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("the server did not answer within 60 s")

    def __exit__(self, *_exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def _timed(client, path: str, params: dict | None = None) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.get(path, params=params)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code} {response.text[:300]}")
    return seconds, len(response.content), response


CORPUS_VIEW = [("/api/health", {}), ("/api/facets", {}), ("/api/timeline", {}), ("/api/map", {}),
               ("/api/network", {}), ("/api/commitments", {"limit": 50}), ("/api/events", {"limit": 100})]


def measure(url: str, repeats: int = 20) -> dict:
    import httpx

    results = []
    with httpx.Client(base_url=url, timeout=120) as client:
        facets = client.get("/api/facets").json()
        total = client.get("/api/events", params={"limit": 1}).json()["total"]
        top_type = facets["types"][0]["value"]
        top_country = facets["countries"][0]["value"]
        top_actor = facets["actors"][0]["value"]
        calls = [
            ("events: first page", "/api/events", {"limit": 100}),
            ("events: type + country", "/api/events", {"type": top_type, "country": top_country, "limit": 100}),
            ("events: actor + dates", "/api/events", {"actor": top_actor, "since": "2020-01-01",
                                                      "until": "2020-12-31", "limit": 100}),
            ("events: text q", "/api/events", {"q": "attack", "limit": 100}),
            ("events: deep offset", "/api/events", {"offset": max(0, total - 150), "limit": 100}),
            ("timeline", "/api/timeline", {}),
            ("timeline: type, by week", "/api/timeline", {"type": top_type, "bucket": "week"}),
            ("map (0.5 degree cells)", "/api/map", {}),
            ("map: type + dates", "/api/map", {"type": top_type, "since": "2020-01-01", "until": "2020-12-31"}),
            ("network", "/api/network", {}),
            ("facets", "/api/facets", {}),
            ("commitments", "/api/commitments", {"limit": 50}),
            ("commitments: crossed", "/api/commitments", {"status": "crossed", "limit": 50}),
            ("documents", "/api/documents", {"limit": 50}),
        ]
        for name, path, params in calls:
            _timed(client, path, params)  # warm-up
            times, size = [], 0
            for _ in range(repeats):
                seconds, size, _response = _timed(client, path, params)
                times.append(seconds)
            results.append({"call": name, "path": path, "params": params, "bytes": size, **_stats(times)})
        sequential = []
        for _ in range(repeats):
            started = time.perf_counter()
            for path, params in CORPUS_VIEW:
                _timed(client, path, params)
            sequential.append(time.perf_counter() - started)
    parallel = []
    clients = [httpx.Client(base_url=url, timeout=120) for _ in range(6)]
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            for _ in range(repeats):
                started = time.perf_counter()
                list(pool.map(lambda pair: _timed(pair[0], *pair[1]), zip(clients * 2, CORPUS_VIEW)))
                parallel.append(time.perf_counter() - started)
    finally:
        for client in clients:
            client.close()
    return {"total_events": total, "calls": results,
            "corpus_view": {"calls": [path for path, _ in CORPUS_VIEW], "sequential": _stats(sequential),
                            "parallel_6": _stats(parallel)}}


def _print_table(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    store = report["store"]
    table = Table(title=f"workbench API over {store['events']:,} events in {store['documents']:,} documents "
                        f"({report['repeats']} calls each)")
    for column in ("call", "median ms", "p95 ms", "max ms", "response KB"):
        table.add_column(column, justify="left" if column == "call" else "right")
    for row in report["calls"]:
        flag = "" if row["p95_ms"] < TARGET_MS else " !"
        table.add_row(row["call"], f"{row['median_ms']:.1f}", f"{row['p95_ms']:.1f}{flag}", f"{row['max_ms']:.1f}",
                      f"{row['bytes'] / 1024:.1f}")
    for mode in ("sequential", "parallel_6"):
        figures = report["corpus_view"][mode]
        table.add_row(f"corpus view, all 7 calls ({mode})", f"{figures['median_ms']:.1f}", f"{figures['p95_ms']:.1f}",
                      f"{figures['max_ms']:.1f}", "")
    Console().print(table)


def reuse_or_build_store(db: str, n_events: int, articles: int) -> dict:
    """The store at ``db`` as it is when the file exists, else a new synthetic one: what it holds."""
    if Path(db).exists():
        from redline.store import open_store

        with open_store(db, create=False) as store:
            return {"events": store.count_events(), "documents": store.count_documents(), "reused": True}
    return build_synthetic_store(db, n_events, articles)


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """The options of the 100,000-event store both web benchmarks measure over."""
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=20, help="Real articles the store is copied from.")
    parser.add_argument("--db", help="Keep the store here; an existing file is reused as it is.")
    parser.add_argument("--json", action="store_true")


def measure_over_server(args: argparse.Namespace, measure_at) -> dict:
    """Reuse or build the store of ``args``, serve it on loopback, and return what ``measure_at(url)``
    measured, with what the store holds."""
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "web.db")
        built = reuse_or_build_store(db, args.events, args.articles)
        with Server(db) as server:
            return {"store": built, **measure_at(server.url)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_store_options(parser)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    report = {"repeats": args.repeats, **measure_over_server(args, lambda url: measure(url, args.repeats))}
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    else:
        _print_table(report)


if __name__ == "__main__":
    main()
