// The active route drawn from its own geometry: no tiles, no network, just the polyline.
import { t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 400, H = 260, PAD = 18;

/** Equirectangular projection fitted to the box: fine at city-to-country scale. */
export function projector(points) {
  const lats = points.map(p => p[0]), lons = points.map(p => p[1]);
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos(lat0 * Math.PI / 180);
  const xs = lons.map(lon => lon * k), ys = lats;
  const minX = Math.min(...xs), maxX = Math.max(...xs);
  const minY = Math.min(...ys), maxY = Math.max(...ys);
  const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-6),
                         (H - 2 * PAD) / Math.max(maxY - minY, 1e-6));
  const offX = (W - (maxX - minX) * scale) / 2, offY = (H - (maxY - minY) * scale) / 2;
  return ([lat, lon]) => [offX + (lon * k - minX) * scale, H - (offY + (lat - minY) * scale)];
}

function node(name, attrs, parent) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  parent.appendChild(el);
  return el;
}

/** Draw navigation state `nav` (NavigationOut) into `svg`; write the summary into `caption`. */
export function drawRoute(svg, caption, nav) {
  svg.replaceChildren();
  if (!nav || !nav.active || nav.geometry.length < 2) {
    caption.textContent = t("no_route");
    svg.dataset.points = "0";
    return;
  }
  const stops = nav.stops.map(s => [s.lat, s.lon]);
  const dest = [nav.destination.lat, nav.destination.lon];
  const project = projector([...nav.geometry, ...stops, dest]);
  const path = nav.geometry.map(project).map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`);
  node("polyline", { class: "line", points: path.join(" ") }, svg);
  const [sx, sy] = project(nav.geometry[0]);
  node("circle", { class: "start", cx: sx, cy: sy, r: 7 }, svg);
  for (const stop of nav.stops) {
    const [x, y] = project([stop.lat, stop.lon]);
    const marker = node("circle", { class: `stop stop-${stop.kind}`, cx: x, cy: y, r: 8 }, svg);
    node("title", {}, marker).textContent = `${stop.kind}: ${stop.name}`;
    node("text", { x: x + 11, y: y + 4 }, svg).textContent = stop.name;
  }
  const [dx, dy] = project(dest);
  node("rect", { class: "end", x: dx - 7, y: dy - 7, width: 14, height: 14 }, svg);
  node("text", { x: dx + 11, y: dy + 4 }, svg).textContent = nav.destination.name;
  svg.dataset.points = String(nav.geometry.length);
  const r = nav.route;
  caption.textContent = `${t("to")} ${nav.destination.name} · ${r.distance_km} ${t("km")} · `
    + `${Math.round(r.duration_min)} ${t("min")} · ${t("arrive")} ${Math.round(r.arrival_soc_percent)}%`;
}
