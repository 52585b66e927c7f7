"""Errors of the travel layer.

TravelError
├── PlaceNotFound       a name matched nothing (carries the closest names)
│   └── AmbiguousPlace  it fits several different places (carries the nearest)
├── NoRouteFound        no drivable path between the points (carries the reason)
├── OutsideMap          a coordinate lies outside every loaded region
├── MapDataUnavailable  an extract or a routing server could not be read
└── InvalidTravelRequest  a malformed request (bad mode, too few points, ...)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from incabin._errors import IncabinError

if TYPE_CHECKING:
    from incabin.travel._models import Place


class TravelError(IncabinError):
    """Base of every error of the travel layer."""


class PlaceNotFound(TravelError):
    """No place matches ``query``; ``suggestions`` holds the closest known names."""

    def __init__(self, query: str, suggestions: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = list(suggestions or [])
        message = f"No place called {query!r} on the map"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)


class AmbiguousPlace(PlaceNotFound):
    """``query`` fits several different places equally well; ``candidates`` are the
    nearest of them (their names are the ``suggestions``)."""

    def __init__(self, query: str, candidates: Sequence[Place]) -> None:
        super().__init__(query, [p.name for p in candidates])
        self.candidates = list(candidates)
        names = ", ".join(repr(p.name) for p in candidates)
        self.args = (f"{query!r} fits several places: {names}; which one?",)


class NoRouteFound(TravelError):
    """No drivable route exists; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"No route found: {reason}")


class OutsideMap(TravelError):
    """A coordinate lies outside every loaded map region."""

    def __init__(self, lat: float, lon: float, regions: list[str] | None = None) -> None:
        self.lat = lat
        self.lon = lon
        self.regions = list(regions or [])
        known = ", ".join(self.regions) if self.regions else "none"
        super().__init__(
            f"({lat:.5f}, {lon:.5f}) is outside every loaded map region (loaded: {known})"
        )


class MapDataUnavailable(TravelError):
    """A map extract or routing server could not be found, read or reached."""


class InvalidTravelRequest(TravelError):
    """A request the travel layer cannot interpret (unknown mode, too few points, ...)."""
