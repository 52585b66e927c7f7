"""The built-in drive simulator: a deterministic electric car (the ``sim`` source).

Speed follows a drive cycle (UDDS, HWFET, WLTC 3b) or a list of
``(time_s, speed_kmh)`` points; without one the car holds the speed in the
store (0 when parked). Each 0.1 s step takes battery power from
``incabin.travel.energy`` (road load + auxiliaries + HVAC) and integrates
energy, SoC, distance and position (along a polyline if given); every
simulated second it publishes the slower signals: SoC, range, location,
cabin and battery temperature, tyre pressures, trip and odometer, and it
moves windows, sunroof and shades toward their targets. What the car has
(seats, doors, massage, shades ...) comes from its profile
(``data/car_profiles/default.yaml`` unless told otherwise).

The store is the truth: at the start of ``advance`` the simulator reads back
what scenarios may have set (SoC, speed, location, temperatures, positions);
a SoC or range set directly re-bases the energy model at once, and the store
keeps the signals that follow them (displayed SoC, the other range, ``IsOpen``
flags) in step. Faults: ``inject_tyre_leak``, ``inject_low_12v``,
``inject_battery_overheat``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from incabin.travel.energy import (
    DEFAULT_CAR,
    CarModel,
    hvac_load_kw,
    steady_energy_kwh,
    traction_power_kw,
)
from incabin.vehicle import rules
from incabin.vehicle._catalogue import load_catalogue
from incabin.vehicle._derived import BATTERY_RANGE, RANGE, SOC_DISPLAYED
from incabin.vehicle._errors import InvalidValue, UnknownSource
from incabin.vehicle._models import UnavailableReason
from incabin.vehicle._profile import CarProfile, load_profile
from incabin.vehicle._source import register_source
from incabin.vehicle._store import VehicleStore
from incabin.vehicle.cycles import CYCLES, DriveCycle, cycle_from_points, load_cycle
from incabin.vehicle.dtc import add_active_dtc

EARTH_RADIUS_M = 6_371_000.0
WHEELS = ("Row1.Left", "Row1.Right", "Row2.Left", "Row2.Right")
_TYRE = "Vehicle.Chassis.Axle.{}.Wheel.{}.Tire.{}"
_TB = "Vehicle.Powertrain.TractionBattery"
SOC = f"{_TB}.StateOfCharge.Current"
SPEED = "Vehicle.Speed"
LAT = "Vehicle.CurrentLocation.Latitude"
LON = "Vehicle.CurrentLocation.Longitude"
CABIN = "Vehicle.Cabin.HVAC.AmbientAirTemperature"
EXTERIOR = "Vehicle.Exterior.AirTemperature"
BATTERY_TEMP = f"{_TB}.Temperature.Average"
LV_VOLTAGE = "Vehicle.LowVoltageBattery.CurrentVoltage"
SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
FAN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
PORT = f"{_TB}.Charging.ChargingPort.AnyPosition"
CABLE = f"{PORT}.IsChargingCableConnected"
IS_CHARGING = f"{_TB}.Charging.IsCharging"
START_STOP = f"{_TB}.Charging.StartStopCharging"
CHARGE_LIMIT = f"{_TB}.Charging.ChargeLimit"
CHARGE_EFFICIENCY = 0.92  # grid to battery
MEDIA = "Vehicle.Cabin.Infotainment.Media"
MEDIA_ACTION = f"{MEDIA}.Action"
MEDIA_SELECTED = f"{MEDIA}.SelectedURI"
MEDIA_PLAYED = f"{MEDIA}.Played.URI"
# The massage programmes the simulated seats offer (VSS leaves the names to the car).
MASSAGE_TYPES = ("WAVE", "KNEAD", "STRETCH")
_LIGHT_ZONES = ("Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.PassengerSide")

# Seconds a moving item needs from one end to the other.
TRAVEL_TIME_S = {"Window": 4.0, "Sunroof.Position": 6.0, "Shade": 5.0}
MOTOR_RPM_PER_KMH = 9.0 / (2 * math.pi * 0.334) / 3.6 * 60  # 9:1 gear, 0.334 m wheel
TPMS_LOW_FRACTION = 0.75  # a tyre 25 % under its nominal pressure is low
RANGE_WINDOW_KM = 25.0  # the range estimate follows consumption over about this distance


def _tyre(wheel: str, leaf: str) -> str:
    row, side = wheel.split(".")
    return _TYRE.format(row, side, leaf)


@dataclass(frozen=True)
class SimConfig:
    """The simulated car and where and how its day starts."""

    car: CarModel = DEFAULT_CAR
    brand: str = "Tesla"
    model: str = "Model 3 RWD"
    year: int = 2022
    latitude: float = 60.1699  # Helsinki
    longitude: float = 24.9384
    heading_deg: float = 90.0
    soc_percent: float = 80.0
    cabin_c: float = 21.0
    exterior_c: float = 8.0
    odometer_km: float = 12_345.0
    tyre_kpa: float = 290.0
    step_s: float = 0.1
    charger_kw: float = 11.0  # what plug_in() connects to unless told otherwise
    start_time: datetime = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)
    # What the car has; the signals of what it lacks read NOT_SUPPORTED.
    profile: CarProfile = field(default_factory=load_profile)
    extra_values: dict[str, Any] = field(default_factory=dict)


def initial_values(config: SimConfig, absent: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The store contents of a parked car at the start of the day, without ``absent`` paths."""
    car = config.car
    profile = config.profile
    values: dict[str, Any] = {
        "Vehicle.VersionVSS.Major": 6,
        "Vehicle.VersionVSS.Minor": 0,
        "Vehicle.VehicleIdentification.Brand": config.brand,
        "Vehicle.VehicleIdentification.Model": config.model,
        "Vehicle.VehicleIdentification.Year": config.year,
        "Vehicle.LowVoltageSystemState": "ON",
        "Vehicle.LowVoltageBattery.NominalVoltage": 12,
        LV_VOLTAGE: 13.6,
        "Vehicle.LowVoltageBattery.CurrentCurrent": 0.0,
        SPEED: 0.0,
        "Vehicle.IsMoving": False,
        "Vehicle.Acceleration.Longitudinal": 0.0,
        "Vehicle.Acceleration.Lateral": 0.0,
        "Vehicle.Acceleration.Vertical": 0.0,
        "Vehicle.AngularVelocity.Yaw": 0.0,
        "Vehicle.AverageSpeed": 0.0,
        "Vehicle.TraveledDistance": round(config.odometer_km * 1000),  # VSS 6.0: metres
        "Vehicle.TraveledDistanceSinceStart": 0,
        "Vehicle.TripDuration": 0.0,
        "Vehicle.TripMeterReading": 0,
        "Vehicle.StartTime": config.start_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        LAT: config.latitude,
        LON: config.longitude,
        "Vehicle.CurrentLocation.Heading": config.heading_deg,
        "Vehicle.CurrentLocation.Altitude": 20.0,
        "Vehicle.CurrentLocation.HorizontalAccuracy": 3.0,
        EXTERIOR: config.exterior_c,
        "Vehicle.Exterior.Humidity": 70.0,
        "Vehicle.Exterior.LightIntensity": 60.0,
        "Vehicle.Body.Raindetection.Intensity": 0,
        "Vehicle.Diagnostics.DTCList": [],
        "Vehicle.Diagnostics.DTCCount": 0,
        "Vehicle.Service.DistanceToService": 15_000.0,
        "Vehicle.Service.IsServiceDue": False,
        "Vehicle.Powertrain.Transmission.SelectedGear": 126,
        "Vehicle.Powertrain.ElectricMotor.Power": 0,
        "Vehicle.Powertrain.ElectricMotor.Speed": 0.0,
        "Vehicle.Powertrain.ElectricMotor.Temperature": config.exterior_c + 10,
        f"{_TB}.GrossCapacity": round(car.battery_kwh * 1.05),
        f"{_TB}.NetCapacity": round(car.battery_kwh),
        f"{_TB}.NominalVoltage": 350,
        f"{_TB}.StateOfHealth": 97.0,
        f"{_TB}.AccumulatedConsumedEnergy": 2_100.0,
        f"{_TB}.AccumulatedChargedEnergy": 2_150.0,
        f"{_TB}.ErrorCodes": [],
        f"{_TB}.Charging.ChargeLimit": 90,
        f"{_TB}.Charging.IsCharging": False,
        f"{_TB}.Charging.IsDischarging": False,
        f"{_TB}.Charging.ChargeRate": 0.0,
        f"{_TB}.Charging.TimeToComplete": 0,
        f"{_TB}.Charging.ChargingPort.AnyPosition.IsFlapOpen": False,
        f"{_TB}.Charging.ChargingPort.AnyPosition.IsChargingCableConnected": False,
        f"{_TB}.Charging.ChargingPort.AnyPosition.IsChargingCableLocked": False,
        "Vehicle.Chassis.ParkingBrake.IsEngaged": True,
        "Vehicle.Chassis.Accelerator.PedalPosition": 0,
        "Vehicle.Chassis.Brake.PedalPosition": 0,
        "Vehicle.Chassis.SteeringWheel.HeatingCooling": 0,
        "Vehicle.Body.Hood.IsOpen": False,
        "Vehicle.Body.Trunk.Front.IsOpen": False,
        "Vehicle.Body.Trunk.Front.IsLocked": True,
        "Vehicle.Body.Trunk.Rear.IsOpen": False,
        "Vehicle.Body.Trunk.Rear.IsLocked": True,
        "Vehicle.Body.Lights.LightSwitch": "AUTO",
        "Vehicle.Body.Lights.IsHighBeamSwitchOn": False,
        "Vehicle.Body.Lights.Hazard.IsSignaling": False,
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": False,
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": False,
        "Vehicle.Body.Windshield.Front.Wiping.Mode": "OFF",
        "Vehicle.Body.Windshield.Rear.Wiping.Mode": "OFF",
        "Vehicle.Body.Windshield.Front.Wiping.Intensity": 0,
        "Vehicle.Body.Windshield.Front.IsHeatingOn": False,
        "Vehicle.Body.Windshield.Rear.IsHeatingOn": False,
        "Vehicle.Body.Windshield.Front.WasherFluid.Level": 80,
        "Vehicle.Body.Windshield.Front.WasherFluid.IsLevelLow": False,
        "Vehicle.Cabin.IsWindowChildLockEngaged": False,
        "Vehicle.Cabin.Sunroof.Position": 0,
        "Vehicle.Cabin.Sunroof.Switch": "INACTIVE",
        rules.SHADE: 100,  # VSS: 0 = open (retracted), 100 = closed (deployed)
        CABIN: config.cabin_c,
        rules.AC: False,
        rules.FRONT_DEFROST: False,
        "Vehicle.Cabin.HVAC.IsRearDefrosterActive": False,
        "Vehicle.Cabin.HVAC.IsRecirculationActive": False,
        "Vehicle.Cabin.Light.IsDomeOn": False,
        "Vehicle.Cabin.Light.IsGloveBoxOn": False,
        f"{MEDIA}.Volume": 30,
        MEDIA_ACTION: "STOP",
        MEDIA_SELECTED: "",
        MEDIA_PLAYED: "",
        f"{MEDIA}.Played.Source": "USB",
        f"{MEDIA}.Played.PlaybackRate": 1.0,
        "Vehicle.Cabin.Infotainment.HMI.TemperatureUnit": "C",
        "Vehicle.Cabin.Infotainment.HMI.DistanceUnit": "KILOMETERS",
        BATTERY_TEMP: 22.0,
        f"{_TB}.Temperature.Max": 23.0,
        f"{_TB}.Temperature.Min": 21.0,
    }
    for light in ("Beam.Low", "Beam.High", "Fog.Front", "Fog.Rear", "Parking", "Running"):
        values[f"Vehicle.Body.Lights.{light}.IsOn"] = False
    for side in ("DriverSide", "PassengerSide"):
        values[f"Vehicle.Body.Mirrors.{side}.IsHeatingOn"] = False
        values[f"Vehicle.Body.Mirrors.{side}.IsFolded"] = False
    for zone in _LIGHT_ZONES:
        values[f"Vehicle.Cabin.Light.AmbientLight.{zone}.IsLightOn"] = False
        values[f"Vehicle.Cabin.Light.AmbientLight.{zone}.Intensity"] = 50
        values[f"Vehicle.Cabin.Light.AmbientLight.{zone}.Color"] = "#FFFFFF"
        values[f"Vehicle.Cabin.Light.Spotlight.{zone}.IsLightOn"] = False
        values[f"Vehicle.Cabin.Light.Spotlight.{zone}.Intensity"] = 80
    for zone in profile.doors:
        door = f"Vehicle.Cabin.Door.{zone}"
        values.update(
            {
                f"{door}.IsOpen": False,
                f"{door}.IsLocked": False,
                f"{door}.IsChildLockActive": zone.startswith("Row2"),
                f"{door}.Window.Position": 0,
                f"{door}.Window.Switch": "INACTIVE",
            }
        )
    for row in ("Row1", "Row2"):
        for station in ("Driver", "Passenger"):
            prefix = f"Vehicle.Cabin.HVAC.Station.{row}.{station}"
            values.update(
                {
                    f"{prefix}.Temperature": 21.0,
                    f"{prefix}.FanSpeed": 0,
                    f"{prefix}.AirDistribution": "MIDDLE",
                }
            )
    for seat in profile.seats:
        driver = seat == "Row1.DriverSide"
        values.update(
            {
                f"Vehicle.Cabin.Seat.{seat}.HeatingCooling": 0,
                f"Vehicle.Cabin.Seat.{seat}.OccupancyStatus": "OCCUPIED" if driver else "EMPTY",
                f"Vehicle.Cabin.Seat.{seat}.IsBelted": driver,
                f"Vehicle.Cabin.Seat.{seat}.Massage.Level": 0,
                f"Vehicle.Cabin.Seat.{seat}.Massage.Status": "OFF",
                f"Vehicle.Cabin.Seat.{seat}.Massage.TypeActive": MASSAGE_TYPES[0],
                f"Vehicle.Cabin.Seat.{seat}.Massage.SupportedTypes": list(MASSAGE_TYPES),
            }
        )
    for wheel in WHEELS:
        values[_tyre(wheel, "Pressure")] = round(config.tyre_kpa)
        values[_tyre(wheel, "IsPressureLow")] = False
        values[_tyre(wheel, "Temperature")] = config.exterior_c
    values.update(_energy_values(config.car, config.soc_percent, initial_consumption(config.car)))
    values.update(profile.store_values(load_catalogue()))
    values.update(config.extra_values)
    return {path: v for path, v in values.items() if path not in absent}


