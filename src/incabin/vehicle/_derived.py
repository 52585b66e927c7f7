"""Signals that must agree, declared once: what follows what, and what means the same.

``FOLLOWS`` says which signal is a function of another (``Window.IsOpen`` of
``Window.Position``, the displayed SoC of the physical one); the store applies
it on every write, whoever writes (simulator, scenario, Kuksa, OBD, CAN).
``SAME`` groups paths that carry one quantity (an EV's two ranges, the two
SoCs); a read of one takes the freshest of the group. A ``*`` stands for one
instance segment (``Row1``, ``DriverSide``) and is the same in source and target.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from incabin.vehicle._catalogue import Catalogue

_TB = "Vehicle.Powertrain.TractionBattery"
SOC_CURRENT = f"{_TB}.StateOfCharge.Current"
SOC_DISPLAYED = f"{_TB}.StateOfCharge.Displayed"
BATTERY_RANGE = f"{_TB}.Range"
RANGE = "Vehicle.Powertrain.Range"
POWERTRAIN_TYPE = "Vehicle.Powertrain.Type"

# A condition on the car: (attribute path, the value it must have).
Condition = tuple[str, Any]
# Only an electric car's total range is its battery range; a hybrid adds fuel.
ELECTRIC: Condition = (POWERTRAIN_TYPE, "ELECTRIC")


def _same(value: Any) -> Any:
    return value


def _open_from_position(value: Any) -> bool:
    """Windows: 0 is closed; any other position is (partly) open."""
    return round(value) > 0


def _shade_open_from_position(value: Any) -> bool:
    """Shades: 100 is fully deployed (closed); anything less lets light in."""
    return round(value) < 100


@dataclass(frozen=True, slots=True)
class Follows:
    """``target`` is ``compute(source)`` whenever ``source`` is written (and ``when`` holds)."""

    source: str
    target: str
    compute: Callable[[Any], Any]
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Same:
    """Paths that carry one quantity: each follows the others' writes unless ``one_way``
    names the only one the others follow; reads take the freshest."""

    paths: tuple[str, ...]
    when: Condition | None = None
    one_way: str | None = None


SAME: tuple[Same, ...] = (
    # Displayed follows Current, not back: a car may round or smooth what it displays.
    Same((SOC_CURRENT, SOC_DISPLAYED), one_way=SOC_CURRENT),
    Same((BATTERY_RANGE, RANGE), when=ELECTRIC),
)

FOLLOWS: tuple[Follows, ...] = (
    Follows("Vehicle.Cabin.Door.*.*.Window.Position", "Vehicle.Cabin.Door.*.*.Window.IsOpen",
            _open_from_position),
    Follows("Vehicle.Cabin.Door.*.*.Shade.Position", "Vehicle.Cabin.Door.*.*.Shade.IsOpen",
            _shade_open_from_position),
    Follows("Vehicle.Cabin.Sunroof.Shade.Position", "Vehicle.Cabin.Sunroof.Shade.IsOpen",
            _shade_open_from_position),
    Follows("Vehicle.Cabin.RearShade.Position", "Vehicle.Cabin.RearShade.IsOpen",
            _shade_open_from_position),
    *(
        Follows(source, target, _same, same.when)
        for same in SAME
        for source in ((same.one_way,) if same.one_way else same.paths)
        for target in same.paths
        if target != source
    ),
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One concrete derivation: ``target = compute(value of the written path)``."""

    target: str
    compute: Callable[[Any], Any]
    when: Condition | None


@dataclass(frozen=True, slots=True)
class Derivations:
    """``FOLLOWS`` and ``SAME`` expanded over a catalogue's concrete paths."""

    rules: Mapping[str, tuple[Rule, ...]]  # written path -> what follows it
    same: Mapping[str, tuple[tuple[str, ...], Condition | None]]  # path -> its group

    def derive(
        self,
        written: Mapping[str, Any],
        stamps: Mapping[str, float],
        attribute: Callable[[str], Any],
    ) -> list[tuple[str, str, Any]]:
        """``(source, target, value)`` for each signal that follows ``written`` (a batch of
        clean values stamped ``stamps``). A target the batch sets itself, no older than its
        source, is left alone: a writer that reports both knows better than the rule.
        ``attribute(path)`` is the car's value of a condition's attribute."""
        derived = []
        for path, value in written.items():
            for rule in self.rules.get(path, ()):
                target = rule.target
                if target in written and stamps[target] >= stamps[path]:
                    continue
                if _holds(rule.when, written, attribute):
                    derived.append((path, target, rule.compute(value)))
        return derived

    def group(self, path: str, attribute: Callable[[str], Any]) -> tuple[str, ...]:
        """``path`` and the paths that carry the same quantity on this car."""
        entry = self.same.get(path)
        if entry is None or not _holds(entry[1], {}, attribute):
            return (path,)
        return entry[0]


def _holds(
    when: Condition | None, written: Mapping[str, Any], attribute: Callable[[str], Any]
) -> bool:
    if when is None:
        return True
    path, wanted = when
    return (written[path] if path in written else attribute(path)) == wanted


def _fill(pattern: str, parts: tuple[str, ...]) -> str:
    filled = iter(parts)
    return ".".join(next(filled) if part == "*" else part for part in pattern.split("."))


@cache
def derivations(catalogue: Catalogue) -> Derivations:
    """``FOLLOWS`` and ``SAME`` for the paths of ``catalogue`` (computed once per catalogue)."""
    rules: dict[str, list[Rule]] = {}
    for follows in FOLLOWS:
        for source, parts in catalogue.instances(follows.source):
            target = _fill(follows.target, parts)
            if target in catalogue:
                rules.setdefault(source, []).append(Rule(target, follows.compute, follows.when))
    same = {
        path: (group.paths, group.when)
        for group in SAME
        for path in group.paths
        if all(p in catalogue for p in group.paths)
    }
    return Derivations({k: tuple(v) for k, v in rules.items()}, same)
