// The record panel of the article view: what one highlight stands for (an event, an actor, a
// place, a time expression, a quote), every field next to the words it comes from.

import { actorLabel, h, typeBadge } from "./dom.js";

const GEO_PRECISION = { 1: "exact place", 2: "area around a place", 3: "region or country" };

// Where an actor's country came from when its own words do not name it.
const CODE_BASIS = { event_place: "from where it happened", document: "from what the article is about" };

/** Which rule, lexicon row and model decided an event, as lines of text. */
function provenanceText(provenance) {
  if (!provenance) return null;
  const lines = [`rule: ${provenance.rule}`];
  if (provenance.lexicon) lines.push(`lexicon: ${provenance.lexicon}`);
  if (provenance.arguments && provenance.arguments.length) lines.push(`arguments: ${provenance.arguments.join(", ")}`);
  if (provenance.model) {
    const score = provenance.model_score === null || provenance.model_score === undefined ? "" : ` · P(event) ${Number(provenance.model_score).toFixed(2)}`;
    lines.push(`model: ${provenance.model}${score}${provenance.model_type ? ` · reads it as ${provenance.model_type}` : ""}`);
  }
  return lines.map((line) => h("div", { class: "provenance", text: line }));
}

function quoted(text) {
  return text ? `“${text}”` : "";
}

function row(label, ...value) {
  const content = value.flat().filter((v) => v !== null && v !== undefined && v !== "");
  if (!content.length) return null;
  return [h("dt", { text: label }), h("dd", {}, ...content)];
}

function coordinates(lat, lon) {
  if (lat === null || lat === undefined || lon === null || lon === undefined) return null;
  return h("span", { class: "code" }, `${lat.toFixed(4)}, ${lon.toFixed(4)}`);
}

function meter(value) {
  const bar = h("span", { class: "meter", "aria-hidden": "true" }, h("span"));
  bar.firstChild.style.width = `${Math.round(value * 100)}%`; // CSSOM, not an inline style attribute
  return h("span", {}, bar, value.toFixed(2));
}

/** The evidence sentence with the trigger's words in bold. */
function evidenceQuote(evidence, trigger) {
  const text = evidence.text || "";
  const start = trigger ? trigger.start - evidence.start : -1;
  const end = trigger ? trigger.end - evidence.start : -1;
  if (start < 0 || end > text.length || end <= start) return h("blockquote", {}, text);
  return h("blockquote", {}, text.slice(0, start), h("b", {}, text.slice(start, end)), text.slice(end));
}

// "at least 14 killed", "10–15 killed", "dozens injured", "no one killed": a count as the text gives it.
const QUALIFIERS = { at_least: "at least", more_than: "more than", about: "about", at_most: "up to", fewer_than: "fewer than" };
function countText(count) {
  let amount;
  if (count.vague) amount = count.quantity || "an unstated number";
  else if (count.value === 0) amount = "none";
  else if (count.high !== null && count.high !== undefined) amount = `${count.value}–${count.high}`;
  else amount = [QUALIFIERS[count.qualifier], String(count.value)].filter(Boolean).join(" ");
  return `${amount} ${count.kind}`;
}

function timeText(point) {
  if (!point) return null;
  const parts = [h("span", { class: "code" }, point.value), ` ${point.precision}`];
  if (point.start && point.end && point.start !== point.end) parts.push(` (${point.start} – ${point.end})`);
  if (point.mod) parts.push(` · ${point.mod.toLowerCase()}`);
  parts.push(` · ${point.basis === "publication" ? "from the publication date" : point.basis}`);
  if (point.evidence) parts.push(" · ", quoted(point.evidence.text));
  return parts;
}

export class RecordPanel {
  /**
   * @param {HTMLElement} body where records are drawn
   * @param {(ref: {type: string, id: string}) => void} open  opens another record (links between records)
   */
  constructor(body, open) {
    this.body = body;
    this.open = open;
    this.doc = null;
  }

  setDocument(doc) {
    this.doc = doc;
    this.events = new Map((doc.events || []).map((e) => [e.id, e]));
    this.actors = new Map((doc.actors || []).map((a) => [a.id, a]));
    this.places = new Map((doc.places || []).map((p) => [p.id, p]));
    this.quotes = new Map((doc.quotes || []).map((q) => [q.id, q]));
    this.commitments = new Map((doc.commitments || []).map((c) => [c.id, c]));
  }

