"""REST: sessions, turns, the car, the trip and the profile against a running server."""

from __future__ import annotations

import pytest

from tests.server.conftest import MANUAL_QUESTION, PHRASE, Running

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
TRUNK = "Vehicle.Body.Trunk.Rear.IsOpen"
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"


def test_health_counts_sessions(server: Running) -> None:
    before = server.client.get("/v1/health").json()
    sid = server.session()
    after = server.client.get("/v1/health").json()
    assert before["status"] == after["status"] == "ok"
    assert after["sessions"] == before["sessions"] + 1
    assert server.client.delete(f"/v1/sessions/{sid}").status_code == 204
    assert server.client.get("/v1/health").json()["sessions"] == before["sessions"]
    gone = server.client.post("/v1/turns", json={"session": sid, "text": "set 22 degrees"})
    assert gone.status_code == 404 and gone.json()["error"] == "unknown_session"


def test_turn_acts_on_its_own_car(server: Running) -> None:
    sid = server.session()
    other = server.session("Mia")
    response = server.client.post("/v1/turns", json={"session": sid, "text": "set 23 degrees"})
    assert response.status_code == 200
    reply = response.json()
    assert reply["act"] == "done" and reply["agent"] == "car_genius" and "23" in reply["text"]
    assert reply["actions"][0]["tool"] == "set_temperature"
    assert server.read(sid, SETPOINT) == 23.0
    assert server.read(other, SETPOINT) == 21.0


def test_turn_through_the_model_returns_the_phrased_answer(server: Running) -> None:
    sid = server.session()
    reply = server.client.post("/v1/turns", json={"session": sid, "text": MANUAL_QUESTION}).json()
    assert reply["act"] == "inform"
    assert reply["text"].endswith(PHRASE)
    assert [a["tool"] for a in reply["actions"]] == ["search_manual"]


def test_confirm_then_yes_over_rest(server: Running) -> None:
    sid = server.session()
    server.manager.get(sid).assistant.vehicle.set(AC, True)
    ask = server.client.post("/v1/turns", json={"session": sid, "text": "open the driver's window"})
    assert ask.json()["act"] == "confirm"
    assert server.manager.get(sid).assistant.vehicle.target(WINDOW) == 0
    done = server.client.post("/v1/turns", json={"session": sid, "text": "yes"}).json()
    assert done["act"] == "done"
    assert server.manager.get(sid).assistant.vehicle.target(WINDOW) == 100


def test_read_signal_and_unknown_path(server: Running) -> None:
    sid = server.session()
    speed = server.client.get("/v1/vehicle/Vehicle.Speed", params={"session": sid}).json()
    assert speed["available"] is True and speed["unit"] == "km/h" and speed["timestamp"] > 0
    missing = server.client.get("/v1/vehicle/Vehicle.Speeed", params={"session": sid})
    assert missing.status_code == 404
    body = missing.json()
    assert body["error"] == "unknown_signal" and "Vehicle.Speed" in body["suggestions"]
    unsupported = server.client.get(
        "/v1/vehicle/Vehicle.Cabin.RearShade.Position", params={"session": sid}).json()
    assert unsupported == {**unsupported, "available": False, "reason": "NOT_SUPPORTED"}


def test_panel_lists_signals_and_explains_warnings(server: Running) -> None:
    sid = server.session()
    server.manager.get(sid).assistant.vehicle.add_dtc("P0A80")
    panel = server.client.get("/v1/vehicle", params={"session": sid}).json()
    paths = {s["path"] for s in panel["signals"]}
    assert {"Vehicle.Speed", "Vehicle.Powertrain.Range", SETPOINT, WINDOW} <= paths
    assert [w["code"] for w in panel["warnings"]] == ["P0A80"]
    assert "battery" in panel["warnings"][0]["meaning"].lower()


def test_actuate_done_refused_and_confirmed(server: Running) -> None:
    sid = server.session()
    car = server.manager.get(sid).assistant.vehicle
    opened = server.client.put(f"/v1/vehicle/{TRUNK}", params={"session": sid},
                               json={"value": True})
    assert opened.status_code == 200 and opened.json()["status"] == "DONE"
    assert car.get(TRUNK) is True
    car.set(TRUNK, False)
    car.set("Vehicle.Speed", 80.0)
    refused = server.client.put(f"/v1/vehicle/{TRUNK}", params={"session": sid},
                                json={"value": True})
    assert refused.status_code == 409
    assert refused.json()["error"] == "refused" and refused.json()["reason"]
    assert car.get(TRUNK) is False
    car.set("Vehicle.Speed", 0.0)
    car.set(AC, True)
    ask = server.client.put(f"/v1/vehicle/{WINDOW}", params={"session": sid}, json={"value": 80})
    assert ask.status_code == 409 and ask.json()["error"] == "needs_confirmation"
    assert car.target(WINDOW) == 0
    yes = server.client.put(f"/v1/vehicle/{WINDOW}", params={"session": sid},
                            json={"value": 80, "confirmed": True})
    assert yes.status_code == 200 and car.target(WINDOW) == 80


@pytest.mark.parametrize(("path", "value", "status", "error"), [
    (SETPOINT, "hot", 422, "invalid_value"),
    (SETPOINT, 99, 409, "refused"),
    ("Vehicle.Speed", 30, 409, "refused"),
    ("Vehicle.Nope", 1, 404, "unknown_signal"),
])
def test_bad_actuation_changes_nothing(server: Running, path: str, value: object, status: int,
                                       error: str) -> None:
    sid = server.session()
    before = server.manager.get(sid).assistant.vehicle.store.snapshot()
    response = server.client.put(f"/v1/vehicle/{path}", params={"session": sid},
                                 json={"value": value})
    assert response.status_code == status and response.json()["error"] == error
    assert response.json()["detail"]
    after = server.manager.get(sid).assistant.vehicle.store.snapshot()
    assert {k: after[k] for k in (SETPOINT, "Vehicle.Speed")} == {
        k: before[k] for k in (SETPOINT, "Vehicle.Speed")}


def test_navigation_inactive_without_loading_the_map(server: Running) -> None:
    sid = server.session()
    nav = server.client.get("/v1/navigation", params={"session": sid}).json()
    assert nav == {"active": False, "destination": None, "stops": [], "route": None,
                   "geometry": []}
    assert "navigation" not in server.manager.get(sid).assistant.services.__dict__


def test_profile_remember_export_forget(server: Running) -> None:
    sid = server.session("Ana")
    said = server.client.post("/v1/turns",
                              json={"session": sid, "text": "I like it at 23 degrees"}).json()
    assert said["act"] == "done"
    profile = server.client.get("/v1/profile", params={"session": sid}).json()
    assert profile["driver"] == "Ana"
    assert {p["key"]: p["value"] for p in profile["preferences"]} == {"climate.temperature": 23.0}
    exported = server.client.get("/v1/profile/export", params={"session": sid})
    assert exported.headers["content-type"] == "application/json"
    assert exported.json()["preferences"]
    forgot = server.client.delete("/v1/profile/climate.temperature", params={"session": sid})
    assert forgot.json() == {"key": "climate.temperature", "forgotten": True}
    assert server.client.get("/v1/profile", params={"session": sid}).json()["preferences"] == []
