"""Energy: the trip's consumption, where it went, and the energy alerts.

The meter integrates the battery's measured energy (``CurrentPower`` when the
car reports it, else the SoC drop times the usable capacity) and, alongside, a
road-load model of the same drive (``incabin.travel.energy`` physics) split into
the parts a driver can act on:

- ``high_speed``: aerodynamic energy above what 90 km/h would take for the same
  distance, ``½ρ·Cd·A·(v³ − v·25²)/η`` while v > 25 m/s.
- ``braking_losses``: kinetic energy not recovered when slowing down: the share
  ``1 − regen_efficiency`` of the braking power, and all of it beyond 2 m/s² of
  deceleration, where the friction brakes take over from regeneration.
- ``climate``: the climate system's load for the outside temperature and the
  driver's setpoint (``hvac_load_kw``), while the fan or the A/C runs.
- ``cold_battery``: an estimated 1 % more traction energy per °C below 10 °C.
- ``unexplained``: measured minus modelled (slopes, wind, load, other consumers).
"""

from __future__ import annotations

from collections import deque

from incabin.coach import _signals as sig
from incabin.coach._context import TripContext
from incabin.coach._frame import Frame
from incabin.coach._models import (
    CoachEvent,
    EventKind,
    Priority,
    RangeDropReason,
    RangeReasonCode,
)
from incabin.coach._settings import CoachConfig
from incabin.travel.energy import AIR_DENSITY, GRAVITY, hvac_load_kw

REGEN_MAX_DECEL_MS2 = 2.0
HIGH_SPEED_MS = 25.0  # 90 km/h
COLD_BATTERY_C = 10.0
COLD_PENALTY_PER_C = 0.01

# Columns of one minute's energy bucket (kWh, except the last two).
MEASURED, MODEL, HIGH_SPEED, BRAKING, CLIMATE, COLD, DIST_KM, FAST_S = range(8)
_CAUSES: tuple[tuple[int, RangeReasonCode], ...] = (
    (HIGH_SPEED, "high_speed"), (BRAKING, "braking_losses"), (CLIMATE, "climate"),
    (COLD, "cold_battery"),
)


