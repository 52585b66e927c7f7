"""Reading OSM extracts: tags, one-ways, access, speed limits, POIs, the sha256-keyed cache."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import numpy as np
import pytest

from incabin.travel import OSM_ATTRIBUTION, MapDataUnavailable, helsinki_pbf, load_pbf
from incabin.travel.osm import parse_maxspeed, read_pbf
from tests.travel.tiny_map import write_tiny_map


@pytest.fixture(scope="module")
def helsinki():
    return load_pbf(helsinki_pbf(), "helsinki")


@pytest.fixture()
def tiny(tmp_path: Path):
    return read_pbf(write_tiny_map(tmp_path), "tiny")


def _edges(network, street: str) -> set[tuple[tuple[float, float], tuple[float, float]]]:
    index = network.streets.index(street)
    rows = np.flatnonzero(network.edge_street == index)
    return {
        (
            (network.lat[network.edge_u[r]], network.lon[network.edge_u[r]]),
            (network.lat[network.edge_v[r]], network.lon[network.edge_v[r]]),
        )
        for r in rows
    }


@pytest.mark.parametrize(
    ("raw", "kmh"),
    [
        ("50", 50.0),
        ("30 mph", 48.28),
        ("FI:urban", 50.0),
        ("DE:rural", 80.0),
        ("none", 130.0),
        ("walk", 7.0),
        ("signals", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_maxspeed(raw, kmh) -> None:
    value = parse_maxspeed(raw)
    assert value == pytest.approx(kmh, abs=0.01) if kmh is not None else value is None


def test_tiny_map_directions_access_and_speeds(tiny) -> None:
    a, d = (60.0, 25.0), (59.99, 25.0)
    assert _edges(tiny, "Oneway St") == {(a, d)}  # oneway=yes: A to D only
    main = _edges(tiny, "Main St")
    assert len(main) == 4  # two-way: both directions of both pieces
    assert "Private Lane" not in tiny.streets  # access=private is not drivable
    speeds = dict(zip(tiny.streets, [None] * len(tiny.streets)))
    for street, speed in zip(tiny.edge_street.tolist(), tiny.edge_speed_kmh.tolist()):
        speeds[tiny.streets[street]] = speed
    assert speeds["Main St"] == 50.0  # tagged
    assert speeds["Back Rd"] == 40.0  # tertiary default
    assert speeds["Ring Motorway"] == 100.0
    toll_streets = {tiny.streets[s] for s in tiny.edge_street[tiny.edge_toll].tolist()}
    assert toll_streets == {"Ring Motorway"}


def test_tiny_map_places_keep_osm_ids_tags_and_chinese_names(tiny) -> None:
    diner = next(p for p in tiny.places if p.name == "Tiny Diner")
    assert diner.kind == "restaurant" and diner.osm_id == "node/100"
    assert diner.tags["cuisine"] == "pizza" and diner.name_zh == "小餐馆"
    charger = next(p for p in tiny.places if p.kind == "charging")
    assert charger.name == "Charging station"  # unnamed but useful: a fallback name
    assert charger.tags["socket:type2_combo:output"] == "150 kW"
    street = next(p for p in tiny.places if p.name == "Back Rd")
    assert street.kind == "street" and street.osm_id == "way/12"


def test_helsinki_extract_contents(helsinki) -> None:
    assert helsinki.node_count > 1500 and helsinki.edge_count > 2500
    assert helsinki.attribution == OSM_ATTRIBUTION and "ODbL" in OSM_ATTRIBUTION
    kinds = [p.kind for p in helsinki.places]
    assert kinds.count("charging") == 4
    restaurants = [p for p in helsinki.places if p.kind == "restaurant"]
    assert len(restaurants) > 150
    assert sum("cuisine" in p.tags for p in restaurants) > 100
    assert any("opening_hours" in p.tags for p in restaurants)
    assert any(p.name_zh for p in helsinki.places)
    assert all(
        p.osm_id and p.osm_id.split("/")[0] in ("node", "way", "relation")
        for p in helsinki.places
        if p.kind != "city"
    )
    assert "Mannerheimintie" in helsinki.streets
    # Speeds are tagged limits or class defaults, all plausible.
    assert 5 <= helsinki.edge_speed_kmh.min() and helsinki.edge_speed_kmh.max() <= 130


def test_cache_is_keyed_by_sha256_fast_and_rebuilt_when_corrupt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INCABIN_HOME", str(tmp_path))
    first = load_pbf(helsinki_pbf(), "helsinki")
    caches = list((tmp_path / "maps").glob("helsinki-*.pickle"))
    assert len(caches) == 1
    start = time.perf_counter()
    again = load_pbf(helsinki_pbf(), "helsinki")
    assert time.perf_counter() - start < 1.0
    assert again.edge_count == first.edge_count and len(again.places) == len(first.places)
    caches[0].write_bytes(b"not a pickle")
    rebuilt = load_pbf(helsinki_pbf(), "helsinki")
    assert rebuilt.node_count == first.node_count
    assert isinstance(pickle.loads(caches[0].read_bytes()), type(first))


def test_unreadable_or_missing_extracts_raise_typed_errors(tmp_path, monkeypatch) -> None:
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?><osm version="0.6"></osm>', encoding="utf-8")
    with pytest.raises(MapDataUnavailable, match="no drivable roads"):
        read_pbf(empty, "empty")
    monkeypatch.setenv("INCABIN_HOME", str(tmp_path))
    from incabin.travel import monaco_pbf

    with pytest.raises(MapDataUnavailable, match="setup_osrm.sh"):
        monaco_pbf()
