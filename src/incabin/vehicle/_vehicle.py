"""The ``Vehicle`` facade that agents and interfaces use, and ``open_vehicle``.

Actuator values: discrete actuators (lights, temperatures, seat heating, A/C)
show the commanded value in ``get`` at once; position actuators (windows,
sunroof, shades) keep their current position in ``get`` and move toward the
commanded target as the source runs (``advance``), or jump there on
``settle()``. Rules see the commanded target of a moving item.
"""

from __future__ import annotations

import math
import numbers
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from logging import getLogger
from typing import Any, Self

from incabin._config import setting
from incabin.vehicle import rules
from incabin.vehicle._catalogue import Catalogue, Signal, SignalKind
from incabin.vehicle._errors import InvalidValue, NotSupported, SourceError
from incabin.vehicle._labels import label, phrase, value_text
from incabin.vehicle._profile import CarProfile, profile_from_source
from incabin.vehicle._models import (
    ActionResult,
    ActionStatus,
    BatchResult,
    Change,
    ChangeKind,
    Question,
    Reading,
    Refusal,
    Unavailable,
    UnavailableReason,
)
from incabin.vehicle._source import VehicleSource, create_source
from incabin.vehicle._store import Subscription, VehicleStore
from incabin.vehicle.dtc import active_dtcs, add_active_dtc, clear_active_dtcs

log = getLogger(__name__)

# VSS models the sunroof position as a sensor (its actuator is Sunroof.Switch); incabin
# accepts a target position for it, as for windows.
COMMANDABLE_SENSORS = frozenset({rules.SUNROOF})
_SEAT_HEATING_COOLING = re.compile(r"^Vehicle\.Cabin\.Seat\.\w+\.\w+\.HeatingCooling$")
# Items that move over seconds; their commanded target is kept until reached.
POSITION_PATHS = frozenset(
    {*rules.WINDOWS, rules.SUNROOF, rules.SHADE, "Vehicle.Cabin.RearShade.Position"}
)


class _RuleState:
    """What the rules see: commanded targets of moving items, else current values."""

    def __init__(self, vehicle: Vehicle) -> None:
        self._vehicle = vehicle

    def value(self, path: str) -> Any:
        targets = self._vehicle._targets
        if path in targets:
            return targets[path]
        store = self._vehicle.store
        if path not in store.catalogue or not store.has_value(path):
            return None
        return store.get(path)

    def available(self, path: str) -> bool:
        return self._vehicle.is_available(path)


