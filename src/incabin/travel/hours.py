"""Is a place open at a given time? OSM ``opening_hours`` read by opening-hours-py.

The library parses the expression and knows each place's time zone and public
holidays from its coordinates, so a time given in any zone is compared with the
place's local hours.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import opening_hours

from incabin.travel._models import Place

logger = logging.getLogger(__name__)

_UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class OpenState:
    """Whether a place is open at one time; ``is_open`` is None when unknown."""

    is_open: bool | None
    next_change: datetime | None  # local time it closes (if open) or opens (if closed)
    text: str  # e.g. "open until 22:00", "closed, opens 10:00", "opening hours unknown"


@functools.lru_cache(maxsize=4096)
def _parse(expression: str, lat: float, lon: float) -> opening_hours.OpeningHours | None:
    try:
        return opening_hours.OpeningHours(
            expression, coords=(lat, lon), auto_timezone=True, auto_country=True
        )
    # ParserError is raised at run time but missing from the library's type stub.
    except (opening_hours.ParserError, SyntaxError, ValueError) as err:  # type: ignore[attr-defined]
        logger.debug("unreadable opening_hours %r: %s", expression, err)
        return None


def _for_library(at: datetime) -> datetime:
    """The library wants naive local times or zoneinfo-aware ones."""
    if at.tzinfo is None or isinstance(at.tzinfo, ZoneInfo):
        return at
    return at.astimezone(_UTC)


def open_state(place: Place, at: datetime) -> OpenState:
    """Whether ``place`` is open at ``at`` (naive times are the place's local time)."""
    expression = place.tags.get("opening_hours", "").strip()
    if not expression:
        return OpenState(None, None, "opening hours unknown")
    hours = _parse(expression, round(place.lat, 3), round(place.lon, 3))
    if hours is None:
        return OpenState(None, None, "opening hours unreadable")
    when = _for_library(at)
    state = hours.state(when)[0]
    if state == opening_hours.State.UNKNOWN:
        return OpenState(None, None, "opening hours unknown")
    change = hours.next_change(when)
    is_open = state == opening_hours.State.OPEN
    if is_open:
        text = f"open until {change:%H:%M}" if change else "open 24/7"
    else:
        text = f"closed, opens {change:%a %H:%M}" if change else "closed"
    return OpenState(is_open, change, text)
