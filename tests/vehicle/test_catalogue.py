"""The shipped VSS catalogue: the whole VSS 6.0 tree, its version and field values as the spec
gives them, and the leaves that 6.0 moved."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from incabin.vehicle import Catalogue, InvalidValue, SignalKind, UnknownSignal, load_catalogue
from incabin.vehicle._catalogue import catalogue_from_tree

REQUIRED = [
    "Vehicle.Speed",
    "Vehicle.CurrentLocation.Latitude",
    "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
    "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit",
    "Vehicle.Powertrain.TractionBattery.Range",
    "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
    "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen",
    "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position",
    "Vehicle.Body.Trunk.Rear.IsOpen",
    "Vehicle.Body.Hood.IsOpen",
    "Vehicle.Cabin.Sunroof.Position",
    "Vehicle.Cabin.Sunroof.Shade.Position",
    "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature",
    "Vehicle.Cabin.HVAC.IsFrontDefrosterActive",
    "Vehicle.Cabin.HVAC.IsAirConditioningActive",
    "Vehicle.Cabin.HVAC.IsRecirculationActive",
    "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling",
    "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level",
    "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.IsAvailable",
    "Vehicle.Cabin.Seat.Row1.DriverSide.OccupancyStatus",
    "Vehicle.Chassis.SteeringWheel.HeatingCooling",
    "Vehicle.Body.Lights.Beam.Low.IsOn",
    "Vehicle.Body.Lights.Beam.High.IsOn",
    "Vehicle.Body.Lights.Fog.Front.IsOn",
    "Vehicle.Body.Windshield.Front.Wiping.Mode",
    "Vehicle.Body.Raindetection.Intensity",
    "Vehicle.Exterior.AirTemperature",
    "Vehicle.Cabin.HVAC.AmbientAirTemperature",
    "Vehicle.Diagnostics.DTCList",
    "Vehicle.TraveledDistance",
    "Vehicle.TripDuration",
    "Vehicle.Acceleration.Longitudinal",
]


def test_catalogue_is_the_whole_vss_6_0_tree() -> None:
    cat = load_catalogue()
    assert len(cat) == 1267
    assert cat.vss_version == "6.0"
    assert load_catalogue() is cat  # parsed once per process
    for path in REQUIRED:
        assert path in cat, path


def test_every_leaf_has_a_known_kind_and_vss_datatype() -> None:
    datatypes = {
        "boolean",
        "string",
        "float",
        "double",
        "uint8",
        "uint16",
        "uint32",
        "int8",
        "int16",
        "int32",
        "string[]",
        "uint8[]",
        "float[]",
    }
    for sig in load_catalogue():
        assert sig.kind in set(SignalKind)
        assert sig.datatype in datatypes, sig.path
        assert sig.description, sig.path
        if sig.min is not None and sig.max is not None:
            assert sig.min < sig.max, sig.path


@pytest.mark.parametrize(
    ("path", "kind", "datatype", "unit", "lo", "hi", "allowed"),
    [
        ("Vehicle.Speed", "sensor", "float", "km/h", None, None, None),
        (
            "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling",
            "actuator",
            "int8",
            "percent",
            -100,
            100,
            None,
        ),
        (
            "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position",
            "actuator",
            "uint8",
            "percent",
            0,
            100,
            None,
        ),
        ("Vehicle.Cabin.Sunroof.Position", "sensor", "int8", "percent", -100, 100, None),
        (
            "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit",
            "actuator",
            "uint8",
            "percent",
            0,
            100,
            None,
        ),
        (
            "Vehicle.Cabin.HVAC.Station.Row1.Driver.AirDistribution",
            "actuator",
            "string",
            None,
            None,
            None,
            ("UP", "MIDDLE", "DOWN"),
        ),
        (
            "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure",
            "sensor",
            "uint16",
            "kPa",
            None,
            None,
            None,
        ),
        ("Vehicle.Diagnostics.DTCList", "sensor", "string[]", None, None, None, None),
        ("Vehicle.CurrentLocation.Latitude", "sensor", "double", "degrees", -90, 90, None),
    ],
)
def test_fields_match_the_spec(path, kind, datatype, unit, lo, hi, allowed) -> None:
    sig = load_catalogue().get(path)
    assert (sig.kind, sig.datatype, sig.unit, sig.min, sig.max, sig.allowed) == (
        kind,
        datatype,
        unit,
        lo,
        hi,
        allowed,
    )


def test_unknown_path_suggests_close_matches() -> None:
    with pytest.raises(UnknownSignal) as info:
        load_catalogue().get("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temprature")
    assert info.value.suggestions[0] == "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
    assert "did you mean" in str(info.value)
    with pytest.raises(UnknownSignal):
        load_catalogue().get(None)  # type: ignore[arg-type]


def test_paths_by_branch_prefix() -> None:
    cat = load_catalogue()
    hvac = cat.paths("Vehicle.Cabin.HVAC")
    assert "Vehicle.Cabin.HVAC.IsAirConditioningActive" in hvac
    assert all(p.startswith("Vehicle.Cabin.HVAC.") for p in hvac)
    # a prefix is a branch, not a string prefix: HVAC must not match HVACX
    assert cat.paths("Vehicle.Cabin.HVA") == []
    assert cat.paths() == sorted(cat.paths())


def test_catalogue_is_the_packaged_covesa_export_with_its_licence() -> None:
    data = resources.files("incabin.vehicle").joinpath("data")
    tree = json.loads(data.joinpath("vss_6.0.json").read_text("utf-8"))
    assert len(catalogue_from_tree(tree)) == len(load_catalogue())
    assert "Mozilla Public License Version 2.0" in data.joinpath("vss_6.0.LICENSE").read_text()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Vehicle.Cabin.Seat.Row1.DriverSide.MassageLevel",
            "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level",
        ),
        (
            "Vehicle.Cabin.Seat.Row2.Middle.IsOccupied",
            "Vehicle.Cabin.Seat.Row2.Middle.OccupancyStatus",
        ),
        ("Vehicle.OBD.DistanceSinceDTCClear", None),
        ("Vehicle.Powertrain.CombustionEngine.ECT", None),
    ],
)
def test_paths_outside_vss_6_0_are_unknown_and_moved_ones_point_to_6_0(old, new) -> None:
    cat = load_catalogue()
    assert old not in cat
    with pytest.raises(UnknownSignal) as info:
        cat.get(old)
    if new is not None:
        assert info.value.suggestions[0] == new and new in cat


def test_moved_leaves_have_their_6_0_fields() -> None:
    cat = load_catalogue()
    level = cat.get("Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level")
    assert (level.kind, level.datatype, level.unit, level.min, level.max) == (
        "actuator", "uint8", "percent", 0, 100,
    )
    occupancy = cat.get("Vehicle.Cabin.Seat.Row1.PassengerSide.OccupancyStatus")
    assert occupancy.allowed == ("UNKNOWN", "OCCUPIED", "EMPTY")
    with pytest.raises(InvalidValue):
        occupancy.validate(True)  # 5.1's boolean IsOccupied is no longer the shape
    odometer = cat.get("Vehicle.TraveledDistance")
    assert (odometer.datatype, odometer.unit) == ("uint32", "m")
    assert cat.get("Vehicle.Cabin.SeatPosCount").validate([2, 3]) == (2, 3)


def test_instances_name_what_the_wildcards_stand_for() -> None:
    found = dict(load_catalogue().instances("Vehicle.Cabin.Seat.*.*.Massage.Level"))
    assert found["Vehicle.Cabin.Seat.Row2.Middle.Massage.Level"] == ("Row2", "Middle")
    assert len(found) == 6
    branch = load_catalogue().instances("Vehicle.Cabin.RearShade", branch=True)
    assert {p for p, _ in branch} == {
        "Vehicle.Cabin.RearShade.IsOpen", "Vehicle.Cabin.RearShade.Position",
        "Vehicle.Cabin.RearShade.Switch",
    }


def test_a_custom_catalogue_validates_its_own_signals() -> None:
    speed = load_catalogue().get("Vehicle.Speed")
    cat = Catalogue({speed.path: speed}, "6.0")
    assert cat.get("Vehicle.Speed") is speed
    assert "Vehicle.IsMoving" not in cat
    with pytest.raises(UnknownSignal):
        cat.get("Vehicle.IsMoving")


def test_a_scenario_path_vss_6_moved_is_read_the_6_0_way():
    from incabin.agents.scenarios import Given
    from incabin.vehicle import from_vss5

    assert from_vss5("Vehicle.Cabin.Seat.Row1.PassengerSide.IsOccupied", True) == (
        "Vehicle.Cabin.Seat.Row1.PassengerSide.OccupancyStatus", "OCCUPIED")
    assert from_vss5("Vehicle.Speed", 50) == ("Vehicle.Speed", 50)
    given = Given(vehicle={"Vehicle.Cabin.Seat.Row1.DriverSide.MassageLevel": 0})
    assert given.vehicle == {"Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level": 0}
