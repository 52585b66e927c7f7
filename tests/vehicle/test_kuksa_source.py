"""KuksaSource through open_vehicle against a real gRPC kuksa.val.v1 server on 127.0.0.1.

The server (scripts/kuksa_broker.py) is built from the service stubs inside
kuksa-client; the client side is kuksa-client's own VSSClient.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from incabin.vehicle import (
    ActionStatus,
    NotSupported,
    Reading,
    SourceError,
    Unavailable,
    UnavailableReason,
    Vehicle,
    open_vehicle,
)
from incabin.vehicle.kuksa_source import KuksaSource, parse_address
from tests.vehicle.conftest_sources import free_port, load_script, wait_until

kuksa_broker = load_script("kuksa_broker")

SPEED = "Vehicle.Speed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
DTCS = "Vehicle.Diagnostics.DTCList"
DRIVER_TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
FAN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
TRUNK = "Vehicle.Body.Trunk.Rear.IsOpen"
MASSAGE = "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level"

INITIAL: dict[str, Any] = {
    SPEED: 0.0,
    SOC: 76.5,
    DTCS: ["P0A80", "C0750"],
    DRIVER_TEMP: 20.0,
    FAN: 30,
    SEAT: 0,
    TRUNK: False,
    "Vehicle.Cabin.HVAC.IsAirConditioningActive": False,
    "Vehicle.Body.Raindetection.Intensity": 0,
}
SERVED = sorted(INITIAL)  # the massage seat, among others, is not served: this car lacks it


def current(car: Vehicle, path: str) -> Any:
    """The value of ``path``, or None while it is unavailable (for polling)."""
    reading = car.read(path)
    return reading.value if isinstance(reading, Reading) else None


@dataclass
class Rig:
    broker: Any
    port: int
    car: Vehicle

    @property
    def source(self) -> KuksaSource:
        assert isinstance(self.car.source, KuksaSource)
        return self.car.source


def new_broker(port: int = 0, values: dict[str, Any] = INITIAL) -> tuple[Any, int]:
    broker = kuksa_broker.Broker(paths=SERVED)
    broker.publish(values)
    return broker, broker.start(port)


@pytest.fixture(scope="module")
def rig() -> Iterator[Rig]:
    broker, port = new_broker()
    car = open_vehicle(f"kuksa:127.0.0.1:{port}")
    car.source.reconnect_delay = 0.1  # type: ignore[attr-defined]
    car.source.max_reconnect_delay = 0.5  # type: ignore[attr-defined]
    state = Rig(broker, port, car)
    yield state
    car.close()
    state.broker.stop()


def test_current_values_are_copied_at_start(rig: Rig) -> None:
    assert rig.car.get(SOC) == 76.5
    assert rig.car.get(DTCS) == ("P0A80", "C0750")
    assert rig.car.get(FAN) == 30 and type(rig.car.get(FAN)) is int
    speed = rig.car.read(SPEED)
    assert isinstance(speed, Reading) and speed.unit == "km/h" and speed.value == 0.0
    assert rig.source.server == f"incabin-test-databroker {kuksa_broker.VERSION}"


def test_signals_the_broker_lacks_are_not_supported(rig: Rig) -> None:
    assert sorted(rig.source.paths) == SERVED
    assert rig.car.read(MASSAGE) == Unavailable(MASSAGE, UnavailableReason.NOT_SUPPORTED)
    result = rig.car.actuate(MASSAGE, 40)
    assert result.status is ActionStatus.REFUSED and result.reason == "NOT_AVAILABLE"
    with pytest.raises(NotSupported, match=MASSAGE):
        rig.source.write_target(MASSAGE, 40)


def test_the_subscription_follows_the_provider(rig: Rig) -> None:
    rig.broker.publish({SPEED: 63.5, DTCS: ["P0A80"]})
    assert wait_until(
        lambda: current(rig.car, SPEED) == 63.5 and current(rig.car, DTCS) == ("P0A80",), 5
    )
    assert rig.source.connected
    rig.broker.publish({SPEED: 0.0})
    assert wait_until(lambda: current(rig.car, SPEED) == 0.0, 5)


def test_actuate_sends_a_target_value(rig: Rig) -> None:
    result = rig.car.actuate(DRIVER_TEMP, 22.5)
    assert result.status is ActionStatus.DONE, result
    assert rig.broker.target(DRIVER_TEMP) == 22.5
    # the broker's provider applies it and the new current value comes back
    assert wait_until(lambda: current(rig.car, DRIVER_TEMP) == 22.5, 5)


def test_a_target_is_not_a_current_value(rig: Rig) -> None:
    rig.broker.auto_actuate = False  # no provider applies targets now
    try:
        assert rig.car.actuate(SEAT, 50).status is ActionStatus.DONE
        assert rig.broker.target(SEAT) == 50
        assert rig.broker.current(SEAT) == 0
        assert not wait_until(lambda: current(rig.car, SEAT) == 50, 0.5)
        rig.broker.publish({SEAT: 50})  # the seat module reports it reached the target
        assert wait_until(lambda: current(rig.car, SEAT) == 50, 5)
    finally:
        rig.broker.auto_actuate = True


def test_a_refused_action_sends_nothing_to_the_broker(rig: Rig) -> None:
    rig.broker.publish({SPEED: 40.0})
    assert wait_until(lambda: current(rig.car, SPEED) == 40.0, 5)
    calls = rig.broker.set_calls
    result = rig.car.actuate(TRUNK, True)
    assert result.status is ActionStatus.REFUSED and result.reason == "UNSAFE_WHILE_MOVING"
    assert rig.broker.set_calls == calls and rig.broker.target(TRUNK) is None
    assert rig.car.get(TRUNK) is False
    rig.broker.publish({SPEED: 0.0})
    assert wait_until(lambda: current(rig.car, SPEED) == 0.0, 5)


def test_a_value_the_broker_refuses_is_a_source_error(rig: Rig) -> None:
    before = rig.broker.current(FAN)
    with pytest.raises(SourceError, match="out of bounds"):
        rig.source.write_target(FAN, 150)
    with pytest.raises(SourceError, match=SPEED):
        rig.source.write_target(SPEED, 10.0)  # a sensor has no target
    assert rig.broker.current(FAN) == before and rig.broker.target(FAN) is None
    assert rig.car.get(FAN) == before


def test_nonsense_from_a_provider_is_dropped_not_stored(rig: Rig) -> None:
    rig.broker.publish({SOC: 180.0})  # outside VSS 0..100 percent
    assert wait_until(lambda: rig.car.read(SOC) == Unavailable(SOC, UnavailableReason.STALE), 5)
    rig.broker.publish({SPEED: float("nan")})
    assert wait_until(lambda: rig.car.read(SPEED) == Unavailable(SPEED, UnavailableReason.STALE), 5)
    rig.broker.publish({SPEED: 1.0})  # the feed goes on
    assert wait_until(lambda: current(rig.car, SPEED) == 1.0, 5)
    rig.broker.publish({SOC: 75.0, SPEED: 0.0})
    assert wait_until(lambda: current(rig.car, SOC) == 75.0, 5)


@pytest.mark.parametrize(
    "spec, message",
    [
        ("kuksa:127.0.0.1:{free}", "cannot reach the Kuksa databroker"),
        ("kuksa:127.0.0.1", "bad Kuksa databroker address"),
        ("kuksa:localhost:99999", "bad Kuksa databroker address"),
        ("kuksa:", "bad Kuksa databroker address"),
    ],
)
def test_a_broker_that_is_down_is_a_clear_source_error(spec: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        open_vehicle(spec.format(free=free_port()))


def test_parse_address_handles_ipv6() -> None:
    assert parse_address("[::1]:55555") == ("::1", 55555)
    assert parse_address("databroker:55556") == ("databroker", 55556)


def test_survives_the_broker_dying_and_reconnects(rig: Rig) -> None:
    assert rig.source.connected
    rig.broker.stop()
    stale = Unavailable(SPEED, UnavailableReason.STALE)
    assert wait_until(lambda: rig.car.read(SPEED) == stale, 10)
    assert not rig.source.connected
    assert rig.car.read(DTCS) == Unavailable(DTCS, UnavailableReason.STALE)

    result = rig.car.actuate(FAN, 60)  # nobody to send it to
    assert result.status is ActionStatus.FAILED and result.reason == "SOURCE_DOWN"
    assert result.changes == ()

    rig.broker, _ = new_broker(rig.port, {**INITIAL, SPEED: 12.0, SOC: 70.0})
    assert wait_until(lambda: rig.source.reconnects == 1 and rig.car.read(SPEED) != stale, 10)
    assert rig.car.get(SPEED) == 12.0 and rig.car.get(SOC) == 70.0
    assert rig.car.actuate(FAN, 60).status is ActionStatus.DONE
    assert wait_until(lambda: current(rig.car, FAN) == 60, 5)


def test_the_profile_and_the_freshest_values_come_from_the_broker() -> None:
    tb = "Vehicle.Powertrain.TractionBattery"
    window = "Vehicle.Cabin.Door.Row1.DriverSide.Window"
    values: dict[str, Any] = {
        "Vehicle.Powertrain.Type": "ELECTRIC",
        "Vehicle.Cabin.DoorCount": 2,
        "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.IsAvailable": True,
        "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level": 0,
        f"{tb}.StateOfCharge.Current": 50.0,
        f"{tb}.Range": 200_000,
        f"{window}.Position": 0,
        f"{window}.IsOpen": False,
    }
    broker = kuksa_broker.Broker(paths=list(values))
    broker.publish(values)
    port = broker.start(0)
    try:
        with open_vehicle(f"kuksa:127.0.0.1:{port}") as car:
            assert car.has("seat_massage") and not car.has("heated_mirrors")
            assert car.profile.doors == ("Row1.DriverSide", "Row1.PassengerSide")
            # this car reports neither the displayed SoC nor the total range: the answer
            # comes from the signal it does report
            assert car.get_freshest(f"{tb}.StateOfCharge.Displayed") == 50.0
            assert car.get_freshest("Vehicle.Powertrain.Range") == 200_000
            broker.publish({f"{tb}.StateOfCharge.Current": 49.0, f"{window}.Position": 30})
            assert wait_until(lambda: current(car, f"{window}.IsOpen") is True, 5)
            assert car.get_freshest(f"{tb}.StateOfCharge.Displayed") == 49.0
    finally:
        broker.stop()
