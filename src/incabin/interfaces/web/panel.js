// The vehicle panel: keeps the latest value of each signal and renders the readouts.
import { t } from "./i18n.js";

// The four corners of the car diagram: door (VSS row and side) and wheel of each.
const CORNERS = {
  fl: { door: "Row1.DriverSide", wheel: "Row1.Wheel.Left", label: "front_left" },
  fr: { door: "Row1.PassengerSide", wheel: "Row1.Wheel.Right", label: "front_right" },
  rl: { door: "Row2.DriverSide", wheel: "Row2.Wheel.Left", label: "rear_left" },
  rr: { door: "Row2.PassengerSide", wheel: "Row2.Wheel.Right", label: "rear_right" },
};
const P = {
  speed: "Vehicle.Speed",
  soc: "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
  range: "Vehicle.Powertrain.Range",
  cabin: "Vehicle.Cabin.HVAC.AmbientAirTemperature",
  setpoint: "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature",
  ac: "Vehicle.Cabin.HVAC.IsAirConditioningActive",
  trunk: "Vehicle.Body.Trunk.Rear.IsOpen",
};
export const DTC_LIST = "Vehicle.Diagnostics.DTCList";
export const SPEED = P.speed;

const values = new Map();
const $ = id => document.getElementById(id);

function num(path, digits = 0) {
  const v = values.get(path);
  return typeof v === "number" ? v.toFixed(digits) : "–";
}

function onOff(path, yes, no) {
  const v = values.get(path);
  return v === undefined ? "–" : t(v ? yes : no);
}

/** Remember one signal value (from the panel snapshot or a `vehicle` event). */
export function setSignal(path, value) {
  values.set(path, value);
}

/** The latest value of a signal (undefined when none arrived yet). */
export function signal(path) {
  return values.get(path);
}

/** One labelled corner of the diagram: its tyre pressure and window opening. The
 *  elements are built once and then only relabelled, so they stay put between updates. */
function renderCorner(key, corner) {
  const box = $(`corner-${key}`);
  if (!box.childElementCount) {
    box.innerHTML = `<label></label>
      <div><span class="what" data-what="tyre"></span> <b id="tyre-${key}"></b> <small>kPa</small></div>
      <div><span class="what" data-what="window"></span> <b id="window-${key}"></b> <small>%</small></div>`;
  }
  box.querySelector("label").textContent = t(corner.label);
  for (const what of box.querySelectorAll(".what")) what.textContent = t(what.dataset.what);
  $(`tyre-${key}`).textContent = num(`Vehicle.Chassis.Axle.${corner.wheel}.Tire.Pressure`);
  $(`window-${key}`).textContent = num(`Vehicle.Cabin.Door.${corner.door}.Window.Position`);
  box.classList.toggle("open", values.get(`Vehicle.Cabin.Door.${corner.door}.IsOpen`) === true);
}

/** Redraw every readout from the remembered values. */
export function render() {
  $("speed").textContent = num(P.speed);
  $("soc").textContent = num(P.soc);
  const range = values.get(P.range);
  $("range").textContent = typeof range === "number" ? (range / 1000).toFixed(0) : "–";
  $("cabin").textContent = num(P.cabin, 1);
  $("setpoint").textContent = values.has(P.setpoint) ? `${num(P.setpoint, 1)} °C` : "–";
  $("ac").textContent = onOff(P.ac, "on", "off");
  $("trunk").textContent = onOff(P.trunk, "open", "closed");
  const open = Object.values(CORNERS)
    .filter(c => values.get(`Vehicle.Cabin.Door.${c.door}.IsOpen`)).map(c => t(c.label));
  $("doors").textContent = open.length ? `${open.join(", ")} ${t("open")}` : t("all_closed");
  for (const [key, corner] of Object.entries(CORNERS)) renderCorner(key, corner);
}

/** Show the active warnings with their explanation (DtcOut list). */
export function renderWarnings(warnings) {
  const list = $("warnings");
  list.replaceChildren();
  for (const w of warnings) {
    const item = document.createElement("li");
    const code = document.createElement("b");
    code.textContent = w.code;
    item.append(code, `${w.meaning} ${w.advice}`);
    list.appendChild(item);
  }
}
