"""The driving coach: samples in; events, spoken alerts, summaries and answers out."""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from incabin.coach import _signals as sig
from incabin.coach._context import TripContext
from incabin.coach._energy import ArrivalSoc, Consumption, EnergyMeter
from incabin.coach._errors import CoachError, InvalidSample
from incabin.coach._frame import Frame
from incabin.coach._health import (
    BatteryTemperature,
    DtcDescriber,
    LowVoltage,
    NewDtcs,
    Tyres,
    describe_with_vehicle_layer,
)
from incabin.coach._models import (
    Alert,
    CoachEvent,
    DrivingFeedback,
    EventKind,
    Priority,
    RangeDropReason,
    Sample,
    Tip,
    TripSummary,
    Verdict,
)
from incabin.coach._motion import Fatigue, Hysteresis, Speeding
from incabin.coach._policy import AlertPolicy, Decision, is_demanding
from incabin.coach._scores import score_trip
from incabin.coach._settings import CoachConfig
from incabin.coach._stream import EventStream, StreamItem, Subscription, Which
from incabin.coach._texts import alert_text, hours_text, tip_for

log = logging.getLogger(__name__)

_VERDICTS: tuple[tuple[float, Verdict], ...] = ((90, "excellent"), (75, "good"), (55, "fair"))
_GAP_S = 5.0  # a longer gap between samples is a pause, not a deceleration


_INF = math.inf


def _check_numbers(values: Any, t: float) -> None:
    """Raise ``InvalidSample`` for a numeric signal that is not a finite number."""
    get = values.get
    for path in sig.NUMERIC:
        x = get(path)
        if x is None:
            continue
        kind = type(x)
        # type() rather than isinstance: bool is an int but not a valid number here.
        # The chained comparison is False for NaN and both infinities.
        if (kind is not float and kind is not int) or not -_INF < x < _INF:
            raise InvalidSample(f"{path} at t={t}: expected a finite number, got {x!r}")


