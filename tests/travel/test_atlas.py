"""The Atlas facade: geocoding (English/Chinese, typos), reverse, regions, POIs, bad input."""

from __future__ import annotations

import pytest

from incabin.travel import (
    Atlas,
    InvalidTravelRequest,
    LatLon,
    NoRouteFound,
    OutsideMap,
    PlaceNotFound,
)
from incabin.travel.network import haversine_m

CENTRE = LatLon(60.1699, 24.9384)  # Mannerheimintie by the Central Station


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.default()


def test_default_is_shared_and_credits_its_sources(atlas: Atlas) -> None:
    assert Atlas.default() is atlas
    assert set(atlas.regions) == {"helsinki", "corridors"}
    assert "OpenStreetMap" in atlas.attribution and "ODbL" in atlas.attribution
    assert "GeoNames" in atlas.attribution and "modelled" in atlas.attribution


@pytest.mark.parametrize(
    ("query", "name", "kind"),
    [
        ("Mannerheimintie", "Mannerheimintie", "street"),
        ("mannerheimintie", "Mannerheimintie", "street"),
        ("Mannerhiemintie", "Mannerheimintie", "street"),  # typo
        ("Stockmann", "Stockmann", "poi"),
        ("Ravintola China", "Ravintola China", "restaurant"),
        ("中國樓酒家", "Ravintola China", "restaurant"),  # OSM name:zh
        ("赫爾辛基中央車站", "Helsingin päärautatieasema", "poi"),
        ("Mannerheimvägen", "Mannerheimintie", "street"),  # OSM name:sv
        ("Beijing", "Beijing", "city"),
        ("北京", "Beijing", "city"),
        ("上海", "Shanghai", "city"),
        ("济南", "Jinan", "city"),
        ("Nürnberg", "Nuremberg", "city"),
        ("Munich", "Munich", "city"),
        ("Jinan service area", "Jinan service area", "charging"),
    ],
)
def test_geocode_names(atlas: Atlas, query: str, name: str, kind: str) -> None:
    best = atlas.geocode(query)[0]
    assert (best.name, best.kind) == (name, kind)


def test_geocode_kinds_limit_and_near(atlas: Atlas) -> None:
    # A type-only query ("service area") lists that type nearest first from ``near``.
    jinan = atlas.geocode("Jinan", kinds=["city"])[0]
    chargers = atlas.geocode("service area", near=jinan.point, kinds=["charging"], limit=50)
    assert len(chargers) > 5 and all(p.kind == "charging" and p.modelled for p in chargers)
    metres = [haversine_m(jinan.lat, jinan.lon, p.lat, p.lon) for p in chargers]
    assert metres == sorted(metres)
    assert len(atlas.geocode("Mannerheimintie", limit=2)) <= 2
    # The same name in two places: ``near`` decides which comes first.
    twins = [p for p in atlas.gazetteer.places if p.name == "Hesburger"]
    assert len(twins) >= 2
    far_apart = max(
        ((a, b) for a in twins for b in twins),
        key=lambda ab: haversine_m(ab[0].lat, ab[0].lon, ab[1].lat, ab[1].lon),
    )
    for target in far_apart:
        assert atlas.geocode("Hesburger", near=target.point)[0] == target


def test_unknown_place_suggests_closest_names(atlas: Atlas) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        atlas.geocode("Kaupatorri market hall")
    assert caught.value.query == "Kaupatorri market hall"
    assert caught.value.suggestions and "did you mean" in str(caught.value)
    with pytest.raises(PlaceNotFound) as nothing:
        atlas.geocode("   ")
    assert nothing.value.suggestions == []
    with pytest.raises(PlaceNotFound):
        atlas.geocode("Mannerheimintie", kinds=["charging"])


def test_reverse_geocoding(atlas: Atlas) -> None:
    here = atlas.reverse(CENTRE)
    assert here.name == "Mannerheimintie" and here.kind == "street"
    assert "Helsinki" in here.area and here.region == "helsinki"
    assert float(here.tags["distance_m"]) < 50
    jinan = atlas.geocode("Jinan", kinds=["city"])[0]
    road = atlas.reverse(LatLon(jinan.lat + 0.01, jinan.lon))
    assert road.name_zh == "京沪高速" and road.modelled and "Jinan" in road.area


def test_region_of_and_outside_map(atlas: Atlas) -> None:
    assert atlas.region_of(CENTRE) == "helsinki"
    assert atlas.region_of(atlas.geocode("Berlin")[0].point) == "corridors"
    with pytest.raises(OutsideMap, match="outside every loaded map region"):
        atlas.region_of(LatLon(0.0, 0.0))
    with pytest.raises(OutsideMap):
        atlas.reverse(LatLon(-45.0, 170.0))


def test_route_with_places_and_coordinates(atlas: Atlas) -> None:
    start = atlas.geocode("Stockmann")[0]
    end = atlas.geocode("Vanha Kauppahalli")[0]
    route = atlas.route([start, end], mode="shortest")
    assert 0.3 < route.distance_km < 3 and route.extra["region"] == "helsinki"
    assert route.steps[-1].instruction == "Arrive at your destination"
    trip = atlas.route([atlas.geocode("北京")[0], atlas.geocode("上海")[0]])
    assert trip.modelled and 1250 < trip.distance_km < 1450


def test_bad_routes_are_typed_and_leave_the_atlas_working(atlas: Atlas) -> None:
    start, end = atlas.geocode("Stockmann")[0], atlas.geocode("Vanha Kauppahalli")[0]
    before = atlas.route([start, end])
    with pytest.raises(NoRouteFound, match="Beijing is in corridors.*no road connects"):
        atlas.route([atlas.geocode("Beijing")[0], start])
    with pytest.raises(OutsideMap):
        atlas.route([CENTRE, LatLon(10.0, 10.0)])
    with pytest.raises(InvalidTravelRequest):
        atlas.route([start, end], mode="scenic")  # type: ignore[arg-type]
    with pytest.raises(InvalidTravelRequest):
        atlas.route([start])
    assert atlas.route([start, end]) == before


def test_pois_for_the_places_helper(atlas: Atlas) -> None:
    helsinki = atlas.pois("helsinki")
    kinds = {p.kind for p in helsinki}
    assert {"restaurant", "cafe", "fast_food", "charging", "parking", "toilets"} <= kinds
    assert len(atlas.pois("helsinki", kinds=["charging"])) == 4
    corridor_chargers = atlas.pois("corridors", kinds=["charging"])
    assert corridor_chargers and all(p.modelled for p in corridor_chargers)
    assert all(p.kind != "street" for p in atlas.pois())
    with pytest.raises(InvalidTravelRequest, match="No region 'tokyo'"):
        atlas.pois("tokyo")


def test_load_rejects_unknown_regions_and_routers() -> None:
    with pytest.raises(InvalidTravelRequest, match="Unknown map region"):
        Atlas.load(["atlantis"])
    with pytest.raises(InvalidTravelRequest, match="Unknown router"):
        Atlas.load(["corridors"], routers={"corridors": "graphhopper:http://x"})


def test_monaco_loads_with_the_others(full_atlas: Atlas) -> None:
    assert set(full_atlas.regions) == {"helsinki", "monaco", "corridors"}
    casino = full_atlas.geocode("Casino de Monte-Carlo")[0]
    assert casino.region == "monaco"
    route = full_atlas.route([casino, full_atlas.geocode("Stade Louis II")[0]])
    assert 1.0 < route.distance_km < 6.0
