"""The VSS catalogue: every leaf of VSS 6.0, with datatype, unit and limits.

The tree is ``data/vss_6.0.json``, COVESA's own JSON export of the VSS 6.0
release (MPL-2.0, see NOTICE), read whole: a path outside it is an
``UnknownSignal``. It is parsed once per process (``load_catalogue`` is cached)
and each signal compiles its validator on first use, so a store update costs
one closure call and loading does not pay for the 1,200 leaves nobody writes.
"""

from __future__ import annotations

import difflib
import json
import math
import numbers
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from incabin.vehicle._errors import InvalidValue, UnknownSignal

# Bounds of the VSS integer datatypes.
_INT_BOUNDS: dict[str, tuple[int, int]] = {
    "uint8": (0, 2**8 - 1),
    "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
    "int8": (-(2**7), 2**7 - 1),
    "int16": (-(2**15), 2**15 - 1),
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}
_FLOATS = frozenset({"float", "double"})


class SignalKind(StrEnum):
    """VSS node type of a leaf."""

    SENSOR = "sensor"
    ACTUATOR = "actuator"
    ATTRIBUTE = "attribute"


Validator = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Signal:
    """One VSS leaf as the spec gives it."""

    path: str
    kind: SignalKind
    datatype: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    allowed: tuple[str, ...] | None = None
    description: str = ""
    default: Any = None
    _validator: Validator | None = field(default=None, repr=False, compare=False)

    @property
    def _validate(self) -> Validator:
        """The compiled validator, made on first use (most leaves are never written)."""
        validator = self._validator
        if validator is None:
            validator = _compile_validator(self)
            object.__setattr__(self, "_validator", validator)
        return validator

    @property
    def is_numeric(self) -> bool:
        """True for integer and floating-point datatypes."""
        return self.datatype in _FLOATS or self.datatype in _INT_BOUNDS

    def limits(self) -> tuple[float | None, float | None]:
        """The effective (min, max): the spec's limits narrowed by the datatype's bounds."""
        lo, hi = self.min, self.max
        bounds = _INT_BOUNDS.get(self.datatype)
        if bounds is not None:
            lo = bounds[0] if lo is None else max(lo, bounds[0])
            hi = bounds[1] if hi is None else min(hi, bounds[1])
        return lo, hi

    def describe_range(self) -> str:
        """The allowed values in words, e.g. ``an integer 0..100 percent``."""
        if self.allowed is not None:
            items = ", ".join(self.allowed)
            return f"a list of: {items}" if self.datatype.endswith("[]") else f"one of: {items}"
        if self.datatype == "boolean":
            return "true or false"
        if self.datatype.startswith("string"):
            return "a list of strings" if self.datatype.endswith("[]") else "a string"
        lo, hi = self.limits()
        kind = "a number" if self.datatype in _FLOATS else "an integer"
        unit = f" {self.unit}" if self.unit else ""
        if lo is None and hi is None:
            return f"{kind}{unit}"
        if hi is None:
            return f"{kind} >= {_fmt(lo)}{unit}"
        if lo is None:
            return f"{kind} <= {_fmt(hi)}{unit}"
        return f"{kind} {_fmt(lo)}..{_fmt(hi)}{unit}"

    def validate(self, value: Any) -> Any:
        """Return ``value`` normalised to the datatype or raise ``InvalidValue``."""
        return self._validate(value)