class Coach:
    """Watches one trip. Feed it samples in time order (``feed``), then ``finish()``.

    Detection is pure and deterministic; ``incabin.coach.attach`` feeds it from
    a live ``Vehicle``. Events and spoken alerts are kept, and published to
    subscribers (``subscribe`` / ``stream``). Feeding and the questions
    (``summary``, ``driving_feedback``, ``range_drop_reasons``) may come from
    different threads.
    """

    def __init__(
        self,
        config: CoachConfig | None = None,
        context: TripContext | None = None,
        *,
        describe_dtc: DtcDescriber = describe_with_vehicle_layer,
    ) -> None:
        cfg = self.config = config or CoachConfig()
        self.context = context or TripContext()
        self._brake = Hysteresis(
            EventKind.HARSH_BRAKE, Priority.SAFETY, cfg.harsh_brake_ms2,
            cfg.harsh_brake_release_ms2, cfg.harsh_min_duration_s,
        )
        self._accel = Hysteresis(
            EventKind.HARSH_ACCELERATION, Priority.COMFORT, cfg.harsh_accel_ms2,
            cfg.harsh_accel_release_ms2, cfg.harsh_min_duration_s,
        )
        self._corner = Hysteresis(
            EventKind.SHARP_CORNER, Priority.SAFETY, cfg.corner_ms2, cfg.corner_release_ms2,
            cfg.harsh_min_duration_s,
        )
        self._speeding = Speeding(cfg)
        self._fatigue = Fatigue(cfg)
        self._meter = EnergyMeter(cfg)
        self._consumption = Consumption(cfg, self._meter)
        self._arrival = ArrivalSoc(cfg)
        self._battery = BatteryTemperature(cfg)
        self._tyres = Tyres(cfg)
        self._low_voltage = LowVoltage(cfg)
        self._dtcs = NewDtcs(describe_dtc)
        self._policy = AlertPolicy(cfg)
        self._stream = EventStream()
        self._events: list[CoachEvent] = []
        self._alerts: list[Alert] = []
        self._last: Frame | None = None
        self._odometer0: float | None = None
        self._t0: float | None = None
        self._driving_s = 0.0
        self._firm_s = 0.0
        self._finished = False
        self._lock = threading.RLock()

    # -- feeding ---------------------------------------------------------------------------

    def feed(self, sample: Sample) -> list[CoachEvent]:
        """Analyse one sample; returns the events it completed (often none).

        Raises ``InvalidSample`` (state unchanged) for time going backwards, a
        non-finite or non-numeric value, or an odometer running backwards.
        """
        with self._lock:
            return self._feed(sample)

    def _feed(self, sample: Sample) -> list[CoachEvent]:
        if self._finished:
            raise CoachError("this trip is finished; start a new Coach for the next one")
        f = self._decode(sample)
        self._account(f)
        events = self._detect(f)
        for event in events:
            self._events.append(event)
            self._stream.publish(event)
            self._policy.offer(event)
        values = f.values
        demanding = is_demanding(
            self.config, f.speed_kmh, f.a_long, f.a_lat,
            bool(values.get(sig.INDICATOR_LEFT) or values.get(sig.INDICATOR_RIGHT)),
            (values.get(sig.GEAR) or 0) < 0 or (values.get(sig.SELECTED_GEAR) or 0) < 0,
        )
        for event in self._policy.tick(f.t, demanding):
            alert = Alert(event, f.t, alert_text(event, self.config.lang), self.config.lang)
            self._alerts.append(alert)
            self._stream.publish(alert)
        self._last = f
        return events

    def feed_all(self, samples: Iterable[Sample]) -> list[CoachEvent]:
        """Feed many samples; returns all the events they produced."""
        out: list[CoachEvent] = []
        for sample in samples:
            out.extend(self.feed(sample))
        return out

    def finish(self) -> TripSummary:
        """Close open episodes (a brake still held, a speeding spell) and summarise the trip."""
        with self._lock:
            self._close_episodes()
            return self.summary()

    def _close_episodes(self) -> None:
        if not self._finished and self._last is not None:
            t = self._last.t
            harsh = (self._brake, self._accel, self._corner)
            closing = [e for e in (d.finish(t) for d in harsh) if e]
            self._speeding.finish(t)
            for event in closing:
                self._events.append(event)
                self._stream.publish(event)
        self._finished = True

    def set_context(self, context: TripContext) -> None:
        """Swap the trip knowledge (a new route, a cancelled one) mid-trip."""
        self.context = context

    def _decode(self, sample: Sample) -> Frame:
        t = sample.t
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
            raise InvalidSample(f"sample time must be a finite number of seconds, got {t!r}")
        last = self._last
        if last is not None and t <= last.t:
            raise InvalidSample(f"sample time {t} is not after the previous sample's {last.t}")
        values = sample.values
        if not hasattr(values, "get"):
            raise InvalidSample(f"sample values must be a mapping of VSS paths, got {values!r}")
        _check_numbers(values, t)
        speed = values.get(sig.SPEED)
        speed = float(speed) if speed is not None else (last.speed_kmh if last else 0.0)
        if speed < 0:
            raise InvalidSample(f"{sig.SPEED} at t={t}: speed cannot be negative ({speed})")
        dt = t - last.t if last else 0.0
        a_long = values.get(sig.ACCEL_LONG)
        if a_long is None:
            a_long = (speed - last.speed_kmh) / 3.6 / dt if last and dt <= _GAP_S else 0.0
        a_lat = values.get(sig.ACCEL_LAT)
        odometer = values.get(sig.DISTANCE)
        if odometer is not None:
            base = self._odometer0 if self._odometer0 is not None else odometer
            trip_km = (float(odometer) - base) / 1000.0  # VSS 6.0 counts whole metres
            if last is not None and trip_km < last.trip_km - 1e-6:
                raise InvalidSample(f"{sig.DISTANCE} went backwards at t={t}")
            self._odometer0 = base
        else:
            prev = last.speed_kmh if last else speed
            trip_km = (last.trip_km if last else 0.0) + (prev + speed) / 2 * dt / 3600.0
        soc = values.get(sig.SOC)
        return Frame(
            float(t), dt, values, speed, float(a_long),
            None if a_lat is None else float(a_lat), trip_km,
            None if soc is None else float(soc),
            values.get(sig.LATITUDE), values.get(sig.LONGITUDE),
        )

    def _account(self, f: Frame) -> None:
        if self._t0 is None:
            self._t0 = f.t
        if f.driving:
            self._driving_s += f.dt
            lat = abs(f.a_lat) if f.a_lat is not None else 0.0
            if abs(f.a_long) >= self.config.firm_accel_ms2 or lat >= self.config.corner_release_ms2:
                self._firm_s += f.dt
        self._meter.update(f)

    def _detect(self, f: Frame) -> list[CoachEvent]:
        values, t, ctx = f.values, f.t, self.context
        found: list[CoachEvent | None] = [
            self._brake.update(t, -f.a_long),
            self._accel.update(t, f.a_long),
        ]
        if f.a_lat is not None:
            found.append(self._corner.update(t, abs(f.a_lat)))
        limit = ctx.speed_limit(f.position()) if ctx.speed_limit else None
        found.append(self._speeding.update(f, limit if limit is not None else
                                           self.config.speed_limit_kmh))
        found.append(self._fatigue.update(f, ctx))
        found.append(self._consumption.update(f))
        found.append(self._arrival.update(f, ctx))
        battery_c = values.get(sig.BATTERY_TEMP)
        if battery_c is not None:
            found.append(self._battery.update(t, battery_c))
        volts = values.get(sig.LOW_VOLTAGE)
        if volts is not None:
            found.append(self._low_voltage.update(t, volts))
        events = [e for e in found if e is not None]
        events.extend(self._tyres.update(f))
        if sig.DTC_LIST in values:
            events.extend(self._dtcs.update(t, values[sig.DTC_LIST]))
        return events

    # -- results ----------------------------------------------------------------------------

    @property
    def events(self) -> tuple[CoachEvent, ...]:
        """Every event detected so far, in order."""
        return tuple(self._events)

    @property
    def alerts(self) -> tuple[Alert, ...]:
        """Every alert spoken so far, in order."""
        return tuple(self._alerts)

    @property
    def pending(self) -> tuple[CoachEvent, ...]:
        """Events waiting to be spoken (held back or rate-limited)."""
        return tuple(self._policy.queue)

    @property
    def dropped(self) -> tuple[Decision, ...]:
        """Events that were not spoken, and why."""
        return tuple(self._policy.dropped)

    def subscribe(
        self, callback: Callable[[StreamItem], None], which: Which = "all"
    ) -> Subscription:
        """Call ``callback`` with each new ``CoachEvent`` and/or ``Alert``."""
        return self._stream.subscribe(callback, which)

    def stream(self, which: Which = "all") -> AsyncIterator[StreamItem]:
        """``async for item in coach.stream(): ...`` over new events and/or alerts."""
        return self._stream.iterate(which)

    def summary(self) -> TripSummary:
        """The trip so far: distance, time, energy, scores, costliest events, one tip."""
        with self._lock:
            return self._summary()

    def _summary(self) -> TripSummary:
        last = self._last
        t = last.t if last else 0.0
        episodes = list(self._speeding.episodes)
        open_episode = self._speeding.open_episode(t)
        if open_episode is not None:
            episodes.append(open_episode)
        scores = score_trip(self._driving_s, self._firm_s, self._events, episodes)
        distance = last.trip_km if last else 0.0
        energy = self._meter.kwh if self._meter.kwh > 0 else self._meter.totals()[1]
        return TripSummary(
            distance_km=round(distance, 2),
            duration_min=round((t - (self._t0 or 0.0)) / 60, 1),
            driving_min=round(self._driving_s / 60, 1),
            energy_kwh=round(energy, 3),
            kwh_per_100km=round(energy / distance * 100, 1) if distance >= 0.5 else None,
            smoothness=scores.smoothness,
            safety=scores.safety,
            costly_events=scores.costs[:2],
            tip=self._tip(scores.costs[0].event.kind if scores.costs else None, episodes),
            event_counts=dict(Counter(e.kind.value for e in self._events)),
            alerts_spoken=len(self._alerts),
        )

    def _tip(self, kind: EventKind | None, episodes: list[Any]) -> Tip:
        if kind == EventKind.SPEEDING:
            return tip_for("speeding", saved=str(round(sum(e.time_saved_s for e in episodes))))
        if kind == EventKind.FATIGUE:
            longest = self._fatigue.longest_s
            return tip_for("fatigue", hours=hours_text(longest, "en"),
                           hours_zh=hours_text(longest, "zh"))
        if kind is not None:
            return tip_for(kind.value)
        reasons = self._meter.reasons()
        if any(r.code == "high_speed" and r.share_percent >= 15 for r in reasons):
            return tip_for("high_speed")
        return tip_for("smooth")

    def driving_feedback(self) -> DrivingFeedback:
        """Data for "how was my driving?" (the agents phrase it)."""
        with self._lock:
            return self._feedback()

    def _feedback(self) -> DrivingFeedback:
        summary = self._summary()
        counts = Counter(e.kind for e in self._events)
        mean = (summary.smoothness + summary.safety) / 2
        verdict: Verdict = next((word for floor, word in _VERDICTS if mean >= floor), "poor")
        baseline = self.config.baseline_kwh_per_100km
        versus = None
        if baseline and summary.kwh_per_100km is not None:
            versus = round(100 * (summary.kwh_per_100km / baseline - 1), 1)
        share = 100 * self._speeding.over_s / self._driving_s if self._driving_s else 0.0
        return DrivingFeedback(
            summary=summary,
            verdict=verdict,
            harsh_brakes=counts[EventKind.HARSH_BRAKE],
            harsh_accelerations=counts[EventKind.HARSH_ACCELERATION],
            sharp_corners=counts[EventKind.SHARP_CORNER],
            speeding_episodes=counts[EventKind.SPEEDING],
            speeding_share_percent=round(share, 1),
            baseline_kwh_per_100km=baseline,
            consumption_vs_baseline_percent=versus,
        )

    def range_drop_reasons(self, window_min: float | None = None) -> list[RangeDropReason]:
        """Where the energy went (largest first), over the last ``window_min`` or the whole trip."""
        if window_min is not None and window_min <= 0:
            raise CoachError(f"window_min must be positive, got {window_min}")
        with self._lock:
            since = None
            if window_min is not None and self._last is not None:
                since = self._last.t - window_min * 60
            return self._meter.reasons(since)
