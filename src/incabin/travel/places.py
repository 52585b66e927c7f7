"""Find places near a point or along a route, filtered and ranked, with the reasons.

Categories are the ``Place.kind`` values for amenities (restaurant, cafe,
fast_food, charging, fuel, parking, toilets), falling back to the OSM
``amenity`` tag. Cuisine is OSM's ``cuisine`` (``;``-separated values), diets are
``diet:*`` tags where "yes" and "only" match, price is ``price_range``/``price``
where tagged, opening hours are read by :mod:`incabin.travel.hours`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, get_args

from incabin.travel._errors import InvalidTravelRequest
from incabin.travel._models import LatLon, Place, Route
from incabin.travel.along_route import (
    ACCESS_SPEED_KMH,
    ROAD_FACTOR,
    RouteLine,
    haversine_km,
    minutes_to_km,
)
from incabin.travel.charging import charger_power_kw
from incabin.travel.hours import open_state

logger = logging.getLogger(__name__)

Category = Literal["restaurant", "cafe", "fast_food", "charging", "fuel", "parking", "toilets"]
CATEGORIES: tuple[str, ...] = get_args(Category)
FOOD: tuple[str, ...] = ("restaurant", "cafe", "fast_food")
_AMENITY = {
    "charging_station": "charging",
    "toilets": "toilets",
    "fuel": "fuel",
    "parking": "parking",
    "restaurant": "restaurant",
    "cafe": "cafe",
    "fast_food": "fast_food",
}
# A vegan place also serves vegetarians.
_DIET_ALSO = {"vegetarian": ("vegan",)}
_PRICE_WORDS = {"cheap": 1, "inexpensive": 1, "moderate": 2, "expensive": 3}


class InvalidPlaceQuery(InvalidTravelRequest, ValueError):
    """A search that cannot be run: unknown category, negative radius, no point or route."""


@dataclass(frozen=True)
class PlaceMatch:
    """A place that matched a search, and why."""

    place: Place
    distance_km: float  # straight line from the search point, or along the route to it
    detour_min: float  # extra minutes off the route (0 for a search near a point)
    open_at_arrival: bool | None  # None: no time asked, or hours unknown
    reasons: tuple[str, ...]
    arrival: datetime | None = None  # when the driver would get there
    estimated: bool = True  # distances and detours are estimates, not routed


def category_of(place: Place) -> str | None:
    """The search category of a place (``Place.kind``, else its OSM ``amenity``)."""
    if place.kind in CATEGORIES:
        return place.kind
    return _AMENITY.get(place.tags.get("amenity", ""))


def _values(raw: str) -> set[str]:
    return {v.strip().lower() for v in raw.split(";") if v.strip()}


def diet_level(place: Place, diet: str) -> str | None:
    """ "only" or "yes" when the place serves ``diet``, else None.

    ``diet:<diet>=only`` or a cuisine named after the diet (``cuisine=vegetarian``)
    is "only"; a vegan place also counts as vegetarian.
    """
    best = None
    served = _values(place.tags.get("cuisine", ""))
    for key in (diet, *_DIET_ALSO.get(diet, ())):
        value = place.tags.get(f"diet:{key}", "").lower()
        if value == "only" or key in served:
            return "only"
        if value == "yes":
            best = "yes"
    return best


def price_level(place: Place) -> int | None:
    """1 (cheap) to 4 (very expensive) from ``price_range``/``price`` tags, None if untagged."""
    for key in ("price_range", "price:range", "price"):
        raw = place.tags.get(key, "").strip().lower()
        if raw and set(raw) <= {"$", "€", "¥", "£"}:
            return min(len(raw), 4)
        if raw in _PRICE_WORDS:
            return _PRICE_WORDS[raw]
    return None


def search_places(
    places: Iterable[Place],
    *,
    near: LatLon | None = None,
    route: Route | None = None,
    categories: Sequence[str] = FOOD,
    cuisine: Sequence[str] = (),
    avoid_cuisine: Sequence[str] = (),
    diet: Sequence[str] = (),
    max_price: int | None = None,
    now: datetime | None = None,
    arrive_at: datetime | None = None,
    open_only: bool = True,
    radius_km: float = 2.0,
    max_detour_min: float = 10.0,
    limit: int = 5,
) -> list[PlaceMatch]:
    """Places near ``near`` (within ``radius_km``) or along ``route`` (within ``max_detour_min``).

    ``cuisine`` keeps places with any of those OSM cuisine values; ``diet`` keeps
    places that serve every listed diet; ``max_price`` (1-4) drops places tagged
    pricier. Opening hours are checked at ``arrive_at`` if given, else at ``now``
    plus the time to get there; with ``open_only`` places known to be closed
    then are dropped. Results are ranked by known-open first, then detour, then
    distance; each carries the reasons it matched.
    """
    if (near is None) == (route is None):
        raise InvalidPlaceQuery("Search either near a point or along a route")
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown or not categories:
        raise InvalidPlaceQuery(
            f"Unknown place category {unknown or categories}; choose from {', '.join(CATEGORIES)}"
        )
    if radius_km <= 0 or max_detour_min < 0 or limit < 1:
        raise InvalidPlaceQuery("The search radius, detour limit and result limit must be positive")
    if max_price is not None and not 1 <= max_price <= 4:
        raise InvalidPlaceQuery(f"Price level must be 1 to 4, not {max_price}")

    wanted_cuisine = {c.lower() for c in cuisine}
    avoided = {c.lower() for c in avoid_cuisine}
    candidates = [
        (place, reasons)
        for place in places
        if (reasons := _tag_reasons(place, categories, wanted_cuisine, avoided, diet, max_price))
        is not None
    ]
    if route is not None:
        located = _along(route, candidates, max_detour_min)
    else:
        assert near is not None  # exactly one of near and route, checked above
        located = _near(near, candidates, radius_km)
    matches: list[PlaceMatch] = []
    for place, reasons, distance_km, detour_min, minutes_there in located:
        arrival = arrive_at or (now + timedelta(minutes=minutes_there) if now else None)
        is_open = None
        if arrival is not None:
            state = open_state(place, arrival)
            is_open = state.is_open
            if is_open is False and open_only:
                continue
            if is_open is not None:
                reasons.append(state.text)
        if category_of(place) == "charging":
            power = charger_power_kw(place)
            if power:
                reasons.append(f"{power:.0f} kW")
        matches.append(
            PlaceMatch(
                place, round(distance_km, 2), round(detour_min, 1), is_open, tuple(reasons), arrival
            )
        )
    matches.sort(key=lambda m: (m.open_at_arrival is not True, m.detour_min, m.distance_km))
    logger.debug("place search: %d of %d tag matches qualify", len(matches), len(candidates))
    return matches[:limit]


def _tag_reasons(
    place: Place,
    categories: Sequence[str],
    cuisine: set[str],
    avoided: set[str],
    diet: Sequence[str],
    max_price: int | None,
) -> list[str] | None:
    """Why ``place``'s tags match the search, or None when they rule it out."""
    if category_of(place) not in categories:
        return None
    reasons: list[str] = []
    served = _values(place.tags.get("cuisine", ""))
    if avoided & served:
        return None
    if cuisine:
        liked = sorted(cuisine & served)
        if not liked:
            return None
        reasons.append(f"{', '.join(liked)} cuisine")
    levels = [diet_level(place, d) for d in diet]
    if None in levels:
        return None
    reasons += [f"{d} only" if lvl == "only" else f"{d} options" for d, lvl in zip(diet, levels)]
    price = price_level(place)
    if max_price is not None and price is not None:
        if price > max_price:
            return None
        reasons.append(f"price {'$' * price}")
    return reasons


# (place, reasons, distance km, detour min, minutes to get there)
_Located = tuple[Place, list[str], float, float, float]


def _along(
    route: Route, candidates: list[tuple[Place, list[str]]], max_detour_min: float
) -> list[_Located]:
    where = RouteLine(route).project_many([p.point for p, _ in candidates])
    located = []
    for (place, reasons), spot in zip(candidates, where):
        if spot.detour_min > max_detour_min:
            continue
        minutes = minutes_to_km(route, spot.km_from_start) + spot.detour_min / 2
        reasons.append(
            f"{spot.detour_min:.0f} min detour" if spot.detour_min >= 0.5 else "on the route"
        )
        located.append((place, reasons, spot.km_from_start, spot.detour_min, minutes))
    return located


def _near(
    near: LatLon, candidates: list[tuple[Place, list[str]]], radius_km: float
) -> list[_Located]:
    located = []
    for place, reasons in candidates:
        km = haversine_km(near, place.point)
        if km > radius_km:
            continue
        reasons.append(f"{km * 1000:.0f} m away" if km < 1 else f"{km:.1f} km away")
        located.append((place, reasons, km, 0.0, km * ROAD_FACTOR / ACCESS_SPEED_KMH * 60.0))
    return located