class Vehicle:
    """One car: the VSS store, the source that feeds it, and safe actuation."""

    def __init__(self, store: VehicleStore, source: VehicleSource) -> None:
        self.store = store
        self.catalogue: Catalogue = store.catalogue
        self.source = source
        self._targets: dict[str, Any] = {}
        self._state = _RuleState(self)
        self._closed = False
        # one command at a time: rules must see the state the write will change
        self._lock = threading.RLock()
        source.start(store)
        self.profile: CarProfile = self._profile_of(source)

    # reading and direct writes

    def get(self, path: str) -> Any:
        """The plain current value; ``UnknownSignal`` or ``SignalUnavailable`` otherwise."""
        return self.store.get(path)

    def read(self, path: str) -> Reading | Unavailable:
        """The current ``Reading``, or ``Unavailable`` with the reason."""
        return self.store.read(path)

    def read_freshest(self, path: str) -> Reading | Unavailable:
        """The newest reading of the quantity ``path`` carries, whichever of its VSS paths
        has it (displayed or physical SoC; an EV's battery or total range)."""
        return self.store.read_freshest(path)

    def get_freshest(self, path: str) -> Any:
        """The plain value of ``read_freshest``; ``SignalUnavailable`` when there is none."""
        return self.store.get_freshest(path)

    def age(self, reading: Reading) -> float:
        """Seconds since ``reading`` was taken, on the car's clock (simulated time in the sim)."""
        return max(0.0, self.store.clock() - reading.timestamp)

    def has(self, feature: str) -> bool:
        """True when this car has ``feature`` (``seat_massage``, ``heated_mirrors``,
        ``ambient_light`` …: ``incabin.vehicle.FEATURE_NAMES``); ``UnknownFeature`` else."""
        return self.profile.has(feature)

    def set(self, path: str, value: Any) -> None:
        """Write a current value directly, validated but without safety rules.

        For scenarios, tests and sources; a moving item stops where it is set.
        """
        with self._lock:
            self.store.set(path, value)
            self._targets.pop(path, None)
            settable = getattr(self.source, "on_set", None)
            if settable is not None:
                settable(path, self.store.get(path))

    def is_available(self, path: str) -> bool:
        """False when this car does not have the signal (e.g. no seat massage)."""
        reading = self.store.read(path)
        return not (
            isinstance(reading, Unavailable) and reading.reason is UnavailableReason.NOT_SUPPORTED
        )

    def subscribe(
        self, paths: Iterable[str] | str, callback: Callable[[Reading], None] | None = None
    ) -> Subscription:
        """``callback(reading)`` on every write of ``paths``; async iterator without callback."""
        return self.store.subscribe(paths, callback)

    # simulated time

    def advance(self, seconds: float) -> None:
        """Run the source forward by ``seconds`` of simulated time."""
        if not (isinstance(seconds, numbers.Real) and math.isfinite(seconds) and seconds >= 0):
            raise InvalidValue("advance", seconds, "a finite number of seconds >= 0")
        with self._lock:
            self.source.advance(float(seconds))
            self._drop_reached_targets()

    def settle(self) -> None:
        """Move every moving item (windows, sunroof, shades) to its target now."""
        with self._lock:
            settle = getattr(self.source, "settle", None)
            if settle is not None:
                settle()
            self._drop_reached_targets()

    def _drop_reached_targets(self) -> None:
        for path, target in list(self._targets.items()):
            if self.store.has_value(path) and self.store.get(path) == target:
                del self._targets[path]

    @property
    def pending_targets(self) -> dict[str, Any]:
        """Moving items still on their way: path -> commanded target (a copy)."""
        return dict(self._targets)

    def target(self, path: str) -> Any:
        """The commanded target of a moving item, or its current value when none is pending."""
        return self._state.value(path)

    # diagnostic trouble codes

    @property
    def dtcs(self) -> list[str]:
        """Active diagnostic trouble codes."""
        return active_dtcs(self.store)

    def add_dtc(self, code: str) -> None:
        """Activate a trouble code (``P0A80``); ``InvalidValue`` for a malformed one."""
        add_active_dtc(self.store, code)

    def clear_dtcs(self) -> None:
        """Clear every active trouble code."""
        clear_active_dtcs(self.store)

    # actuation

    def actuate(self, path: str, value: Any, *, confirmed: bool = False) -> ActionResult:
        """Command an actuator after the safety rules; a refusal changes nothing.

        Returns ``DONE`` (commanded; moving items get there over seconds),
        ``REFUSED`` with a reason code, ``NEEDS_CONFIRMATION`` (call again with
        ``confirmed=True``), or ``FAILED``/``PARTIAL`` when the source could not
        carry out all writes. Unknown paths and values of the wrong type raise.
        It is ``actuate_many([(path, value)])`` told as one ``ActionResult``.
        """
        batch = self.actuate_many([(path, value)], confirmed=confirmed)
        message = batch.message
        if batch.questions:
            # one question at a time: a second reason follows when the first is answered
            message = batch.questions[0].message
        return ActionResult(path, value, batch.status, batch.reason, message, batch.changes)

    def actuate_many(
        self, writes: Sequence[tuple[str, Any]], *, confirmed: bool = False
    ) -> BatchResult:
        """Plan all ``writes`` together with the safety rules, then command all or none.

        ``writes`` are (path, value) pairs, planned in order: the rules for one
        see what the earlier ones and their side effects will do. If any is
        refused, nothing is written and ``refusals`` names each refused request;
        if any needs consent and ``confirmed`` is false, nothing is written and
        ``questions`` says what to ask. Otherwise every write is commanded and
        ``changes`` lists them, each ``REQUESTED`` or a rule's ``SIDE_EFFECT``.
        Unknown paths, values of the wrong type and an empty list raise.
        """
        requests = tuple((path, value) for path, value in writes)
        if not requests:
            raise InvalidValue("writes", [], "at least one (path, value) pair")
        with self._lock:
            return self._actuate_many(requests, confirmed)

    def _actuate_many(self, requests: tuple[tuple[str, Any], ...], confirmed: bool) -> BatchResult:
        refused: list[tuple[int, str, str]] = []  # (request index, reason, message)
        to_plan: list[rules.Write] = []
        origin: list[int] = []  # the index in ``requests`` of each planned write
        for index, (path, value) in enumerate(requests):
            signal = self.catalogue.get(path)
            problem = self._request_problem(signal, value)
            if problem is not None:
                refused.append((index, *problem))
                continue
            to_plan.append(rules.canonical(path, signal.validate(value), self._state))
            origin.append(index)
        plan = rules.plan_all(to_plan, self._state, (*rules.RULES, self._fits_the_car))
        refused += [(origin[i], r.reason, r.message) for i, r in plan.refusals]
        if refused:
            refusals = tuple(
                Refusal(*requests[i], reason, message) for i, reason, message in sorted(refused)
            )
            return BatchResult(
                requests, ActionStatus.REFUSED, *_summary(refusals), refusals=refusals
            )
        if plan.confirmations and not confirmed:
            questions = tuple(
                Question(*requests[origin[i]], c.reason, c.message) for i, c in plan.confirmations
            )
            return BatchResult(
                requests, ActionStatus.NEEDS_CONFIRMATION, *_summary(questions), questions=questions
            )
        return self._perform(requests, plan.steps)

    def _request_problem(self, signal: Signal, value: Any) -> tuple[str, str] | None:
        """Why a request can't even be planned (reason, message); wrong types raise."""
        path = signal.path
        if signal.kind is not SignalKind.ACTUATOR and path not in COMMANDABLE_SENSORS:
            return "READ_ONLY", f"The {label(path)} can't be controlled."
        _check_type(signal, value)
        if not self.is_available(path):
            return "NOT_AVAILABLE", f"This car has no {label(path)}."
        if _SEAT_HEATING_COOLING.search(path) and value < 0 and not self.has("seat_ventilation"):
            # VSS cools a seat through the negative half of HeatingCooling: no leaf of its own.
            return "NOT_AVAILABLE", "This car has no seat ventilation."
        problem = self._out_of_range(signal, value)
        return ("OUT_OF_RANGE", problem) if problem is not None else None

    def _fits_the_car(self, write: rules.Write, state: rules.State) -> rules.Outcome:
        """A last rule: side effects too must exist on this car and stay within limits."""
        if not state.available(write.path):
            return rules.Refuse("NOT_AVAILABLE", f"This car has no {label(write.path)}.")
        problem = self._out_of_range(self.catalogue.get(write.path), write.value)
        return rules.Refuse("OUT_OF_RANGE", problem) if problem is not None else None

    @staticmethod
    def _out_of_range(signal: Signal, value: Any) -> str | None:
        bounds = rules.limits_for(signal.path)
        try:
            clean = signal.validate(value)
        except InvalidValue:
            return f"The {label(signal.path)} must be {signal.describe_range()}."
        if bounds is not None and not bounds[0] <= clean <= bounds[1]:
            lo, hi = (value_text(signal.path, b, signal.unit) for b in bounds)
            return f"The {label(signal.path)} must be between {lo} and {hi}."
        return None

    def _perform(
        self, requests: tuple[tuple[str, Any], ...], steps: list[rules.Step]
    ) -> BatchResult:
        changes: list[Change] = []
        for step in steps:
            write = step.write
            old = self._state.value(write.path)
            change = _change(step, old)
            if old == write.value:
                # nothing to command; still tell the driver why a request did not happen
                if step.overridden is not None:
                    changes.append(change)
                continue
            try:
                self.source.write_target(write.path, write.value)
            except (NotSupported, SourceError) as err:
                commanded = any(c.old != c.new for c in changes)
                status = ActionStatus.PARTIAL if commanded else ActionStatus.FAILED
                code = "NOT_SUPPORTED" if isinstance(err, NotSupported) else "SOURCE_DOWN"
                log.warning("actuate %s failed at %s: %s", requests, write.path, err)
                return BatchResult(
                    requests,
                    status,
                    code,
                    f"The car did not accept the {label(write.path)} command.",
                    tuple(changes),
                )
            if write.path in POSITION_PATHS:
                self._targets[write.path] = write.value
            changes.append(change)
        return BatchResult(
            requests, ActionStatus.DONE, None, self._done_message(requests, changes), tuple(changes)
        )

    def _done_message(self, requests: tuple[tuple[str, Any], ...], changes: list[Change]) -> str:
        """``Turned the front fog lights on; for that I also turned the low beams on.``"""
        if not changes:
            return " ".join(
                f"The {label(path)} is already "
                f"{value_text(path, value, self.catalogue.get(path).unit)}."
                for path, value in requests
            )
        asked = [self._phrase(c) for c in changes if c.kind is ChangeKind.REQUESTED]
        extra = [
            self._phrase(c)
            for c in changes
            if c.kind is ChangeKind.SIDE_EFFECT and c.overridden is None
        ]
        sentences = []
        if asked and extra:
            sentences.append(f"{_join(asked)}; for that I also {_join(extra)}.")
        elif asked or extra:
            sentences.append(f"{_join(asked or extra)}.")
        for c in changes:
            if c.overridden is not None and c.cause is not None:
                done = (
                    self._phrase(c)
                    if c.old != c.new
                    else f"left the {label(c.path)} "
                    f"{value_text(c.path, c.new, self.catalogue.get(c.path).unit)}"
                )
                sentences.append(f"Because of the {label(c.cause)}, I {done}.")
        return " ".join(s[0].upper() + s[1:] for s in sentences)

    def _phrase(self, change: Change) -> str:
        return phrase(change.path, change.new, self.catalogue.get(change.path).unit)

    def _profile_of(self, source: VehicleSource) -> CarProfile:
        """The source's own profile (the simulator's file, Kuksa's broker), else what the
        started source feeds: a feature is there when any of its signals has a value."""
        own = getattr(source, "car_profile", None)
        if own is not None:
            return own()
        store = self.store
        return profile_from_source(
            self.catalogue,
            type(source).__name__,
            store.has_value,
            lambda path: store.get(path) if store.has_value(path) else None,
        )

    # lifecycle

    def close(self) -> None:
        """Stop the source; safe to call twice."""
        if not self._closed:
            self._closed = True
            self.source.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _change(step: rules.Step, old: Any) -> Change:
    """The ``Change`` a planned step makes, with why when a rule added it."""
    write, effect = step.write, step.effect
    if effect is None:
        return Change(write.path, old, write.value)
    overridden = step.overridden.value if step.overridden is not None else None
    return Change(
        write.path,
        old,
        write.value,
        ChangeKind.SIDE_EFFECT,
        effect.reason,
        effect.cause,
        overridden,
    )


