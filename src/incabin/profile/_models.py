"""Typed values of the profile layer: preferences, changes, statements, places."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal


class PreferenceSource(StrEnum):
    """Where a stored preference came from."""

    EXPLICIT = "explicit"  # the driver said it ("I'm vegetarian")
    CORRECTION = "correction"  # learned from repeated corrections, after the driver agreed
    SETTINGS = "settings"  # set in the settings screen or an API call
    SCENARIO = "scenario"  # seeded by a scenario file's given.profile


@dataclass(frozen=True)
class SavedPlace:
    """A place the driver named: home, work or a favourite. Coordinates are optional."""

    name: str
    lat: float | None = None
    lon: float | None = None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Preference:
    """One stored preference of one driver."""

    key: str
    value: Any
    source: PreferenceSource
    updated_at: datetime


@dataclass(frozen=True)
class PreferenceChange:
    """The outcome of a write: ``replaced`` means an older, different value was overwritten
    and the driver should be told."""

    key: str
    old: Any
    new: Any

    @property
    def replaced(self) -> bool:
        """True when something stored before was lost: a different single value, or a list
        item that is no longer there (adding to a list replaces nothing)."""
        if self.old is None or self.old == self.new:
            return False
        if isinstance(self.old, list) and isinstance(self.new, list):
            return any(item not in self.new for item in self.old)
        return True

    @property
    def changed(self) -> bool:
        """False when the store already held exactly this value."""
        return self.old != self.new


StatementOp = Literal["set", "add"]


@dataclass(frozen=True)
class PreferenceStatement:
    """A preference the driver stated about themself, found in an utterance.

    ``op`` is ``"add"`` for list keys (one more diet, cuisine or favourite) and ``"set"``
    otherwise; ``text_span`` is the (start, end) of the words it came from.
    """

    key: str
    value: Any
    op: StatementOp
    text_span: tuple[int, int]
    text: str


ResolvedFrom = Literal["request", "preference", "default", "missing"]


@dataclass(frozen=True)
class Resolved:
    """A value an agent settled on, and where it came from (to say "your usual 22 °C")."""

    key: str
    value: Any
    origin: ResolvedFrom


@dataclass(frozen=True)
class ForgetRequest:
    """What the driver asked to forget: some keys, or everything."""

    keys: tuple[str, ...]
    everything: bool = False
