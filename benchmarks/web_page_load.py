"""Page load of the workbench's corpus view over a store of 100,000 events, in headless Chromium.

The store is the synthetic one of ``benchmarks/web.py`` (real extracted rows copied until the store holds
``--events`` events); ``redline serve`` runs on loopback in its own process. Each load opens
``/#corpus`` in a new browser context (an empty cache, as a first visit: Leaflet, the app's modules and
the 400 KB basemap are fetched again) and waits until the page says every panel has drawn (the map's
basemap and circles, the timeline, the network, the red lines, the events table and the filter
choices): the time is the ``redline:corpus-ready`` performance mark, counted from the start of the
navigation. ``--warm`` also times reloads in the same context (HTTP cache kept). Median over
``--loads`` loads after one warm-up load; target 1.5 s.

    python benchmarks/web_page_load.py                         # 100,000 events, 5 loads, table
    python benchmarks/web_page_load.py --db /tmp/web100k.db    # keep (and reuse) the store
    python benchmarks/web_page_load.py --events 20000 --json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import READY, launch_chromium  # noqa: E402
from web import add_store_options, measure_over_server  # noqa: E402

TARGET_MS = 1500
VIEWPORT = {"width": 1440, "height": 1000}


def _load(page, url: str, reload: bool = False) -> dict:
    if reload:
        page.reload()
    else:
        page.goto(url + "/#corpus")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    return page.evaluate("""() => {
        const ready = performance.getEntriesByName('redline:corpus-ready')[0];
        const navigation = performance.getEntriesByType('navigation')[0];
        const api = performance.getEntriesByType('resource').filter(r => r.name.includes('/api/') || r.name.includes('/assets/'));
        return {
            ready_ms: ready ? ready.startTime : null,
            dom_content_loaded_ms: navigation.domContentLoadedEventEnd,
            requests: performance.getEntriesByType('resource').length + 1,
            bytes: performance.getEntriesByType('resource').reduce((a, r) => a + (r.transferSize || 0), navigation.transferSize || 0),
            slowest: api.sort((a, b) => b.duration - a.duration).slice(0, 3)
                        .map(r => ({url: r.name.replace(location.origin, ''), ms: Math.round(r.duration)})),
        };
    }""")


def measure(url: str, loads: int, warm: bool) -> dict:
    from playwright.sync_api import sync_playwright

    cold, reloads = [], []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for i in range(loads + 1):  # the first load warms the server (SQLite pages, Python imports)
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                result = _load(page, url)
                if i:
                    cold.append(result)
                if warm and i:
                    reloads.append(_load(page, url, reload=True))
                context.close()
        finally:
            browser.close()
    report = {"cold": _summary(cold), "loads": cold}
    if warm:
        report["warm"] = _summary(reloads)
    return report


def _summary(results: list[dict]) -> dict:
    times = [r["ready_ms"] for r in results]
    return {"median_ms": round(statistics.median(times)), "min_ms": round(min(times)), "max_ms": round(max(times)),
            "requests": results[0]["requests"], "kilobytes": round(results[0]["bytes"] / 1024)}


def _print(report: dict) -> None:
    store = report["store"]
    print(f"corpus view page load over {store['events']:,} events in {store['documents']:,} documents "
          f"({report['loads_measured']} loads, headless Chromium {VIEWPORT['width']}x{VIEWPORT['height']})")
    for mode in ("cold", "warm"):
        if mode in report:
            figures = report[mode]
            flag = "" if figures["median_ms"] <= TARGET_MS else f"  (over the {TARGET_MS} ms target)"
            print(f"  {mode:5} median {figures['median_ms']} ms  min {figures['min_ms']}  max {figures['max_ms']}"
                  f"  ({figures['requests']} requests, {figures['kilobytes']} KB){flag}")
    slowest = report["loads"][0]["slowest"]
    print("  slowest responses of the first measured load: "
          + ", ".join(f"{s['url']} {s['ms']} ms" for s in slowest))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_store_options(parser)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--warm", action="store_true", help="Also time reloads with the browser cache kept.")
    args = parser.parse_args()
    report = {"loads_measured": args.loads, "target_ms": TARGET_MS,
              **measure_over_server(args, lambda url: measure(url, args.loads, args.warm))}
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    else:
        _print(report)


if __name__ == "__main__":
    main()
