// The highlights of an article: every evidence span of a Document (actors, places, time
// expressions, event triggers, quotes) as nested <mark> elements over the text.
//
// Spans overlap in real articles (an actor inside a quote, a place that is also an actor, a
// trigger that runs into a date). They are nested: a span that starts inside another and ends
// after it is split at the outer span's end, and the rest is placed on its own, so every
// character belongs to a well-formed chain of marks and no text is dropped or repeated.

import { h } from "./dom.js";

export const KINDS = ["trigger", "actor", "place", "time", "quote"];
export const KIND_LABELS = { trigger: "Event trigger", actor: "Actor", place: "Place", time: "Time", quote: "Quote" };

// For spans over the same characters: the earlier kind is the outer mark; the innermost one is what a click opens.
const NESTING = { quote: 0, place: 1, actor: 2, time: 3, trigger: 4 };

/**
 * Python counts characters by code point, JavaScript strings by UTF-16 unit: a text with emoji
 * or other astral characters needs its offsets converted.
 */
export function offsetConverter(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
  const units = [];
  let unit = 0;
  for (const char of text) {
    units.push(unit);
    unit += char.length;
  }
  units.push(unit);
  return (offset) => units[Math.max(0, Math.min(offset, units.length - 1))];
}

/** Every highlight span of a Document, one per kind and character range, with the records it stands for. */
export function collectSpans(doc) {
  const byKey = new Map();
  const add = (kind, evidence, ref) => {
    if (!evidence || !(evidence.end > evidence.start)) return;
    const key = `${kind}:${evidence.start}:${evidence.end}`;
    let span = byKey.get(key);
    if (!span) {
      span = { kind, start: evidence.start, end: evidence.end, refs: [] };
      byKey.set(key, span);
    }
    if (!span.refs.some((r) => r.type === ref.type && r.id === ref.id)) span.refs.push(ref);
  };
  const addActorRef = (ref) => {
    if (!ref) return;
    const id = ref.actor_id || `ref:${ref.evidence.start}`;
    add("actor", ref.evidence, { type: "actor", id });
    if (ref.via) add("actor", ref.via, { type: "actor", id });
  };

  for (const actor of doc.actors || []) {
    for (const mention of actor.mentions || []) add("actor", mention, { type: "actor", id: actor.id });
  }
  for (const place of doc.places || []) {
    for (const mention of place.mentions || []) add("place", mention, { type: "place", id: place.id });
  }
  for (const event of doc.events || []) {
    add("trigger", event.trigger, { type: "event", id: event.id });
    for (const ref of [...(event.source || []), ...(event.target || [])]) addActorRef(ref);
    if (event.attributed_to) addActorRef(event.attributed_to);
    const location = event.location;
    if (location && location.evidence) add("place", location.evidence, { type: "place", id: location.place_id || `loc:${event.id}` });
    if (event.date && event.date.evidence) add("time", event.date.evidence, { type: "time", id: `event:${event.id}` });
  }
  for (const quote of doc.quotes || []) {
    const parts = quote.parts && quote.parts.length ? quote.parts : [quote.evidence];
    for (const part of parts) add("quote", part, { type: "quote", id: quote.id });
    addActorRef(quote.speaker);
  }
  for (const commitment of doc.commitments || []) {
    if (commitment.due && commitment.due.evidence) {
      add("time", commitment.due.evidence, { type: "time", id: `commitment:${commitment.id}` });
    }
    addActorRef(commitment.holder);
    addActorRef(commitment.addressee);
  }
  return Array.from(byKey.values());
}

function compareNodes(a, b) {
  return a.start - b.start || b.end - a.end || NESTING[a.span.kind] - NESTING[b.span.kind];
}

function insertSorted(queue, node, from) {
  let lo = from;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareNodes(queue[mid], node) <= 0) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, node);
}

/** The spans as a forest of properly nested nodes {span, start, end, children}, splitting where they cross. */
export function nestSpans(spans) {
  const queue = spans
    .filter((span) => span.end > span.start)
    .map((span) => ({ span, start: span.start, end: span.end, children: [] }))
    .sort(compareNodes);
  const roots = [];
  const open = [];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    while (open.length && open[open.length - 1].end <= node.start) open.pop();
    const parent = open[open.length - 1];
    if (parent && node.end > parent.end) {
      insertSorted(queue, { span: node.span, start: parent.end, end: node.end, children: [] }, i + 1);
      node.end = parent.end;
    }
    (parent ? parent.children : roots).push(node);
    open.push(node);
  }
  return roots;
}

/**
 * The text as a DocumentFragment of text nodes and <mark class="hl hl-KIND"> elements.
 * Each mark gets data-span (the index of its span in `spans`) so that every piece of a split
 * span can be found again; a mark that holds other marks is lifted so their underlines stack.
 */
export function renderHighlighted(text, spans) {
  const toUnits = offsetConverter(text);
  const index = new Map(spans.map((span, i) => [span, i]));
  const fragment = document.createDocumentFragment();

  const render = (nodes, from, to, parent) => {
    let position = from;
    let depth = 0;
    for (const node of nodes) {
      if (node.start > position) parent.append(text.slice(toUnits(position), toUnits(node.start)));
      const kind = node.span.kind;
      const mark = h("mark", {
        class: ["hl", `hl-${kind}`],
        dataset: { span: index.get(node.span), kind },
        tabindex: kind === "trigger" ? "0" : "-1",
      });
      const inner = render(node.children, node.start, node.end, mark);
      if (inner > 0) mark.classList.add(`lift${Math.min(inner, 3)}`);
      parent.append(mark);
      depth = Math.max(depth, inner + 1);
      position = node.end;
    }
    if (to > position) parent.append(text.slice(toUnits(position), toUnits(to)));
    return depth;
  };

  const length = Array.from(text).length;
  const roots = nestSpans(spans.filter((span) => span.end <= length));
  render(roots, 0, length, fragment);
  return fragment;
}
