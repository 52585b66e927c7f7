// The vehicle panel: keeps the latest value of each signal and renders the readouts.
import { t } from "./i18n.js";

const DOORS = ["Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.PassengerSide"];
const WHEELS = ["Row1.Wheel.Left", "Row1.Wheel.Right", "Row2.Wheel.Left", "Row2.Wheel.Right"];
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
  $("tyres").textContent = WHEELS
    .map(w => num(`Vehicle.Chassis.Axle.${w}.Tire.Pressure`)).join("/");
  const open = DOORS.filter(d => values.get(`Vehicle.Cabin.Door.${d}.IsOpen`));
  $("doors").textContent = open.length ? open.map(short).join(", ") + ` ${t("open")}` : t("all_closed");
  $("windows").textContent = DOORS
    .map(d => num(`Vehicle.Cabin.Door.${d}.Window.Position`)).join(" · ") + " %";
}

function short(door) {
  return door.replace("Row1.", "F-").replace("Row2.", "R-").replace("DriverSide", "L")
    .replace("PassengerSide", "R");
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
