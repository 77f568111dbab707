// The actor network in SVG: actors as circles sized by their events, edges coloured by what
// dominates between two actors (cooperation green, conflict red), width by event count.
// The layout is a small force simulation started from a circle in a fixed order, so the same
// data always gives the same picture.

import { activate, clear, fmt, s } from "./dom.js";

const MAX_NODES = 40;
const ITERATIONS = 300;

/** Positions in [0, 1]² for nodes (sorted) and undirected weighted links {a, b, weight} (indexes). */
export function forceLayout(count, links) {
  const pos = Array.from({ length: count }, (_, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, count) - Math.PI / 2;
    return { x: 0.5 + 0.4 * Math.cos(angle), y: 0.5 + 0.4 * Math.sin(angle) };
  });
  if (count < 3) return pos;
  const k = 1.2 * Math.sqrt(1 / count);
  const maxWeight = Math.max(1, ...links.map((l) => l.weight));
  let temperature = 0.1;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const move = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        const dx = pos[i].x - pos[j].x;
        const dy = pos[i].y - pos[j].y;
        const d2 = Math.max(1e-4, dx * dx + dy * dy);
        const force = (k * k) / d2;
        move[i].x += dx * force; move[i].y += dy * force;
        move[j].x -= dx * force; move[j].y -= dy * force;
      }
    }
    for (const { a, b, weight } of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.max(1e-3, Math.hypot(dx, dy));
      const force = (d / k) * (0.5 + Math.log1p(weight) / Math.log1p(maxWeight));
      move[a].x -= dx * force; move[a].y -= dy * force;
      move[b].x += dx * force; move[b].y += dy * force;
    }
    for (let i = 0; i < count; i++) {
      // a pull to the centre keeps actors without links on the canvas
      move[i].x += (0.5 - pos[i].x) * 0.4;
      move[i].y += (0.5 - pos[i].y) * 0.4;
      const length = Math.hypot(move[i].x, move[i].y);
      if (length > 0) {
        const step = Math.min(length, temperature);
        pos[i].x += (move[i].x / length) * step;
        pos[i].y += (move[i].y / length) * step;
      }
    }
    temperature *= 0.985;
  }
  return pos;
}

export class Network {
  constructor(svg, { onActor }) {
    this.svg = svg;
    this.onActor = onActor;
    this.data = null;
    this.active = new Set();
  }

  render(data, activeActors) {
    this.data = data;
    this.active = new Set(activeActors || []);
    const nodes = [...data.nodes].sort((a, b) => b.events - a.events || a.id.localeCompare(b.id)).slice(0, MAX_NODES);
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    const pairs = new Map();
    const internal = new Map();
    for (const edge of data.edges) {
      if (!index.has(edge.source) || !index.has(edge.target)) continue;
      if (edge.source === edge.target) {
        internal.set(edge.source, edge);
        continue;
      }
      const [a, b] = [edge.source, edge.target].sort();
      const key = `${a}|${b}`;
      const pair = pairs.get(key) || { a, b, cooperation: 0, conflict: 0, count: 0, directed: [] };
      pair.cooperation += edge.cooperation;
      pair.conflict += edge.conflict;
      pair.count += edge.count;
      pair.directed.push(edge);
      pairs.set(key, pair);
    }
    this.layout = {
      nodes, internal, pairs: Array.from(pairs.values()),
      pos: forceLayout(nodes.length, Array.from(pairs.values()).map((p) => ({ a: index.get(p.a), b: index.get(p.b), weight: p.count }))),
      index,
    };
    this.draw();
    return { shown: nodes.length, total: data.nodes.length };
  }

  draw() {
    const svg = clear(this.svg);
    if (!this.layout) return;
    const width = Math.max(260, svg.clientWidth || 500);
    const height = Math.max(200, svg.clientHeight || 380);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const { nodes, pairs, pos, index, internal } = this.layout;
    if (!nodes.length) {
      svg.append(s("text", { x: width / 2, y: height / 2, "text-anchor": "middle" }, "No actor pairs in these events."));
      return;
    }
    const pad = 24;
    const labelRoom = 90; // labels are written to the right of their actor
    const xs = pos.map((p) => p.x);
    const ys = pos.map((p) => p.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = (x) => pad + ((x - minX) / Math.max(1e-6, maxX - minX)) * (width - 2 * pad - labelRoom);
    const sy = (y) => pad + ((y - minY) / Math.max(1e-6, maxY - minY)) * (height - 2 * pad);
    const maxEvents = Math.max(1, ...nodes.map((n) => n.events));
    const maxCount = Math.max(1, ...pairs.map((p) => p.count));

    const edges = s("g", { class: "edges" });
    for (const pair of [...pairs].sort((p, q) => p.count - q.count)) {
      const a = pos[index.get(pair.a)];
      const b = pos[index.get(pair.b)];
      const tone = pair.conflict > pair.cooperation ? "conf" : pair.cooperation > pair.conflict ? "coop" : "even";
      const detail = pair.directed.map((e) => `${e.source} → ${e.target}: ${fmt(e.conflict)} conflict, ${fmt(e.cooperation)} cooperation`).join("\n");
      edges.append(s("line", {
        class: `edge ${tone}`, x1: sx(a.x), y1: sy(a.y), x2: sx(b.x), y2: sy(b.y),
        "stroke-width": (1 + 6 * Math.log1p(pair.count) / Math.log1p(maxCount)).toFixed(2),
      }, s("title", {}, detail)));
    }
    const group = s("g", { class: "nodes" });
    nodes.forEach((node, i) => {
      const x = sx(pos[i].x);
      const y = sy(pos[i].y);
      const r = 4 + 11 * Math.sqrt(node.events / maxEvents);
      const own = internal.get(node.id);
      const title = `${node.label} (${node.id}): ${fmt(node.events)} events` +
        (own ? `\nwithin: ${fmt(own.conflict)} conflict, ${fmt(own.cooperation)} cooperation` : "") + "\nclick to filter";
      const g = s("g", {
        class: ["node", this.active.has(node.id) && "active"], role: "button", dataset: { actor: node.id },
        "aria-label": `${node.label}, ${node.events} events`, transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`,
      }, s("circle", { r: r.toFixed(1) }), s("text", { x: (r + 3).toFixed(1), y: 4 }, node.label.length > 22 ? `${node.label.slice(0, 21)}…` : node.label),
      s("title", {}, title));
      activate(g, () => this.onActor(node.id));
      group.append(g);
    });
    svg.append(edges, group);
  }
}
