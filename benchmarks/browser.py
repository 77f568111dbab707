"""Headless Chromium for the workbench's page-load benchmark and screenshots: Debian's own
/usr/bin/chromium driven by Playwright (never a browser Playwright downloads), started with no
background traffic, so every request the page makes is the app's."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# The workbench sets body[data-ready="1"] when every panel of the current view has drawn.
READY = "body[data-ready='1']"


def launch_chromium(playwright):
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is absent: install Debian's chromium package (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
