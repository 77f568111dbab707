"""The README's screenshots of the web workbench: docs/screenshots/article.png and corpus.png.

Serves a store with ``redline serve`` on loopback and photographs it in headless Chromium (Debian's
/usr/bin/chromium through Playwright):

- article.png: an article pasted into the article view and extracted, one event clicked;
- corpus.png: the corpus view over the store.

Without ``--db``, the store is the synthetic one of ``benchmarks/web.py`` (extracted rows copied to
``--events`` events, dates spread over five years), made from the short reports below, written for
these screenshots, so that no third party's text appears in the repository's images. The article is
examples/sirte-clashes.txt (written for the project too).

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
from web import Server, build_synthetic_store  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
ARTICLE = ROOT / "examples" / "sirte-clashes.txt"
ARTICLE_PUBLISHED = "2021-03-15"
VIEWPORT = {"width": 1440, "height": 900}
# (title, published, text): invented reports, one per place, for a corpus with a varied map and network.
REPORTS = [
    ("Drones strike Sirte", "2021-03-14", "Turkish drones struck positions of the Libyan National Army near Sirte on "
     "Sunday. Egypt condemned the attack and threatened to send troops if the fighting reached the city."),
    ("Shelling in Kharkiv", "2022-05-02", "Russian artillery shelled residential areas of Kharkiv on Monday, killing "
     "six civilians, Ukrainian officials said. The European Union imposed new sanctions on Moscow."),
    ("Truce talks in Cairo", "2021-05-20", "Egyptian mediators met Hamas and Israeli officials in Cairo on Thursday. "
     "Both sides agreed to a ceasefire in Gaza."),
    ("Raids near Idlib", "2020-02-11", "Syrian government jets bombed rebel villages near Idlib on Tuesday. Turkey "
     "accused Damascus of violating the truce and sent reinforcements to its observation posts."),
    ("Aid reaches Mosul", "2019-07-09", "The United Nations delivered food and medicine to Mosul on Tuesday. Iraq "
     "thanked the World Food Programme for its support."),
    ("Protest in Khartoum", "2019-06-03", "Thousands of protesters marched in Khartoum on Monday to demand civilian "
     "rule. Security forces fired tear gas at the crowd."),
    ("Missile fired at Riyadh", "2018-03-26", "Houthi rebels fired ballistic missiles at Riyadh on Sunday. Saudi "
     "Arabia accused Iran of arming the rebels and vowed to respond."),
    ("Talks in Astana", "2018-05-15", "Russia, Turkey and Iran met in Astana on Tuesday to discuss the war in Syria "
     "and agreed to extend the de-escalation zones."),
    ("Clashes in Tripoli", "2019-04-08", "Forces loyal to Khalifa Haftar attacked the southern suburbs of Tripoli on "
     "Sunday. The United Nations called for an immediate ceasefire."),
    ("Border incident", "2020-06-16", "Chinese and Indian soldiers clashed in the Galwan Valley on Monday. India "
     "protested to Beijing and demanded a withdrawal."),
]


def synthetic_store(db: str, n_events: int) -> None:
    import redline

    templates = [redline.extract(text, published=day, title=title, source="Screenshot wire")
                 for title, day, text in REPORTS]
    build_synthetic_store(db, n_events, templates=[doc for doc in templates if doc.events])


def photograph(url: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    text, published = ARTICLE.read_text(encoding="utf-8"), ARTICLE_PUBLISHED
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

            page.goto(url + "/#corpus")
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
