"""Detectors for the car's health: battery temperature, tyres, 12 V battery, fault codes."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from statistics import median
from typing import Any

from incabin._errors import IncabinError
from incabin.coach import _signals as sig
from incabin.coach._frame import Frame
from incabin.coach._models import CoachEvent, EventKind, Priority
from incabin.coach._settings import CoachConfig

log = logging.getLogger(__name__)

# A DTC describer returns (meaning, severity) with severity "stop_now" | "service_soon" | "info".
DtcDescriber = Callable[[str], tuple[str, str]]


class BatteryTemperature:
    """Traction battery too hot (two levels: hot, critical) or too cold, with 3 °C hysteresis."""

    HYSTERESIS_C = 3.0

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.hot_level = 0  # 0 normal, 1 hot, 2 critical
        self.cold = False

    def update(self, t: float, temp: float) -> CoachEvent | None:
        """Feed the average battery temperature in °C."""
        cfg, h = self.config, self.HYSTERESIS_C
        level = 2 if temp >= cfg.battery_critical_c else 1 if temp >= cfg.battery_hot_c else 0
        if level > self.hot_level:
            self.hot_level = level
            limit = cfg.battery_critical_c if level == 2 else cfg.battery_hot_c
            return CoachEvent(
                EventKind.BATTERY_HOT, t, Priority.VEHICLE_HEALTH, round(temp, 1), "°C", limit,
                critical=level == 2,
            )
        if self.hot_level == 2 and temp < cfg.battery_critical_c - h:
            self.hot_level = 1
        if self.hot_level == 1 and temp < cfg.battery_hot_c - h:
            self.hot_level = 0
        if not self.cold and temp <= cfg.battery_cold_c:
            self.cold = True
            return CoachEvent(
                EventKind.BATTERY_COLD, t, Priority.EFFICIENCY, round(temp, 1), "°C",
                cfg.battery_cold_c,
            )
        if self.cold and temp > cfg.battery_cold_c + h:
            self.cold = False
        return None


class Tyres:
    """A wheel losing pressure over minutes, faster than the other three.

    Pressures are sampled every ``STEP_S``; a wheel whose drop over the window
    (at most ``tyre_window_s``, at least ``tyre_min_history_s`` of history)
    exceeds the median drop of the others by ``tyre_drop_kpa`` is leaking.
    Comparing with the other wheels cancels warming up and cooling down, which
    move all four together. A wheel re-arms once re-inflated by 10 kPa.
    """

    STEP_S = 10.0
    REINFLATE_KPA = 10.0

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        size = int(config.tyre_window_s / self.STEP_S) + 1
        self.history: deque[tuple[float, dict[str, float]]] = deque(maxlen=size)
        self.next_t = 0.0
        self.leaking: dict[str, float] = {}  # wheel -> lowest pressure seen since the event

    def update(self, f: Frame) -> list[CoachEvent]:
        """Feed a frame; samples the pressures every ``STEP_S``."""
        if f.t < self.next_t:
            return []
        self.next_t = f.t + self.STEP_S
        values = f.values
        now = {}
        for wheel, path in sig.TYRES.items():
            p = values.get(path)
            if p is not None:
                now[wheel] = float(p)
        if len(now) < 2:
            return []
        self.history.append((f.t, now))
        events = [e for e in (self._check(wheel, f.t, now) for wheel in now) if e]
        return events

    def _check(self, wheel: str, t: float, now: dict[str, float]) -> CoachEvent | None:
        cfg = self.config
        pressure = now[wheel]
        if wheel in self.leaking:
            low = min(self.leaking[wheel], pressure)
            self.leaking[wheel] = low
            if pressure >= low + self.REINFLATE_KPA:
                del self.leaking[wheel]
            return None
        t0, then = self.history[0]
        if t - t0 < cfg.tyre_min_history_s or wheel not in then:
            return None
        drops = {w: then[w] - p for w, p in now.items() if w in then}
        others = [d for w, d in drops.items() if w != wheel]
        if not others:
            return None
        relative = drops[wheel] - median(others)
        if relative < cfg.tyre_drop_kpa:
            return None
        self.leaking[wheel] = pressure
        return CoachEvent(
            EventKind.TYRE_LEAK, t, Priority.VEHICLE_HEALTH, round(pressure), "kPa",
            cfg.tyre_drop_kpa, started_at=t0, subject=wheel,
            critical=pressure < cfg.tyre_critical_kpa,
            extra=(("drop_kpa", round(drops[wheel], 1)),
                   ("kpa_per_min", round(self._recent_rate(wheel, now), 2))),
        )

    def _recent_rate(self, wheel: str, now: dict[str, float]) -> float:
        """Relative loss in kPa/min over the last ``tyre_min_history_s``: the current rate."""
        back = min(len(self.history) - 1, int(self.config.tyre_min_history_s / self.STEP_S))
        t_then, then = self.history[-1 - back]
        t_now = self.history[-1][0]
        if t_now <= t_then or wheel not in then:
            return 0.0
        drops = {w: then[w] - p for w, p in now.items() if w in then}
        others = [d for w, d in drops.items() if w != wheel]
        return (drops[wheel] - median(others)) / ((t_now - t_then) / 60.0)


class LowVoltage:
    """The 12 V battery below ``low_12v_v`` for 10 s; re-arms above it + 0.4 V."""

    HOLD_S = 10.0

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.low_since: float | None = None
        self.reported = False

    def update(self, t: float, volts: float) -> CoachEvent | None:
        """Feed the 12 V battery voltage."""
        limit = self.config.low_12v_v
        if volts > limit + 0.4:
            self.low_since, self.reported = None, False
            return None
        if volts >= limit:
            self.low_since = None
            return None
        if self.low_since is None:
            self.low_since = t
        if self.reported or t - self.low_since < self.HOLD_S:
            return None
        self.reported = True
        return CoachEvent(
            EventKind.LOW_12V, t, Priority.VEHICLE_HEALTH, round(volts, 1), "V", limit,
            started_at=self.low_since, critical=volts < 11.0,
        )


def describe_with_vehicle_layer(code: str) -> tuple[str, str]:
    """Meaning and severity from ``incabin.vehicle.dtc.describe_dtc`` (Car Genius' source)."""
    try:
        from incabin.vehicle.dtc import describe_dtc
    except ImportError:
        return "", "info"
    try:
        info = describe_dtc(code)
    except IncabinError as err:  # a malformed code from a source must not stop the coach
        log.warning("cannot describe DTC %r: %s", code, err)
        return "", "info"
    return str(info.meaning), str(info.severity)


# Fault codes that report what one of the coach's detectors also watches; the
# alert policy speaks only one of the two (see CoachEvent.topic).
DTC_TOPICS = {
    "P0A7E": EventKind.BATTERY_HOT.value,
    "P0562": EventKind.LOW_12V.value,
    "U3003": EventKind.LOW_12V.value,
    "C0750": f"{EventKind.TYRE_LEAK.value}:front left",
    "C0755": f"{EventKind.TYRE_LEAK.value}:front right",
    "C0760": f"{EventKind.TYRE_LEAK.value}:rear left",
    "C0765": f"{EventKind.TYRE_LEAK.value}:rear right",
}


class NewDtcs:
    """New codes in ``Vehicle.Diagnostics.DTCList``; each hands over to Car Genius."""

    def __init__(self, describe: DtcDescriber = describe_with_vehicle_layer) -> None:
        self.describe = describe
        self.active: frozenset[str] = frozenset()
        self.last_raw: Any = None

    def update(self, t: float, codes: Any) -> list[CoachEvent]:
        """Feed the current DTC list."""
        if codes == self.last_raw:
            return []
        self.last_raw = list(codes) if isinstance(codes, list | tuple) else codes
        current = frozenset(_codes(codes))
        new = sorted(current - self.active)
        self.active = current
        events = []
        for code in new:
            meaning, severity = self.describe(code)
            critical = severity == "stop_now"
            events.append(
                CoachEvent(
                    EventKind.NEW_DTC, t, Priority.SAFETY if critical else Priority.VEHICLE_HEALTH,
                    subject=code, critical=critical, info=meaning, handover="car_genius",
                    extra=(("stop_now", 1.0 if critical else 0.0),),
                    covers=DTC_TOPICS.get(code, ""),
                )
            )
        return events


def _codes(raw: Any) -> Iterable[str]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (c.strip().upper() for c in raw.split(",") if c.strip())
    return (str(c).strip().upper() for c in raw)
