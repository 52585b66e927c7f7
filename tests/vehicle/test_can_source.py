"""CanSource on python-can's virtual bus, decoding frames with opendbc's real Ford DBC."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import can
import pytest

from incabin.vehicle import (
    ActionStatus,
    NotSupported,
    Reading,
    SourceError,
    Unavailable,
    UnavailableReason,
    Vehicle,
    VehicleStore,
    open_vehicle,
)
from incabin.vehicle.can_source import CAN_MAPS, CanSource, load_dbc
from tests.vehicle.conftest_sources import wait_until

CHANNEL = "incabin-test-can"
FORD = "ford_lincoln_base_pt"
SPEED = "Vehicle.Speed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
FRONT_LEFT = "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure"
REAR_RIGHT = "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure"


class FordEcus:
    """Sends real frames, encoded with the same DBC, as the car's ECUs would."""

    def __init__(self) -> None:
        self.db = load_dbc(FORD)
        self.bus = can.Bus(interface="virtual", channel=CHANNEL)

    def frame(self, message: str, **values: float) -> can.Message:
        msg = self.db.get_message_by_name(message)
        full = {s.name: values.get(s.name, max(s.minimum or 0, 0)) for s in msg.signals}
        data = msg.encode(full, strict=False)
        return can.Message(arbitration_id=msg.frame_id, data=data, is_extended_id=False)

    def send(self, message: str, **values: float) -> None:
        self.bus.send(self.frame(message, **values))

    def drive(self, speed: float, soc: float, tyres: tuple[int, int, int, int]) -> None:
        self.send("BrakeSysFeatures", Veh_V_ActlBrk=speed)
        self.send("Battery_Traction_4_FD1", BattTracSoc2_Pc_Actl=soc, BattTrac_Te_Actl=24.5)
        self.send(
            "Tire_Pressure_Data_FD1",
            Tire_Press_LF_Data=tyres[0],
            Tire_Press_RF_Data=tyres[1],
            Tire_Press_LR_OLR_Data=tyres[2],
            Tire_Press_RR_ORR_Data=tyres[3],
        )
        self.send("EngineClimateData", AirAmb_Te_Actl=6.25)
        self.send("Cluster_Info1_FD1", OdometerMasterValue=12345)


def current(can_car: Vehicle, path: str) -> Any:
    reading = can_car.read(path)
    return reading.value if isinstance(reading, Reading) else None


@pytest.fixture(scope="module")
def ecus() -> Iterator[FordEcus]:
    sender = FordEcus()
    yield sender
    sender.bus.shutdown()


@pytest.fixture(scope="module")
def can_car(ecus: FordEcus) -> Iterator[Vehicle]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("INCABIN_CAN_CHANNEL", CHANNEL)
        vehicle = open_vehicle(f"can:{FORD}")
    assert isinstance(vehicle.source, CanSource)
    vehicle.source.stale_after = 0.5
    yield vehicle
    vehicle.close()


def test_frames_become_vss_values(can_car: Vehicle, ecus: FordEcus) -> None:
    ecus.drive(speed=88.5, soc=64.25, tyres=(250, 248, 240, 241))
    assert wait_until(lambda: current(can_car, REAR_RIGHT) == 241, 3)
    assert current(can_car, SPEED) == pytest.approx(88.5)
    assert current(can_car, SOC) == pytest.approx(64.25)
    assert current(can_car, FRONT_LEFT) == 250
    assert current(can_car, "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure") == 248
    assert current(can_car, "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure") == 240
    assert current(can_car, "Vehicle.Powertrain.TractionBattery.Temperature.Average") == 24.5
    assert current(can_car, "Vehicle.Exterior.AirTemperature") == 6.25
    assert current(can_car, "Vehicle.TraveledDistance") == 12_345_000  # VSS 6.0: metres
    speed = can_car.read(SPEED)
    assert isinstance(speed, Reading) and speed.unit == "km/h"


