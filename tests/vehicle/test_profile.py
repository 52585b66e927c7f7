"""Car profiles: what a car has, as data, checked against VSS 6.0; bad files are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from incabin.vehicle import (
    FEATURE_NAMES,
    ActionStatus,
    CarProfile,
    ProfileError,
    SimConfig,
    SimSource,
    UnknownFeature,
    Vehicle,
    VehicleStore,
    load_catalogue,
    load_profile,
)
from incabin.vehicle._profile import profile_from_source

MASSAGE = "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.Level"


def test_the_default_profile_is_the_simulated_car() -> None:
    profile = load_profile()
    assert load_profile("default") is profile  # parsed once
    assert profile.attributes["Vehicle.Powertrain.Type"] == "ELECTRIC"
    assert profile.attributes["Vehicle.Cabin.SeatPosCount"] == (2, 3)
    assert profile.seats == (
        "Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.Middle",
        "Row2.PassengerSide",
    )
    assert profile.doors == (
        "Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.PassengerSide",
    )
    assert profile.has("heated_mirrors") and profile.has("seat_heating")
    # The car `make run` starts has every cabin feature incabin can operate.
    for feature in ("seat_massage", "seat_ventilation", "ambient_light", "reading_lights",
                    "folding_mirrors", "heated_windscreen", "media", "phone"):
        assert profile.has(feature), feature
    assert set(profile.present) | set(profile.absent) == set(FEATURE_NAMES)


def test_the_basic_profile_is_the_same_car_without_the_extras() -> None:
    basic, full = load_profile("basic"), load_profile()
    assert basic.attributes == full.attributes
    assert set(basic.present) < set(full.present)
    for feature in ("seat_massage", "seat_ventilation", "ambient_light", "reading_lights",
                    "folding_mirrors", "heated_mirrors", "heated_windscreen", "media", "phone"):
        assert not basic.has(feature), feature


def test_car_has_answers_from_the_profile(basic_car: Vehicle) -> None:
    assert basic_car.has("sunroof") and basic_car.has("seat_heating")
    assert not basic_car.has("seat_massage") and not basic_car.has("rear_shade")
    with pytest.raises(UnknownFeature, match="known features: seat_heating"):
        basic_car.has("jacuzzi")


def test_an_absent_feature_is_refused_as_not_available(basic_car: Vehicle) -> None:
    for path, value in ((MASSAGE, 40),
                        ("Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.IsLightOn", True),
                        ("Vehicle.Cabin.Light.Spotlight.Row1.DriverSide.IsLightOn", True),
                        ("Vehicle.Body.Mirrors.DriverSide.IsFolded", True),
                        ("Vehicle.Body.Windshield.Front.IsHeatingOn", True),
                        ("Vehicle.Cabin.Infotainment.Media.Action", "PLAY"),
                        ("Vehicle.Cabin.RearShade.Position", 0)):
        before = basic_car.read(path)
        result = basic_car.actuate(path, value)
        assert result.status is ActionStatus.REFUSED and result.reason == "NOT_AVAILABLE", path
        assert result.message.startswith("This car has no ")
        assert basic_car.read(path) == before


def test_seat_cooling_needs_seat_ventilation(car: Vehicle, basic_car: Vehicle) -> None:
    seat = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
    result = basic_car.actuate(seat, -66)
    assert result.reason == "NOT_AVAILABLE" and "seat ventilation" in result.message
    assert basic_car.get(seat) == 0
    assert basic_car.actuate(seat, 66).ok  # heating is still there
    assert car.actuate(seat, -66).ok and car.get(seat) == -66


def test_a_profile_with_features_switched_off() -> None:
    profile = load_profile().with_features({"seat_massage": False})
    assert not profile.has("seat_massage") and profile.has("media")
    with pytest.raises(UnknownFeature):
        load_profile().with_features({"jacuzzi": True})


def test_a_two_door_car_has_no_rear_doors(tmp_path: Path) -> None:
    file = tmp_path / "coupe.yaml"
    file.write_text(
        "name: coupe\n"
        "attributes: {Vehicle.Cabin.DoorCount: 2, Vehicle.Cabin.SeatPosCount: [2, 2]}\n"
        "features: {seat_heating: true}\n"
    )
    profile = load_profile(file)
    assert profile.doors == ("Row1.DriverSide", "Row1.PassengerSide")
    with Vehicle(VehicleStore(), SimSource(SimConfig(profile=profile))) as car:
        assert not car.is_available("Vehicle.Cabin.Door.Row2.DriverSide.Window.Position")
        assert not car.is_available("Vehicle.Cabin.Seat.Row2.Middle.HeatingCooling")
        assert car.get("Vehicle.Cabin.Door.Row1.DriverSide.Window.IsOpen") is False
        assert car.actuate("Vehicle.Cabin.Door.Row1.DriverSide.Window.Position", 50).ok
        car.settle()  # the simulator still runs without the rear doors
        car.advance(5)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name: [unclosed", "cannot read the car profile"),
        ("- just a list", "a mapping with a 'name'"),
        ("name: x\ncolour: red\n", "unknown keys ['colour']"),
        ("name: x\nfeatures: {jacuzzi: true}\n", "unknown features ['jacuzzi']"),
        ("name: x\nfeatures: {seat_massage: maybe}\n", "must be true or false"),
        ("name: x\nattributes: {Vehicle.Cabin.DoorCnt: 4}\n", "mean Vehicle.Cabin.DoorCount"),
        ("name: x\nattributes: {Vehicle.Speed: 4}\n", "not a VSS 6.0 attribute"),
        ("name: x\nattributes: {Vehicle.Cabin.DoorCount: 400}\n", "invalid value 400"),
        ("name: x\nattributes: {Vehicle.Powertrain.Type: STEAM}\n", "one of: COMBUSTION"),
        (
            "name: x\nattributes: {Vehicle.Cabin.Seat.Row1.DriverSide.Massage.IsAvailable: true}\n",
            "follows from 'features'",
        ),
    ],
)
def test_a_corrupt_profile_is_a_clear_error(tmp_path: Path, text: str, words: str) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(text)
    with pytest.raises(ProfileError, match=None) as info:
        load_profile(file)
    assert words in str(info.value)


def test_missing_profiles_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="known profiles: basic, default"):
        load_profile("spaceship")
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "nowhere.yaml")


def test_a_real_car_profile_comes_from_what_its_source_serves() -> None:
    catalogue = load_catalogue()
    values = {
        "Vehicle.Cabin.DoorCount": 2,
        "Vehicle.Cabin.Seat.Row1.DriverSide.Massage.IsAvailable": True,
        "Vehicle.Cabin.Seat.Row1.PassengerSide.Massage.IsAvailable": False,
    }
    served = {*values, "Vehicle.Body.Mirrors.DriverSide.IsHeatingOn",
              "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"}
    profile = profile_from_source(catalogue, "broker", served.__contains__, values.get)
    assert isinstance(profile, CarProfile) and profile.name == "broker"
    assert profile.has("seat_massage")  # one seat says so
    assert profile.has("heated_mirrors") and profile.has("seat_heating")
    assert not profile.has("ambient_light") and not profile.has("sunroof")
    assert profile.attributes == values
    assert profile.doors == ("Row1.DriverSide", "Row1.PassengerSide")
