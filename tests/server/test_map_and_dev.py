"""The map data route, the development injection route (``serve --dev`` only) and the car
that keeps running while a model turn is being answered."""

from __future__ import annotations

import gzip
import json
import threading
import time

import httpx

from tests.server.conftest import Running

TRIP_DURATION = "Vehicle.TripDuration"


def test_the_map_is_the_extracts_streets_water_and_buildings(server: Running) -> None:
    response = server.client.get("/v1/map")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/geo+json"
    data = response.json()
    layers = [f["properties"]["layer"] for f in data["features"]]
    assert layers.count("street") > 500 and layers.count("building") > 100 and "water" in layers
    west, south, east, north = data["bbox"]
    assert west < 24.9384 < east and south < 60.1699 < north  # the car's start is on it
    assert "OpenStreetMap" in data["attribution"]
    with httpx.stream("GET", f"{server.url}/v1/map", headers={"Accept-Encoding": "gzip"}) as raw:
        assert raw.headers["content-encoding"] == "gzip"
        packed = b"".join(raw.iter_raw())
    assert json.loads(gzip.decompress(packed)) == data
    assert len(packed) < len(json.dumps(data)) / 3


def test_an_unknown_map_region_is_a_clear_error(server: Running) -> None:
    response = server.client.get("/v1/map", params={"region": "atlantis"})
    assert response.status_code == 422
    assert "helsinki" in response.json()["detail"]


def test_dev_routes_are_off_without_dev(server: Running) -> None:
    sid = server.session()
    response = server.client.post("/v1/dev/inject", params={"session": sid},
                                  json={"kind": "dtc", "code": "P0A80"})
    assert response.status_code == 404
    assert server.client.get("/v1/vehicle", params={"session": sid}).json()["warnings"] == []


def test_dev_injects_a_trouble_code_and_clears_it(dev_server: Running) -> None:
    sid = dev_server.session()
    response = dev_server.client.post("/v1/dev/inject", params={"session": sid},
                                      json={"kind": "dtc", "code": "P0A80"})
    assert response.status_code == 200, response.text
    panel = dev_server.client.get("/v1/vehicle", params={"session": sid}).json()
    assert [w["code"] for w in panel["warnings"]] == ["P0A80"]
    dev_server.client.post("/v1/dev/inject", params={"session": sid}, json={"kind": "clear"})
    assert dev_server.client.get("/v1/vehicle", params={"session": sid}).json()["warnings"] == []


def test_dev_rejects_bad_injections_and_changes_nothing(dev_server: Running) -> None:
    sid = dev_server.session()
    for body in ({"kind": "dtc", "code": "P0A80; rm"}, {"kind": "meteor"},
                 {"kind": "tyre_leak", "wheel": "Row9.Left"}, {"kind": "dtc"},
                 {"kind": "clear", "extra": 1}):
        response = dev_server.client.post("/v1/dev/inject", params={"session": sid}, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["error"] == "invalid_request"
    no_route = dev_server.client.post("/v1/dev/inject", params={"session": sid},
                                      json={"kind": "drive_route"})
    assert no_route.status_code == 422
    assert no_route.json()["error"] == "invalid_fault"
    assert dev_server.read(sid, "Vehicle.Speed") == 0
    assert dev_server.client.get("/v1/vehicle", params={"session": sid}).json()["warnings"] == []


def test_dev_needs_the_token_like_every_route(_incabin_home: None) -> None:
    from tests.server.conftest import start_server

    running = start_server(dev=True, token="s3cret")
    try:
        response = running.client.post("/v1/dev/inject", params={"session": "x"},
                                       json={"kind": "clear"})
        assert response.status_code == 401
    finally:
        running.client.close()
        running.thread.stop()


def test_the_car_keeps_running_while_the_model_answers(slow_server: Running) -> None:
    sid = slow_server.session()
    reply: dict[str, object] = {}

    def turn() -> None:
        # Not a question the fallback answers itself: the (slow) model is asked first.
        reply.update(slow_server.client.post("/v1/turns", json={
            "session": sid, "text": "the tyre thing again, please"}).json())

    worker = threading.Thread(target=turn)
    worker.start()
    time.sleep(0.5)  # the model turn holds the session now
    before = slow_server.read(sid, TRIP_DURATION)
    time.sleep(1.5)
    during = slow_server.read(sid, TRIP_DURATION)
    still_answering = worker.is_alive()
    worker.join(timeout=60)
    assert still_answering and reply.get("act") == "inform"
    assert float(during) - float(before) >= 0.8  # type: ignore[arg-type]
