"""Safety and comfort rules for actuator requests, enforced in code.

``plan_all(requests, state)`` turns several requests into one ordered list of
writes to perform (side effects included), the refusals and the questions to
ask first; ``plan(request, state)`` is the same for one request. Every rule is
a function in ``RULES``; each sees one write and the planned state and may
refuse it, ask for the driver's consent, or add writes before or after it.
Writes a rule adds are checked by all rules too, so chains such as
defroster -> A/C -> close windows work. Nothing is written while planning.

Requests are planned in order on one shared planned state, so the rules for a
request see what earlier requests and their side effects will have done; a
path written twice is written once, with its last value (``[high beams on,
fog lights on]`` ends with the high beams off: the fog rule's side effect
overrides the earlier request, and the plan says so).

The rules of issue 9:
  1. doors, trunks, hood and charge-port flap stay shut while ``Vehicle.Speed`` > 0
  2. the sunroof opens only with the sunshade fully open (the shade opens first), and
     the shade closes only with the sunroof closed (the roof closes first)
  3. front fog lights on => low beams on and high beams off
  4. A/C on => windows open more than 20 % close, fans at least at the lowest level
  5. front defroster on => A/C on, air distribution UP, fan at least 40 %
  6. limits: cabin 16-28 °C, charge limit 50-100 %, others as the catalogue says
  7. features the car does not have are refused as unavailable
  8. consent first: a window beyond 25 % with A/C on; in rain, a window opened beyond 20 %
     and any sunroof opening or tilt
  9. charging starts only with a cable connected and the car parked
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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
# In rain a crack for air is fine; anything wider lets water in, so the driver is asked.
RAIN_CONFIRM_ABOVE = 20  # percent open

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
_MIRROR_FOLD = re.compile(r"^Vehicle\.Body\.Mirrors\.\w+\.IsFolded$")


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
    """Perform these writes too, before and after the one checked.

    ``reason`` is a stable code for why (``FOG_LIGHTS_ON``), so that the driver
    can be told what was changed for them and why.
    """

    reason: str
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


def mirrors_out_while_moving(w: Write, state: State) -> Outcome:
    """Rule 1b: the exterior mirrors do not fold while the car moves (the driver needs them)."""
    if w.value is not True or not _MIRROR_FOLD.match(w.path):
        return None
    speed = state.value(SPEED)
    if speed is None or speed > 0:
        return Refuse("UNSAFE_WHILE_MOVING", "I can't fold the mirrors while the car is moving.")
    return None


def sunroof_needs_shade(w: Write, state: State) -> Outcome:
    """Rule 2: open the sunshade before the sunroof; close the roof before the shade."""
    if w.path == SUNROOF and w.value > 0 and (state.value(SHADE) or 0) != 0:
        if not state.available(SHADE):
            return Refuse(
                "SUNSHADE_CLOSED", "The sunroof can't open because the sunshade can't be opened."
            )
        return Also("SUNROOF_OPENING", before=(Write(SHADE, 0),))
    if w.path == SHADE and w.value > 0 and (state.value(SUNROOF) or 0) != 0:
        # The shade runs under the glass: drawing it across closes the roof first.
        return Also("SHADE_CLOSING", before=(Write(SUNROOF, 0),))
    return None


def fog_lights(w: Write, state: State) -> Outcome:
    """Rule 3: front fog lights need low beams and exclude high beams."""
    if w.path == FOG_FRONT and w.value is True:
        return Also("FOG_LIGHTS_ON", after=(Write(LOW_BEAM, True), Write(HIGH_BEAM, False)))
    if w.path == HIGH_BEAM and w.value is True and state.value(FOG_FRONT) is True:
        return Refuse(
            "FOG_LIGHTS_ON", "High beams can't be switched on while the front fog lights are on."
        )
    if w.path == LOW_BEAM and w.value is False and state.value(FOG_FRONT) is True:
        return Also("LOW_BEAMS_OFF", after=(Write(FOG_FRONT, False),))
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
    return Also("AC_ON", after=closing + _fans_at_least(state, FAN_LOWEST))


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
    return Also("FRONT_DEFROSTER_ON", after=(*writes, *_fans_at_least(state, FAN_DEFROST)))


def consent(w: Write, state: State) -> Outcome:
    """Rule 8: ask first for a window beyond 25 % with A/C on, and in the rain for a
    window beyond ``RAIN_CONFIRM_ABOVE`` or any sunroof opening or tilt."""
    raining = (state.value(RAIN) or 0) > 0
    if _WINDOW.match(w.path):
        if raining and w.value > RAIN_CONFIRM_ABOVE:
            how = "fully" if w.value >= 100 else f"to {w.value:g}%"
            return Confirm("RAIN", f"It's raining. Open the {label(w.path)} {how} anyway?")
        if w.value > WINDOW_AC_CONFIRM_ABOVE and state.value(AC) is True:
            return Confirm(
                "AC_ENERGY",
                f"The A/C is on, so opening the {label(w.path)} past "
                f"{WINDOW_AC_CONFIRM_ABOVE}% wastes energy. Open it anyway?",
            )
    if w.path == SUNROOF and w.value != 0 and raining:  # a tilt (-100) lets rain in too
        verb = "Tilt" if w.value < 0 else "Open"
        return Confirm("RAIN", f"It's raining. {verb} the sunroof anyway?")
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
    mirrors_out_while_moving,
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
    position = landing_path(path)
    if position == path:
        return Write(path, value)
    if path.endswith(".IsOpen"):
        return Write(position, (100 if value else 0) if position != SHADE else (0 if value else 100))
    return Write(position, _switch_target(value, position, state))


def landing_path(path: str) -> str:
    """The path a write to ``path`` changes once ``canonical`` has turned switch-style
    requests into positions (the path itself for every other signal)."""
    if _WINDOW.match(path) and not path.endswith(".Position"):
        return path.rsplit(".", 1)[0] + ".Position"
    return {SUNROOF_SWITCH: SUNROOF, SHADE_IS_OPEN: SHADE}.get(path, path)


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


@dataclass(frozen=True)
class Effect:
    """Why a rule added a write: the rule's reason code and the path whose write made it act."""

    reason: str
    cause: str


