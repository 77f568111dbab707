// The map: Natural Earth country shapes served by the app (no tile server, works offline), shaded
// by the filtered events per country, with the events grouped by the API into cells drawn as
// circles sized by their count. Clicking a country or a popup's buttons sets the filters.

import { getJSON } from "./api.js";
import { fmt, h } from "./dom.js";

const BASEMAP_URL = "/assets/basemap.json";
const SHADES = 5;

/** Cell size (degrees) of the API's aggregation for a zoom level: a few hundred circles at most. */
export function cellForZoom(zoom) {
  if (zoom <= 2) return 2;
  if (zoom <= 3) return 1;
  if (zoom <= 5) return 0.5;
  if (zoom <= 7) return 0.1;
  return 0.02;
}

export class EventMap {
  constructor(element, { onFilter }) {
    const L = window.L;
    this.L = L;
    this.onFilter = onFilter;
    this.map = L.map(element, {
      center: [25, 20], zoom: 2, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, worldCopyJump: true,
      attributionControl: true, keyboard: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth · Leaflet");
    this.map.createPane("basemap").style.zIndex = 250; // CSSOM; below the event circles
    this.points = L.layerGroup().addTo(this.map);
    this.countries = new Map();
    this.selected = new Set();
    this.shades = new Map();
    this.cell = null;
    this.filters = {};
    this.requests = 0;
    this.fitting = false;
    this.map.on("zoomend", () => {
      if (!this.fitting && this.cell !== null && cellForZoom(this.map.getZoom()) !== this.cell) {
        this.loadPoints(this.filters).catch(() => {});
      }
    });
  }

  loadBasemap() {
    if (!this.basemapLoad) {
      this.basemapLoad = getJSON(BASEMAP_URL).then((shapes) => {
        this.L.geoJSON(shapes, {
          pane: "basemap",
          style: () => ({ className: "land", weight: 0.6, fillOpacity: 1 }),
          onEachFeature: (feature, layer) => {
            const { iso3, name } = feature.properties;
            this.countries.set(iso3, layer);
            layer.feature.properties.label = name;
            layer.on("click", () => this.onFilter({ country: iso3 }));
          },
        }).addTo(this.map);
        this.paintCountries();
      });
    }
    return this.basemapLoad;
  }

  /** Outline the countries of the country filter. */
  selectCountries(codes) {
    this.selected = new Set(codes);
    this.paintCountries();
  }

  paintCountries() {
    const max = Math.max(1, ...this.shades.values());
    for (const [iso3, layer] of this.countries) {
      const element = layer.getElement && layer.getElement();
      if (!element) continue;
      const count = this.shades.get(iso3) || 0;
      // a native SVG title, not a Leaflet tooltip per country: 250 tooltips cost more than the shapes
      let title = element.firstElementChild;
      if (!title) {
        title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        element.append(title);
      }
      title.textContent = `${layer.feature.properties.label}${count ? `: ${fmt(count)} located events` : ""}`;
      const shade = count ? 1 + Math.min(SHADES - 1, Math.floor((Math.log1p(count) / Math.log1p(max)) * SHADES)) : 0;
      for (let i = 0; i <= SHADES; i++) element.classList.toggle(`shade${i}`, i === shade);
      element.classList.toggle("selected", this.selected.has(iso3));
    }
  }

  /** Fit the view to the selected countries' shapes, when there are some. */
  fitCountries(codes) {
    const layers = codes.map((c) => this.countries.get(c)).filter(Boolean);
    if (!layers.length) return;
    const bounds = layers.reduce((b, layer) => b.extend(layer.getBounds()), this.L.latLngBounds(layers[0].getBounds()));
    this.fitting = true; // the points are loaded next, for the new zoom
    try {
      this.map.fitBounds(bounds, { maxZoom: 6, padding: [10, 10], animate: false });
    } finally {
      this.fitting = false;
    }
  }

  async loadPoints(filters, signal) {
    this.filters = filters;
    this.cell = cellForZoom(this.map.getZoom());
    const request = ++this.requests;
    const data = await getJSON("/api/map", { ...filters, cell: this.cell }, signal);
    if (request === this.requests) this.drawPoints(data); // a later zoom or filter has asked again
    return data;
  }

  drawPoints(data) {
    const L = this.L;
    this.points.clearLayers();
    // Countries are shaded by the located events of the cells that name them (a cell on a border
    // counts for the country most of its events name): the same data as the circles, no other query.
    this.shades = new Map();
    for (const point of data.points) {
      if (point.country) this.shades.set(point.country, (this.shades.get(point.country) || 0) + point.count);
    }
    this.paintCountries();
    const max = Math.max(1, ...data.points.map((p) => p.count));
    for (const point of [...data.points].sort((a, b) => b.count - a.count)) {
      const types = Object.entries(point.types).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const top = types.length ? types[0][0] : "";
      const circle = L.circleMarker([point.lat, point.lon], {
        radius: 3.5 + 16 * Math.sqrt(point.count / max), className: `point ty ty-${top}`,
        weight: 1, color: "#ffffff", fillOpacity: 0.78,
      });
      circle.bindPopup(() => this.popup(point, types), { maxWidth: 280 });
      // Leaflet writes a string tooltip as HTML: place names come from articles, so give it a text node
      circle.bindTooltip(h("span", {}, `${point.place || point.country || ""}: ${fmt(point.count)}`),
        { direction: "top", opacity: 0.9 });
      this.points.addLayer(circle);
    }
  }

  popup(point, types) {
    const filter = (patch) => {
      this.map.closePopup();
      this.onFilter(patch);
    };
    const rows = types.map(([type, n]) => h("tr", {},
      h("td", {}, h("button", { type: "button", class: "linkbutton", title: `Show only ${type}`, onclick: () => filter({ type }) },
        h("i", { class: `ty ty-${type}` }), " ", type)),
      h("td", { class: "num", text: fmt(n) })));
    return h("div", { class: "map-popup" },
      h("h3", {}, point.place || "Unnamed place", point.country ? ` · ${point.country}` : ""),
      h("div", {}, `${fmt(point.count)} events${this.cell ? ` within ${this.cell}°` : ""}`),
      h("table", {}, h("tbody", {}, rows)),
      point.country ? h("button", { type: "button", onclick: () => filter({ country: point.country }) }, `Only ${point.country}`) : null);
  }

  resize() {
    this.map.invalidateSize();
  }
}
