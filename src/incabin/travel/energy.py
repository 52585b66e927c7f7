"""Electric-car energy: a road-load physics model of the powertrain.

Battery power = (rolling + aero + grade + inertia) / drivetrain efficiency,
with regenerative braking recovering part of the negative wheel power, plus the
auxiliary (HVAC, electronics) load.

Calibration against NREL FastSim 3.1 (its bundled vehicle files and the UDDS and
HWFET cycles): mass, drag coefficient, frontal area and rolling resistance are
copied from each FastSim vehicle file; the auxiliary load is FastSim's 250 W
base load; ``drivetrain_efficiency`` and ``regen_efficiency`` are the two values
that make :func:`trace_energy` reproduce FastSim's battery (chemical) energy on
both cycles (a 2x2 linear solve per car). ``benchmarks/charging.py`` prints the
comparison and tests/travel/test_energy.py checks it stays within 10 %.

Charging curves are not in FastSim: they are modelled from public DC fast-charge
measurements of each car and are labelled as modelled wherever they are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from incabin.travel._models import Route, RouteSegment

GRAVITY = 9.81
AIR_DENSITY = 1.2
# Roads with a speed limit below STOP_AND_GO_LIMIT_KMH are driven stop-and-go
# (junctions, lights, traffic): equivalent full stops per km taper linearly from
# URBAN_STOPS_PER_KM at 0 km/h to none at that limit. URBAN_STOPS_PER_KM is fitted
# so that the UDDS cycle as one 50 km/h-limit segment matches its speed-trace
# energy (tests/travel/test_energy.py checks every car within 15 %). Faster roads
# keep MIN_STOPS_PER_KM for speed changes (overtaking, slowing down), fitted on HWFET.
STOP_AND_GO_LIMIT_KMH = 90.0
URBAN_STOPS_PER_KM = 4.8
MIN_STOPS_PER_KM = 0.15
# HVAC (see hvac_load_kw), fitted on FastSim's thermal models.
HVAC_DEADBAND_K = 1.0
HVAC_FAN_KW = 0.1
HEAT_PUMP_KW_PER_K2 = 0.0027
RESISTIVE_KW_PER_K = 0.1
COOLING_KW_PER_K2 = 0.0018
HVAC_MAX_KW = 5.0


@dataclass(frozen=True)
class CarModel:
    """Physical and charging parameters of one electric car."""

    name: str
    battery_kwh: float  # usable capacity (0-100 % displayed SoC)
    mass_kg: float  # test mass incl. driver
    drag_coefficient: float
    frontal_area_m2: float
    rolling_resistance: float
    drivetrain_efficiency: float  # battery -> wheel
    regen_efficiency: float  # wheel -> battery when braking
    aux_kw: float  # electronics baseline, without HVAC
    max_charge_kw: float
    # (SoC percent, kW) points of the DC charging curve; linear in between.
    charge_curve: tuple[tuple[float, float], ...]
    heat_pump: bool = False  # cabin heating by heat pump rather than resistive heater

    def charge_power_kw(self, soc_percent: float, charger_kw: float) -> float:
        """Power the car accepts at ``soc_percent`` on a charger of ``charger_kw``."""
        socs, kws = zip(*self.charge_curve)
        kw = float(np.interp(soc_percent, socs, kws))
        return min(kw, charger_kw, self.max_charge_kw)

    def charge_minutes(self, from_soc: float, to_soc: float, charger_kw: float) -> float:
        """Minutes to charge from ``from_soc`` to ``to_soc`` percent on a ``charger_kw`` charger.

        Integrates the tapering curve in 0.5 % steps; charging losses are ignored.
        """
        if to_soc <= from_soc:
            return 0.0
        steps = max(2, int(np.ceil((to_soc - from_soc) / 0.5)) + 1)
        socs = np.linspace(from_soc, to_soc, steps)
        mids = (socs[:-1] + socs[1:]) / 2
        kws = np.array([self.charge_power_kw(float(s), charger_kw) for s in mids])
        kwh_per_step = self.battery_kwh * (socs[1] - socs[0]) / 100.0
        return float(np.sum(kwh_per_step / kws) * 60.0)


def traction_power_kw(
    car: CarModel, speed_ms: float, accel_ms2: float, grade: float = 0.0
) -> float:
    """Battery power for traction at one instant (negative while regenerating)."""
    rolling = car.rolling_resistance * car.mass_kg * GRAVITY if speed_ms > 0 else 0.0
    aero = 0.5 * AIR_DENSITY * car.drag_coefficient * car.frontal_area_m2 * speed_ms**2
    climb = car.mass_kg * GRAVITY * grade
    inertia = car.mass_kg * accel_ms2
    wheel_w = (rolling + aero + climb + inertia) * speed_ms
    if wheel_w >= 0:
        return wheel_w / car.drivetrain_efficiency / 1000.0
    return wheel_w * car.regen_efficiency / 1000.0


def steady_energy_kwh(
    car: CarModel,
    distance_km: float,
    speed_kmh: float,
    grade: float = 0.0,
    hvac_kw: float = 0.0,
) -> float:
    """Battery energy to drive ``distance_km`` at a steady ``speed_kmh``."""
    if distance_km <= 0:
        return 0.0
    speed_ms = max(speed_kmh, 1.0) / 3.6
    hours = distance_km / max(speed_kmh, 1.0)
    power = traction_power_kw(car, speed_ms, 0.0, grade) + car.aux_kw + hvac_kw
    return power * hours


def hvac_load_kw(outside_c: float, cabin_target_c: float = 21.0, heat_pump: bool = True) -> float:
    """Electric load of the running climate system holding the cabin at ``cabin_target_c`` (kW).

    Fitted on FastSim's thermal cabin models from -10 to 38 °C over UDDS and
    HWFET: heating grows with the square of the temperature gap with a heat pump
    (2022 Model 3) and linearly with resistive heating (2020 Bolt, 2016 Leaf);
    cooling grows with its square. The blower draws HVAC_FAN_KW at any gap.
    """
    gap = cabin_target_c - outside_c
    if abs(gap) <= HVAC_DEADBAND_K:
        return HVAC_FAN_KW
    if gap > 0:
        kw = HEAT_PUMP_KW_PER_K2 * gap**2 if heat_pump else RESISTIVE_KW_PER_K * gap
    else:
        kw = COOLING_KW_PER_K2 * gap**2
    return min(max(kw, HVAC_FAN_KW), HVAC_MAX_KW)


@dataclass(frozen=True)
class TraceEnergy:
    """Battery energy over a driven speed trace."""

    energy_kwh: float  # net, after regeneration
    regen_kwh: float  # recovered while braking (positive)
    distance_km: float
    duration_s: float

    @property
    def wh_per_km(self) -> float:
        """Consumption per kilometre (0 for a trace that does not move)."""
        return self.energy_kwh * 1000.0 / self.distance_km if self.distance_km > 0 else 0.0


def trace_energy(
    car: CarModel,
    times_s: Sequence[float],
    speeds_ms: Sequence[float],
    grades: Sequence[float] | None = None,
    hvac_kw: float = 0.0,
) -> TraceEnergy:
    """Battery energy over a time series of speeds (a drive cycle or a logged trip).

    Each interval uses its mean speed and its acceleration, the same physics as
    :func:`traction_power_kw`. ``grades`` (rise/run) are per sample, as in FastSim cycles.
    """
    t = np.asarray(times_s, dtype=float)
    v = np.asarray(speeds_ms, dtype=float)
    if t.shape != v.shape or t.ndim != 1 or len(t) < 2:
        raise ValueError("times_s and speeds_ms must be equal-length sequences of 2+ samples")
    dt = np.diff(t)
    if np.any(dt <= 0):
        raise ValueError("times_s must be strictly increasing")
    g = np.zeros(len(t) - 1) if grades is None else np.asarray(grades, dtype=float)[1:]
    mean_v = (v[:-1] + v[1:]) / 2
    accel = np.diff(v) / dt
    rolling = np.where(mean_v > 0, car.rolling_resistance * car.mass_kg * GRAVITY, 0.0)
    aero = 0.5 * AIR_DENSITY * car.drag_coefficient * car.frontal_area_m2 * mean_v**2
    wheel_w = (rolling + aero + car.mass_kg * (GRAVITY * g + accel)) * mean_v
    battery_w = np.where(
        wheel_w >= 0, wheel_w / car.drivetrain_efficiency, wheel_w * car.regen_efficiency
    )
    aux_j = (car.aux_kw + hvac_kw) * 1000.0 * dt
    energy_j = float(np.sum(battery_w * dt + aux_j))
    regen_j = float(-np.sum(np.minimum(battery_w, 0.0) * dt))
    return TraceEnergy(
        energy_kwh=energy_j / 3.6e6,
        regen_kwh=regen_j / 3.6e6,
        distance_km=float(np.sum(mean_v * dt)) / 1000.0,
        duration_s=float(t[-1] - t[0]),
    )


def segment_energy_kwh(
    car: CarModel, segment: RouteSegment, grade: float = 0.0, hvac_kw: float = 0.0
) -> float:
    """Battery energy for one route segment.

    Cruises at the segment's mean speed (its distance over its duration, capped
    at the speed limit) and adds the net kinetic energy lost to stop-and-go
    driving on slower roads (see ``URBAN_STOPS_PER_KM``).
    """
    if segment.distance_km <= 0:
        return 0.0
    speed_kmh = segment.speed_limit_kmh
    if segment.duration_min > 0:
        speed_kmh = min(speed_kmh, segment.distance_km / (segment.duration_min / 60.0))
    cruise = steady_energy_kwh(car, segment.distance_km, speed_kmh, grade, hvac_kw)
    limit = segment.speed_limit_kmh
    stops_per_km = max(MIN_STOPS_PER_KM, URBAN_STOPS_PER_KM * (1.0 - limit / STOP_AND_GO_LIMIT_KMH))
    # Between stops the car accelerates up to the limit, well above its mean speed.
    kinetic_kwh = 0.5 * car.mass_kg * (limit / 3.6) ** 2 / 3.6e6
    net_per_stop = kinetic_kwh * (1.0 / car.drivetrain_efficiency - car.regen_efficiency)
    return cruise + stops_per_km * segment.distance_km * net_per_stop


@dataclass(frozen=True)
class RouteEnergy:
    """Battery energy of a route, segment by segment."""

    energy_kwh: float
    segment_kwh: tuple[float, ...]
    segment_km: tuple[float, ...]
    hvac_kw: float
    modelled: bool  # always True: a model, not a measurement

    @property
    def wh_per_km(self) -> float:
        """Mean consumption over the route."""
        km = sum(self.segment_km)
        return self.energy_kwh * 1000.0 / km if km > 0 else 0.0

    def kwh_to_km(self, km_from_start: float) -> float:
        """Energy used from the start to ``km_from_start`` along the route."""
        cum_km = np.concatenate(([0.0], np.cumsum(self.segment_km)))
        cum_kwh = np.concatenate(([0.0], np.cumsum(self.segment_kwh)))
        return float(np.interp(km_from_start, cum_km, cum_kwh))


def route_segments(route: Route) -> tuple[RouteSegment, ...]:
    """The route's segments, or one segment for the whole route when it has none."""
    if route.segments:
        return route.segments
    speed = route.distance_km / (route.duration_min / 60.0) if route.duration_min > 0 else 50.0
    return (RouteSegment(route.distance_km, route.duration_min, speed, modelled=True),)


