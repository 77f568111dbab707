"""The workbench in a real browser, used as an analyst would: Debian's Chromium (headless) driven by
Playwright against ``redline serve``'s app on a loopback port, over a store built from real extractions.

Every page checked here also must not ask anything of another origin, nor log a console error.
Skips when Chromium (/usr/bin/chromium) or the playwright package is absent.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import BUNDLED_EXAMPLE, EXAMPLE_ARTICLE, corpus_text

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
READY = "body[data-ready='1']"
# Articles written for these tests: a war in one country, a strike in another, a mediation.
ARTICLES = [
    ("Drones strike Sirte", "2020-07-08",
     "Turkish drones struck the city of Sirte on Wednesday, killing four fighters, a spokesman for the Libyan "
     "National Army said. Egypt condemned the strike."),
    ("Russian jets bomb Idlib", "2021-03-02",
     "Russian warplanes bombed rebel positions near Idlib on Tuesday, the Syrian Observatory for Human Rights "
     "said. Turkey condemned the raids and called for a ceasefire."),
    ("Talks in Cairo", "2020-09-14",
     "Egyptian and Libyan officials met in Cairo on Monday and agreed to reopen the border crossing."),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, extract):
    from redline.store import open_store

    path = str(tmp_path_factory.mktemp("webui") / "store.db")
    docs = [extract(text, published=day, title=title, source="Test wire") for title, day, text in ARTICLES]
    docs += [extract(corpus_text(i), published=f"20{19 + i % 2}-{1 + i:02d}-1{i % 9}", title=f"Wire report {i}")
             for i in range(10)]
    with open_store(path) as store:
        for doc in docs:
            store.save_document(doc, origin="test")
    return path


@pytest.fixture(scope="module")
def server(store_path):
    """A real uvicorn server with the workbench app on a free loopback port."""
    from redline.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(store_path), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the workbench server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request and console error; at the end of the test, it checks that
    nothing left the app's origin and nothing went wrong in the console."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    page.set_default_timeout(30_000)
    origin = urlsplit(server)
    foreign, errors = [], []

    requested = []

    def on_request(request):
        requested.append(request.url)
        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob") and (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
            foreign.append(request.url)

    page.on("request", on_request)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.server = server
    page.requested = requested
    yield page
    context.close()
    assert foreign == [], f"requests outside the app's origin: {foreign}"
    assert errors == [], f"console errors: {errors}"


def open_corpus(page, hash_: str = "#corpus"):
    page.goto(page.server + "/" + hash_)
    page.wait_for_selector(READY, state="attached")


def wait_reload(page, action):
    """Run an action that reloads the corpus view and wait until every panel has drawn again."""
    page.evaluate("document.body.dataset.ready = '0'")
    action()
    page.wait_for_selector(READY, state="attached")


def corpus_figures(page) -> dict:
    """What the panels say they show (their data-* attributes), and what they draw."""
    return page.evaluate("""() => {
        const data = (id) => Object.fromEntries(Object.entries(document.getElementById(id).dataset).map(([k, v]) => [k, Number(v)]));
        const rows = [...document.querySelectorAll('#events tbody tr[data-event]')];
        return {
            events: data('events-count'), map: data('map-count'), timeline: data('timeline-count'),
            circles: document.querySelectorAll('#map path.point').length,
            circleTypes: [...new Set([...document.querySelectorAll('#map path.point')].map(p => [...p.classList].find(c => c.startsWith('ty-'))))],
            rowTypes: [...new Set(rows.map(r => r.dataset.type))],
            rowCountries: [...new Set(rows.map(r => r.dataset.country))],
            barTypes: [...new Set([...document.querySelectorAll('#timeline rect.ty')].map(r => [...r.classList].find(c => c.startsWith('ty-'))))],
            nodes: document.querySelectorAll('#network .node').length,
            hash: location.hash,
        };
    }""")


# ---------------------------------------------------------------- the article view


@pytest.fixture(scope="module")
def example_text():
    if not EXAMPLE_ARTICLE.exists():
        pytest.skip("../shared/examples is absent")
    return EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def paste_and_extract(page, text: str):
    page.goto(page.server + "/#article")
    page.fill("#extract-text", text)
    page.fill("#extract-published", "2020-06-08")
    page.click("#extract-button")
    page.wait_for_selector("#doc-text mark.hl-trigger")


def test_pasted_article_is_shown_with_its_highlights(page, example_text, example_doc, tmp_path):
    paste_and_extract(page, example_text)
    # every character of the article is shown once, in order, whatever the highlights overlap
    assert page.evaluate("document.getElementById('doc-text').textContent") == example_text
    triggers = page.locator("#doc-text mark.hl-trigger")
    assert triggers.count() > 0
    assert set(triggers.all_text_contents()) == {e.trigger.text for e in example_doc.events}
    actors = set(page.locator("#doc-text mark.hl-actor").all_text_contents())
    assert actors & {"Turkey", "Russia", "Russian", "Turkish"}
    assert "Sirte" in page.locator("#doc-text mark.hl-place").all_text_contents()
    assert page.locator("#doc-text mark.hl-time").count() > 0
    assert page.locator("#doc-text mark.hl-quote").count() > 0
    assert page.locator("#doc-events tbody tr[data-event]").count() == len(example_doc.events)
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)


def test_clicking_a_trigger_shows_its_event_record(page, example_text, example_doc):
    paste_and_extract(page, example_text)
    event = next(e for e in example_doc.events if e.type == "ASSAULT")
    index = page.evaluate(f"""() => [...document.querySelectorAll('#doc-text mark.hl-trigger')]
        .findIndex(m => m.textContent === {event.trigger.text!r})""")
    page.locator("#doc-text mark.hl-trigger").nth(index).click()
    record = page.locator("#record-body .record[data-record='event']").first
    assert record.locator(".record-type").text_content() in {e.type for e in example_doc.events
                                                              if e.trigger.text == event.trigger.text}
    assert event.trigger.text in record.locator("blockquote b").text_content()
    assert "Confidence" in record.text_content() and "Source" in record.text_content()
    # why the event was coded: the rule, the lexicon row and the model
    decided = record.locator(".provenance").all_text_contents()
    assert decided[0].startswith("rule: ") and any(line.startswith("lexicon: lexicon.tsv:") for line in decided)
    # the clicked event's row in the events table is selected too
    selected = page.locator("#doc-events tbody tr.selected")
    assert selected.count() == 1 and event.trigger.text in selected.text_content()


def test_clicking_an_event_row_highlights_its_trigger(page, example_text, example_doc):
    paste_and_extract(page, example_text)
    last = len(example_doc.events) - 1
    page.locator("#doc-events tbody tr[data-event]").nth(last).click()
    event_id = page.locator("#doc-events tbody tr[data-event]").nth(last).get_attribute("data-event")
    event = next(e for e in example_doc.events if e.id == event_id)
    assert page.locator("#doc-text mark.hl-trigger.selected").first.text_content() == event.trigger.text
    assert page.locator("#record-body .record .record-type").first.text_content() == event.type
    # j steps to the next event in the text
    page.keyboard.press("j")
    assert page.locator("#doc-text mark.hl-trigger.selected").count() >= 1


def test_markup_in_an_article_is_shown_as_text(page):
    text = ("Turkish drones struck <img src=x id=injected> Sirte on Sunday, <b>officials</b> said.\n\n"
            "Egypt condemned the strike.")
    page.goto(page.server + "/#article")
    page.fill("#extract-text", text)
    page.fill("#extract-title", "<script>alert(1)</script> Title")
    page.click("#extract-button")
    page.wait_for_selector("#doc-text mark.hl-trigger")
    assert page.evaluate("document.getElementById('doc-text').textContent") == text
    assert page.locator("#injected, #doc-text b, #doc-title script").count() == 0
    assert page.text_content("#doc-title") == "<script>alert(1)</script> Title"


def test_a_stored_article_opens_from_the_list(page):
    page.goto(page.server + "/#article")
    page.locator("#doc-list button", has_text="Drones strike Sirte").click()
    page.wait_for_selector("#doc-text mark.hl-trigger")
    assert page.locator("#doc-title").text_content() == "Drones strike Sirte"
    assert "struck" in page.locator("#doc-text mark.hl-trigger").all_text_contents()
    assert re.search(r"#article\?doc=\w+", page.url)


# ---------------------------------------------------------------- the corpus view


def test_corpus_filter_changes_every_view_consistently(page, tmp_path):
    open_corpus(page)
    before = corpus_figures(page)
    assert before["events"]["total"] > 0 and before["circles"] > 0 and before["nodes"] > 0
    assert before["map"]["located"] + before["map"]["unlocated"] == before["events"]["total"]
    assert before["timeline"]["dated"] + before["timeline"]["undated"] == before["events"]["total"]
    assert len(before["rowTypes"]) > 1
    page.screenshot(path=str(tmp_path / "corpus.png"), full_page=True)

    wait_reload(page, lambda: page.select_option("#f-type", "ASSAULT"))
    after = corpus_figures(page)
    assert "type=ASSAULT" in after["hash"]
    assert 0 < after["events"]["total"] < before["events"]["total"]
    assert after["map"]["located"] + after["map"]["unlocated"] == after["events"]["total"]
    assert after["timeline"]["dated"] + after["timeline"]["undated"] == after["events"]["total"]
    assert after["rowTypes"] == ["ASSAULT"]
    assert after["circleTypes"] == ["ty-ASSAULT"] and after["barTypes"] == ["ty-ASSAULT"]
    assert page.locator("#chips .chip", has_text="Type: ASSAULT").count() == 1

    wait_reload(page, lambda: page.locator("#chips .chip button").click())
    assert corpus_figures(page)["events"] == before["events"]


@pytest.mark.parametrize("hash_", ["#corpus", "#corpus?type=ASSAULT&offset=0", "#corpus?country=LBY"])
def test_opening_the_corpus_asks_for_each_thing_once(page, hash_):
    # the first requests start before the app's modules have loaded (prefetch.js); the views must then
    # use those responses, not ask again
    open_corpus(page, hash_)
    paths = [urlsplit(url).path for url in page.requested]
    asked = {path: paths.count(path) for path in paths if path.startswith(("/api/", "/assets/"))}
    assert asked == {path: 1 for path in ("/api/health", "/api/events", "/api/map", "/api/timeline", "/api/network",
                                          "/api/commitments", "/api/facets", "/assets/basemap.json")}


def test_corpus_state_lives_in_the_url(page):
    open_corpus(page, "#corpus?country=LBY")
    figures = corpus_figures(page)
    assert page.input_value("#f-country") == "LBY"
    assert figures["rowCountries"] == ["LBY"]
    assert 0 < figures["map"]["located"] == figures["events"]["total"] - figures["map"]["unlocated"]
    href = page.get_attribute("#export-link", "href")
    assert href.startswith("/api/export?") and "country=LBY" in href and "format=csv" in href


def test_clicking_an_actor_or_a_bar_sets_the_filters(page):
    open_corpus(page)
    node = page.locator("#network .node").first
    actor = node.get_attribute("data-actor")
    wait_reload(page, lambda: node.locator("circle").click())
    assert f"actor={actor}" in page.url
    assert page.input_value("#f-actor") == actor
    assert page.locator("#network .node.active").count() == 1
    # clicking the chosen actor again lets it go
    wait_reload(page, lambda: page.locator(f"#network .node[data-actor='{actor}'] circle").click())
    assert "actor=" not in page.url and page.input_value("#f-actor") == ""

    wait_reload(page, lambda: page.locator("#timeline .bar").first.click())
    since, until = page.input_value("#f-since"), page.input_value("#f-until")
    assert since and until and since <= until
    assert f"since={since}" in page.url
    dates = [d for d in page.locator("#events tbody tr[data-event] td:first-child").all_text_contents()
             if re.match(r"\d{4}-\d{2}", d)]
    # a label is a day, a month, or the first and last day of a range ("2020-05-30/2020-06-05"):
    # the listed events are those whose range meets the chosen window
    assert dates and all(d.split("/")[0][:7] <= until[:7] and since[:7] <= d.split("/")[-1][:7] for d in dates)


def test_an_event_row_opens_its_article_with_the_event_selected(page):
    open_corpus(page)
    row = page.locator("#events tbody tr[data-event]").first
    event_id = row.get_attribute("data-event")
    row.click()
    page.wait_for_selector("#doc-text mark.hl-trigger.selected")
    assert f"event={event_id}" in page.url
    assert page.locator("#record-body .record[data-record='event']").first.get_attribute("data-id") == event_id


def test_an_uploaded_file_is_extracted_and_stored(page, extract):
    expected = extract(BUNDLED_EXAMPLE.read_text(encoding="utf-8"), published="2021-03-15")
    page.goto(page.server + "/#article")
    page.set_input_files("#extract-file", str(BUNDLED_EXAMPLE))
    page.fill("#extract-title", "Uploaded clashes")
    page.fill("#extract-published", "2021-03-15")
    page.check("#extract-store")
    page.click("#extract-button")
    page.wait_for_selector("#doc-text mark.hl-trigger")
    assert page.locator("#doc-events tbody tr[data-event]").count() == len(expected.events) > 0
    assert "stored" in page.text_content("#extract-status")
    page.wait_for_selector("#doc-list button[aria-current='true']")
    assert page.locator("#doc-list button[aria-current='true']").text_content().startswith("Uploaded clashes")
    assert f"doc={expected.document.id}" in page.url
