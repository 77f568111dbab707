// The corpus view: one set of filters drives the map, the timeline, the actor network, the
// red-line tracker and the events table; the filters live in the URL so a view can be shared.

import { apiUrl, getJSON } from "./api.js";
import { $, activate, clear, fmt, h, plural, typeBadge } from "./dom.js";
import { EventMap } from "./map.js";
import { Network } from "./network.js";
import { Timeline } from "./timeline.js";
import { TYPES } from "./types.js";

export const FILTER_KEYS = ["since", "until", "country", "actor", "type", "q"];
const FILTER_LABELS = { since: "From", until: "To", country: "Country", actor: "Actor", type: "Type", q: "Text" };
// The formats of `redline events` that are files (GET /api/export?format=...).
const EXPORT_FORMATS = [
  ["csv", "CSV"], ["jsonl", "JSON lines"], ["geojson", "GeoJSON"], ["acled", "ACLED CSV"], ["plover", "PLOVER JSON"],
  ["parquet", "Parquet"],
];
const EVENTS_PAGE = 50;
const COMMITMENTS_PAGE = 50;

function splitList(value) {
  return (value || "").split(",").map((v) => v.trim()).filter(Boolean);
}

// The date as ISO 8601 says what it knows (redline.store.query.date_label): a day, a month, a year, or
// the first and last day a week or a report's window can be; never a week printed as a day.
function dateLabel(row) {
  const start = row.date_start, end = row.date_end, precision = row.date_precision;
  if (!start) return "";
  if ((precision === "day" || precision === "hour") && (!end || end === start)) return start;
  if (precision === "month" && end && start.slice(0, 7) === end.slice(0, 7) && start.endsWith("-01")) return start.slice(0, 7);
  if (precision === "year" && end && start.slice(0, 4) === end.slice(0, 4) && start.endsWith("-01-01")) return start.slice(0, 4);
  return end && end !== start ? `${start}/${end}` : start;
}

function actorCell(name, code) {
  const showCode = code && !(name || "").includes(code);
  return h("td", {}, name || "", showCode ? h("span", { class: "sub", text: ` ${code}` }) : null);
}

