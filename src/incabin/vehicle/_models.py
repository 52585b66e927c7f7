"""Values that cross the vehicle layer's boundary: readings and action results."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Reading:
    """The current value of one signal, with its unit and the time it was set (epoch seconds)."""

    path: str
    value: Any
    unit: str | None
    timestamp: float


class UnavailableReason(StrEnum):
    """Why a signal has no usable value."""

    NOT_SUPPORTED = "NOT_SUPPORTED"  # this car or source does not have it
    STALE = "STALE"  # the source stopped updating it (e.g. adapter disconnected)
    NO_VALUE = "NO_VALUE"  # known signal, never set
    SOURCE_DOWN = "SOURCE_DOWN"  # the whole source is unreachable


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A read that has no value, and why."""

    path: str
    reason: UnavailableReason


class ActionStatus(StrEnum):
    """Outcome of ``Vehicle.actuate``."""

    DONE = "DONE"
    PARTIAL = "PARTIAL"
    REFUSED = "REFUSED"
    NEEDS_CONFIRMATION = "NEEDS_CONFIRMATION"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class Change:
    """One signal an action changed (commanded targets included)."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What ``Vehicle.actuate`` did, or why it did not.

    ``reason`` is a stable code (``UNSAFE_WHILE_MOVING``, ``SUNSHADE_CLOSED``, ...)
    for programs; ``message`` is one plain sentence for the driver; ``changes``
    lists every signal the action changed, side effects of safety rules included.
    """

    path: str
    value: Any
    status: ActionStatus
    reason: str | None = None
    message: str = ""
    changes: tuple[Change, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the action was carried out (fully or partly)."""
        return self.status in (ActionStatus.DONE, ActionStatus.PARTIAL)