  link(ref, label) {
    return h("button", { type: "button", class: "linkbutton", onclick: () => this.open(ref) }, label);
  }

  eventLink(event) {
    return this.link({ type: "event", id: event.id }, [typeBadge(event.type), " ", quoted(event.trigger.text)]);
  }

  actorRefs(refs) {
    return refs.map((ref) => {
      const label = actorLabel(ref.name, ref.code) || ref.text;
      const extra = [ref.sector, ref.role].filter(Boolean).join(", ");
      const words = ref.implicit ? ` implied by ${quoted(ref.text)}`
        : ref.text && ref.text !== ref.name ? ` ${quoted(ref.text)}` : "";
      const via = ref.via ? ` via ${quoted(ref.via.text)}` : "";
      const basis = ref.code && CODE_BASIS[ref.code_basis] ? ` (country ${CODE_BASIS[ref.code_basis]})` : "";
      const content = `${label}${extra ? ` · ${extra}` : ""}${words}${via}${basis}`;
      return h("div", {}, ref.actor_id && this.actors.has(ref.actor_id)
        ? this.link({ type: "actor", id: ref.actor_id }, content) : content);
    });
  }

  show(refs, also = []) {
    this.body.replaceChildren();
    if (!refs.length) this.body.append(h("p", { class: "muted", text: "Click a highlight or an event row." }));
    for (const ref of refs) this.body.append(this.render(ref));
    if (also.length) {
      this.body.append(h("div", { class: "others" }, h("h2", { text: "Also here" }),
        h("ul", {}, also.map((ref) => h("li", {}, this.link(ref, this.describe(ref)))))));
    }
  }

  describe(ref) {
    if (ref.type === "event") {
      const event = this.events.get(ref.id);
      return event ? `Event ${event.type} ${quoted(event.trigger.text)}` : "Event";
    }
    if (ref.type === "actor") return `Actor ${this.actors.get(ref.id)?.name ?? ""}`;
    if (ref.type === "place") return `Place ${this.places.get(ref.id)?.name ?? ""}`;
    if (ref.type === "quote") return "Quote";
    return "Time";
  }

  render(ref) {
    const section = h("section", { class: "record", dataset: { record: ref.type, id: ref.id } });
    const renderers = { event: this.renderEvent, actor: this.renderActor, place: this.renderPlace, time: this.renderTime, quote: this.renderQuote };
    const content = (renderers[ref.type] || (() => null)).call(this, ref.id);
    section.append(...(content || [h("p", { class: "muted", text: "Not found in this document." })]));
    return section;
  }

  renderEvent(id) {
    const event = this.events.get(id);
    if (!event) return null;
    const location = event.location;
    const flags = [
      event.negated && "negated", event.hypothetical && "hypothetical", event.future && "future",
      event.asserted === false && "not asserted (hedged)",
    ].filter(Boolean);
    const commitments = (this.doc.commitments || []).filter((c) => (c.linked_events || []).some((l) => l.event_id === id));
    const place = location && (location.name || location.country) ? [
      location.place_id && this.places.has(location.place_id)
        ? this.link({ type: "place", id: location.place_id }, location.name || location.country) : (location.name || ""),
      location.country ? [" ", h("span", { class: "code" }, location.country)] : null,
      h("br"), coordinates(location.lat, location.lon),
      location.geo_precision ? ` · ${GEO_PRECISION[location.geo_precision] || location.geo_precision}` : "",
    ] : null;
    return [
      h("h3", {}, h("span", { class: "badge kind-trigger" }, "Event"), typeBadge(event.type)),
      h("dl", {},
        row("Type", h("span", { class: "record-type", text: event.type })),
        row("Quad", event.quad.replace("_", " ")),
        row("Mode", event.modes.join(", ")),
        row("Context", event.contexts.join(", ")),
        row("Trigger", quoted(event.trigger.text)),
        row("Source", this.actorRefs(event.source || [])),
        row("Target", this.actorRefs(event.target || [])),
        row("Place", place),
        row("Date", timeText(event.date)),
        row("Counts", (event.casualties || []).map((c) => h("div", { class: "count", title: c.evidence.text },
          countText(c), c.victims ? ` · ${c.victims.name || c.victims.text}` : "", c.total ? " · total so far" : ""))),
        row("Score", String(event.score)),
        row("Confidence", meter(event.confidence)),
        row("Flags", flags.map((f) => h("span", { class: "badge flag", text: f }))),
        row("Reported by", event.attributed_to ? this.actorRefs([event.attributed_to]) : null),
        row("Red lines", commitments.map((c) => h("div", {},
          h("span", { class: `badge ${c.linked_events.find((l) => l.event_id === id).relation}` },
            c.linked_events.find((l) => l.event_id === id).relation),
          ` ${c.kind.replace("_", " ")} ${c.about ? `about ${c.about}` : ""}`))),
        row("Decided by", provenanceText(event.provenance)),
        row("Id", h("span", { class: "code" }, event.id)),
      ),
      h("h2", { text: `Evidence · sentence ${event.evidence.sentence + 1}` }),
      evidenceQuote(event.evidence, event.trigger),
    ];
  }