class EnergyMeter:
    """Measured and modelled energy, in one-minute buckets."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        car = config.car
        self.rolling_n = car.rolling_resistance * car.mass_kg * GRAVITY
        self.aero_k = 0.5 * AIR_DENSITY * car.drag_coefficient * car.frontal_area_m2
        self.mass = car.mass_kg
        self.eta, self.regen = car.drivetrain_efficiency, car.regen_efficiency
        self.aux_kw = car.aux_kw
        self.heat_pump = car.heat_pump
        self.battery_kwh = car.battery_kwh
        self.buckets: dict[int, list[float]] = {}
        self.kwh = 0.0  # measured energy used since the start
        self.first_soc: float | None = None
        self.last_outside: float | None = None
        self.last_battery_c: float | None = None
        self.fast_speed_sum = 0.0

    def update(self, f: Frame) -> None:
        """Account for the energy between the previous frame and this one."""
        values, dt = f.values, f.dt
        power = values.get(sig.BATTERY_POWER)
        measured = 0.0
        if power is not None:
            measured = -float(power) / 1000.0 * dt / 3600.0
            self.kwh += measured
        elif f.soc is not None:
            if self.first_soc is None:
                self.first_soc = f.soc
            used = (self.first_soc - f.soc) / 100.0 * self.battery_kwh
            measured, self.kwh = used - self.kwh, used
        outside = values.get(sig.OUTSIDE_TEMP)
        if outside is not None:
            self.last_outside = float(outside)
        battery_c = values.get(sig.BATTERY_TEMP)
        if battery_c is not None:
            self.last_battery_c = float(battery_c)
        if dt <= 0:
            return
        bucket = self.buckets.get(int(f.t // 60))
        if bucket is None:
            bucket = self.buckets[int(f.t // 60)] = [0.0] * 8
        bucket[MEASURED] += measured
        hours = dt / 3600.0
        v = f.speed_kmh / 3.6
        a = f.a_long
        aero = self.aero_k * v * v * v
        wheel_kw = ((self.rolling_n if v > 0 else 0.0) * v + aero + self.mass * a * v) / 1000.0
        if wheel_kw >= 0:
            traction = wheel_kw / self.eta
        else:
            regen_share = min(1.0, REGEN_MAX_DECEL_MS2 / -a) if a < 0 else 1.0
            traction = wheel_kw * self.regen * regen_share
            bucket[BRAKING] += (-wheel_kw + traction) * hours
        if v > HIGH_SPEED_MS:
            extra_kw = (aero - self.aero_k * v * HIGH_SPEED_MS**2) / self.eta / 1000.0
            bucket[HIGH_SPEED] += extra_kw * hours
            bucket[FAST_S] += dt
            self.fast_speed_sum += f.speed_kmh * dt
        climate = 0.0
        if self.last_outside is not None and (
            (values.get(sig.FAN_SPEED) or 0) > 0 or values.get(sig.AIR_CONDITIONING)
        ):
            setpoint = values.get(sig.CABIN_SETPOINT, 21.0)
            climate = hvac_load_kw(self.last_outside, setpoint, heat_pump=self.heat_pump)
        cold = 0.0
        battery_c = self.last_battery_c
        if battery_c is not None and battery_c < COLD_BATTERY_C and traction > 0:
            cold = traction * COLD_PENALTY_PER_C * (COLD_BATTERY_C - battery_c)
        bucket[CLIMATE] += climate * hours
        bucket[COLD] += cold * hours
        bucket[MODEL] += (traction + self.aux_kw + climate + cold) * hours
        bucket[DIST_KM] += v * dt / 1000.0

    def totals(self, since_t: float | None = None) -> list[float]:
        """Column sums over the buckets from ``since_t`` on (all when None)."""
        first = -1 if since_t is None else int(since_t // 60)
        sums = [0.0] * 8
        for minute, bucket in self.buckets.items():
            if minute >= first:
                for i, x in enumerate(bucket):
                    sums[i] += x
        return sums

    def reasons(self, since_t: float | None = None) -> list[RangeDropReason]:
        """Where the energy of the window went, largest first."""
        sums = self.totals(since_t)
        measured = sums[MEASURED] if sums[MEASURED] > 0 else 0.0
        total = measured or sums[MODEL]
        if total <= 0 or sums[DIST_KM] <= 0:
            return []
        kwh_per_km = total / sums[DIST_KM]
        figures = {
            "high_speed": (self.fast_speed_sum / sums[FAST_S] if sums[FAST_S] else None, "km/h"),
            "climate": (self.last_outside, "°C"),
            "cold_battery": (self.last_battery_c, "°C"),
        }
        parts: list[tuple[RangeReasonCode, float]] = [(code, sums[col]) for col, code in _CAUSES]
        if measured:
            parts.append(("unexplained", measured - sums[MODEL]))
        out = []
        for code, kwh in parts:
            if kwh < 0.005:
                continue
            figure, unit = figures.get(code, (None, ""))
            out.append(
                RangeDropReason(
                    code, round(kwh, 3), round(100 * kwh / total, 1), round(kwh / kwh_per_km, 1),
                    None if figure is None else round(figure, 1), "" if figure is None else unit,
                )
            )
        return sorted(out, key=lambda r: -r.kwh)


class Consumption:
    """Consumption over the last ``consumption_window_km`` above the driver's baseline."""

    STEP_KM = 0.5

    def __init__(self, config: CoachConfig, meter: EnergyMeter) -> None:
        self.config, self.meter = config, meter
        size = round(config.consumption_window_km / self.STEP_KM) + 1
        self.marks: deque[tuple[float, float]] = deque(maxlen=size)
        self.next_km = 0.0
        self.armed = True

    def update(self, f: Frame) -> CoachEvent | None:
        """Feed a frame; checks at every ``STEP_KM`` of distance."""
        baseline = self.config.baseline_kwh_per_100km
        if f.trip_km < self.next_km:
            return None
        self.next_km = f.trip_km + self.STEP_KM
        self.marks.append((f.trip_km, self.meter.kwh))
        if baseline is None or len(self.marks) < (self.marks.maxlen or 0):
            return None
        km0, kwh0 = self.marks[0]
        rate = (self.meter.kwh - kwh0) / (f.trip_km - km0) * 100.0
        if rate < baseline * 1.1:
            self.armed = True
        if not self.armed or rate <= baseline * self.config.consumption_factor:
            return None
        self.armed = False
        return CoachEvent(
            EventKind.HIGH_CONSUMPTION, f.t, Priority.EFFICIENCY, round(rate, 1), "kWh/100 km",
            baseline, extra=(("above_percent", round(100 * (rate / baseline - 1))),),
        )


class ArrivalSoc:
    """The SoC left at the destination (or next charger) below the driver's minimum."""

    REARM_MARGIN = 3.0

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.next_t = 0.0
        self.armed = True
        self.last: float | None = None

    def update(self, f: Frame, context: TripContext) -> CoachEvent | None:
        """Feed a frame; checks every ``soc_check_s``."""
        if context.arrival_soc is None or f.soc is None or f.t < self.next_t:
            return None
        self.next_t = f.t + self.config.soc_check_s
        predicted = context.arrival_soc(f.position(), f.soc)
        self.last = predicted
        minimum = self.config.min_arrival_soc
        if predicted is None:
            return None
        if predicted >= minimum + self.REARM_MARGIN:
            self.armed = True
        if not self.armed or predicted >= minimum:
            return None
        self.armed = False
        return CoachEvent(
            EventKind.LOW_ARRIVAL_SOC, f.t, Priority.EFFICIENCY, round(predicted, 1), "%",
            minimum, handover="travel_companion",
        )