export class CorpusView {
  /** @param {object} app {navigate(params), setReady(bool)} */
  constructor(app) {
    this.app = app;
    this.filters = {};
    this.offset = 0;
    this.commitmentsOffset = 0;
    this.loadedKey = null;
    this.generation = 0;
    this.controller = null;
    this.map = null;
    this.timeline = new Timeline($("#timeline"), $("#timeline-legend"), {
      onRange: (since, until) => this.setFilters({ since, until }),
    });
    this.network = new Network($("#network"), { onActor: (actor) => this.toggleFilter({ actor }) });
    this.bindFilters();
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if ($("#view-corpus").hidden) return;
        this.timeline.draw();
        this.network.draw();
        if (this.map) this.map.resize();
      }, 150);
    });
  }

  bindFilters() {
    const form = $("#filters");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.setFilters(this.formValues(), { replaceAll: true });
    });
    for (const id of ["#f-since", "#f-until", "#f-type"]) {
      $(id).addEventListener("change", () => this.setFilters(this.formValues(), { replaceAll: true }));
    }
    $("#f-clear").addEventListener("click", () => this.setFilters({}, { replaceAll: true }));
    const select = $("#export-format");
    for (const [value, label] of EXPORT_FORMATS) select.append(h("option", { value }, label));
    select.addEventListener("change", () => this.updateExport());
    for (const type of TYPES) $("#f-type").append(h("option", { value: type }, type));
  }

  formValues() {
    const values = {};
    for (const key of FILTER_KEYS) {
      const input = $(`#f-${key}`);
      const value = input.value.trim();
      if (value) values[key] = key === "country" ? value.toUpperCase() : value;
    }
    return values;
  }

  /** Change the filters (merged into the current ones unless replaceAll) and go to the first page. */
  setFilters(patch, { replaceAll = false } = {}) {
    const filters = replaceAll ? { ...patch } : { ...this.filters, ...patch };
    for (const key of Object.keys(filters)) if (!filters[key]) delete filters[key];
    this.app.navigate({ view: "corpus", ...filters });
  }

  /** A click on what is already the filter (the chosen country, actor or type) removes it. */
  toggleFilter(patch) {
    const [[key, value]] = Object.entries(patch);
    this.setFilters({ [key]: (this.filters[key] || "").toUpperCase() === value.toUpperCase() ? "" : value });
  }

  /** Called by the router with the corpus part of the URL. */
  async show(params) {
    this.filters = Object.fromEntries(FILTER_KEYS.filter((k) => params[k]).map((k) => [k, params[k]]));
    this.offset = Math.max(0, Number(params.offset) || 0);
    this.syncForm();
    const key = JSON.stringify([this.filters, this.offset]);
    if (!this.map) {
      this.map = new EventMap($("#map"), { onFilter: (patch) => this.toggleFilter(patch) });
    } else {
      this.map.resize();
    }
    if (key === this.loadedKey) {
      this.app.setReady(true);
      return;
    }
    const sameFilters = this.loadedKey && JSON.stringify(JSON.parse(this.loadedKey)[0]) === JSON.stringify(this.filters);
    this.loadedKey = key;
    if (sameFilters) await this.loadPage();
    else await this.load();
  }

  /** Only the events table, for another page of the same filters. */
  async loadPage() {
    this.app.setReady(false);
    const card = $("#events").closest("section");
    card.classList.add("loading");
    try {
      await this.loadEvents();
    } catch (error) {
      this.showPanelError($("#events"), error);
    } finally {
      card.classList.remove("loading");
      this.app.setReady(true);
    }
  }

  syncForm() {
    for (const key of FILTER_KEYS) {
      const input = $(`#f-${key}`);
      const value = this.filters[key] || "";
      if (key === "type" && value && !Array.from(input.options).some((o) => o.value === value)) {
        input.append(h("option", { value }, value));
      }
      input.value = value;
    }
    const chips = clear($("#chips"));
    for (const key of FILTER_KEYS) {
      if (!this.filters[key]) continue;
      chips.append(h("span", { class: "chip" }, `${FILTER_LABELS[key]}: ${this.filters[key]}`,
        h("button", { type: "button", "aria-label": `Remove the ${FILTER_LABELS[key].toLowerCase()} filter`,
          onclick: () => this.setFilters({ [key]: "" }) }, "×")));
    }
    this.updateExport();
  }

  updateExport() {
    $("#export-link").href = apiUrl("/api/export", { ...this.filters, format: $("#export-format").value });
  }

  /** Every panel, in parallel; the page is "ready" when all have drawn (or failed visibly). */
  async load() {
    const generation = ++this.generation;
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const { signal } = this.controller;
    const filters = this.filters;
    this.commitmentsOffset = 0;
    this.app.setReady(false);
    const countries = splitList(filters.country);
    this.map.selectCountries(countries);
    if (countries.length) await this.map.loadBasemap().then(() => this.map.fitCountries(countries)).catch(() => {});
    const panels = [
      ["#map", Promise.all([this.map.loadPoints(filters, signal), this.map.loadBasemap()]).then(([data]) => {
        const count = $("#map-count");
        count.textContent = `${plural(data.total, "located event")}${data.unlocated ? `, ${fmt(data.unlocated)} without a place` : ""}`;
        Object.assign(count.dataset, { located: data.total, unlocated: data.unlocated || 0 });
      })],
      ["#timeline", getJSON("/api/timeline", filters, signal).then((data) => {
        this.timeline.render(data);
        const total = data.series.reduce((a, p) => a + p.count, 0);
        const count = $("#timeline-count");
        count.textContent = `${plural(total, "dated event")} by ${data.bucket}${data.undated ? `, ${fmt(data.undated)} undated` : ""}`;
        Object.assign(count.dataset, { dated: total, undated: data.undated || 0 });
      })],
      ["#network", getJSON("/api/network", filters, signal).then((data) => {
        const { shown, total } = this.network.render(data, splitList(filters.actor).map((a) => a.toUpperCase()));
        $("#network-count").textContent = total > shown ? `top ${shown} of ${fmt(total)} actors` : plural(total, "actor");
      })],
      ["#events", this.loadEvents(signal)],
      ["#commitments", this.loadCommitments(signal)],
    ];
    for (const [selector] of panels) $(selector).closest("section, form").classList.add("loading");
    const results = await Promise.allSettled(panels.map(([, promise]) => promise));
    if (generation !== this.generation) return;
    results.forEach((result, i) => {
      const element = $(panels[i][0]);
      const card = element.closest("section, form");
      card.classList.remove("loading");
      card.querySelector(".panel-error")?.remove();
      if (result.status === "rejected" && result.reason.name !== "AbortError") this.showPanelError(element, result.reason);
    });
    this.app.setReady(true);
    // The filters' choices (types, countries and actors with their counts) come after the panels, so
    // that the store answers the panels first.
    getJSON("/api/facets", filters, signal).then((data) => this.renderFacets(data)).catch((error) => {
      if (error.name !== "AbortError") this.showPanelError($("#filters"), error);
    });
  }

  showPanelError(element, error) {
    const card = element.closest("section, form");
    let note = card.querySelector(".panel-error");
    if (!note) {
      note = h("p", { class: "error panel-error", role: "alert" });
      card.append(note);
    }
    note.textContent = error.message || String(error);
  }

  renderFacets(data) {
    const typeSelect = $("#f-type");
    const counts = new Map(data.types.map((t) => [t.value, t.count]));
    for (const option of typeSelect.options) {
      if (!option.value) continue;
      option.textContent = counts.has(option.value) ? `${option.value} (${fmt(counts.get(option.value))})` : option.value;
    }
    clear($("#countries-list")).append(...data.countries.map((c) => h("option", { value: c.value }, `${c.label} (${fmt(c.count)})`)));
    clear($("#actors-list")).append(...data.actors.map((a) => h("option", { value: a.value }, `${a.label} (${fmt(a.count)})`)));
  }

  // ------------------------------------------------------------------ events table

  async loadEvents(signal) {
    const page = await getJSON("/api/events", { ...this.filters, limit: EVENTS_PAGE, offset: this.offset }, signal);
    $("#events-count").textContent = plural(page.total, "event");
    $("#events-count").dataset.total = page.total;
    const body = clear($("#events tbody"));
    for (const row of page.items) {
      const flags = [row.negated && "negated", row.hypothetical && "hypothetical", row.future && "future",
        row.asserted === false && "hedged"].filter(Boolean);
      const tr = h("tr", { dataset: { document: row.document_id, event: row.event_id, type: row.type, country: row.country || "" },
        title: row.evidence || "" },
        h("td", { text: dateLabel(row), title: [row.date_precision, row.date_basis === "publication" ? "dated by the report" : ""].filter(Boolean).join(", ") }),
        h("td", {}, typeBadge(row.type)),
        actorCell(row.source_name, row.source_code),
        actorCell(row.target_name, row.target_code),
        h("td", { text: [row.place, row.country].filter(Boolean).join(", ") }),
        h("td", { class: "trigger", title: row.evidence || "" }, row.trigger || "", flags.length ? h("span", { class: "flags", text: ` ${flags.join(", ")}` }) : null),
        h("td", { class: "num", text: row.confidence === null || row.confidence === undefined ? "" : Number(row.confidence).toFixed(2) }),
        h("td", { class: "clip", text: row.title || row.document_id, title: row.title || "" }),
      );
      activate(tr, () => this.app.navigate({ view: "article", doc: row.document_id, event: row.event_id }));
      body.append(tr);
    }
    if (!page.items.length) body.append(h("tr", {}, h("td", { colspan: "8", class: "muted", text: "No events match these filters." })));
    this.renderPager($("#events-pager"), page, (offset) => this.app.navigate({ view: "corpus", ...this.filters, offset: offset || "" }));
    this.eventsPage = page;
  }

  /** [ and ]: the previous or next page of events. */
  page(delta) {
    const page = this.eventsPage;
    if (!page) return;
    const offset = page.offset + delta * page.limit;
    if (offset < 0 || offset >= page.total) return;
    this.app.navigate({ view: "corpus", ...this.filters, offset: offset || "" });
  }

  renderPager(pager, page, go) {
    clear(pager);
    if (!page.total) return;
    const last = Math.min(page.offset + page.items.length, page.total);
    pager.append(
      h("button", { type: "button", disabled: page.offset === 0, "aria-label": "Previous page", onclick: () => go(Math.max(0, page.offset - page.limit)) }, "‹ Prev"),
      h("span", {}, `${fmt(page.offset + 1)}–${fmt(last)} of ${fmt(page.total)}`),
      h("button", { type: "button", disabled: last >= page.total, "aria-label": "Next page", onclick: () => go(page.offset + page.limit) }, "Next ›"),
    );
  }

  // ------------------------------------------------------------------ red-line tracker

  async loadCommitments(signal) {
    const { type: _type, ...filters } = this.filters; // the event type does not apply to commitments
    const page = await getJSON("/api/commitments", { ...filters, limit: COMMITMENTS_PAGE, offset: this.commitmentsOffset }, signal);
    this.commitmentsPage = page;
    this.renderCommitments(page);
  }

  renderCommitments(page) {
    const counts = page.items.reduce((acc, c) => ({ ...acc, [c.status]: (acc[c.status] || 0) + 1 }), {});
    const summary = ["crossed", "fulfilled", "open"].filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(", ");
    $("#commitments-count").textContent = `${plural(page.total, "commitment")}${summary && page.total <= page.limit ? ` · ${summary}` : ""}`;
    const body = clear($("#commitments tbody"));
    for (const item of page.items) {
      const links = h("td", {}, ...item.links.map((link) => {
        const button = h("button", { type: "button", class: "linkbutton", title: `${link.relation} by ${link.type} ${link.date || ""}` },
          h("i", { class: `ty ty-${link.type}`, "aria-hidden": "true" }), ` ${link.date || link.type}`);
        button.addEventListener("click", (event) => {
          event.stopPropagation();
          this.app.navigate({ view: "article", doc: link.event_document_id, event: link.event_id });
        });
        return h("div", {}, button);
      }));
      const holder = [item.holder_code, item.addressee_code].filter(Boolean).join(" → ");
      const tr = h("tr", { dataset: { status: item.status } },
        h("td", {}, h("span", { class: `badge ${item.status}`, text: item.status })),
        h("td", { text: item.kind.replace("_", " ") }),
        h("td", { text: holder }),
        h("td", { class: "about", title: [item.about, item.title].filter(Boolean).join("\n") },
          h("div", { class: "clip-line", text: item.about || "—" }),
          h("div", { class: "sub", text: [item.published && `said ${item.published}`, item.due_value && `due ${item.due_value}`].filter(Boolean).join(" · ") })),
        links,
      );
      activate(tr, () => this.app.navigate({ view: "article", doc: item.document_id }));
      body.append(tr);
    }
    if (!page.items.length) body.append(h("tr", {}, h("td", { colspan: "5", class: "muted", text: "No commitments match these filters." })));
    this.renderPager($("#commitments-pager"), page, (offset) => {
      this.commitmentsOffset = offset;
      this.loadCommitments().catch((error) => this.showPanelError($("#commitments"), error));
    });
  }

  focusSearch() {
    $("#f-q").focus();
    $("#f-q").select();
  }
}
