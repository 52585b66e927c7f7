"""Safety and comfort rules for actuator requests, enforced in code.

``plan(request, state, confirmed)`` turns one request into the ordered list of
writes to perform (side effects included) or a refusal. Every rule is a
function in ``RULES``; each sees one write and the planned state and may
refuse it, ask for the driver's consent, or add writes before or after it.
Writes a rule adds are checked by all rules too, so chains such as
defroster -> A/C -> close windows work. Nothing is written while planning.

The rules of issue 9:
  1. doors, trunks, hood and charge-port flap stay shut while ``Vehicle.Speed`` > 0
  2. the sunroof opens only with the sunshade fully open (the shade opens first)
  3. front fog lights on => low beams on and high beams off
  4. A/C on => windows open more than 20 % close, fans at least at the lowest level
  5. front defroster on => A/C on, air distribution UP, fan at least 40 %
  6. limits: cabin 16-28 °C, charge limit 50-100 %, others as the catalogue says
  7. features the car does not have are refused as unavailable
  8. consent first: a window beyond 25 % with A/C on, sunroof or a window fully open in rain
  9. charging starts only with a cable connected and the car parked
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from incabin.vehicle._labels import label

SPEED = "Vehicle.Speed"
RAIN = "Vehicle.Body.Raindetection.Intensity"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
FRONT_DEFROST = "Vehicle.Cabin.HVAC.IsFrontDefrosterActive"
SUNROOF = "Vehicle.Cabin.Sunroof.Position"
SUNROOF_SWITCH = "Vehicle.Cabin.Sunroof.Switch"
SHADE = "Vehicle.Cabin.Sunroof.Shade.Position"
SHADE_IS_OPEN = "Vehicle.Cabin.Sunroof.Shade.IsOpen"
FOG_FRONT = "Vehicle.Body.Lights.Fog.Front.IsOn"
START_STOP_CHARGING = "Vehicle.Powertrain.TractionBattery.Charging.StartStopCharging"
CABLE = (
    "Vehicle.Powertrain.TractionBattery.Charging.ChargingPort.AnyPosition.IsChargingCableConnected"
)
LOW_BEAM = "Vehicle.Body.Lights.Beam.Low.IsOn"
HIGH_BEAM = "Vehicle.Body.Lights.Beam.High.IsOn"
FRONT_STATIONS = (
    "Vehicle.Cabin.HVAC.Station.Row1.Driver",
    "Vehicle.Cabin.HVAC.Station.Row1.Passenger",
)
WINDOWS = tuple(
    f"Vehicle.Cabin.Door.{row}.{side}.Window.Position"
    for row in ("Row1", "Row2")
    for side in ("DriverSide", "PassengerSide")
)

FAN_LOWEST = 10  # percent: the lowest fan step
FAN_DEFROST = 40  # percent
WINDOW_AC_CLOSE_ABOVE = 20  # percent open
WINDOW_AC_CONFIRM_ABOVE = 25  # percent open

# Rule 6: limits narrower than the VSS catalogue's (glob-style path patterns).
LIMITS: dict[str, tuple[float, float]] = {
    "Vehicle.Cabin.HVAC.Station.*.*.Temperature": (16.0, 28.0),
    "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit": (50.0, 100.0),
    "Vehicle.Cabin.Seat.*.*.HeatingCooling": (-100.0, 100.0),
}
_LIMIT_PATTERNS = tuple(
    (re.compile(re.escape(glob).replace(r"\*", r"[^.]+") + "$"), bounds)
    for glob, bounds in LIMITS.items()
)

# Openings that rule 1 keeps shut while moving (an ``IsOpen``-style boolean set to True).
_MOVING_LOCKED = re.compile(
    r"^Vehicle\.(Cabin\.Door\.Row\d\.\w+\.IsOpen|Body\.Trunk\.\w+\.IsOpen|Body\.Hood\.IsOpen"
    r"|Powertrain\.TractionBattery\.Charging\.ChargingPort\.\w+\.IsFlapOpen)$"
)
_WINDOW = re.compile(r"^Vehicle\.Cabin\.Door\.Row\d\.\w+\.Window\.")


@dataclass(frozen=True)
class Write:
    """One value to command."""

    path: str
    value: Any


class State(Protocol):
    """What rules may read: planned values first, then commanded targets, then current ones."""

    def value(self, path: str) -> Any:
        """The planned value of ``path`` or None when it has none."""

    def available(self, path: str) -> bool:
        """False when the car does not have this signal."""


@dataclass(frozen=True)
class Refuse:
    """Do nothing and tell the driver why."""

    reason: str
    message: str


@dataclass(frozen=True)
class Confirm:
    """Ask the driver before acting."""

    reason: str
    message: str


@dataclass(frozen=True)
class Also:
    """Perform these writes too, before and after the one checked."""

    before: tuple[Write, ...] = ()
    after: tuple[Write, ...] = ()


Outcome = Refuse | Confirm | Also | None
Rule = Callable[[Write, State], Outcome]
_NONE = object()


def limits_for(path: str) -> tuple[float, float] | None:
    """Rule 6's bounds for ``path`` when they are narrower than the catalogue's."""
    for pattern, bounds in _LIMIT_PATTERNS:
        if pattern.match(path):
            return bounds
    return None


def closed_while_moving(w: Write, state: State) -> Outcome:
    """Rule 1: no opening doors, trunks, hood or charge flap while the car moves."""
    if w.value is not True or not _MOVING_LOCKED.match(w.path):
        return None
    speed = state.value(SPEED)
    if speed is None:
        return Refuse("SPEED_UNKNOWN", f"I can't open the {label(w.path)}: the speed is unknown.")
    if speed > 0:
        return Refuse(
            "UNSAFE_WHILE_MOVING", f"I can't open the {label(w.path)} while the car is moving."
        )
    return None


def sunroof_needs_shade(w: Write, state: State) -> Outcome:
    """Rule 2: open the sunshade before the sunroof; keep it open while the roof is open."""
    if w.path == SUNROOF and w.value > 0 and (state.value(SHADE) or 0) != 0:
        if not state.available(SHADE):
            return Refuse(
                "SUNSHADE_CLOSED", "The sunroof can't open because the sunshade can't be opened."
            )
        return Also(before=(Write(SHADE, 0),))
    if w.path == SHADE and w.value > 0 and (state.value(SUNROOF) or 0) > 0:
        return Refuse("SUNROOF_OPEN", "The sunshade can't close while the sunroof is open.")
    return None


def fog_lights(w: Write, state: State) -> Outcome:
    """Rule 3: front fog lights need low beams and exclude high beams."""
    if w.path == FOG_FRONT and w.value is True:
        return Also(after=(Write(LOW_BEAM, True), Write(HIGH_BEAM, False)))
    if w.path == HIGH_BEAM and w.value is True and state.value(FOG_FRONT) is True:
        return Refuse(
            "FOG_LIGHTS_ON", "High beams can't be switched on while the front fog lights are on."
        )
    if w.path == LOW_BEAM and w.value is False and state.value(FOG_FRONT) is True:
        return Also(after=(Write(FOG_FRONT, False),))
    return None


def _fans_at_least(state: State, percent: int) -> tuple[Write, ...]:
    writes = []
    for station in FRONT_STATIONS:
        fan = f"{station}.FanSpeed"
        if state.available(fan) and (state.value(fan) or 0) < percent:
            writes.append(Write(fan, percent))
    return tuple(writes)


def air_conditioning(w: Write, state: State) -> Outcome:
    """Rule 4: A/C on closes windows open more than 20 % and starts the fans."""
    if w.path != AC or w.value is not True:
        return None
    closing = tuple(
        Write(window, 0)
        for window in WINDOWS
        if state.available(window) and (state.value(window) or 0) > WINDOW_AC_CLOSE_ABOVE
    )
    return Also(after=closing + _fans_at_least(state, FAN_LOWEST))


def front_defroster(w: Write, state: State) -> Outcome:
    """Rule 5: front defroster on => A/C on, air to the windscreen, fan at least 40 %."""
    if w.path != FRONT_DEFROST or w.value is not True:
        return None
    writes = [Write(AC, True)] if state.value(AC) is not True else []
    writes += [
        Write(f"{s}.AirDistribution", "UP")
        for s in FRONT_STATIONS
        if state.value(f"{s}.AirDistribution") != "UP"
    ]
    return Also(after=(*writes, *_fans_at_least(state, FAN_DEFROST)))


def consent(w: Write, state: State) -> Outcome:
    """Rule 8: ask first for a window beyond 25 % with A/C on, or opening in the rain."""
    raining = (state.value(RAIN) or 0) > 0
    if _WINDOW.match(w.path):
        if raining and w.value >= 100:
            return Confirm("RAIN", f"It's raining. Open the {label(w.path)} fully anyway?")
        if w.value > WINDOW_AC_CONFIRM_ABOVE and state.value(AC) is True:
            return Confirm(
                "AC_ENERGY",
                f"The A/C is on, so opening the {label(w.path)} past "
                f"{WINDOW_AC_CONFIRM_ABOVE}% wastes energy. Open it anyway?",
            )
    if w.path == SUNROOF and w.value > 0 and raining:
        return Confirm("RAIN", "It's raining. Open the sunroof anyway?")
    return None


def charging_needs_cable(w: Write, state: State) -> Outcome:
    """Rule 9: charging starts only with a cable connected and the car parked."""
    if w.path != START_STOP_CHARGING or w.value != "START":
        return None
    if state.value(CABLE) is not True:
        return Refuse("NOT_PLUGGED_IN", "Charging can't start: no charging cable is connected.")
    if (state.value(SPEED) or 0) > 0:
        return Refuse("UNSAFE_WHILE_MOVING", "Charging can't start while the car is moving.")
    return None


RULES: tuple[Rule, ...] = (
    closed_while_moving,
    sunroof_needs_shade,
    fog_lights,
    air_conditioning,
    front_defroster,
    consent,
    charging_needs_cable,
)


def canonical(path: str, value: Any, state: State) -> Write:
    """Express switch-style requests as positions so rules see one form.

    ``Window.IsOpen``/``Window.Switch`` and ``Sunroof.Switch``/``Shade.IsOpen``
    become the matching ``Position`` (windows: 0 closed, 100 open; sunroof:
    -100 tilted, 0 closed, 100 open; shade: 0 open/retracted, 100 closed).
    """
    if _WINDOW.match(path) and not path.endswith(".Position"):
        position = path.rsplit(".", 1)[0] + ".Position"
        if path.endswith(".IsOpen"):
            return Write(position, 100 if value else 0)
        return Write(position, _switch_target(value, position, state))
    if path == SUNROOF_SWITCH:
        return Write(SUNROOF, _switch_target(value, SUNROOF, state))
    if path == SHADE_IS_OPEN:
        return Write(SHADE, 0 if value else 100)
    return Write(path, value)


def _switch_target(switch: str, position: str, state: State) -> int:
    targets = {
        "OPEN": 100,
        "ONE_SHOT_OPEN": 100,
        "CLOSE": 0,
        "ONE_SHOT_CLOSE": 0,
        "TILT_UP": -100,
        "TILT_DOWN": 0,
    }
    if switch in targets:
        return targets[switch]
    current = state.value(position)  # INACTIVE: stop where it is
    return int(current) if current is not None else 0


@dataclass
class Plan:
    """The outcome of planning one request."""

    writes: list[Write] = field(default_factory=list)
    refusal: Refuse | None = None
    confirmations: list[Confirm] = field(default_factory=list)


class _PlannedState:
    def __init__(self, base: State, planned: dict[str, Any]) -> None:
        self._base = base
        self._planned = planned

    def value(self, path: str) -> Any:
        if path in self._planned:
            return self._planned[path]
        return self._base.value(path)

    def available(self, path: str) -> bool:
        return self._base.available(path)


def plan(request: Write, state: State, rules: tuple[Rule, ...] = RULES) -> Plan:
    """Run ``rules`` over ``request`` and every write they add; nothing is performed."""
    result = Plan(writes=[request])
    planned: dict[str, Any] = {request.path: request.value}
    view = _PlannedState(state, planned)
    pending = [request]
    while pending:
        write = pending.pop(0)
        for rule in rules:
            outcome = rule(write, view)
            if isinstance(outcome, Refuse):
                return Plan(refusal=outcome)
            if isinstance(outcome, Confirm):
                result.confirmations.append(outcome)
            elif isinstance(outcome, Also):
                before = [w for w in outcome.before if planned.get(w.path, _NONE) != w.value]
                after = [w for w in outcome.after if planned.get(w.path, _NONE) != w.value]
                at = next(i for i, w in enumerate(result.writes) if w is write)
                result.writes[at + 1 : at + 1] = after
                result.writes[at:at] = before
                for extra in (*before, *after):
                    planned[extra.path] = extra.value
                pending += before + after
        if len(result.writes) > 64:
            raise RuntimeError(f"safety rules do not settle for {request.path}")
    return result
