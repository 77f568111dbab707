// The timeline: event counts per period, stacked by PLOVER type, in SVG. Click a bar to keep its
// period, or drag across bars to keep a range (sets the since / until filters).

import { clear, fmt, h, s } from "./dom.js";
import { TYPES } from "./types.js";

const MARGIN = { top: 8, right: 10, bottom: 22, left: 42 };
const MAX_PERIODS = 1500;

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function utc(year, month, day) {
  return new Date(Date.UTC(year, month, day));
}

/** The first and last day of a period of the API: "2020-06", "2020-W23" or "2020-06-08". */
export function periodRange(period) {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]) - 1;
    return [isoDay(utc(year, month, 1)), isoDay(utc(year, month + 1, 0))];
  }
  m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) {
    const year = Number(m[1]);
    const jan4 = utc(year, 0, 4);
    const monday = utc(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (Number(m[2]) - 1) * 7);
    return [isoDay(monday), isoDay(utc(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate() + 6))];
  }
  return [period, period];
}

function isoWeek(date) {
  const thursday = utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const jan1 = utc(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday - jan1) / 86400000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** The period after `period` in the same bucket. */
export function nextPeriod(period, bucket) {
  const [, last] = periodRange(period);
  const [y, mo, d] = last.split("-").map(Number);
  const next = utc(y, mo - 1, d + 1);
  if (bucket === "month") return isoDay(next).slice(0, 7);
  if (bucket === "week") return isoWeek(next);
  return isoDay(next);
}

/** Every period from the first to the last of the series, empty ones included, with counts by type. */
export function periodsOf(timeline) {
  const byPeriod = new Map();
  for (const { period, type, count } of timeline.series || []) {
    if (!byPeriod.has(period)) byPeriod.set(period, {});
    byPeriod.get(period)[type] = (byPeriod.get(period)[type] || 0) + count;
  }
  const known = Array.from(byPeriod.keys()).sort();
  if (!known.length) return [];
  const periods = [];
  const last = known[known.length - 1];
  for (let p = known[0]; periods.length < MAX_PERIODS; p = nextPeriod(p, timeline.bucket)) {
    periods.push(p);
    if (p >= last) break;
  }
  for (const p of known) if (!periods.includes(p)) periods.push(p);
  periods.sort();
  return periods.map((period) => {
    const counts = byPeriod.get(period) || {};
    return { period, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
}

function niceStep(max, ticks) {
  const raw = Math.max(1, max) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((v) => v >= raw);
  return Math.max(1, step);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Jun", "W23" or "06-08"; with the year when it is the first label of that year on the axis. */
function periodLabel(period, bucket, withYear) {
  const label = bucket === "month" ? MONTHS[Number(period.slice(5, 7)) - 1] : period.slice(5);
  return withYear ? `${label} ${period.slice(0, 4)}` : label;
}

export class Timeline {
  constructor(svg, legend, { onRange }) {
    this.svg = svg;
    this.legend = legend;
    this.onRange = onRange;
    this.data = null;
    this.bindBrush();
  }

  render(timeline) {
    this.data = timeline;
    this.periods = periodsOf(timeline);
    this.draw();
  }

  draw() {
    const svg = clear(this.svg);
    const width = Math.max(300, svg.clientWidth || svg.parentElement.clientWidth || 800);
    const height = Math.max(120, svg.clientHeight || 190);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const periods = this.periods || [];
    const present = TYPES.filter((type) => periods.some((p) => p.counts[type]));
    clear(this.legend).append(...present.map((type) => h("span", {}, h("i", { class: `ty ty-${type}` }), type)));
    if (!periods.length) {
      svg.append(s("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "muted" }, "No dated events."));
      return;
    }
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    const max = Math.max(...periods.map((p) => p.total), 1);
    const step = niceStep(max, 4);
    const top = Math.ceil(max / step) * step;
    const y = (v) => MARGIN.top + plotH - (v / top) * plotH;
    const band = plotW / periods.length;
    const gap = band > 6 ? Math.min(2, band * 0.15) : 0;
    this.geometry = { left: MARGIN.left, band, count: periods.length, top: MARGIN.top, plotH };

    const axis = s("g", { class: "axis" });
    for (let v = 0; v <= top; v += step) {
      axis.append(s("line", { class: "grid-line", x1: MARGIN.left, x2: width - MARGIN.right, y1: y(v), y2: y(v) }),
        s("text", { x: MARGIN.left - 6, y: y(v) + 3.5, "text-anchor": "end" }, fmt(v)));
    }
    const every = Math.max(1, Math.ceil(62 / band));
    let lastYear = null;
    periods.forEach((p, i) => {
      if (i % every) return;
      const x = MARGIN.left + i * band + band / 2;
      const year = p.period.slice(0, 4);
      const label = periodLabel(p.period, this.data.bucket, year !== lastYear);
      lastYear = year;
      axis.append(s("line", { x1: x, x2: x, y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4 }),
        s("text", { x, y: height - 6, "text-anchor": x + 30 > width - MARGIN.right ? "end" : "middle" }, label));
    });
    svg.append(axis);

    const bars = s("g", { class: "bars" });
    periods.forEach((p, i) => {
      if (!p.total) return;
      const group = s("g", { class: "bar", dataset: { period: p.period, index: i } });
      let base = 0;
      for (const type of TYPES) {
        const n = p.counts[type];
        if (!n) continue;
        group.append(s("rect", {
          class: `ty ty-${type}`, x: MARGIN.left + i * band + gap / 2, width: Math.max(1, band - gap),
          y: y(base + n), height: Math.max(0.5, y(base) - y(base + n)),
        }));
        base += n;
      }
      const detail = TYPES.filter((t) => p.counts[t]).map((t) => `${t} ${fmt(p.counts[t])}`).join("\n");
      group.append(s("title", {}, `${p.period}: ${fmt(p.total)} events\n${detail}`));
      bars.append(group);
    });
    svg.append(bars);
    this.brush = s("rect", { class: "brush", x: 0, y: MARGIN.top, width: 0, height: plotH, visibility: "hidden" });
    svg.append(this.brush);
  }

  indexAt(clientX) {
    const box = this.svg.getBoundingClientRect();
    const viewWidth = this.svg.viewBox.baseVal.width || box.width;
    const x = ((clientX - box.left) / box.width) * viewWidth;
    const { left, band, count } = this.geometry;
    return Math.max(0, Math.min(count - 1, Math.floor((x - left) / band)));
  }

  bindBrush() {
    let from = null;
    const show = (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const { left, band } = this.geometry;
      this.brush.setAttribute("x", left + lo * band);
      this.brush.setAttribute("width", (hi - lo + 1) * band);
      this.brush.setAttribute("visibility", "visible");
    };
    this.svg.addEventListener("pointerdown", (event) => {
      if (!this.geometry || !this.periods.length || event.button !== 0) return;
      from = this.indexAt(event.clientX);
      this.svg.setPointerCapture(event.pointerId);
      show(from, from);
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (from !== null) show(from, this.indexAt(event.clientX));
    });
    const finish = (event, apply) => {
      if (from === null) return;
      const to = this.indexAt(event.clientX);
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      from = null;
      this.brush.setAttribute("visibility", "hidden");
      if (apply) this.onRange(periodRange(this.periods[lo].period)[0], periodRange(this.periods[hi].period)[1]);
    };
    this.svg.addEventListener("pointerup", (event) => finish(event, true));
    this.svg.addEventListener("pointercancel", (event) => finish(event, false));
  }
}