  eventsWhere(test) {
    return (this.doc.events || []).filter(test);
  }

  renderActor(id) {
    const actor = this.actors.get(id);
    if (!actor) return null;
    const involved = this.eventsWhere((e) => [...(e.source || []), ...(e.target || [])].some((r) => r.actor_id === id));
    return [
      h("h3", {}, h("span", { class: "badge kind-actor" }, "Actor"), actor.name),
      h("dl", {},
        row("Kind", actor.kind),
        row("Code", actor.code ? h("span", { class: "code" }, actor.code) : null),
        row("Sector", actor.sector),
        row("Roles", actor.roles.join(", ")),
        row("Also called", actor.aliases.join(", ")),
        row("Knowledge base", actor.kb_id),
        row("Mentions", String(actor.mentions.length)),
        row("Events", involved.map((e) => h("div", {}, this.eventLink(e)))),
      ),
    ];
  }

  renderPlace(id) {
    const place = this.places.get(id);
    if (!place) return null;
    const located = this.eventsWhere((e) => e.location && e.location.place_id === id);
    return [
      h("h3", {}, h("span", { class: "badge kind-place" }, "Place"), place.name || place.text),
      h("dl", {},
        row("As written", quoted(place.text)),
        row("Country", place.country ? h("span", { class: "code" }, place.country) : null),
        row("Region", place.admin1),
        row("Coordinates", coordinates(place.lat, place.lon)),
        row("Precision", place.precision),
        row("Feature", place.feature),
        row("GeoNames", place.geonameid ? String(place.geonameid) : null),
        row("Estimated", place.estimated ? `yes, within ${place.uncertainty_km ?? "?"} km` : null),
        row("Relative", (place.relative || []).map((r) => h("div", {},
          `${r.approximate ? "about " : ""}${r.distance_km ?? "?"} km ${r.bearing || ""} of ${r.anchor}`))),
        row("Events here", located.map((e) => h("div", {}, this.eventLink(e)))),
      ),
    ];
  }

  renderTime(id) {
    const [owner, ownerId] = id.split(/:(.*)/s);
    const point = owner === "event" ? this.events.get(ownerId)?.date : this.commitments.get(ownerId)?.due;
    if (!point) return null;
    const start = point.evidence?.start;
    const dated = this.eventsWhere((e) => e.date && e.date.evidence && e.date.evidence.start === start);
    return [
      h("h3", {}, h("span", { class: "badge kind-time" }, "Time"), point.evidence ? quoted(point.evidence.text) : point.value),
      h("dl", {},
        row("Value", h("span", { class: "code" }, point.value)),
        row("Precision", point.precision),
        row("Range", point.start && point.end ? `${point.start} – ${point.end}` : null),
        row("Modifier", point.mod),
        row("Basis", point.basis),
        row("Events", dated.map((e) => h("div", {}, this.eventLink(e)))),
      ),
    ];
  }

  renderQuote(id) {
    const quote = this.quotes.get(id);
    if (!quote) return null;
    const { start, end } = quote.evidence;
    const inside = this.eventsWhere((e) => e.trigger.start >= start && e.trigger.end <= end);
    return [
      h("h3", {}, h("span", { class: "badge kind-quote" }, "Quote"), quote.direct ? "direct" : "reported"),
      h("dl", {},
        row("Speaker", quote.speaker ? this.actorRefs([quote.speaker]) : "unknown"),
        row("Cue", quote.cue ? quoted(quote.cue.text) : null),
        row("Events inside", inside.map((e) => h("div", {}, this.eventLink(e)))),
      ),
      h("blockquote", {}, quote.text),
    ];
  }
}
