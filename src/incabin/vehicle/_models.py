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
    """Outcome of ``Vehicle.actuate`` and ``Vehicle.actuate_many``."""

    DONE = "DONE"
    PARTIAL = "PARTIAL"
    REFUSED = "REFUSED"
    NEEDS_CONFIRMATION = "NEEDS_CONFIRMATION"
    FAILED = "FAILED"


class ChangeKind(StrEnum):
    """Whether a change was asked for or made by a safety rule."""

    REQUESTED = "REQUESTED"
    SIDE_EFFECT = "SIDE_EFFECT"


@dataclass(frozen=True, slots=True)
class Change:
    """One signal an action changed (commanded targets included).

    A ``SIDE_EFFECT`` carries the rule's ``reason`` code (``FOG_LIGHTS_ON``) and
    the ``cause``, the path whose write made the rule act, so the driver can
    hear "fog lights on; I switched the high beams off for that". When the side
    effect undid a requested write, ``overridden`` is the value that was asked
    for, and the change is listed even if ``old == new`` (the high beams were
    off, were asked on, and stay off).
    """

    path: str
    old: Any
    new: Any
    kind: ChangeKind = ChangeKind.REQUESTED
    reason: str | None = None
    cause: str | None = None
    overridden: Any = None


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


@dataclass(frozen=True, slots=True)
class Refusal:
    """A requested write that may not be done: the request, a stable code and a sentence."""

    path: str
    value: Any
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class Question:
    """Consent to ask before a batch runs, about the request (path, value) it concerns."""

    path: str
    value: Any
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What ``Vehicle.actuate_many`` did, or why it did nothing.

    All or nothing: ``REFUSED`` (``refusals`` names every refused request) and
    ``NEEDS_CONFIRMATION`` (``questions`` to ask; call again with
    ``confirmed=True``) write nothing. ``DONE`` commanded every write;
    ``FAILED``/``PARTIAL`` mean the source rejected a write, ``changes`` then
    lists what was commanded before it. ``reason`` is the first refusal's,
    question's or failure's code; ``message`` is plain English for the driver.
    """

    requests: tuple[tuple[str, Any], ...]
    status: ActionStatus
    reason: str | None = None
    message: str = ""
    changes: tuple[Change, ...] = ()
    refusals: tuple[Refusal, ...] = ()
    questions: tuple[Question, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the writes were carried out (fully or partly)."""
        return self.status in (ActionStatus.DONE, ActionStatus.PARTIAL)
