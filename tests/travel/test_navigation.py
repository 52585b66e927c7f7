"""Navigation state on the real atlas: Helsinki streets and the modelled intercity corridors."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from incabin.travel import Atlas, TravelError
from incabin.travel._models import LatLon, Place
from incabin.travel.along_route import RouteLine
from incabin.travel.charging import InvalidChargingRequest, NoChargingPlan
from incabin.travel.navigation import (
    InvalidTripRequest,
    Navigation,
    NoActiveRoute,
    StopNotFound,
)

RAILWAY_STATION = LatLon(60.1710, 24.9414)


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.default()


@pytest.fixture(scope="module")
def helsinki_food(atlas: Atlas) -> list[Place]:
    pois = atlas.pois(atlas.region_of(RAILWAY_STATION))
    named = [p for p in pois if p.kind == "restaurant" and p.name]
    assert len(named) > 20
    return named


@pytest.fixture(scope="module")
def beijing(atlas: Atlas) -> Place:
    return atlas.geocode("Beijing", limit=1)[0]


@pytest.fixture(scope="module")
def shanghai(atlas: Atlas) -> Place:
    return atlas.geocode("Shanghai", limit=1)[0]


def _far_restaurants(food: list[Place], origin: LatLon) -> list[Place]:
    """Restaurants sorted far to near, so stops change the route measurably."""
    return sorted(food, key=lambda p: -abs(p.lat - origin.lat) - abs(p.lon - origin.lon))


def check_design_shape(state: dict) -> None:
    """DESIGN.md's navigation state: these keys, these types, always."""
    assert state["active"] is True
    assert set(state["destination"]) >= {"name", "lat", "lon"}
    assert isinstance(state["destination"]["name"], str)
    for stop in state["stops"]:
        assert set(stop) >= {"name", "kind", "lat", "lon"}
        assert stop["kind"] in ("charging", "restaurant", "waypoint")
    route = state["route"]
    for key in ("distance_km", "duration_min", "energy_kwh", "arrival_soc_percent"):
        assert isinstance(route[key], float), key
    assert route["distance_km"] > 0 and route["duration_min"] > 0 and route["energy_kwh"] > 0


def test_city_trip_edits_keep_the_rest_of_the_route(atlas: Atlas, helsinki_food) -> None:
    nav = Navigation(atlas)
    far = _far_restaurants(helsinki_food, RAILWAY_STATION)
    destination, first, second = far[0], far[1], far[2]
    plan = nav.start(RAILWAY_STATION, destination, soc=80)
    state = nav.state()
    check_design_shape(state)
    assert state["destination"]["name"] == destination.name
    assert state["stops"] == []  # a short city trip needs no charging
    assert 0 < 80 - state["route"]["arrival_soc_percent"] < 10
    direct_km = plan.distance_km

    nav.add_stop(first)
    state = nav.state()
    assert [s["name"] for s in state["stops"]] == [first.name]
    assert state["stops"][0]["kind"] == "restaurant"
    assert state["destination"]["name"] == destination.name
    assert nav.plan.distance_km >= direct_km - 0.05

    nav.add_stop(second, kind="waypoint", position=0)
    assert [s["name"] for s in nav.state()["stops"]] == [second.name, first.name]
    assert nav.state()["stops"][0]["kind"] == "waypoint"

    nav.replace_stop(first.name, far[3])
    assert [s["name"] for s in nav.state()["stops"]] == [second.name, far[3].name]

    nav.remove_stop(0)
    assert [s["name"] for s in nav.state()["stops"]] == [far[3].name]
    nav.remove_stop(far[3].name)
    assert nav.state()["stops"] == []
    assert nav.plan.distance_km == pytest.approx(direct_km, rel=0.01)

    nav.set_destination(far[4])
    assert nav.state()["destination"]["name"] == far[4].name


def test_mode_and_avoid(atlas: Atlas, helsinki_food) -> None:
    nav = Navigation(atlas)
    far = _far_restaurants(helsinki_food, RAILWAY_STATION)
    fastest = nav.start(RAILWAY_STATION, far[0], soc=70)
    shortest = nav.set_mode("shortest")
    assert shortest.distance_km <= fastest.distance_km + 0.01
    assert nav.state()["route"]["mode"] == "shortest"
    assert nav.state()["destination"]["name"] == far[0].name
    nav.set_avoid({"motorways"})
    assert nav.plan.settings.avoid == frozenset({"motorways"})
    assert nav.plan.settings.mode == "shortest"


def test_failed_edits_leave_the_state_unchanged(atlas: Atlas, helsinki_food, shanghai) -> None:
    nav = Navigation(atlas)
    far = _far_restaurants(helsinki_food, RAILWAY_STATION)
    nav.start(RAILWAY_STATION, far[0], [far[1]], soc=60)
    before = nav.state()
    plan = nav.plan
    bad_edits = [
        (lambda: nav.set_mode("scenic"), InvalidTripRequest),
        (lambda: nav.set_avoid({"ferries"}), InvalidTripRequest),
        (lambda: nav.add_stop(far[2], kind="spa"), InvalidTripRequest),
        (lambda: nav.remove_stop("No such place"), StopNotFound),
        (lambda: nav.remove_stop(7), StopNotFound),
        (lambda: nav.replace_stop("No such place", far[2]), StopNotFound),
        # Helsinki is not connected to the Chinese corridor: no route.
        (lambda: nav.set_destination(shanghai), TravelError),
        (lambda: nav.set_soc(0), InvalidChargingRequest),
        (lambda: nav.set_soc(130), InvalidChargingRequest),
    ]
    for edit, error in bad_edits:
        with pytest.raises(error):
            edit()
        assert nav.state() == before
        assert nav.plan is plan


