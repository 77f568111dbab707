// redline workbench: the router (the URL hash holds the view and its state, so any view can be
// bookmarked or shared), the top bar and the keyboard. The views live in article.js and corpus.js.

import { getJSON } from "./api.js";
import { ArticleView } from "./article.js";
import { CorpusView, FILTER_KEYS } from "./corpus.js";
import { $, fmt } from "./dom.js";

const VIEWS = ["article", "corpus"];
const PARAM_ORDER = { article: ["doc", "event"], corpus: [...FILTER_KEYS, "offset"] };

/** "#corpus?type=ASSAULT&country=LBY" -> {view: "corpus", type: "ASSAULT", country: "LBY"} */
export function parseHash(hash) {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  const params = Object.fromEntries(new URLSearchParams(query));
  return { ...params, view: VIEWS.includes(path) ? path : null };
}

export function formatHash(params) {
  const search = new URLSearchParams();
  for (const key of PARAM_ORDER[params.view] || []) {
    if (params[key] !== undefined && params[key] !== null && params[key] !== "") search.set(key, String(params[key]));
  }
  const query = search.toString();
  return `#${params.view}${query ? `?${query}` : ""}`;
}

class App {
  constructor() {
    this.busy = 0;
    this.health = null;
    this.firstCorpusReady = false;
    this.article = new ArticleView(this);
    this.corpus = new CorpusView(this);
    window.addEventListener("hashchange", () => this.route());
    document.addEventListener("keydown", (event) => this.onKey(event));
    $("#help-button").addEventListener("click", () => $("#help").showModal());
  }

  async start() {
    const health = this.refreshHealth();
    if (!parseHash(location.hash).view) {
      // Nothing asked for: the corpus when the store has events, else the article view to add some.
      const known = await health;
      history.replaceState(null, "", formatHash({ view: known && known.events ? "corpus" : "article" }));
    }
    this.route();
  }

  async refreshHealth() {
    try {
      this.health = await getJSON("/api/health");
      $("#status").textContent = `${fmt(this.health.documents)} articles · ${fmt(this.health.events)} events · v${this.health.version}`;
      this.article.setWritable(this.health);
    } catch (error) {
      $("#status").textContent = `server: ${error.message}`;
    }
    return this.health;
  }

  /**
   * Go to a view with its state. replace: no new history entry; silent: only record the state in the
   * URL (the view already shows it).
   */
  navigate(params, { replace = false, silent = false } = {}) {
    const hash = formatHash(params);
    if (hash === location.hash) return;
    if (silent) {
      history.replaceState(null, "", hash);
      return;
    }
    if (replace) {
      history.replaceState(null, "", hash);
      this.route();
    } else {
      location.hash = hash;
    }
  }

  route() {
    const params = parseHash(location.hash);
    const view = params.view || "article";
    for (const name of VIEWS) {
      $(`#view-${name}`).hidden = name !== view;
      $(`#tab-${name}`).setAttribute("aria-selected", String(name === view));
    }
    document.title = `redline · ${view}`;
    this.view = view;
    this.setReady(false);
    const shown = view === "article" ? this.article.show(params) : this.corpus.show(params);
    Promise.resolve(shown).finally(() => {
      if (view === "article" && this.view === "article") this.setReady(true);
    });
  }

  setBusy(busy) {
    this.busy = Math.max(0, this.busy + (busy ? 1 : -1));
    document.body.classList.toggle("busy", this.busy > 0);
  }

  /** body[data-ready="1"]: the current view has drawn everything it loads (the tests and the benchmark wait for it). */
  setReady(ready) {
    document.body.dataset.ready = ready ? "1" : "0";
    if (ready && this.view === "corpus" && !this.firstCorpusReady) {
      this.firstCorpusReady = true;
      performance.mark("redline:corpus-ready");
    }
  }

  onKey(event) {
    const target = event.target;
    const typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Escape") {
      if (typing) target.blur();
      else if (this.view === "article") this.article.deselect();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      1: () => this.navigate({ view: "article", ...(this.article.doc && this.article.stored ? { doc: this.article.doc.document.id } : {}) }),
      2: () => this.navigate({ view: "corpus", ...this.corpus.filters }),
      "/": () => (this.view === "article" ? this.article.focusSearch() : this.corpus.focusSearch()),
      "?": () => $("#help").showModal(),
      j: () => this.view === "article" && this.article.step(1),
      k: () => this.view === "article" && this.article.step(-1),
      "]": () => this.view === "corpus" && this.corpus.page(1),
      "[": () => this.view === "corpus" && this.corpus.page(-1),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  }
}

new App().start();
