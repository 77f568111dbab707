// The article view: extract a pasted or uploaded article (or open a stored one), read it with
// its highlights, click a highlight or an event row to see the record.

import { ApiError, getJSON, postForm, postJSON, setToken } from "./api.js";
import { $, $$, activate, actorLabel, clear, fmt, h, plural, typeBadge } from "./dom.js";
import { collectSpans, KIND_LABELS, KINDS, renderHighlighted } from "./highlight.js";
import { RecordPanel } from "./record.js";

const DOC_PAGE = 40;

export class ArticleView {
  /**
   * @param {object} app  {navigate(params, {replace}), setBusy(bool), refreshHealth()}
   */
  constructor(app) {
    this.app = app;
    this.doc = null;
    this.stored = false;
    this.spans = [];
    this.spanIndex = new Map();
    this.selectedEvent = null;
    this.hidden = new Set();
    this.docQuery = "";
    this.docOffset = 0;
    this.docsLoaded = false;
    this.text = $("#doc-text");
    this.record = new RecordPanel($("#record-body"), (ref) => this.openRecord(ref));
    this.bind();
    this.renderLegend();
  }

  bind() {
    $("#extract-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.extract();
    });
    $("#extract-text").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.extract();
      }
    });
    $("#token").addEventListener("change", (event) => setToken(event.target.value.trim()));
    let timer = null;
    $("#doc-search").addEventListener("input", (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.docQuery = event.target.value.trim();
        this.docOffset = 0;
        this.loadDocuments();
      }, 200);
    });
    this.text.addEventListener("click", (event) => {
      // the innermost highlight whose kind is shown (the legend can hide kinds)
      let mark = event.target.closest("mark.hl");
      while (mark && this.hidden.has(mark.dataset.kind)) mark = mark.parentElement.closest("mark.hl");
      if (mark) this.openMark(mark);
    });
    this.text.addEventListener("keydown", (event) => {
      const mark = event.target.closest && event.target.closest("mark.hl");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        this.openMark(mark);
      }
    });
  }

  setWritable(health) {
    $("#extract-store-label").hidden = !health;
    $("#token-label").hidden = !(health && health.writable === false);
  }

  /** Called by the router with the article part of the URL: {doc, event}. */
  async show(params) {
    if (!this.docsLoaded) {
      this.docsLoaded = true;
      this.loadDocuments();
    }
    if (params.doc && (!this.doc || this.doc.document.id !== params.doc)) {
      this.app.setBusy(true);
      try {
        const doc = await getJSON(`/api/documents/${encodeURIComponent(params.doc)}`);
        this.setDocument(doc, true);
      } catch (error) {
        this.showError(error);
      } finally {
        this.app.setBusy(false);
      }
    }
    if (params.event && this.doc) this.selectEvent(params.event, { scroll: true });
  }

  showError(error) {
    $("#extract-status").textContent = "";
    clear(this.text).append(h("p", { class: "error", role: "alert" }, error.message || String(error)));
  }

  // ------------------------------------------------------------------ extraction

  async extract() {
    const text = $("#extract-text").value;
    const file = $("#extract-file").files[0];
    const title = $("#extract-title").value.trim();
    const published = $("#extract-published").value;
    const store = $("#extract-store").checked;
    const status = $("#extract-status");
    const button = $("#extract-button");
    if (!file && !text.trim()) {
      status.textContent = "Paste some text or choose a file first.";
      return;
    }
    button.disabled = true;
    status.textContent = "Extracting…";
    this.app.setBusy(true);
    const started = performance.now();
    try {
      let result;
      if (file) {
        const form = new FormData();
        form.append("file", file);
        if (title) form.append("title", title);
        if (published) form.append("published", published);
        form.append("store", store ? "true" : "false");
        result = await postForm("/api/extract", form);
      } else {
        result = await postJSON("/api/extract", {
          text, title: title || undefined, published: published || undefined, store,
        });
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${plural(result.document.events.length, "event")} in ${seconds} s${result.stored ? ", stored" : ""}`;
      this.setDocument(result.document, Boolean(result.stored));
      $("#extract-file").value = "";
      if (result.stored) {
        this.app.navigate({ view: "article", doc: result.document.document.id }, { replace: true });
        this.loadDocuments();
        this.app.refreshHealth();
      }
    } catch (error) {
      status.textContent = "";
      status.append(h("span", { class: "error", role: "alert" }, error.message));
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) $("#token-label").hidden = false;
    } finally {
      button.disabled = false;
      this.app.setBusy(false);
    }
  }

  // ------------------------------------------------------------------ stored documents

  async loadDocuments() {
    const list = $("#doc-list");
    try {
      const page = await getJSON("/api/documents", { q: this.docQuery, limit: DOC_PAGE, offset: this.docOffset });
      clear(list);
      for (const item of page.items) {
        const meta = [item.published, item.source, plural(item.n_events ?? 0, "event")].filter(Boolean).join(" · ");
        const button = h("button", { type: "button", dataset: { doc: item.id } },
          item.title || item.id, h("span", { class: "meta", text: meta }));
        if (this.doc && this.doc.document.id === item.id) button.setAttribute("aria-current", "true");
        button.addEventListener("click", () => this.app.navigate({ view: "article", doc: item.id }));
        list.append(h("li", {}, button));
      }
      if (!page.items.length) list.append(h("li", { class: "muted", text: this.docQuery ? "No match." : "No stored articles yet." }));
      this.renderDocPager(page);
    } catch (error) {
      clear(list).append(h("li", { class: "error", text: error.message }));
    }
  }

  renderDocPager(page) {
    const pager = clear($("#doc-pager"));
    if (page.total <= page.limit) return;
    const last = Math.min(page.offset + page.items.length, page.total);
    pager.append(
      h("button", { type: "button", disabled: page.offset === 0, onclick: () => { this.docOffset = Math.max(0, page.offset - DOC_PAGE); this.loadDocuments(); } }, "‹"),
      `${fmt(page.offset + 1)}–${fmt(last)} of ${fmt(page.total)}`,
      h("button", { type: "button", disabled: last >= page.total, onclick: () => { this.docOffset = page.offset + DOC_PAGE; this.loadDocuments(); } }, "›"),
    );
  }

  // ------------------------------------------------------------------ the document

  setDocument(doc, stored) {
    this.doc = doc;
    this.stored = stored;
    this.selectedEvent = null;
    this.spans = collectSpans(doc);
    this.spanIndex = new Map(this.spans.map((span, i) => [`${span.kind}:${span.start}:${span.end}`, i]));
    this.record.setDocument(doc);
    const info = doc.document;
    $("#doc-title").textContent = info.title || (stored ? info.id : "Pasted article");
    const meta = [
      info.published ? `published ${info.published}${info.published_basis && info.published_basis !== "given" ? ` (from ${info.published_basis})` : ""}` : "no publication date",
      info.source, info.language,
      plural(doc.events.length, "event"), plural(doc.actors.length, "actor"), plural(doc.places.length, "place"),
      plural(doc.quotes.length, "quote"),
    ].filter(Boolean);
    const metaEl = clear($("#doc-meta"));
    metaEl.append(meta.join(" · "));
    if (info.url && /^https?:\/\//i.test(info.url)) {
      metaEl.append(" · ", h("a", { href: info.url, rel: "noopener noreferrer", target: "_blank" }, "original"));
    }
    for (const warning of doc.warnings || []) metaEl.append(h("br"), h("span", { class: "error", text: `${warning.code}: ${warning.message}` }));
    clear(this.text).append(renderHighlighted(info.text, this.spans));
    this.renderLegend();
    this.renderEvents();
    this.record.show([]);
    for (const button of $$("#doc-list button")) {
      if (button.dataset.doc === info.id) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  }

  renderLegend() {
    const legend = clear($("#legend"));
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
    for (const span of this.spans) counts[span.kind] += 1;
    for (const kind of KINDS) {
      const button = h("button", {
        type: "button", "aria-pressed": String(!this.hidden.has(kind)), dataset: { kind },
        title: `Show or hide ${KIND_LABELS[kind].toLowerCase()} highlights`,
      }, h("span", { class: `swatch ${kind}`, "aria-hidden": "true" }), KIND_LABELS[kind],
      this.doc ? h("span", { class: "count", text: fmt(counts[kind]) }) : null);
      button.addEventListener("click", () => {
        if (this.hidden.has(kind)) this.hidden.delete(kind);
        else this.hidden.add(kind);
        button.setAttribute("aria-pressed", String(!this.hidden.has(kind)));
        this.text.classList.toggle(`hide-${kind}`, this.hidden.has(kind));
      });
      legend.append(button);
    }
  }

  renderEvents() {
    const events = this.doc.events;
    $("#doc-event-count").textContent = fmt(events.length);
    const body = clear($("#doc-events tbody"));
    events.forEach((event, i) => {
      const names = (refs) => refs.map((r) => actorLabel(r.name, r.code) || r.text).join("; ");
      const location = event.location;
      const tr = h("tr", { dataset: { event: event.id } },
        h("td", { class: "num", text: String(i + 1) }),
        h("td", {}, typeBadge(event.type)),
        h("td", { text: names(event.source) }),
        h("td", { text: names(event.target) }),
        h("td", { class: "trigger", text: event.trigger.text }),
        h("td", { text: location ? [location.name, location.country].filter(Boolean).join(", ") : "" }),
        h("td", { text: event.date ? `${event.date.value}` : "" }),
        h("td", { class: "num", text: event.confidence.toFixed(2) }),
      );
      activate(tr, () => this.selectEvent(event.id, { scroll: true, remember: true }));
      body.append(tr);
    });
    if (!events.length) body.append(h("tr", {}, h("td", { colspan: "8", class: "muted", text: "No events in this article." })));
  }

  // ------------------------------------------------------------------ selection

  marksOf(kind, evidence) {
    if (!evidence) return [];
    const index = this.spanIndex.get(`${kind}:${evidence.start}:${evidence.end}`);
    return index === undefined ? [] : $$(`mark[data-span="${index}"]`, this.text);
  }

  clearSelection() {
    $$("mark.selected, mark.related", this.text).forEach((m) => m.classList.remove("selected", "related"));
    $$("#doc-events tr.selected").forEach((tr) => tr.classList.remove("selected"));
  }

  /** Ancestors of a mark that stand for other records: shown as "also here". */
  enclosingRefs(mark) {
    const refs = [];
    for (let el = mark.parentElement; el && el !== this.text; el = el.parentElement) {
      if (el.matches("mark.hl")) refs.push(...this.spans[Number(el.dataset.span)].refs);
    }
    return refs;
  }

  openMark(mark) {
    const span = this.spans[Number(mark.dataset.span)];
    if (!span) return;
    if (span.kind === "trigger") {
      this.selectEvent(span.refs[0].id, { remember: true, also: span.refs.slice(1) });
      return;
    }
    this.clearSelection();
    $$(`mark[data-span="${mark.dataset.span}"]`, this.text).forEach((m) => m.classList.add("selected"));
    const refs = span.kind === "time" ? span.refs.slice(0, 1) : span.refs;
    this.record.show(refs, this.enclosingRefs(mark));
  }

  openRecord(ref) {
    if (ref.type === "event") {
      this.selectEvent(ref.id, { scroll: true, remember: true });
      return;
    }
    this.clearSelection();
    this.record.show([ref]);
  }

  selectEvent(id, { scroll = false, remember = false, also = [] } = {}) {
    const event = this.doc && this.doc.events.find((e) => e.id === id);
    if (!event) return;
    this.selectedEvent = id;
    this.clearSelection();
    const trigger = this.marksOf("trigger", event.trigger);
    trigger.forEach((m) => m.classList.add("selected"));
    const related = [
      ...(event.source || []).map((r) => this.marksOf("actor", r.evidence)),
      ...(event.target || []).map((r) => this.marksOf("actor", r.evidence)),
      this.marksOf("place", event.location && event.location.evidence),
      this.marksOf("time", event.date && event.date.evidence),
    ].flat();
    related.forEach((m) => m.classList.add("related"));
    const row = $(`#doc-events tr[data-event="${CSS.escape(id)}"]`);
    if (row) row.classList.add("selected");
    this.record.show([{ type: "event", id }, ...also]);
    if (scroll && trigger[0]) {
      trigger[0].scrollIntoView({ block: "center", behavior: "smooth" });
      trigger[0].focus({ preventScroll: true });
    }
    if (remember && this.stored) this.app.navigate({ view: "article", doc: this.doc.document.id, event: id }, { replace: true, silent: true });
  }

  /** Esc: no highlight selected, an empty record panel. */
  deselect() {
    this.clearSelection();
    this.selectedEvent = null;
    this.record.show([]);
  }

  /** j / k: the next or previous event, in text order. */
  step(delta) {
    if (!this.doc || !this.doc.events.length) return;
    const ordered = [...this.doc.events].sort((a, b) => a.trigger.start - b.trigger.start || a.id.localeCompare(b.id));
    const at = ordered.findIndex((e) => e.id === this.selectedEvent);
    const next = at < 0 ? (delta > 0 ? 0 : ordered.length - 1) : (at + delta + ordered.length) % ordered.length;
    this.selectEvent(ordered[next].id, { scroll: true, remember: true });
  }

  focusSearch() {
    $("#doc-search").focus();
  }
}
