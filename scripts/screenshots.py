"""The README's screenshots of the web workbench: docs/screenshots/article.png and corpus.png.

Serves a store with ``redline serve`` on loopback and photographs it in headless Chromium (Debian's
/usr/bin/chromium through Playwright):

- article.png: an article pasted into the article view and extracted, one event clicked;
- corpus.png: the corpus view over the store, from 2018 on.

Without ``--db``, the store is the synthetic one of ``benchmarks/web.py`` (real extracted rows copied
to ``--events`` events, dates spread over five years). The article is the example article of
../shared/examples when present, else examples/sirte-clashes.txt.

    python scripts/screenshots.py                  # 20,000 synthetic events
    python scripts/screenshots.py --db redline.db  # your own store
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from browser import READY, launch_chromium  # noqa: E402
from web import EXAMPLE, Server, build_synthetic_store  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
BUNDLED_ARTICLE = ROOT / "examples" / "sirte-clashes.txt"
VIEWPORT = {"width": 1440, "height": 900}


def article_text() -> tuple[str, str]:
    if EXAMPLE.exists():
        return EXAMPLE.read_text(encoding="utf-8"), "2020-06-08"
    return BUNDLED_ARTICLE.read_text(encoding="utf-8"), "2021-03-15"


def synthetic_store(db: str, n_events: int) -> None:
    import redline

    try:
        build_synthetic_store(db, n_events)
    except SystemExit:  # no real articles at hand: copy the bundled example
        text, published = article_text()
        build_synthetic_store(db, n_events, templates=[redline.extract(text, published=published)])


def photograph(url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    text, published = article_text()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(url + "/#article")
            page.fill("#extract-text", text)
            page.fill("#extract-published", published)
            page.click("#extract-button")
            page.wait_for_selector("#doc-text mark.hl-trigger", timeout=60_000)
            page.locator("#doc-events tbody tr[data-event]").nth(1).click()
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(600)  # the smooth scroll to the selected trigger
            page.screenshot(path=str(OUTPUT / "article.png"))

            page.goto(url + "/#corpus?since=2018-01-01")
            page.wait_for_selector(READY, state="attached", timeout=60_000)
            page.set_viewport_size({"width": VIEWPORT["width"], "height": 1250})
            page.wait_for_timeout(400)  # the redraw after the resize
            page.screenshot(path=str(OUTPUT / "corpus.png"))
        finally:
            browser.close()
    return [OUTPUT / "article.png", OUTPUT / "corpus.png"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="An existing store to photograph (default: a synthetic one).")
    parser.add_argument("--events", type=int, default=20_000, help="Events of the synthetic store.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = str(Path(folder) / "screenshots.db")
            synthetic_store(db, args.events)
        with Server(db) as server:
            for path in photograph(server.url):
                print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
