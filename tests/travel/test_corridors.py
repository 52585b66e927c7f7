"""The modelled intercity corridors: real towns, labelled models, service-area chargers."""

from __future__ import annotations

import pytest

from incabin.travel import GraphRouter, NoRouteFound, corridor_network
from incabin.travel.charging import charger_power_kw
from incabin.travel.network import haversine_m
from incabin.travel.worldcities import find_city, world_cities


@pytest.fixture(scope="module")
def network():
    return corridor_network()


@pytest.fixture(scope="module")
def router(network) -> GraphRouter:
    return GraphRouter(network)


def _city(network, name: str):
    return next(p for p in network.places if p.name == name and p.kind == "city")


def test_cities_are_real_geonames_places_with_chinese_names(network) -> None:
    table = world_cities()
    chinese = {
        "Beijing": "北京",
        "Tianjin": "天津",
        "Jinan": "济南",
        "Nanjing": "南京",
        "Shanghai": "上海",
    }
    for name, zh in chinese.items():
        city = _city(network, name)
        assert city.name_zh == zh and city.tags["country"] == "CN"
        row = find_city(name, "CN", city.tags["admin1"])
        assert (city.lat, city.lon) == (table.lat[row], table.lon[row])
    for name in ("Munich", "Nuremberg", "Leipzig", "Berlin"):
        assert _city(network, name).tags["country"] == "DE"
    assert _city(network, "Nuremberg").tags["name:de"] == "Nürnberg"
    assert network.modelled and "GeoNames" in network.attribution


@pytest.mark.parametrize(
    ("a", "b", "low", "high", "speed"),
    [
        ("Beijing", "Shanghai", 1250, 1450, 120),
        ("Beijing", "Tianjin", 100, 160, 120),
        ("Nanjing", "Shanghai", 270, 340, 120),
        ("Munich", "Berlin", 560, 620, 130),
        ("Munich", "Nuremberg", 140, 190, 130),
        ("Leipzig", "Berlin", 160, 210, 130),
    ],
)
def test_modelled_distances_and_speeds(network, router, a, b, low, high, speed) -> None:
    start, end = _city(network, a), _city(network, b)
    route = router.route([start.point, end.point])
    great_circle = haversine_m(start.lat, start.lon, end.lat, end.lon) / 1000.0
    assert low <= route.distance_km <= high
    assert route.distance_km >= great_circle
    assert route.modelled and all(s.modelled for s in route.segments)
    assert {s.speed_limit_kmh for s in route.segments} == {speed}
    assert route.duration_min == pytest.approx(route.distance_km / speed * 60.0)


def test_service_areas_every_50_km_with_modelled_chargers(network, router) -> None:
    chargers = [p for p in network.places if p.kind == "charging"]
    assert len(chargers) >= 25
    assert len({p.name for p in chargers}) == len(chargers)
    for charger in chargers:
        assert charger.modelled and charger.name.endswith(" service area")
        assert 120 <= charger_power_kw(charger) <= 250
    route = router.route([_city(network, "Beijing").point, _city(network, "Shanghai").point])
    # Walk the route: the gap between consecutive chargers or cities stays below ~75 km.
    stops = {(p.lat, p.lon) for p in network.places}
    gap = 0.0
    longest = 0.0
    for a, b in zip(route.geometry, route.geometry[1:]):
        gap += haversine_m(a.lat, a.lon, b.lat, b.lon) / 1000.0
        if (b.lat, b.lon) in stops:
            longest, gap = max(longest, gap), 0.0
    assert longest < 75


def test_chinese_service_area_names(network) -> None:
    jinan = [p for p in network.places if p.kind == "charging" and p.name_zh == "济南服务区"]
    assert len(jinan) == 1


def test_unconnected_corridors_and_avoidances_refuse_with_reasons(network, router) -> None:
    beijing, berlin = _city(network, "Beijing"), _city(network, "Berlin")
    with pytest.raises(NoRouteFound, match="not connected"):
        router.route([beijing.point, berlin.point])
    shanghai = _city(network, "Shanghai")
    with pytest.raises(NoRouteFound, match="avoiding tolls"):
        router.route([beijing.point, shanghai.point], avoid=frozenset({"tolls"}))
    munich = _city(network, "Munich")
    toll_free = router.route([munich.point, berlin.point], avoid=frozenset({"tolls"}))
    assert toll_free.distance_km > 500  # German motorways carry no car tolls
    with pytest.raises(NoRouteFound, match="avoiding motorways"):
        router.route([munich.point, berlin.point], avoid=frozenset({"motorways"}))


def test_steps_name_the_towns_passed(network, router) -> None:
    route = router.route([_city(network, "Munich").point, _city(network, "Berlin").point])
    texts = [s.instruction for s in route.steps]
    assert texts[0] == "Head north on A9" and texts[-1] == "Arrive at your destination"
    assert "Pass Nuremberg and continue on A9" in texts
    assert "Pass Leipzig and continue on A9" in texts
    assert sum(s.distance_km for s in route.steps) == pytest.approx(route.distance_km)
