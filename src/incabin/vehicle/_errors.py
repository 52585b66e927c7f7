"""Errors of the vehicle layer.

    VehicleError
    ├── UnknownSignal       the path is not in the VSS catalogue (with close matches)
    ├── InvalidValue        wrong type, NaN, out of range or not an allowed value
    ├── SignalUnavailable   the signal has no current value (not supported, stale, ...)
    ├── NotSupported        the source cannot do this (e.g. write to a read-only OBD adapter)
    ├── SourceError         the source is down or failed (dead serial port, broker down)
    ├── UnknownSource       ``open_vehicle`` got a spec with no registered scheme
    ├── UnknownFeature      ``Vehicle.has`` got a feature name incabin does not know
    └── ProfileError        a car profile file is missing, malformed or not VSS 6.0

Refused actuator requests are not errors: ``Vehicle.actuate`` returns an ``ActionResult``.
"""

from __future__ import annotations

from typing import Any

from incabin._errors import IncabinError


class VehicleError(IncabinError):
    """Base of every error the vehicle layer raises."""


class UnknownSignal(VehicleError):
    """The path is not a signal of the catalogue."""

    def __init__(self, path: str, suggestions: tuple[str, ...] = ()) -> None:
        self.path = path
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown vehicle signal {path!r}{hint}")


class InvalidValue(VehicleError):
    """A value does not fit the signal's datatype, range or allowed values."""

    def __init__(self, path: str, value: Any, expected: str) -> None:
        self.path = path
        self.value = value
        self.expected = expected
        super().__init__(f"invalid value {value!r} for {path}: expected {expected}")


class SignalUnavailable(VehicleError):
    """The signal exists but has no usable current value."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path} is unavailable ({reason})")


class NotSupported(VehicleError):
    """The vehicle source cannot perform the request."""


class SourceError(VehicleError):
    """The vehicle source is down or failed."""


class UnknownSource(VehicleError):
    """No vehicle source is registered for the spec's scheme."""


class UnknownFeature(VehicleError):
    """The feature name is not one of ``FEATURES`` (a car profile's vocabulary)."""

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown car feature {name!r}; known features: {', '.join(known)}")


class ProfileError(VehicleError):
    """A car profile cannot be used: unreadable, malformed, or naming what VSS 6.0 lacks."""
