"""ObdSource against the real ELM327-emulator over TCP, the way a Wi-Fi dongle is reached.

One connection (~4 s of ELM327 protocol detection) is shared by the module;
the disconnect test runs last and leaves the source reconnected.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from incabin.vehicle import ActionStatus, Vehicle, open_vehicle
from incabin.vehicle._errors import InvalidValue, NotSupported, SourceError
from incabin.vehicle._models import Reading, Unavailable, UnavailableReason
from incabin.vehicle._obd_map import OBD_SIGNALS
from incabin.vehicle._store import VehicleStore
from incabin.vehicle.obd_source import ObdSource
from tests.vehicle.conftest_sources import (
    PLANTED_DTCS,
    EmulatorProcess,
    free_port,
    load_script,
    obd_emulator,  # noqa: F401  (fixture)
    obd_port_option,
    wait_until,
)


@pytest.fixture(scope="module")
def obd_car(obd_emulator: EmulatorProcess) -> Iterator[Vehicle]:  # noqa: F811
    car = open_vehicle(f"obd:{obd_emulator.url}")
    assert isinstance(car.source, ObdSource)
    car.source.interval = 0.2
    car.source.reconnect_delay = 0.2
    car.source.max_reconnect_delay = 1.0
    yield car
    car.close()


@pytest.fixture
def obd_feed(obd_car: Vehicle) -> tuple[VehicleStore, ObdSource]:
    assert isinstance(obd_car.source, ObdSource)
    return obd_car.store, obd_car.source


def test_planted_dtcs_are_encoded_with_the_count_byte() -> None:
    emulator_script = load_script("obd_emulator")
    assert emulator_script.planted_dtcs(list(PLANTED_DTCS)) == ["030143", "0301", "4123"]
    assert emulator_script.planted_dtcs(["U0100"]) == ["01C100"]
    with pytest.raises(ValueError, match="P9999"):
        emulator_script.planted_dtcs(["P9999"])


def test_stored_dtcs_reach_the_vss_dtc_list(obd_feed: tuple[VehicleStore, ObdSource]) -> None:
    store, _ = obd_feed
    assert store.get("Vehicle.Diagnostics.DTCList") == PLANTED_DTCS
    assert store.get("Vehicle.Diagnostics.DTCCount") == len(PLANTED_DTCS)


def test_sensors_are_read_with_vss_units(obd_feed: tuple[VehicleStore, ObdSource]) -> None:
    store, _ = obd_feed
    speed = store.read("Vehicle.Speed")
    assert isinstance(speed, Reading) and speed.unit == "km/h"
    assert 0 <= speed.value < 300
    volts = store.read("Vehicle.LowVoltageBattery.CurrentVoltage")
    assert isinstance(volts, Reading) and volts.unit == "V" and 10 < volts.value < 16
    assert store.get("Vehicle.TripDuration") > 0


def test_is_moving_follows_the_same_speed_answer(obd_feed: tuple[VehicleStore, ObdSource]) -> None:
    store, _ = obd_feed
    # Each poll writes Vehicle.Speed, then Vehicle.IsMoving from the same answer; the
    # pair belongs to one poll when speed did not change around the read of IsMoving.
    for _ in range(50):
        speed = store.read("Vehicle.Speed")
        moving = store.read("Vehicle.IsMoving")
        again = store.read("Vehicle.Speed")
        assert isinstance(speed, Reading) and isinstance(moving, Reading)
        assert isinstance(again, Reading)
        if speed.timestamp == again.timestamp and moving.timestamp >= speed.timestamp:
            assert moving.value is (speed.value > 0)
            return
        time.sleep(0.02)
    pytest.fail("never read Vehicle.Speed and Vehicle.IsMoving from the same poll")


def test_unsupported_commands_are_marked_not_supported(
    obd_feed: tuple[VehicleStore, ObdSource],
) -> None:
    store, source = obd_feed
    # The emulated ECU does not claim PID 01 46 (ambient air temperature).
    assert "Vehicle.Exterior.AirTemperature" not in source.paths
    assert store.read("Vehicle.Exterior.AirTemperature") == Unavailable(
        "Vehicle.Exterior.AirTemperature", UnavailableReason.NOT_SUPPORTED
    )


def test_only_catalogue_paths_are_fed(obd_feed: tuple[VehicleStore, ObdSource]) -> None:
    store, source = obd_feed
    assert source.paths
    assert all(path in store.catalogue for path in source.paths)
    table_paths = {row.path for row in OBD_SIGNALS}
    assert set(source.paths) <= table_paths


def test_the_background_poll_keeps_values_fresh(obd_feed: tuple[VehicleStore, ObdSource]) -> None:
    store, _ = obd_feed
    seen: list[Reading] = []
    done = threading.Event()

    def on_speed(reading: Reading) -> None:
        seen.append(reading)
        if len(seen) >= 3:
            done.set()

    with store.subscribe(["Vehicle.Speed"], on_speed):
        assert done.wait(5), f"only {len(seen)} speed readings in 5 s"
    stamps = [r.timestamp for r in seen]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_obd_is_read_only(obd_feed: tuple[VehicleStore, ObdSource]) -> None:
    store, source = obd_feed
    before = store.read("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature")
    with pytest.raises(NotSupported, match="read-only"):
        source.write_target("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", 21.0)
    assert store.read("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature") == before


def test_actuating_through_obd_fails_cleanly(obd_car: Vehicle) -> None:
    path = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
    before = obd_car.read(path)
    result = obd_car.actuate(path, 21.0)
    assert result.status is ActionStatus.FAILED and result.reason == "NOT_SUPPORTED"
    assert result.changes == () and obd_car.read(path) == before


@pytest.mark.parametrize(
    "port, message",
    [
        ("socket://127.0.0.1:{free}", "no ELM327 adapter answers"),
        ("/dev/incabin-no-such-port", "no ELM327 adapter answers"),
        ("", "no OBD port given"),
    ],
)
def test_a_dead_port_is_a_clear_source_error(port: str, message: str) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError, match=message):
        open_vehicle(f"obd:{port.format(free=free_port())}")
    assert time.monotonic() - started < 5


def test_a_failed_start_stores_nothing_and_stops_cleanly() -> None:
    store = VehicleStore()
    source = ObdSource(f"socket://127.0.0.1:{free_port()}")
    with pytest.raises(SourceError):
        source.start(store)
    source.stop()  # safe after a failed start
    assert store.snapshot() == {} and source.paths == ()


def test_survives_the_adapter_dying_and_reconnects(
    obd_feed: tuple[VehicleStore, ObdSource],
    obd_emulator: EmulatorProcess,  # noqa: F811
) -> None:
    store, source = obd_feed
    assert source.connected
    last = store.read("Vehicle.Speed")
    assert isinstance(last, Reading)

    obd_emulator.kill()
    stale = Unavailable("Vehicle.Speed", UnavailableReason.STALE)
    assert wait_until(lambda: store.read("Vehicle.Speed") == stale, timeout=10)
    assert not source.connected
    assert store.read("Vehicle.Diagnostics.DTCList").reason is UnavailableReason.STALE
    time.sleep(1.5)  # several failed reconnect attempts: nothing raises, values stay stale
    assert store.read("Vehicle.Speed") == stale
    assert source.reconnects == 0 and "no ELM327 adapter answers" in (source.last_error or "")

    obd_emulator.start()
    assert wait_until(
        lambda: (
            source.reconnects == 1
            and store.has_value("Vehicle.Speed")
            and store.has_value("Vehicle.Diagnostics.DTCList")
        ),
        20,
    )
    fresh = store.read("Vehicle.Speed")
    assert isinstance(fresh, Reading) and fresh.timestamp > last.timestamp
    assert store.get("Vehicle.Diagnostics.DTCList") == PLANTED_DTCS


def test_real_dongle(request: pytest.FixtureRequest) -> None:
    port = obd_port_option(request.config)
    if not port:
        pytest.skip("no real dongle: pass --obd-port or set INCABIN_TEST_OBD_PORT")
    store = VehicleStore()
    source = ObdSource(port)
    source.start(store)
    try:
        assert source.connected and source.paths
        assert isinstance(store.read("Vehicle.Speed"), Reading)
        assert isinstance(store.get("Vehicle.Diagnostics.DTCList"), tuple)
    finally:
        source.stop()


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "nan", "inf"])
def test_a_bad_polling_interval_is_refused(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCABIN_OBD_INTERVAL", raw)
    with pytest.raises(InvalidValue, match="INCABIN_OBD_INTERVAL"):
        ObdSource("/dev/ttyUSB0")
    monkeypatch.setenv("INCABIN_OBD_INTERVAL", "0.5")
    assert ObdSource("/dev/ttyUSB0").interval == 0.5
