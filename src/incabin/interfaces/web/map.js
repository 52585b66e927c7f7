// The offline map: the OSM extract's streets, water, parks and buildings (GeoJSON from
// /v1/map) drawn by the vendored Leaflet on a canvas, with the route, its stops, place
// results and the car (position and heading) on top. No tiles, no network beyond the server.
import { t } from "./i18n.js";

const L = window.L;  // the vendored leaflet.js, loaded before this module (absent if not set up)
const STREET_WIDTH = { motorway: 7, trunk: 7, primary: 6, secondary: 5, tertiary: 4 };
const DRIVING_ZOOM = 17;

/** The theme's colours, read from the CSS variables so day and night both apply. */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = name => css.getPropertyValue(name).trim();
  return { land: v("--map-land"), street: v("--map-street"), path: v("--map-path"),
           water: v("--map-water"), park: v("--map-park"), building: v("--map-building") };
}

function featureStyle(feature) {
  const c = palette();
  const { layer, class: kind } = feature.properties;
  if (layer === "street") {
    return { color: c.street, weight: STREET_WIDTH[kind.replace("_link", "")] || 3,
             opacity: 1, lineCap: "round" };
  }
  if (layer === "path") return { color: c.path, weight: 1.5, opacity: 0.9, dashArray: "3 4" };
  if (layer === "waterway") return { color: c.water, weight: 3, opacity: 1 };
  const fill = { water: c.water, park: c.park, building: c.building }[layer];
  return { color: fill, weight: 0.5, fillColor: fill, fillOpacity: 1, opacity: 1 };
}

function icon(className, html = "") {
  return L.divIcon({ className, html, iconSize: null });
}

export class CarMap {
  /** A map in `element`; `trip` is the strip that shows the route summary. */
  constructor(element, trip, followButton) {
    this.element = element;
    this.trip = trip;
    this.followButton = followButton;
    this.follow = true;
    this.nav = null;
    this.car = null;
    this.map = null;
    this.base = null;
    this.overlay = null;
    this.places = null;
    this.lastSpeed = 0;
    this.pendingBounds = null;
    if (!L) {
      element.dataset.state = "missing";
      element.textContent = t("no_map");
      return;
    }
    this.map = L.map(element, { preferCanvas: true, zoomSnap: 0.5, attributionControl: true })
      .setView([60.1699, 24.9384], 16);
    L.control.scale({ imperial: false, maxWidth: 160, position: "topright" }).addTo(this.map);
    this.routeRenderer = L.svg();  // the route and markers as SVG: few, and testable in the DOM
    this.overlay = L.layerGroup().addTo(this.map);
    this.places = L.layerGroup().addTo(this.map);
    this.map.on("dragstart", () => this.setFollow(false));
    followButton.addEventListener("click", () => this.setFollow(true));
  }

  /** Draw the extract's features (a GeoJSON FeatureCollection from /v1/map). */
  setFeatures(collection) {
    if (!this.map) return;
    this.base?.remove();
    this.base = L.geoJSON(collection, { style: featureStyle, interactive: false })
      .addTo(this.map);
    this.base.bringToBack();
    this.map.attributionControl.addAttribution(collection.attribution);
    const counts = {};
    for (const f of collection.features) {
      counts[f.properties.layer] = (counts[f.properties.layer] || 0) + 1;
    }
    for (const [layer, n] of Object.entries(counts)) this.element.dataset[layer] = String(n);
    this.element.dataset.drawn = String(this.base.getLayers().length);
    this.element.dataset.state = "ready";
  }

  failed(message) {
    this.element.dataset.state = "failed";
    this.trip.textContent = `${t("map_failed")}: ${message}`;
  }

  /** Recolour for the current theme. */
  restyle() {
    this.base?.setStyle(featureStyle);
  }

  /** The pane became visible or changed size: Leaflet must measure it again. */
  resize() {
    if (!this.map) return;
    this.map.invalidateSize();
    if (this.pendingBounds) this.fit(this.pendingBounds);
  }

