"""The shipped VSS catalogue: size, version and field values as the spec gives them."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from incabin.vehicle import Catalogue, SignalKind, UnknownSignal, load_catalogue

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
    "Vehicle.Cabin.Seat.Row1.DriverSide.MassageLevel",
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


def test_catalogue_has_at_least_120_leaves_and_the_vss_version() -> None:
    cat = load_catalogue()
    assert len(cat) >= 120
    assert cat.vss_version == "6.0"
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


def test_catalogue_file_records_its_source() -> None:
    raw = json.loads(
        resources.files("incabin.vehicle").joinpath("data/vss_signals.json").read_text()
    )
    assert raw["vss_version"] == "6.0"
    assert "COVESA" in raw["source"]


def test_a_custom_catalogue_validates_its_own_signals() -> None:
    speed = load_catalogue().get("Vehicle.Speed")
    cat = Catalogue({speed.path: speed}, "6.0")
    assert cat.get("Vehicle.Speed") is speed
    assert "Vehicle.IsMoving" not in cat
    with pytest.raises(UnknownSignal):
        cat.get("Vehicle.IsMoving")