def test_every_mapped_signal_exists_in_its_dbc() -> None:
    for name, rows in CAN_MAPS.items():
        db = load_dbc(name)
        for row in rows:
            db.get_message_by_name(row.message).get_signal_by_name(row.signal)


def test_garbled_and_foreign_frames_are_ignored(can_car: Vehicle, ecus: FordEcus) -> None:
    assert isinstance(can_car.source, CanSource)
    decoded = can_car.source.frames
    soc_id = ecus.db.get_message_by_name("Battery_Traction_4_FD1").frame_id
    ecus.bus.send(can.Message(arbitration_id=soc_id, data=b"\x01", is_extended_id=False))
    ecus.bus.send(can.Message(arbitration_id=0x7DF, data=bytes(8), is_extended_id=False))
    ecus.send("BrakeSysFeatures", Veh_V_ActlBrk=42.0)
    assert wait_until(lambda: current(can_car, SPEED) == pytest.approx(42.0), 3)
    assert can_car.source.frames == decoded + 1  # only the good frame was decoded


def test_an_impossible_value_is_not_stored(can_car: Vehicle, ecus: FordEcus) -> None:
    ecus.send("Battery_Traction_4_FD1", BattTracSoc2_Pc_Actl=64.0, BattTrac_Te_Actl=24.5)
    assert wait_until(lambda: current(can_car, SOC) == pytest.approx(64.0), 3)
    ecus.send("Battery_Traction_4_FD1", BattTracSoc2_Pc_Actl=150.0, BattTrac_Te_Actl=24.5)
    assert wait_until(lambda: can_car.read(SOC) == Unavailable(SOC, UnavailableReason.STALE), 3)
    assert current(can_car, "Vehicle.Powertrain.TractionBattery.Temperature.Average") == 24.5


def test_silent_ecus_make_values_stale(can_car: Vehicle, ecus: FordEcus) -> None:
    ecus.drive(speed=30.0, soc=60.0, tyres=(250, 250, 250, 250))
    assert wait_until(lambda: current(can_car, SPEED) == pytest.approx(30.0), 3)
    stale = Unavailable(SPEED, UnavailableReason.STALE)
    assert wait_until(lambda: can_car.read(SPEED) == stale, 3)  # 0.5 s without a frame
    assert can_car.read(FRONT_LEFT) == Unavailable(FRONT_LEFT, UnavailableReason.STALE)
    ecus.drive(speed=31.0, soc=60.0, tyres=(250, 250, 250, 250))
    assert wait_until(lambda: current(can_car, SPEED) == pytest.approx(31.0), 3)


def test_the_can_source_only_listens(can_car: Vehicle) -> None:
    path = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
    with pytest.raises(NotSupported, match="only listens"):
        can_car.source.write_target(path, 21.0)
    result = can_car.actuate(path, 21.0)
    assert result.status is ActionStatus.FAILED and result.reason == "NOT_SUPPORTED"
    assert result.changes == ()


@pytest.mark.parametrize(
    "spec, message",
    [
        ("can:no_such_car", "no VSS map for the DBC 'no_such_car'"),
        ("can:", "no DBC given"),
        ("can:/nonexistent/ford_lincoln_base_pt.dbc", "no DBC file"),
    ],
)
def test_bad_specs_are_clear_source_errors(spec: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        open_vehicle(spec)


def test_a_dbc_that_does_not_parse_is_a_source_error() -> None:
    # opendbc ships this file, but cantools cannot parse one of its comments
    with pytest.raises(SourceError, match="cannot load the DBC file hyundai_kia_generic.dbc"):
        load_dbc("hyundai_kia_generic")


def test_a_bus_that_cannot_open_is_a_source_error() -> None:
    source = CanSource(FORD, interface="no-such-interface", channel="x")
    with pytest.raises(SourceError, match="cannot open the CAN bus"):
        source.start(VehicleStore())
    source.stop()
