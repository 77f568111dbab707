// Small DOM helpers. Text always goes in as text nodes (never parsed as HTML), so article text,
// titles and names from the store cannot inject markup.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h("td", {class: "num"}, "12") -> <td class="num">12</td> */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function $$(selector, root = document) {
  return Array.from(root.querySelectorAll(selector));
}

const numberFormat = new Intl.NumberFormat("en-US");
export function fmt(n) {
  return n === null || n === undefined ? "" : numberFormat.format(n);
}

export function plural(n, word, many = word + "s") {
  return `${fmt(n)} ${n === 1 ? word : many}`;
}

/** An actor as "Name (CODE)", or whichever of the two is known. */
export function actorLabel(name, code) {
  if (name && code && name !== code) return `${name} (${code})`;
  return name || code || "";
}

/** Make a row or element act like a button for the keyboard too (Enter / Space). */
export function activate(el, handler) {
  el.addEventListener("click", handler);
  el.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      handler(event);
    }
  });
  if (!el.hasAttribute("tabindex")) el.tabIndex = 0;
  return el;
}

export function typeBadge(type) {
  return h("span", { class: "type" }, h("i", { class: `ty ty-${type}`, "aria-hidden": "true" }), type || "");
}