def initial_consumption(car: CarModel) -> float:
    """kWh/km the range estimate starts from: steady 90 km/h on the car's energy model."""
    return steady_energy_kwh(car, 100.0, 90.0) / 100.0


def _energy_values(car: CarModel, soc: float, kwh_per_km: float) -> dict[str, Any]:
    """SoC, energy and range; the displayed SoC and the total range follow in the store."""
    energy = car.battery_kwh * soc / 100.0
    range_m = max(0, round(energy / kwh_per_km * 1000.0))
    return {
        SOC: soc,
        f"{_TB}.StateOfCharge.CurrentEnergy": energy,
        BATTERY_RANGE: range_m,
        f"{_TB}.CurrentVoltage": 330.0 + 0.7 * soc,
    }


class SimSource:
    """A deterministic electric car that runs on simulated time."""

    def __init__(self, config: SimConfig | None = None) -> None:
        self.config = config or SimConfig()
        self._store: VehicleStore | None = None
        self._targets: dict[str, float] = {}
        self._trace: DriveCycle | None = None
        self._trace_start = 0  # step at which the trace began
        self._trace_i = 0
        self._polyline: list[tuple[float, float]] | None = None
        self._poly_cum: list[float] = []
        self._poly_pos_m = 0.0
        self._leaks_kpa_h: dict[str, float] = {}
        self._tyre_kpa: dict[str, float] = {}
        self._battery_extra_heat = 0.0  # °C per second from an injected fault
        self._low_12v = False
        self._charger_kw = self.config.charger_kw
        self._kwh_per_km = initial_consumption(self.config.car)
        self._steps = 0  # simulated steps since start (an int, so time does not drift)
        self._pending_s = 0.0
        self._speed_kmh = 0.0
        # read back from the store at the start of every advance
        self._energy_kwh = 0.0
        self._lat = self.config.latitude
        self._lon = self.config.longitude
        # VSS counts distances in whole metres; the fractions are kept here
        self._metres: dict[str, float] = {}
        self._absent: frozenset[str] = frozenset()
        # Every URI the simulated player was told to play, in order (what would have played).
        self.played: list[str] = []

    # VehicleSource protocol

    def start(self, store: VehicleStore) -> None:
        """Fill ``store`` with the parked car's initial state, as its profile says it is."""
        self._store = store
        store.clock = self._now  # every reading, scenario writes included, carries sim time
        self._absent = self.config.profile.absent_paths(store.catalogue)
        store.update(initial_values(self.config, self._absent))
        store.mark_unavailable(self._absent, UnavailableReason.NOT_SUPPORTED)
        self._tyre_kpa = {w: self.config.tyre_kpa for w in WHEELS}

    def car_profile(self) -> CarProfile:
        """The profile this car was built from."""
        return self.config.profile

    def stop(self) -> None:
        """Nothing to release."""
        self._store = None

    def write_target(self, path: str, value: Any) -> None:
        """Moving items get a target; every other actuator takes the value at once."""
        store = self._require_store()
        if self._travel_time(path) is not None:
            self._targets[path] = float(value)
            return
        values = {path: value}
        if path == START_STOP:
            values[IS_CHARGING] = value == "START" and self._can_charge(store)
        values.update(self._media_follows(path, value))
        values.update(_massage_follows(path, value))
        store.update(values, timestamp=self._now())

    def _media_follows(self, path: str, value: Any) -> dict[str, Any]:
        """What the simulated player does: a selected URI is what plays (and is logged in
        ``played``). ``Action`` keeps the last command, as VSS has it (a skip plays on)."""
        if path == MEDIA_SELECTED and value:
            self.played.append(str(value))
            return {MEDIA_PLAYED: value}
        return {}

    def on_set(self, path: str, value: Any) -> None:
        """A direct write stops a moving item where it was put; a SoC or range set by hand
        re-bases the energy model, so SoC, range and their followers agree at once."""
        self._targets.pop(path, None)
        store = self._require_store()
        if path in (SOC, SOC_DISPLAYED):
            self._energy_kwh = self.config.car.battery_kwh * float(value) / 100.0
            values = _energy_values(self.config.car, float(value), self._kwh_per_km)
            values.pop(path, None)  # stored already, with its followers
            store.update(values, self._now())
        if path in (BATTERY_RANGE, RANGE) and value > 0:
            # the car's own estimate: keep the consumption it implies from here on
            soc = store.get_freshest(SOC)
            self._kwh_per_km = self.config.car.battery_kwh * soc / 100.0 / (value / 1000.0)
        if path == SPEED:
            self._speed_kmh = float(value)
            self._trace = None  # the scenario takes over the speed
        if path.endswith("Tire.Pressure"):
            wheel = ".".join(path.split(".")[3:6:2])
            self._tyre_kpa[wheel] = float(value)

    def settle(self) -> None:
        """Put every moving item at its target now."""
        store = self._require_store()
        moved = {path: round(target) for path, target in self._targets.items()}
        self._targets.clear()
        store.update(moved, timestamp=self._now())

    # driving

    def drive(self, trace: str | Sequence[tuple[float, float]] | DriveCycle) -> DriveCycle:
        """Follow a speed trace from now: a cycle name, ``(time_s, speed_kmh)`` points, or a cycle."""
        if isinstance(trace, DriveCycle):
            cycle = trace
        elif isinstance(trace, str):
            cycle = load_cycle(trace)
        else:
            cycle = cycle_from_points(trace)
        self._trace, self._trace_start, self._trace_i = cycle, self._steps, 0
        return cycle

    def follow(self, polyline: Sequence[tuple[float, float]]) -> None:
        """Move along ``[(lat, lon), ...]`` (starting at its first point) instead of a heading."""
        points = [(float(lat), float(lon)) for lat, lon in polyline]
        if len(points) < 2 or not all(-90 <= a <= 90 and -180 <= b <= 180 for a, b in points):
            raise InvalidValue("polyline", polyline, "at least two (lat, lon) points")
        cum = [0.0]
        for (a0, b0), (a1, b1) in pairwise(points):
            cum.append(cum[-1] + _distance_m(a0, b0, a1, b1))
        self._polyline, self._poly_cum, self._poly_pos_m = points, cum, 0.0
        self._require_store().update({LAT: points[0][0], LON: points[0][1]})

    # charging

    def plug_in(self, charger_kw: float | None = None) -> None:
        """Connect a charger (11 kW AC by default; e.g. 150 for a DC fast charger)."""
        kw = self.config.charger_kw if charger_kw is None else charger_kw
        if not (isinstance(kw, (int, float)) and 0 < kw <= 400):
            raise InvalidValue("charger_kw", charger_kw, "a charger power 0..400 kW")
        self._charger_kw = float(kw)
        self._require_store().update(
            {f"{PORT}.IsFlapOpen": True, CABLE: True, f"{PORT}.IsChargingCableLocked": True}
        )

    def unplug(self) -> None:
        """Disconnect the charger; charging stops."""
        self._require_store().update(
            {CABLE: False, IS_CHARGING: False, f"{PORT}.IsChargingCableLocked": False}
        )

    def _can_charge(self, store: VehicleStore) -> bool:
        return (
            bool(store.get(CABLE))
            and store.get(SPEED) == 0
            and (store.get(SOC) < store.get(CHARGE_LIMIT))
        )

    def _charging_values(self, store: VehicleStore, dt: float) -> dict[str, Any]:
        if not store.get(IS_CHARGING):
            return {f"{_TB}.Charging.ChargeRate": 0.0, f"{_TB}.Charging.TimeToComplete": 0}
        car = self.config.car
        soc = 100.0 * self._energy_kwh / car.battery_kwh
        limit = store.get(CHARGE_LIMIT)
        if not self._can_charge(store):
            return {
                IS_CHARGING: False,
                f"{_TB}.Charging.ChargeRate": 0.0,
                f"{_TB}.Charging.TimeToComplete": 0,
            }
        kw = car.charge_power_kw(soc, self._charger_kw)
        self._energy_kwh = min(
            car.battery_kwh * limit / 100.0, self._energy_kwh + kw * CHARGE_EFFICIENCY * dt / 3600.0
        )
        remaining_kwh = car.battery_kwh * limit / 100.0 - self._energy_kwh
        return {
            f"{_TB}.Charging.ChargeRate": kw * CHARGE_EFFICIENCY / self._kwh_per_km,
            f"{_TB}.Charging.TimeToComplete": round(
                remaining_kwh / (kw * CHARGE_EFFICIENCY) * 3600
            ),
            f"{_TB}.Charging.AveragePower": kw,
            f"{_TB}.Charging.MaxPower": max(
                kw,
                store.get(f"{_TB}.Charging.MaxPower")
                if store.has_value(f"{_TB}.Charging.MaxPower")
                else 0.0,
            ),
            f"{_TB}.AccumulatedChargedEnergy": store.get(f"{_TB}.AccumulatedChargedEnergy")
            + kw * dt / 3600.0,
        }

    # fault injection

    def inject_tyre_leak(self, wheel: str = "Row1.Left", kpa_per_hour: float = 30.0) -> None:
        """A slow puncture: the tyre at ``wheel`` (e.g. ``Row2.Right``) loses pressure."""
        if wheel not in WHEELS or not kpa_per_hour > 0:
            raise InvalidValue("wheel", wheel, f"one of {', '.join(WHEELS)} and a leak rate > 0")
        self._leaks_kpa_h[wheel] = float(kpa_per_hour)

    def inject_low_12v(self, volts: float = 11.3) -> None:
        """The 12 V battery sags (failing battery or DC/DC converter); sets P0562."""
        store = self._require_store()
        self._low_12v = True
        store.set(LV_VOLTAGE, volts, timestamp=self._now())
        add_active_dtc(store, "P0562")

    def inject_battery_overheat(self, celsius: float = 62.0) -> None:
        """The traction battery overheats and keeps heating; sets P0A7E."""
        store = self._require_store()
        self._battery_extra_heat = 0.01
        store.update(
            {
                BATTERY_TEMP: celsius,
                f"{_TB}.Temperature.Max": celsius + 3,
                f"{_TB}.Temperature.Min": celsius - 4,
            },
            timestamp=self._now(),
        )
        add_active_dtc(store, "P0A7E")

    def clear_faults(self) -> None:
        """Stop injected faults (values recover as the car runs; DTCs stay until cleared)."""
        self._leaks_kpa_h.clear()
        self._low_12v = False
        self._battery_extra_heat = 0.0

    # simulation

    def advance(self, seconds: float) -> None:
        """Run ``seconds`` of simulated time in 0.1 s steps, publishing as it goes."""
        store = self._require_store()
        self._pending_s += seconds
        step = self.config.step_s
        steps = int(self._pending_s / step + 1e-9)
        if steps == 0:
            return
        self._pending_s -= steps * step
        self._load_state(store)
        per_tick = max(1, round(1.0 / step))
        while steps > 0:
            n = min(steps, per_tick)
            self._run_tick(store, n)
            steps -= n

    def _load_state(self, store: VehicleStore) -> None:
        car = self.config.car
        # the displayed SoC may be the one a scenario or test set last
        self._energy_kwh = car.battery_kwh * store.get_freshest(SOC) / 100.0
        self._speed_kmh = store.get(SPEED)
        self._lat, self._lon = store.get(LAT), store.get(LON)

    def _trace_speed(self, t: float) -> float:
        trace = self._trace
        assert trace is not None
        times, speeds = trace.times_s, trace.speeds_kmh
        if t >= times[-1]:
            return 0.0
        i = self._trace_i
        while times[i + 1] < t:
            i += 1
        self._trace_i = i
        t0, t1 = times[i], times[i + 1]
        return speeds[i] + (speeds[i + 1] - speeds[i]) * (t - t0) / (t1 - t0)

    def _run_tick(self, store: VehicleStore, n: int) -> None:
        car, step = self.config.car, self.config.step_s
        hvac_kw = self._hvac_kw(store)
        energy_used = 0.0
        distance_m = 0.0
        speed_ms = self._speed_kmh / 3.6
        battery_kw = 0.0
        for _ in range(n):
            self._steps += 1
            if self._trace is not None:
                trace_t = (self._steps - self._trace_start) * step
                new_kmh = self._trace_speed(trace_t)
                if trace_t >= self._trace.duration_s - 1e-9:
                    self._trace = None
            else:
                new_kmh = self._speed_kmh
            new_ms = new_kmh / 3.6
            accel = (new_ms - speed_ms) / step
            battery_kw = traction_power_kw(car, new_ms, accel) + car.aux_kw + hvac_kw
            energy_used += battery_kw * step / 3600.0
            distance_m += (speed_ms + new_ms) / 2 * step
            speed_ms, self._speed_kmh = new_ms, new_kmh
            ts = self._now()
            store.set(SPEED, new_kmh, timestamp=ts)
            store.set("Vehicle.Acceleration.Longitudinal", accel, timestamp=ts)
        self._publish_tick(store, n * step, energy_used, distance_m, battery_kw)

    def _hvac_kw(self, store: VehicleStore) -> float:
        if not (store.get(FAN) > 0 or store.get(rules.AC)):
            return 0.0
        return hvac_load_kw(store.get(EXTERIOR), store.get(SETPOINT))

    def _publish_tick(
        self,
        store: VehicleStore,
        dt: float,
        energy_used: float,
        distance_m: float,
        battery_kw: float,
    ) -> None:
        car = self.config.car
        self._energy_kwh = max(0.0, self._energy_kwh - energy_used)
        charging = self._charging_values(store, dt)
        soc = min(100.0, 100.0 * self._energy_kwh / car.battery_kwh)
        if store.get(IS_CHARGING) and soc >= store.get(CHARGE_LIMIT) - 1e-6:
            charging[IS_CHARGING] = False  # reached the charge limit
        distance_km = distance_m / 1000.0
        if distance_km > 0:
            weight = min(1.0, distance_km / RANGE_WINDOW_KM)
            self._kwh_per_km += weight * (energy_used / distance_km - self._kwh_per_km)
            self._kwh_per_km = min(0.6, max(0.08, self._kwh_per_km))
        values = _energy_values(car, soc, self._kwh_per_km)
        values.update(charging)
        values.update(self._motion_values(store, dt, distance_m, battery_kw))
        values.update(self._thermal_values(store, dt, battery_kw))
        values.update(self._tyre_values(store, dt))
        values.update(self._move_items(store, dt))
        store.update(
            {p: v for p, v in values.items() if p not in self._absent}, timestamp=self._now()
        )

    def _motion_values(
        self, store: VehicleStore, dt: float, distance_m: float, battery_kw: float
    ) -> dict[str, Any]:
        heading = store.get("Vehicle.CurrentLocation.Heading")
        if distance_m > 0:
            self._lat, self._lon, heading = self._move(distance_m, heading)
        trip_s = store.get("Vehicle.TripDuration") + dt
        odometer, trip_m, trip_meter = (
            self._add_metres(store, path, distance_m)
            for path in ("Vehicle.TraveledDistance", "Vehicle.TraveledDistanceSinceStart",
                         "Vehicle.TripMeterReading")
        )
        trip_km = trip_m / 1000.0
        speed = self._speed_kmh
        moving = speed > 0
        return {
            LAT: self._lat,
            LON: self._lon,
            "Vehicle.CurrentLocation.Heading": heading,
            "Vehicle.CurrentLocation.Timestamp": self._iso_now(),
            "Vehicle.IsMoving": moving,
            "Vehicle.TraveledDistance": round(odometer),
            "Vehicle.TraveledDistanceSinceStart": round(trip_m),
            "Vehicle.TripMeterReading": round(trip_meter),
            "Vehicle.TripDuration": trip_s,
            "Vehicle.AverageSpeed": trip_km / (trip_s / 3600.0) if trip_s > 0 else 0.0,
            "Vehicle.Powertrain.Transmission.SelectedGear": 127 if moving else 126,
            "Vehicle.Chassis.ParkingBrake.IsEngaged": not moving,
            "Vehicle.Powertrain.ElectricMotor.Speed": speed * MOTOR_RPM_PER_KMH,
            "Vehicle.Powertrain.ElectricMotor.Power": round(
                max(-32768.0, min(32767.0, battery_kw))
            ),
            f"{_TB}.CurrentPower": -battery_kw * 1000.0,
            f"{_TB}.CurrentCurrent": -battery_kw * 1000.0 / (330.0 + 0.7 * store.get(SOC)),
        }

    def _add_metres(self, store: VehicleStore, path: str, distance_m: float) -> float:
        """``path`` plus ``distance_m``, with the fraction of a metre carried over; a value
        set by hand (a trip meter reset) starts over from it."""
        kept = self._metres.get(path)
        stored = store.get(path)
        if kept is None or round(kept) != stored:
            kept = float(stored)
        self._metres[path] = kept + distance_m
        return self._metres[path]

    def _move(self, distance_m: float, heading: float) -> tuple[float, float, float]:
        if self._polyline is None:
            rad = math.radians(heading)
            dlat = distance_m * math.cos(rad) / EARTH_RADIUS_M
            dlon = distance_m * math.sin(rad) / (EARTH_RADIUS_M * math.cos(math.radians(self._lat)))
            lat = max(-90.0, min(90.0, self._lat + math.degrees(dlat)))
            lon = (self._lon + math.degrees(dlon) + 180.0) % 360.0 - 180.0
            return lat, lon, heading
        cum, points = self._poly_cum, self._polyline
        self._poly_pos_m = min(cum[-1], self._poly_pos_m + distance_m)
        i = max(
            0,
            min(
                len(cum) - 2,
                next(
                    (k - 1 for k in range(1, len(cum)) if cum[k] >= self._poly_pos_m), len(cum) - 2
                ),
            ),
        )
        seg = cum[i + 1] - cum[i]
        f = (self._poly_pos_m - cum[i]) / seg if seg > 0 else 1.0
        (a0, b0), (a1, b1) = points[i], points[i + 1]
        return a0 + (a1 - a0) * f, b0 + (b1 - b0) * f, _bearing_deg(a0, b0, a1, b1)

    def _thermal_values(self, store: VehicleStore, dt: float, battery_kw: float) -> dict[str, Any]:
        outside = store.get(EXTERIOR)
        cabin = store.get(CABIN)
        # what this car has of them (a coupé has no rear windows, not every car a sunroof)
        open_items = sum(store.get(w) > 20 for w in rules.WINDOWS if store.has_value(w)) + (
            store.has_value(rules.SUNROOF) and store.get(rules.SUNROOF) > 0
        )
        leak_tau = 300.0 if open_items else 1800.0
        cabin += (outside - cabin) * (1 - math.exp(-dt / leak_tau))
        if self._hvac_kw(store) > 0:
            cabin += (store.get(SETPOINT) - cabin) * (1 - math.exp(-dt / 150.0))
        battery = store.get(BATTERY_TEMP)
        # heating with power drawn, conditioned back toward 25 °C (or warmer air)
        heat = 0.0004 * abs(battery_kw) + self._battery_extra_heat
        battery += heat * dt - (battery - max(25.0, outside)) * (1 - math.exp(-dt / 1800.0))
        volts = store.get(LV_VOLTAGE)
        if not self._low_12v:
            volts += (13.6 - volts) * (1 - math.exp(-dt / 60.0))
        motor = store.get("Vehicle.Powertrain.ElectricMotor.Temperature")
        motor += 0.002 * abs(battery_kw) * dt - (motor - outside - 10) * (1 - math.exp(-dt / 600))
        return {
            CABIN: cabin,
            BATTERY_TEMP: battery,
            f"{_TB}.Temperature.Max": battery + 1.5,
            f"{_TB}.Temperature.Min": battery - 1.5,
            LV_VOLTAGE: volts,
            "Vehicle.Powertrain.ElectricMotor.Temperature": motor,
        }

    def _tyre_values(self, store: VehicleStore, dt: float) -> dict[str, Any]:
        values: dict[str, Any] = {}
        outside = store.get(EXTERIOR)
        for wheel in WHEELS:
            kpa = max(0.0, self._tyre_kpa[wheel] - self._leaks_kpa_h.get(wheel, 0.0) * dt / 3600)
            self._tyre_kpa[wheel] = kpa
            values[_tyre(wheel, "Pressure")] = round(kpa)
            values[_tyre(wheel, "IsPressureLow")] = kpa < TPMS_LOW_FRACTION * self.config.tyre_kpa
            values[_tyre(wheel, "Temperature")] = outside + 12.0 * min(1.0, self._speed_kmh / 120)
        return values

    def _travel_time(self, path: str) -> float | None:
        if path not in rules.WINDOWS and path not in (
            rules.SUNROOF,
            rules.SHADE,
            "Vehicle.Cabin.RearShade.Position",
        ):
            return None
        for key, seconds in TRAVEL_TIME_S.items():
            if key in path:
                return seconds
        return TRAVEL_TIME_S["Shade"]

    def _move_items(self, store: VehicleStore, dt: float) -> dict[str, int]:
        moved: dict[str, int] = {}
        for path, target in list(self._targets.items()):
            travel = self._travel_time(path)
            assert travel is not None
            current = store.get(path)
            full_range = 200.0 if path == rules.SUNROOF else 100.0
            stride = full_range / travel * dt
            new = (
                target
                if abs(target - current) <= stride
                else current + math.copysign(stride, target - current)
            )
            moved[path] = round(new)  # VSS positions are whole percent
            if new == target:
                del self._targets[path]
        return moved

    # helpers

    def _require_store(self) -> VehicleStore:
        if self._store is None:
            raise RuntimeError("the simulator is not started")
        return self._store

    @property
    def elapsed_s(self) -> float:
        """Simulated seconds since start."""
        return self._steps * self.config.step_s

    def _now(self) -> float:
        return self.config.start_time.timestamp() + self.elapsed_s

    def _iso_now(self) -> str:
        moment = self.config.start_time + timedelta(seconds=self.elapsed_s)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _distance_m(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dp, dl = p1 - p0, math.radians(lon1 - lon0)
    a = math.sin(dp / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _bearing_deg(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dl = math.radians(lon1 - lon0)
    x = math.sin(dl) * math.cos(p1)
    y = math.cos(p0) * math.sin(p1) - math.sin(p0) * math.cos(p1) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def _massage_follows(path: str, value: Any) -> dict[str, Any]:
    """A seat's massage status follows its level (VSS: Status is the sensor of Level)."""
    if path.endswith(".Massage.Level"):
        return {path.removesuffix("Level") + "Status": "ON" if value else "OFF"}
    return {}


def _from_spec(argument: str) -> SimSource:
    """``sim`` parks the car; ``sim:udds`` (or ``hwfet``, ``wltc3b``) starts driving that cycle;
    ``sim:profile=basic`` (or a profile file's path) is another car. Options join with commas:
    ``sim:udds,profile=basic``."""
    cycle = ""
    config = SimConfig()
    for option in filter(None, (o.strip() for o in argument.split(","))):
        if option.startswith("profile="):
            config = SimConfig(profile=load_profile(option.removeprefix("profile=")))
        elif option in CYCLES:
            cycle = option
        else:
            raise UnknownSource(f"unknown simulator option {option!r}; use one of {CYCLES} "
                                "or profile=<name>")
    source = SimSource(config)
    if cycle:
        source.drive(cycle)
    return source


register_source("sim", _from_spec)