def _summary(items: Sequence[Refusal | Question]) -> tuple[str, str]:
    """A refused or unconfirmed batch's reason (the first item's) and message (every
    distinct message, in order)."""
    return items[0].reason, " ".join(dict.fromkeys(i.message for i in items))


def _join(clauses: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``, with a driver's and passenger's twin said once."""
    merged = _merge_sides(clauses)
    if len(merged) == 1:
        return merged[0]
    return ", ".join(merged[:-1]) + " and " + merged[-1]


def _both_sides(clause: str) -> str:
    return clause.replace("front driver's ", "front ").replace("front passenger's ", "front ")


def _merge_sides(clauses: Iterable[str]) -> list[str]:
    """Say the driver's and passenger's twin of a setting once: ``set the front fan ...``."""
    merged: list[str] = []
    for clause in clauses:
        both = _both_sides(clause)
        if both != clause and any(_both_sides(m) == both for m in merged):
            merged = [both if _both_sides(m) == both else m for m in merged]
        else:
            merged.append(clause)
    return merged


def _check_type(signal: Signal, value: Any) -> None:
    """Raise ``InvalidValue`` when ``value`` is not even the right kind of value."""
    datatype = signal.datatype
    if datatype == "boolean":
        ok = isinstance(value, bool)
    elif datatype == "string":
        ok = isinstance(value, str)
    elif signal.is_numeric:
        ok = (
            isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
        )
    else:
        ok = True
    if not ok:
        raise InvalidValue(signal.path, value, signal.describe_range())


def open_vehicle(spec: str | None = None) -> Vehicle:
    """Open the car named by ``spec`` (default ``INCABIN_VEHICLE`` or ``sim``).

    ``sim`` is the built-in drive simulator; ``obd:<port>``, ``kuksa:<host>:<port>``
    and ``can:<dbc>`` need the matching extra.
    """
    spec = spec or setting("vehicle", "sim")
    source = create_source(spec)
    return Vehicle(VehicleStore(), source)