def route_energy(
    car: CarModel,
    route: Route,
    outside_c: float | None = None,
    cabin_target_c: float = 21.0,
    grades: Sequence[float] | None = None,
) -> RouteEnergy:
    """Battery energy for a route.

    ``outside_c`` adds the HVAC load for that temperature (None: mild weather, no
    HVAC). ``grades`` gives one grade per segment where elevation is known.
    """
    segments = route_segments(route)
    if grades is not None and len(grades) != len(segments):
        raise ValueError(f"{len(grades)} grades given for {len(segments)} route segments")
    hvac = 0.0 if outside_c is None else hvac_load_kw(outside_c, cabin_target_c, car.heat_pump)
    kwh = tuple(
        segment_energy_kwh(car, seg, grades[i] if grades is not None else 0.0, hvac)
        for i, seg in enumerate(segments)
    )
    return RouteEnergy(
        energy_kwh=sum(kwh),
        segment_kwh=kwh,
        segment_km=tuple(s.distance_km for s in segments),
        hvac_kw=hvac,
        modelled=True,
    )


MODEL_3 = CarModel(
    name="2022 Tesla Model 3 RWD",
    battery_kwh=54.0,
    mass_kg=1752.0,
    drag_coefficient=0.23,
    frontal_area_m2=2.22,
    rolling_resistance=0.007,
    drivetrain_efficiency=0.857,
    regen_efficiency=0.784,
    aux_kw=0.25,
    max_charge_kw=170.0,
    charge_curve=(
        (0.0, 120.0),
        (10.0, 170.0),
        (40.0, 140.0),
        (60.0, 90.0),
        (80.0, 55.0),
        (100.0, 10.0),
    ),
    heat_pump=True,
)