@dataclass(frozen=True)
class Step:
    """One write of a plan: the request it serves and, for a rule's side effect, why.

    ``request`` indexes the ``requests`` given to ``plan_all``. ``overridden`` is
    the requested write that this side effect undid (``[high beams on, fog
    lights on]``: the fog rule's ``high beams off`` overrides the first request).
    """

    write: Write
    request: int
    effect: Effect | None = None
    overridden: Write | None = None


@dataclass
class Plan:
    """What to write (in order, one write per path), what is refused, what to ask first.

    ``refusals`` and ``confirmations`` pair each reason with the index of the
    request it concerns; when anything is refused, ``steps`` is empty.
    """

    steps: list[Step] = field(default_factory=list)
    refusals: list[tuple[int, Refuse]] = field(default_factory=list)
    confirmations: list[tuple[int, Confirm]] = field(default_factory=list)

    @property
    def writes(self) -> list[Write]:
        """The writes to perform, in order."""
        return [step.write for step in self.steps]


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


# A request whose side effects keep adding writes means two rules fight each other.
_MAX_SIDE_EFFECTS = 64


def plan(request: Write, state: State, rules: tuple[Rule, ...] = RULES) -> Plan:
    """Plan one request: ``plan_all([request], state, rules)``."""
    return plan_all([request], state, rules)


def plan_all(requests: Sequence[Write], state: State, rules: tuple[Rule, ...] = RULES) -> Plan:
    """Run ``rules`` over all ``requests`` together; nothing is performed.

    Requests are planned in order on one planned state, each with the writes
    rules add for it; a refused request is left out and planning goes on, so
    that every refusal is named. The final state is then checked once more:
    every rule sees every planned write with its final value, which is where
    consent questions come from (a window that a later request closes again
    needs no question) and where a refusal that only the combination causes
    shows up.
    """
    steps: list[Step] = []
    planned: dict[str, Any] = {}
    refusals: list[tuple[int, Refuse]] = []
    for index, request in enumerate(requests):
        # plan on copies: a refused request must leave no trace in the plan
        trial_steps, trial_planned = list(steps), dict(planned)
        refusal = _plan_request(index, request, trial_steps, trial_planned, state, rules)
        if refusal is not None:
            refusals.append((index, refusal))
        else:
            steps, planned = trial_steps, trial_planned
    if refusals:
        return Plan(refusals=refusals)
    final = _last_per_path(steps)
    checked = Plan(steps=final)
    view = _PlannedState(state, planned)
    for step in final:
        for rule in rules:
            outcome = rule(step.write, view)
            # ``Also`` is left out on purpose: side effects follow a change and were
            # added when it was planned (A/C on closes open windows; a window opened
            # later with the A/C on asks instead).
            if isinstance(outcome, Refuse):
                checked.refusals.append((step.request, outcome))
            elif isinstance(outcome, Confirm):
                checked.confirmations.append((step.request, outcome))
    if checked.refusals:
        return Plan(refusals=checked.refusals)
    return checked


def _plan_request(
    index: int,
    request: Write,
    steps: list[Step],
    planned: dict[str, Any],
    state: State,
    rules: tuple[Rule, ...],
) -> Refuse | None:
    """Add ``request`` and the writes rules add for it to ``steps``; the first refusal."""
    view = _PlannedState(state, planned)
    first = Step(request, index)
    steps.append(first)
    planned[request.path] = request.value
    pending = [first]
    added = 0
    while pending:
        step = pending.pop(0)
        for rule in rules:
            outcome = rule(step.write, view)
            if isinstance(outcome, Refuse):
                return outcome
            if isinstance(outcome, Also):
                effect = Effect(outcome.reason, step.write.path)
                before = [
                    Step(w, index, effect)
                    for w in outcome.before
                    if planned.get(w.path, _NONE) != w.value
                ]
                after = [
                    Step(w, index, effect)
                    for w in outcome.after
                    if planned.get(w.path, _NONE) != w.value
                ]
                at = next(i for i, s in enumerate(steps) if s is step)
                steps[at + 1 : at + 1] = after
                steps[at:at] = before
                for extra in (*before, *after):
                    planned[extra.write.path] = extra.write.value
                pending += before + after
                added += len(before) + len(after)
        if added > _MAX_SIDE_EFFECTS:
            raise RuntimeError(f"safety rules do not settle for {request.path}")
    return None


def _last_per_path(steps: list[Step]) -> list[Step]:
    """Keep each path's last write, where it stands, and mark side effects that undo a request.

    Writing a path once with its final value keeps the car from flashing
    through an intermediate state (high beams on, then off again).
    """
    last = {step.write.path: step for step in steps}
    requested = {step.write.path: step.write for step in steps if step.effect is None}
    final = []
    for step in steps:
        if last[step.write.path] is not step:
            continue
        wanted = requested.get(step.write.path)
        if step.effect is not None and wanted is not None and wanted.value != step.write.value:
            step = Step(step.write, step.request, step.effect, overridden=wanted)
        final.append(step)
    return final
