"""Place search: categories, cuisine, diets, price, opening hours, detour and ranking."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from incabin.travel._models import LatLon, Place, Route, RouteSegment
from incabin.travel.hours import open_state
from incabin.travel.places import (
    InvalidPlaceQuery,
    category_of,
    diet_level,
    price_level,
    search_places,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
CENTRE = LatLon(60.1699, 24.9384)  # Helsinki railway square
# Tuesday 24 November 2026
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=HELSINKI)
NINE_PM = datetime(2026, 11, 24, 21, 0, tzinfo=HELSINKI)


def place(name: str, dlat_m: float, dlon_m: float, kind: str = "restaurant", **tags: str) -> Place:
    """A place ``dlat_m``/``dlon_m`` metres north/east of the centre."""
    return Place(
        name,
        CENTRE.lat + dlat_m / 111_200,
        CENTRE.lon + dlon_m / 55_400,
        kind=kind,  # type: ignore[arg-type]
        osm_id=f"node/{abs(hash(name)) % 10**9}",
        tags=tags,
        region="helsinki",
    )


PLACES = [
    place(
        "Green Leaf",
        200,
        0,
        cuisine="vegetarian;indian",
        **{
            "diet:vegan": "yes",
            "opening_hours": "Mo-Fr 11:00-22:00; Sa 12:00-22:00",
            "price_range": "$$",
        },
    ),
    place(
        "Pizzeria Uno",
        400,
        100,
        cuisine="pizza;italian",
        **{"diet:vegetarian": "yes", "opening_hours": "Mo-Su 11:00-23:00", "price_range": "$"},
    ),
    place(
        "Steak House",
        300,
        -200,
        cuisine="steak_house",
        opening_hours="Mo-Sa 17:00-23:30",
        price_range="$$$$",
    ),
    place(
        "Halal Grill",
        800,
        300,
        kind="fast_food",
        cuisine="kebab",
        **{"diet:halal": "only", "opening_hours": "24/7"},
    ),
    place(
        "Kahvila",
        100,
        100,
        kind="cafe",
        cuisine="coffee_shop",
        **{"opening_hours": "Mo-Fr 07:00-18:00", "diet:vegetarian": "yes"},
    ),
    place("Noodle Bar", 1500, 0, cuisine="ramen;japanese"),
    place("Faraway Bistro", 9000, 0, cuisine="french", opening_hours="Mo-Su 10:00-22:00"),
    place(
        "Kamppi charger",
        500,
        -500,
        kind="charging",
        **{"socket:type2_combo:output": "150 kW", "opening_hours": "24/7"},
    ),
    place("Public toilet", 150, 50, kind="toilets", amenity="toilets"),
    place("Broken hours", 250, 0, cuisine="thai", opening_hours="sometimes maybe"),
    Place(
        "Untyped cafe",
        CENTRE.lat + 0.001,
        CENTRE.lon,
        kind="poi",
        tags={"amenity": "cafe", "name": "Untyped cafe"},
    ),
]


def names(matches) -> list[str]:
    return [m.place.name for m in matches]


def test_food_near_a_point_is_ranked_by_distance_with_reasons() -> None:
    found = search_places(PLACES, near=CENTRE, radius_km=2.0, limit=20)
    assert "Faraway Bistro" not in names(found)  # 9 km away
    assert "Kamppi charger" not in names(found)  # not food
    distances = [m.distance_km for m in found]
    assert distances == sorted(distances)
    kahvila = next(m for m in found if m.place.name == "Kahvila")
    assert any(r.endswith("m away") for r in kahvila.reasons)
    assert kahvila.open_at_arrival is None  # no time asked
    assert "Untyped cafe" in names(found)  # category from the amenity tag


def test_cuisine_diet_and_price_filters() -> None:
    veg = search_places(PLACES, near=CENTRE, diet=["vegetarian"], limit=20)
    assert set(names(veg)) == {"Green Leaf", "Pizzeria Uno", "Kahvila"}
    green = next(m for m in veg if m.place.name == "Green Leaf")
    assert "vegetarian only" in green.reasons  # cuisine=vegetarian
    vegan = search_places(PLACES, near=CENTRE, diet=["vegan"], limit=20)
    assert names(vegan) == ["Green Leaf"]
    halal = search_places(PLACES, near=CENTRE, diet=["halal"], limit=20)
    assert names(halal) == ["Halal Grill"] and "halal only" in halal[0].reasons
    pizza = search_places(PLACES, near=CENTRE, cuisine=["Pizza"], limit=20)
    assert names(pizza) == ["Pizzeria Uno"] and "pizza cuisine" in pizza[0].reasons
    cheap = search_places(PLACES, near=CENTRE, max_price=2, limit=20)
    assert "Steak House" not in names(cheap)
    assert "Noodle Bar" in names(cheap)  # untagged price is not filtered out
    no_pizza = search_places(PLACES, near=CENTRE, avoid_cuisine=["pizza"], limit=20)
    assert "Pizzeria Uno" not in names(no_pizza)
    assert search_places(PLACES, near=CENTRE, diet=["kosher"]) == []


def test_open_at_arrival_time() -> None:
    at_nine = search_places(PLACES, near=CENTRE, arrive_at=NINE_PM, limit=20)
    found = names(at_nine)
    assert "Kahvila" not in found  # closes 18:00
    assert {"Green Leaf", "Pizzeria Uno", "Steak House", "Halal Grill"} <= set(found)
    uno = next(m for m in at_nine if m.place.name == "Pizzeria Uno")
    assert uno.open_at_arrival is True and "open until 23:00" in uno.reasons
    # Known-open places come before ones with unknown hours.
    flags = [m.open_at_arrival for m in at_nine]
    assert flags == sorted(flags, key=lambda f: f is not True)
    at_noon = names(search_places(PLACES, near=CENTRE, arrive_at=NOON, limit=20))
    assert "Steak House" not in at_noon and "Kahvila" in at_noon
    with_closed = search_places(PLACES, near=CENTRE, arrive_at=NOON, open_only=False, limit=20)
    steak = next(m for m in with_closed if m.place.name == "Steak House")
    assert steak.open_at_arrival is False
    assert any(r.startswith("closed, opens") for r in steak.reasons)


def test_times_in_other_zones_are_compared_in_local_time() -> None:
    kahvila = next(p for p in PLACES if p.name == "Kahvila")
    # 15:30 UTC is 17:30 in Helsinki: open; 16:30 UTC is 18:30: closed.
    assert open_state(kahvila, datetime(2026, 11, 24, 15, 30, tzinfo=UTC)).is_open
    assert not open_state(kahvila, datetime(2026, 11, 24, 16, 30, tzinfo=UTC)).is_open
    # Naive times are the place's own local time.
    assert open_state(kahvila, datetime(2026, 11, 24, 17, 30)).is_open
    saturday = open_state(kahvila, datetime(2026, 11, 28, 12, 0, tzinfo=HELSINKI))
    assert saturday.is_open is False and saturday.text.startswith("closed, opens Mon 07:00")


def test_unknown_or_unreadable_hours_are_not_guessed() -> None:
    broken = next(p for p in PLACES if p.name == "Broken hours")
    noodle = next(p for p in PLACES if p.name == "Noodle Bar")
    assert open_state(broken, NOON).is_open is None
    assert open_state(broken, NOON).text == "opening hours unreadable"
    assert open_state(noodle, NOON).is_open is None


def test_arrival_time_from_now_adds_the_trip() -> None:
    now = datetime(2026, 11, 24, 17, 55, tzinfo=HELSINKI)
    found = search_places(PLACES, near=CENTRE, categories=["cafe"], now=now, limit=5)
    kahvila = next(m for m in found if m.place.name == "Kahvila")
    assert kahvila.arrival is not None and kahvila.arrival > now
    # Noodle Bar is ~1.5 km away: arrival a few minutes after now.
    far = search_places(PLACES, near=CENTRE, now=now, cuisine=["ramen"])[0]
    assert 2 < (far.arrival - now).total_seconds() / 60 < 10


def test_chargers_and_toilets() -> None:
    chargers = search_places(PLACES, near=CENTRE, categories=["charging"])
    assert names(chargers) == ["Kamppi charger"] and "150 kW" in chargers[0].reasons
    toilets = search_places(PLACES, near=CENTRE, categories=["toilets"])
    assert names(toilets) == ["Public toilet"]


def test_along_a_route_uses_detour() -> None:
    # A route going 3 km north from the centre.
    geometry = tuple(LatLon(CENTRE.lat + i * 0.0027, CENTRE.lon) for i in range(11))
    route = Route(3.0, 6.0, geometry, (RouteSegment(3.0, 6.0, 40.0, "Mannerheimintie"),))
    found = search_places(PLACES, route=route, max_detour_min=2.0, limit=20)
    assert "Faraway Bistro" not in names(found)
    assert "Noodle Bar" in names(found)
    noodle = next(m for m in found if m.place.name == "Noodle Bar")
    assert noodle.distance_km == pytest.approx(1.5, abs=0.1)  # km along the route
    assert "on the route" in noodle.reasons
    halal = next(m for m in found if m.place.name == "Halal Grill")
    assert halal.detour_min > 0.5 and any(r.endswith("min detour") for r in halal.reasons)
    assert all(m.detour_min <= 2.0 for m in found)
    detours = [m.detour_min for m in found]
    assert detours == sorted(detours)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "either near a point or along a route"),
        ({"near": CENTRE, "categories": ["spa"]}, "Unknown place category"),
        ({"near": CENTRE, "radius_km": -1}, "positive"),
        ({"near": CENTRE, "max_price": 7}, "1 to 4"),
    ],
)
def test_bad_queries_are_typed_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidPlaceQuery, match=message):
        search_places(PLACES, **kwargs)


def test_tag_readers() -> None:
    assert category_of(PLACES[-1]) == "cafe"
    assert diet_level(PLACES[0], "vegetarian") == "only"
    assert diet_level(PLACES[1], "vegetarian") == "yes"
    assert diet_level(PLACES[2], "vegetarian") is None
    assert price_level(PLACES[2]) == 4
    assert price_level(place("x", 0, 0, price="cheap")) == 1
    assert price_level(PLACES[5]) is None


# -- the real Helsinki extract ---------------------------------------------------

RAILWAY_STATION = LatLon(60.1710, 24.9414)


@pytest.fixture(scope="module")
def helsinki_pois() -> list[Place]:
    from incabin.travel import Atlas

    atlas = Atlas.default()
    return list(atlas.pois(atlas.region_of(RAILWAY_STATION)))


def test_helsinki_opening_hours_parse(helsinki_pois: list[Place]) -> None:
    tagged = [p for p in helsinki_pois if p.tags.get("opening_hours")]
    assert len(tagged) > 300
    states = [open_state(p, NOON) for p in tagged]
    readable = [s for s in states if s.text != "opening hours unreadable"]
    assert len(readable) / len(tagged) > 0.95
    assert sum(s.is_open is True for s in readable) > sum(s.is_open is False for s in readable)


def test_helsinki_vegetarian_lunch(helsinki_pois: list[Place]) -> None:
    found = search_places(
        helsinki_pois,
        near=RAILWAY_STATION,
        diet=["vegetarian"],
        arrive_at=NOON,
        radius_km=3.0,
        limit=50,
    )
    assert len(found) >= 10
    for match in found:
        assert diet_level(match.place, "vegetarian") in ("yes", "only")
        assert match.open_at_arrival is not False
        assert match.distance_km <= 3.0
        assert any(r.startswith("vegetarian") for r in match.reasons)
    assert [m.distance_km for m in found if m.open_at_arrival] == sorted(
        m.distance_km for m in found if m.open_at_arrival
    )


def test_helsinki_late_evening_drops_places_that_closed(helsinki_pois: list[Place]) -> None:
    food = search_places(helsinki_pois, near=RAILWAY_STATION, radius_km=3.0, limit=500)
    late = search_places(
        helsinki_pois, near=RAILWAY_STATION, radius_km=3.0, arrive_at=NINE_PM, limit=500
    )
    closed = {m.place.osm_id for m in food} - {m.place.osm_id for m in late}
    assert closed  # cafés and lunch places close before 21:00
    for place_ in (p for p in helsinki_pois if p.osm_id in closed):
        assert open_state(place_, NINE_PM).is_open is False
    for match in late:
        if match.open_at_arrival:
            assert any(r.startswith("open") for r in match.reasons)


def test_helsinki_chargers_and_toilets(helsinki_pois: list[Place]) -> None:
    chargers = search_places(
        helsinki_pois, near=RAILWAY_STATION, categories=["charging"], radius_km=5.0
    )
    assert chargers and all(m.place.kind == "charging" for m in chargers)
    toilets = search_places(helsinki_pois, near=RAILWAY_STATION, categories=["toilets"])
    assert toilets and all(category_of(m.place) == "toilets" for m in toilets)