def test_no_active_navigation(atlas: Atlas, helsinki_food) -> None:
    nav = Navigation(atlas)
    assert nav.state()["active"] is False
    for action in (
        lambda: nav.add_stop(helsinki_food[0]),
        lambda: nav.remove_stop(0),
        lambda: nav.set_mode("eco"),
        lambda: nav.cancel(),
        lambda: nav.remaining(),
        lambda: nav.eta(datetime.now()),
    ):
        with pytest.raises(NoActiveRoute, match="no active navigation"):
            action()
    nav.start(RAILWAY_STATION, helsinki_food[0])
    nav.cancel()
    assert nav.state()["active"] is False
    with pytest.raises(NoActiveRoute):
        nav.set_destination(helsinki_food[1])


def test_long_trip_gets_charging_stops(atlas: Atlas, beijing: Place, shanghai: Place) -> None:
    nav = Navigation(atlas)
    plan = nav.start(beijing.point, shanghai, soc=80, min_arrival_soc=15)
    state = nav.state()
    check_design_shape(state)
    charging = [s for s in state["stops"] if s["kind"] == "charging"]
    assert len(charging) >= 2  # ~1,200 km on a 54 kWh battery
    assert state["route"]["arrival_soc_percent"] >= 14.5
    assert state["modelled"] is True
    assert all(c["arrive_soc"] >= 14.5 for c in state["charging"])
    # Duration counts driving and charging.
    assert plan.duration_min > plan.drive_min + plan.charge_min - 0.1
    assert plan.charge_min > 0

    # Removing a planned charger re-plans around it, never choosing it again.
    removed = charging[0]["name"]
    nav.remove_stop(removed)
    names = [s["name"] for s in nav.state()["stops"]]
    assert removed not in names
    assert any(s["kind"] == "charging" for s in nav.state()["stops"])

    # The remaining trip from part way shrinks; ETA follows it.
    now = datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    whole = nav.remaining()
    midway = nav.plan.route.geometry[len(nav.plan.route.geometry) // 2]
    half = nav.remaining(midway)
    assert half.distance_km < whole.distance_km
    assert half.duration_min < whole.duration_min
    assert half.energy_kwh < whole.energy_kwh
    assert nav.eta(now) == now + timedelta(minutes=whole.duration_min)


def test_impossible_trip_is_refused_and_state_kept(atlas: Atlas, beijing, shanghai) -> None:
    nav = Navigation(atlas)
    nav.start(beijing.point, shanghai, soc=80)
    before = nav.state()
    with pytest.raises(NoChargingPlan) as caught:
        nav.set_soc(3, min_arrival_soc=10)
    assert "3 %" in caught.value.reason
    assert nav.state() == before
    with pytest.raises(InvalidChargingRequest):
        nav.set_soc(50, min_arrival_soc=100)
    assert nav.state() == before


def test_plan_without_charging_reports_a_negative_margin(atlas: Atlas, beijing, shanghai) -> None:
    nav = Navigation(atlas)
    plan = nav.start(beijing.point, shanghai, soc=80, plan_charging=False)
    assert [s for s in plan.stops if s.kind == "charging"] == []
    assert plan.arrival_soc < 0  # would run out: the agent says so and offers a plan


def test_driver_chosen_chargers_are_kept_and_not_doubled(atlas: Atlas, beijing, shanghai) -> None:
    nav = Navigation(atlas)
    plan = nav.start(beijing.point, shanghai, soc=80)
    planned = [s for s in plan.stops if s.planned]
    chargers = atlas.pois(atlas.region_of(beijing.point), kinds=["charging"])
    unused = next(
        c
        for c in chargers
        if c.name not in {s.place.name for s in plan.stops}
        and abs(c.lat - 35.0) < 1.5
        and c.lon > 115.0
    )
    # Replacing a planned charger with another one makes the driver's choice a fixed stop.
    nav.replace_stop(planned[0].place.name, unused, kind="charging")
    stops = nav.plan.stops
    names = [s.place.name for s in stops]
    assert unused.name in names and planned[0].place.name not in names
    assert len(names) == len(set(names))
    chosen = next(s for s in stops if s.place.name == unused.name)
    assert chosen.planned is False and chosen.kind == "charging"
    assert nav.state()["route"]["arrival_soc_percent"] >= 9.5
    # Stops stay in driving order: each is further along the route than the one before.
    along = RouteLine(nav.plan.route).project_many([s.place.point for s in stops])
    km = [p.km_from_start for p in along]
    assert km == sorted(km)


def test_a_name_that_fits_several_stops_is_not_guessed(atlas: Atlas, beijing, shanghai) -> None:
    nav = Navigation(atlas)
    nav.start(beijing.point, shanghai, soc=80)
    before = nav.state()
    with pytest.raises(StopNotFound, match="fits several stops") as caught:
        nav.remove_stop("service area")
    assert len(caught.value.matching) >= 2
    assert nav.state() == before


def test_a_new_destination_keeps_only_the_stops_asked_for(atlas: Atlas, beijing, shanghai) -> None:
    jinan = atlas.geocode("Jinan", limit=1)[0]
    tianjin = atlas.geocode("Tianjin", limit=1)[0]
    nav = Navigation(atlas)
    nav.start(beijing.point, shanghai, [jinan], soc=90)
    moved = LatLon(beijing.lat - 0.05, beijing.lon)
    nav.set_destination(tianjin, keep=lambda stop: stop.place.name != "Jinan", origin=moved)
    state = nav.state()
    assert "Tianjin" in state["destination"]["name"]
    assert [s for s in state["stops"] if s["kind"] == "waypoint"] == []
    assert nav.plan.settings.origin == moved
    nav.set_destination(shanghai)        # no filter: every stop kept (none left here)
    assert "Shanghai" in nav.state()["destination"]["name"]