  /** Show `bounds`; a hidden map (another tab on a narrow screen) has no size to fit them
   *  into, so they wait until the map is shown. */
  fit(bounds, options = { padding: [40, 40], maxZoom: 17 }) {
    const size = this.map.getSize();
    this.pendingBounds = size.x && size.y ? null : bounds;
    if (!this.pendingBounds) this.map.fitBounds(bounds, options);
  }

  setFollow(on) {
    this.follow = on;
    this.followButton.hidden = on;
    if (on && this.car) this.map.setView(this.car.getLatLng(), Math.max(this.map.getZoom(), 16));
  }

  /** Move the car marker; while driving and following, the map keeps the car centred. */
  setCar(lat, lon, heading, speed) {
    if (!this.map || typeof lat !== "number" || typeof lon !== "number") return;
    this.lastSpeed = speed;
    const html = `<div class="car-arrow" style="transform: rotate(${heading || 0}deg)"></div>`;
    if (!this.car) {
      this.car = L.marker([lat, lon], { icon: icon("car-marker", html), zIndexOffset: 1000,
                                        keyboard: false }).addTo(this.map);
    } else {
      this.car.setLatLng([lat, lon]);
      this.car.getElement()?.querySelector(".car-arrow")
        ?.style.setProperty("transform", `rotate(${heading || 0}deg)`);
    }
    const el = this.car.getElement();
    if (el) Object.assign(el.dataset, { lat: lat.toFixed(6), lon: lon.toFixed(6) });
    if (this.follow && speed > 0) {
      this.map.setView([lat, lon], Math.max(this.map.getZoom(), DRIVING_ZOOM), { animate: false });
    }
  }

  /** Draw navigation state `nav` (NavigationOut): the route, its stops, the destination. */
  setRoute(nav) {
    this.nav = nav;
    this.renderTrip();
    if (!this.map) return;
    this.overlay.clearLayers();
    if (!nav?.active || nav.geometry.length < 2) {
      this.element.dataset.route = "0";
      return;
    }
    const line = L.polyline(nav.geometry, { renderer: this.routeRenderer, className: "route-line",
                                            weight: 8, interactive: false });
    this.overlay.addLayer(line);
    for (const stop of nav.stops) {
      this.overlay.addLayer(L.marker([stop.lat, stop.lon], {
        icon: icon(`stop-marker stop-${stop.kind}`, `<span>${stop.kind === "charging" ? "⚡" : stop.kind === "restaurant" ? "R" : "•"}</span>`),
        title: `${t(stop.kind)}: ${stop.name}`,
      }));
    }
    const dest = nav.destination;
    this.overlay.addLayer(L.marker([dest.lat, dest.lon], { icon: icon("dest-marker", "<span>⚑</span>"),
                                                          title: dest.name }));
    this.element.dataset.route = String(nav.geometry.length);
    if (!this.follow || !(this.lastSpeed > 0)) this.fit(line.getBounds());
  }

  /** Place results of a search (name, lat, lon) as numbered markers; [] clears them. */
  setPlaces(places) {
    if (!this.map) return;
    this.places.clearLayers();
    places.forEach((place, i) => {
      const marker = L.marker([place.lat, place.lon], {
        icon: icon("place-marker", `<span>${i + 1}</span>`), title: place.name });
      marker.bindTooltip(place.name, { permanent: true, direction: "right", className: "place-label" });
      this.places.addLayer(marker);
    });
    this.element.dataset.places = String(places.length);
    if (places.length) {
      this.fit(L.latLngBounds(places.map(p => [p.lat, p.lon])).pad(0.3));
      this.follow = false;
      this.followButton.hidden = false;
    }
  }

  /** The route summary strip, in the current language. */
  renderTrip() {
    const nav = this.nav;
    if (!nav?.active || !nav.route) {
      this.trip.textContent = t("no_route");
      return;
    }
    const r = nav.route;
    this.trip.textContent = `${t("to")} ${nav.destination.name} · ${r.distance_km} ${t("km")} · `
      + `${Math.round(r.duration_min)} ${t("min")} · ${t("arrive")} ${Math.round(r.arrival_soc_percent)}%`;
  }
}
