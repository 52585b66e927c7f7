"""What a tool can reach during a turn: the car, the trip, the driver, the clock,
and the dialogue's short-term memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from incabin.agents._models import AgentName, Lang
from incabin.agents.tools import Pending, Planned
from incabin.profile import CorrectionTracker

if TYPE_CHECKING:
    from incabin.coach import Coach
    from incabin.knowledge import Manual
    from incabin.media import MusicLibrary
    from incabin.phone import PhoneBridge
    from incabin.profile import DriverProfile, Profiles
    from incabin.travel import Atlas, Navigation
    from incabin.vehicle import Vehicle


@dataclass
class Memory:
    """Short-term dialogue state kept between turns of one conversation."""

    pending: Pending | None = None
    pending_agent: AgentName | None = None
    pending_options: list[str] = field(default_factory=list)
    last_agent: AgentName | None = None
    last_tools: set[str] = field(default_factory=set)  # what the previous turn ran
    history: list[tuple[str, str]] = field(default_factory=list)  # (driver, assistant)
    # Things follow-ups refer back to ("one degree lower", "is it open now?").
    last_climate_zone: str = "driver"
    last_place: Any = None
    last_places: list[Any] = field(default_factory=list)
    last_place_labels: list[str] = field(default_factory=list)
    # The value each preference-backed setting last took from a default, for learning.
    defaulted: dict[str, Any] = field(default_factory=dict)
    corrections: CorrectionTracker = field(default_factory=CorrectionTracker)

    def remember_turn(self, driver: str, assistant: str, keep: int = 4) -> None:
        """Keep the last few exchanges for the model's context."""
        self.history.append((driver, assistant))
        del self.history[:-keep]


@dataclass
class Services:
    """The domain objects one Assistant works with (all injected)."""

    vehicle: Vehicle
    profiles: Profiles
    driver_name: str
    atlas_loader: Callable[[], Atlas]
    clock: Callable[[], datetime]
    coach: Coach | None = None

    @cached_property
    def atlas(self) -> Atlas:
        """The map, loaded on first use (a car question never pays for it)."""
        return self.atlas_loader()

    @cached_property
    def navigation(self) -> Navigation:
        """The active trip."""
        from incabin.travel import Navigation

        return Navigation(self.atlas)

    @property
    def navigating(self) -> bool:
        """Whether a trip is active, without loading the map just to ask."""
        return "navigation" in self.__dict__ and self.navigation.active

    @property
    def driver(self) -> DriverProfile:
        """The current driver's profile."""
        return self.profiles.driver(self.driver_name)

    @cached_property
    def music(self) -> MusicLibrary:
        """The car's music library, indexed on first use (``INCABIN_MUSIC_DIR``)."""
        from incabin.agents.car_genius.media import open_library

        return open_library()

    @cached_property
    def phone(self) -> PhoneBridge:
        """The driver's phone as the car reaches it (the simulator's in ``sim``)."""
        from incabin.agents.car_genius.phone import open_phone

        return open_phone(self.clock)

    def manual(self, lang: Lang) -> Manual:
        """The owner's manual in ``lang``."""
        from incabin.knowledge import Manual

        return Manual.load(lang)


@dataclass
class TurnContext:
    """Everything a tool call needs, for one turn."""

    services: Services
    memory: Memory
    lang: Lang
    text: str  # the driver's request, for tools that check what was said
    confirmed: bool = False  # set only when running an action the driver said yes to
    # While a turn is planned, tools add their writes here instead of moving anything.
    batch: list[Planned] | None = None

    @property
    def vehicle(self) -> Vehicle:
        """The car."""
        return self.services.vehicle

    @property
    def driver(self) -> DriverProfile:
        """The current driver's profile."""
        return self.services.driver

    def now(self) -> datetime:
        """The current time (scenarios may fix it)."""
        return self.services.clock()