BOLT = CarModel(
    name="2020 Chevrolet Bolt EV",
    battery_kwh=66.0,
    mass_kg=1626.1,
    drag_coefficient=0.309,
    frontal_area_m2=2.397,
    rolling_resistance=0.00777,
    drivetrain_efficiency=0.936,
    regen_efficiency=0.806,
    aux_kw=0.25,
    max_charge_kw=55.0,
    charge_curve=(
        (0.0, 50.0),
        (10.0, 55.0),
        (50.0, 55.0),
        (55.0, 37.0),
        (70.0, 37.0),
        (75.0, 24.0),
        (90.0, 18.0),
        (100.0, 5.0),
    ),
)

LEAF = CarModel(
    name="2016 Nissan Leaf 30 kWh",
    battery_kwh=30.0,
    mass_kg=1636.0,
    drag_coefficient=0.315,
    frontal_area_m2=2.755,
    rolling_resistance=0.008,
    drivetrain_efficiency=0.906,
    regen_efficiency=0.754,
    aux_kw=0.25,
    max_charge_kw=46.0,
    charge_curve=(
        (0.0, 40.0),
        (10.0, 46.0),
        (60.0, 42.0),
        (80.0, 25.0),
        (90.0, 12.0),
        (100.0, 4.0),
    ),
)

ZOE = CarModel(
    name="2022 Renault Zoe ZE50 R135",
    battery_kwh=54.7,
    mass_kg=1600.0,
    drag_coefficient=0.33,
    frontal_area_m2=2.512,
    rolling_resistance=0.009,
    drivetrain_efficiency=0.853,
    regen_efficiency=0.692,
    aux_kw=0.25,
    max_charge_kw=50.0,
    charge_curve=(
        (0.0, 45.0),
        (10.0, 46.0),
        (40.0, 46.0),
        (55.0, 42.0),
        (70.0, 32.0),
        (80.0, 25.0),
        (90.0, 15.0),
        (100.0, 5.0),
    ),
)

CAR_MODELS: dict[str, CarModel] = {"model3": MODEL_3, "bolt": BOLT, "leaf": LEAF, "zoe": ZOE}
DEFAULT_CAR = MODEL_3