def _fmt(x: float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _compile_validator(sig: Signal) -> Validator:
    datatype = sig.datatype
    if datatype.endswith("[]"):
        item = Signal(
            path=sig.path,
            kind=sig.kind,
            datatype=datatype[:-2],
            unit=sig.unit,
            min=sig.min,
            max=sig.max,
            allowed=sig.allowed,
        )
        return _array_validator(sig, item)
    if datatype == "boolean":
        return _bool_validator(sig)
    if datatype == "string":
        return _string_validator(sig)
    if datatype in _FLOATS or datatype in _INT_BOUNDS:
        return _number_validator(sig)
    raise ValueError(f"{sig.path}: unsupported VSS datatype {datatype!r}")


def _bool_validator(sig: Signal) -> Validator:
    def validate(value: Any) -> bool:
        if value is True or value is False:
            return value
        raise InvalidValue(sig.path, value, sig.describe_range())

    return validate


def _string_validator(sig: Signal) -> Validator:
    allowed = frozenset(sig.allowed) if sig.allowed is not None else None

    def validate(value: Any) -> str:
        if type(value) is not str or (allowed is not None and value not in allowed):
            raise InvalidValue(sig.path, value, sig.describe_range())
        return value

    return validate


def _number_validator(sig: Signal) -> Validator:
    lo, hi = sig.limits()
    lo_f = -math.inf if lo is None else lo
    hi_f = math.inf if hi is None else hi
    integer = sig.datatype in _INT_BOUNDS

    def validate(value: Any) -> int | float:
        if type(value) is not int:
            if type(value) is not float:
                # bool is an int subclass but not a number here; numpy scalars are Reals.
                if isinstance(value, bool) or not isinstance(value, numbers.Real):
                    raise InvalidValue(sig.path, value, sig.describe_range())
                value = float(value)
            if not math.isfinite(value) or (integer and not value.is_integer()):
                raise InvalidValue(sig.path, value, sig.describe_range())
            if integer:
                value = int(value)
        if value < lo_f or value > hi_f:
            raise InvalidValue(sig.path, value, sig.describe_range())
        return value if integer else float(value)

    return validate


def _array_validator(sig: Signal, item: Signal) -> Validator:
    def validate(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise InvalidValue(sig.path, value, sig.describe_range())
        try:
            return tuple(item.validate(v) for v in value)
        except InvalidValue as err:
            raise InvalidValue(sig.path, value, sig.describe_range()) from err

    return validate


class Catalogue:
    """The signals of one VSS version, looked up by path."""

    def __init__(self, signals: Mapping[str, Signal], vss_version: str) -> None:
        self._signals = dict(signals)
        self.vss_version = vss_version
        self._instances: dict[tuple[str, bool], tuple[tuple[str, tuple[str, ...]], ...]] = {}

    def get(self, path: str) -> Signal:
        """The signal at ``path``; ``UnknownSignal`` lists close matches when there is none."""
        try:
            return self._signals[path]
        except (KeyError, TypeError):
            raise UnknownSignal(str(path), self.suggest(str(path))) from None

    def suggest(self, path: str, n: int = 3) -> tuple[str, ...]:
        """Up to ``n`` known paths that look like ``path``; a path VSS 6.0 moved comes first."""
        moved = tuple(
            p for old, new in MOVED_IN_6_0 if old in path and (p := path.replace(old, new)) in self
        )
        close = difflib.get_close_matches(path, self._signals, n=n, cutoff=0.6)
        return tuple(dict.fromkeys((*moved, *close)))[:n]

    def paths(self, prefix: str = "") -> list[str]:
        """All paths under ``prefix`` (a branch such as ``Vehicle.Cabin.HVAC``), sorted."""
        if not prefix:
            return sorted(self._signals)
        branch = prefix.rstrip(".") + "."
        return sorted(p for p in self._signals if p == prefix or p.startswith(branch))

    def instances(
        self, pattern: str, *, branch: bool = False
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each path matching ``pattern`` with what its ``*``s stand for (one segment each):
        ``Vehicle.Cabin.Seat.*.*.Level`` -> ``("….Row1.DriverSide.Level", ("Row1", "DriverSide"))``.
        With ``branch``, every leaf under a matching branch counts too. Kept per pattern:
        every simulated car asks the same few."""
        key = (pattern, branch)
        found = self._instances.get(key)
        if found is None:
            parts = ("([^.]+)" if part == "*" else re.escape(part) for part in pattern.split("."))
            regex = re.compile(r"\.".join(parts) + (r"(?:\.|\Z)" if branch else r"\Z"))
            found = tuple(
                (path, match.groups()) for path in self._signals if (match := regex.match(path))
            )
            self._instances[key] = found
        return found

    def __contains__(self, path: object) -> bool:
        return path in self._signals

    def __iter__(self) -> Iterator[Signal]:
        return iter(self._signals.values())

    def __len__(self) -> int:
        return len(self._signals)


# Leaves that VSS 6.0 moved from where 5.1 had them (old part -> new part of the
# path): the hint in ``UnknownSignal``, and ``from_vss5`` for scenario files.
MOVED_IN_6_0: tuple[tuple[str, str], ...] = (
    (".MassageLevel", ".Massage.Level"),
    (".IsOccupied", ".OccupancyStatus"),
)
# How a moved leaf's value reads in 6.0 where its type changed (a boolean became an enum).
_VALUE_IN_6_0: dict[str, dict[Any, Any]] = {
    ".OccupancyStatus": {True: "OCCUPIED", False: "EMPTY"},
}


def from_vss5(path: str, value: Any = None) -> tuple[str, Any]:
    """A VSS 5.1 path that 6.0 moved, and its value, as 6.0 has them
    (``Seat.*.IsOccupied: true`` is ``Seat.*.OccupancyStatus: "OCCUPIED"``); any other
    path unchanged. The store itself accepts 6.0 paths only; this keeps older scenario
    files working."""
    for old, new in MOVED_IN_6_0:
        if path.endswith(old):
            converted = _VALUE_IN_6_0.get(new, {})
            return path[: -len(old)] + new, converted.get(value, value)
    return path, value


@cache
def load_catalogue() -> Catalogue:
    """The VSS 6.0 catalogue shipped with incabin (``data/vss_6.0.json``), parsed once."""
    text = resources.files("incabin.vehicle").joinpath("data/vss_6.0.json").read_text("utf-8")
    return catalogue_from_tree(json.loads(text))


def catalogue_from_tree(tree: Mapping[str, Any]) -> Catalogue:
    """A catalogue of every leaf of a vss-tools JSON export (branches nest under ``children``).

    The VSS version is the tree's own ``Vehicle.VersionVSS`` defaults.
    """
    kinds = {kind.value: kind for kind in SignalKind}
    signals: dict[str, Signal] = {}
    stack = [(name, node) for name, node in tree.items()]
    while stack:
        path, node = stack.pop()
        if node.get("type") == "branch":
            stack.extend((f"{path}.{name}", child) for name, child in node["children"].items())
            continue
        allowed = node.get("allowed")
        signals[path] = Signal(
            path=path,
            kind=kinds[node["type"]],
            datatype=node["datatype"],
            unit=node.get("unit"),
            min=node.get("min"),
            max=node.get("max"),
            allowed=tuple(allowed) if allowed is not None else None,
            description=node.get("description", ""),
            default=node.get("default"),
        )
    major = signals["Vehicle.VersionVSS.Major"].default
    minor = signals["Vehicle.VersionVSS.Minor"].default
    return Catalogue(signals, f"{major}.{minor}")
