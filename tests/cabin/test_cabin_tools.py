"""Seat ventilation and massage, ambient and reading lights, mirrors and the heated
windscreen through the assistant, on the default car and on the basic one (no model:
these requests are capability sentences)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incabin.agents import Assistant
from incabin.llm import ScriptedModel

SEAT = "Vehicle.Cabin.Seat.{}.HeatingCooling"
MASSAGE = "Vehicle.Cabin.Seat.{}.Massage.Level"
AMBIENT = "Vehicle.Cabin.Light.AmbientLight.{}."
ZONES = ("Row1.DriverSide", "Row1.PassengerSide", "Row2.DriverSide", "Row2.PassengerSide")


def _open(vehicle: str) -> Assistant:
    return Assistant.create(ScriptedModel(), vehicle, profiles="guest")


@pytest.fixture
def car() -> Iterator[Assistant]:
    a = _open("sim")
    yield a
    a.close()


@pytest.fixture
def basic() -> Iterator[Assistant]:
    a = _open("sim:profile=basic")
    yield a
    a.close()


def test_seat_ventilation_is_negative_heating_cooling(car: Assistant) -> None:
    assert car.send("turn on the seat ventilation").act == "done"
    assert car.vehicle.get(SEAT.format("Row1.DriverSide")) == -66
    car.send("副驾座椅通风开到最大")
    assert car.vehicle.get(SEAT.format("Row1.PassengerSide")) == -100
    car.send("turn the seat ventilation down a notch")
    assert car.vehicle.get(SEAT.format("Row1.DriverSide")) == -33
    assert "ventilation is on" in car.send("is the seat ventilation on?").text
    car.send("turn off the seat ventilation")
    assert car.vehicle.get(SEAT.format("Row1.DriverSide")) == 0


def test_ventilation_off_leaves_the_heating_alone(car: Assistant) -> None:
    car.vehicle.set(SEAT.format("Row1.DriverSide"), 66)
    car.send("turn off the seat ventilation")
    assert car.vehicle.get(SEAT.format("Row1.DriverSide")) == 66


def test_massage_level_and_programme_for_both_rows(car: Assistant) -> None:
    car.send("massage on high for the passenger")
    assert car.vehicle.get(MASSAGE.format("Row1.PassengerSide")) == 100
    car.send("turn on the rear seats massage")
    assert car.vehicle.get(MASSAGE.format("Row2.DriverSide")) == 66
    assert car.vehicle.get(MASSAGE.format("Row2.PassengerSide")) == 66
    car.send("give me a kneading massage")
    assert car.vehicle.get("Vehicle.Cabin.Seat.Row1.DriverSide.Massage.TypeActive") == "KNEAD"
    assert "massage is on" in car.send("is the massage on?").text.lower()
    car.send("关闭副驾按摩")
    assert car.vehicle.get(MASSAGE.format("Row1.PassengerSide")) == 0


def test_ambient_colour_from_names_in_both_languages(car: Assistant) -> None:
    assert car.send("set the ambient light to purple").act == "done"
    assert all(car.vehicle.get(AMBIENT.format(z) + "Color") == "#800080" for z in ZONES)
    assert all(car.vehicle.get(AMBIENT.format(z) + "IsLightOn") for z in ZONES)
    car.send("氛围灯调成蓝色")
    assert car.vehicle.get(AMBIENT.format(ZONES[0]) + "Color") == "#0000FF"
    car.send("set the ambient light brightness to 80 percent")
    assert car.vehicle.get(AMBIENT.format(ZONES[2]) + "Intensity") == 80
    car.send("turn off the ambient light")
    assert not any(car.vehicle.get(AMBIENT.format(z) + "IsLightOn") for z in ZONES)


def test_a_colour_it_does_not_know_changes_nothing(car: Assistant) -> None:
    from incabin.agents.car_genius.lights import set_ambient_light
    from incabin.agents.context import Memory, TurnContext

    before = {z: car.vehicle.get(AMBIENT.format(z) + "Color") for z in ZONES}
    ctx = TurnContext(car.services, Memory(), "en", "make the ambient light blurple")
    outcome = set_ambient_light.run(ctx, {"colour": "blurple"})
    assert outcome.act == "refuse" and "blurple" in outcome.say
    unsaid = set_ambient_light.run(ctx, {"colour": "red"})  # a colour the driver never said
    assert unsaid.act == "clarify"
    assert {z: car.vehicle.get(AMBIENT.format(z) + "Color") for z in ZONES} == before


def test_reading_and_dome_lights(car: Assistant) -> None:
    car.send("turn on the rear reading lights")
    assert car.vehicle.get("Vehicle.Cabin.Light.Spotlight.Row2.DriverSide.IsLightOn") is True
    assert car.vehicle.get("Vehicle.Cabin.Light.Spotlight.Row1.DriverSide.IsLightOn") is False
    car.send("打开顶灯")
    assert car.vehicle.get("Vehicle.Cabin.Light.IsDomeOn") is True


def test_mirrors_fold_and_heat_but_not_while_moving(car: Assistant) -> None:
    car.send("heat the mirrors")
    assert car.vehicle.get("Vehicle.Body.Mirrors.PassengerSide.IsHeatingOn") is True
    car.vehicle.set("Vehicle.Speed", 80)
    reply = car.send("fold the mirrors")
    assert reply.act == "refuse" and car.vehicle.get("Vehicle.Body.Mirrors.DriverSide.IsFolded") is False
    car.vehicle.set("Vehicle.Speed", 0)
    assert car.send("折叠后视镜").act == "done"
    assert car.vehicle.get("Vehicle.Body.Mirrors.DriverSide.IsFolded") is True


def test_heated_windscreen(car: Assistant) -> None:
    assert car.send("turn on the heated windscreen").act == "done"
    assert car.vehicle.get("Vehicle.Body.Windshield.Front.IsHeatingOn") is True


@pytest.mark.parametrize(("request_text", "path"), [
    ("turn on the seat ventilation", SEAT.format("Row1.DriverSide")),
    ("turn on the massage", MASSAGE.format("Row1.DriverSide")),
    ("set the ambient light to purple", AMBIENT.format(ZONES[0]) + "Color"),
    ("turn on the reading light", "Vehicle.Cabin.Light.Spotlight.Row1.DriverSide.IsLightOn"),
    ("fold the mirrors", "Vehicle.Body.Mirrors.DriverSide.IsFolded"),
    ("heat the mirrors", "Vehicle.Body.Mirrors.DriverSide.IsHeatingOn"),
    ("turn on the heated windscreen", "Vehicle.Body.Windshield.Front.IsHeatingOn"),
    ("打开座椅通风", SEAT.format("Row1.DriverSide")),
    ("氛围灯调成蓝色", AMBIENT.format(ZONES[0]) + "Color"),
])
def test_the_basic_car_has_none_of_them(basic: Assistant, request_text: str, path: str) -> None:
    before = basic.vehicle.read(path)
    moved = {p: basic.vehicle.read(p) for p in (SEAT.format("Row1.DriverSide"),
                                                 "Vehicle.Body.Lights.Beam.Low.IsOn")}
    reply = basic.send(request_text)
    assert reply.act == "refuse"
    assert "has no" in reply.text or "没有" in reply.text
    assert basic.vehicle.read(path) == before
    assert {p: basic.vehicle.read(p) for p in moved} == moved


@pytest.mark.parametrize(("command", "question"), [
    ("play Miles Davis", "is the music on?"),
    ("call Anna", "who called?"),
])
def test_the_basic_car_has_no_media_or_phone(basic: Assistant, command: str, question: str) -> None:
    reply = basic.send(command)
    assert reply.act == "refuse" and "has no" in reply.text
    assert not any(a.ok for a in reply.actions)
    assert basic.send(question).text.startswith("This car has no")
