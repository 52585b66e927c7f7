"""The Vehicle facade: open_vehicle, the source registry, subscribe, DTCs, failing sources."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from incabin.vehicle import (
    ActionStatus,
    InvalidValue,
    NotSupported,
    Reading,
    SignalKind,
    SignalUnavailable,
    SimSource,
    UnknownSource,
    Vehicle,
    VehicleStore,
    label,
    open_vehicle,
    register_source,
)
from incabin.vehicle._vehicle import COMMANDABLE_SENSORS

TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"


def test_open_vehicle_defaults_to_the_simulator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INCABIN_VEHICLE", raising=False)
    with open_vehicle() as car:
        assert isinstance(car.source, SimSource)
    monkeypatch.setenv("INCABIN_VEHICLE", "sim")
    with open_vehicle() as car:
        assert car.get("Vehicle.Speed") == 0.0


def test_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(UnknownSource, match="known schemes: .*sim"):
        open_vehicle("teleport:5")
    with pytest.raises(UnknownSource, match="udds"):
        open_vehicle("sim:moon")


def test_sim_spec_can_start_a_cycle() -> None:
    with open_vehicle("sim:hwfet") as car:
        car.advance(300)
        assert car.get("Vehicle.Speed") > 50.0


class ReadOnlySource:
    """A source like a plain OBD adapter: values in, no commands out."""

    def __init__(self, argument: str) -> None:
        self.argument = argument
        self.stopped = 0

    def start(self, store: VehicleStore) -> None:
        store.update(
            {"Vehicle.Speed": 42.0, TEMP: 20.0, "Vehicle.Cabin.HVAC.IsAirConditioningActive": False}
        )

    def stop(self) -> None:
        self.stopped += 1

    def write_target(self, path: str, value: Any) -> None:
        raise NotSupported(f"read-only source cannot write {path}")

    def advance(self, seconds: float) -> None:
        pass


def test_registered_scheme_gets_its_argument_and_failures_are_reported() -> None:
    register_source("readonly", ReadOnlySource)
    car = open_vehicle("readonly:/dev/ttyUSB9")
    assert car.source.argument == "/dev/ttyUSB9"
    assert car.get("Vehicle.Speed") == 42.0
    result = car.actuate(TEMP, 22)
    assert (result.status, result.reason) == (ActionStatus.FAILED, "NOT_SUPPORTED")
    assert car.get(TEMP) == 20.0 and result.changes == ()
    # a signal the source never sent
    with pytest.raises(SignalUnavailable):
        car.get("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current")
    car.close()
    car.close()
    assert car.source.stopped == 1


class FlakySource(ReadOnlySource):
    """Accepts the first write, then fails."""

    def __init__(self, argument: str) -> None:
        super().__init__(argument)
        self.written: list[tuple[str, Any]] = []
        self.store: VehicleStore | None = None

    def start(self, store: VehicleStore) -> None:
        super().start(store)
        self.store = store
        store.update(
            {f"Vehicle.Cabin.HVAC.Station.Row1.{s}.FanSpeed": 0 for s in ("Driver", "Passenger")}
        )

    def write_target(self, path: str, value: Any) -> None:
        if self.written:
            raise NotSupported("gone")
        self.written.append((path, value))
        assert self.store is not None
        self.store.set(path, value)


def test_partial_result_lists_only_what_happened() -> None:
    car = Vehicle(VehicleStore(), FlakySource(""))
    result = car.actuate("Vehicle.Cabin.HVAC.IsAirConditioningActive", True)
    assert result.status is ActionStatus.PARTIAL
    assert [c.path for c in result.changes] == ["Vehicle.Cabin.HVAC.IsAirConditioningActive"]
    assert car.get("Vehicle.Cabin.HVAC.IsAirConditioningActive") is True


def test_batch_partial_result_lists_only_what_happened() -> None:
    car = Vehicle(VehicleStore(), FlakySource(""))
    fan = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
    result = car.actuate_many([(TEMP, 22), (fan, 40)])
    assert (result.status, result.reason) == (ActionStatus.PARTIAL, "NOT_SUPPORTED")
    assert [(c.path, c.new) for c in result.changes] == [(TEMP, 22)]
    assert "fan" in result.message and result.ok


def test_actuate_many_needs_at_least_one_write(car: Vehicle) -> None:
    with pytest.raises(InvalidValue, match="at least one"):
        car.actuate_many([])


def test_every_commandable_signal_has_a_spoken_name_in_english_and_chinese(car: Vehicle) -> None:
    actuators = [s.path for s in car.catalogue if s.kind is SignalKind.ACTUATOR]
    commandable = actuators + sorted(COMMANDABLE_SENSORS)
    for path in commandable:
        english, chinese = label(path), label(path, "zh")
        assert "Vehicle" not in english and "." not in english, path
        assert "Vehicle" not in chinese and any("\u4e00" <= ch <= "\u9fff" for ch in chinese), path
    assert label("Vehicle.Cabin.Door.Row1.DriverSide.Window.Position", "zh") == "主驾车窗"
    assert label("Vehicle.Body.Lights.Beam.High.IsOn", "zh") == "远光灯"


def test_subscribe_through_the_facade_while_driving(car: Vehicle) -> None:
    speeds: list[float] = []
    sub = car.subscribe(["Vehicle.Speed"], lambda r: speeds.append(r.value))
    car.source.drive([(0, 0), (5, 50), (10, 50)])
    car.advance(10)
    sub.cancel()
    assert len(speeds) == 100  # 10 Hz
    assert speeds[49] == pytest.approx(50.0) and max(speeds) == pytest.approx(50.0)
    car.advance(1)
    assert len(speeds) == 100


def test_async_subscribe_through_the_facade(car: Vehicle) -> None:
    async def main() -> list[Reading]:
        got = []
        async with car.subscribe("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current") as sub:
            car.set("Vehicle.Speed", 100.0)
            car.advance(3)
            async for reading in sub:
                got.append(reading)
                if len(got) == 3:
                    break
        return got

    got = asyncio.run(asyncio.wait_for(main(), 5))
    assert [r.value for r in got] == sorted((r.value for r in got), reverse=True)
    assert got[0].unit == "percent" and got[1].timestamp - got[0].timestamp == pytest.approx(1.0)


def test_dtcs(car: Vehicle) -> None:
    car.add_dtc("p0a80")
    car.add_dtc("U0100")
    car.add_dtc("P0A80")
    assert car.dtcs == ["P0A80", "U0100"]
    assert car.get("Vehicle.Diagnostics.DTCCount") == 2
    for bad in ("X1234", "P0A8", "P0A8G", "", None):
        with pytest.raises(InvalidValue):
            car.add_dtc(bad)  # type: ignore[arg-type]
    assert car.dtcs == ["P0A80", "U0100"]
    car.clear_dtcs()
    assert car.dtcs == []


def test_advance_rejects_nonsense(car: Vehicle) -> None:
    for bad in (-1, float("nan"), "10"):
        with pytest.raises(InvalidValue):
            car.advance(bad)  # type: ignore[arg-type]


def test_direct_set_stops_a_moving_window(car: Vehicle) -> None:
    window = "Vehicle.Cabin.Door.Row1.PassengerSide.Window.Position"
    car.actuate(window, 100)
    car.advance(1)
    car.set(window, 30)
    car.advance(10)
    assert car.get(window) == 30 and car.target(window) == 30
    assert car.get("Vehicle.Cabin.Door.Row1.PassengerSide.Window.IsOpen") is True
    car.set(window, 0)
    assert car.get("Vehicle.Cabin.Door.Row1.PassengerSide.Window.IsOpen") is False
