"""The preference catalogue: keys, validation, normalisation and schemas."""

from __future__ import annotations

from typing import Any

import pytest

from incabin.profile import CATALOGUE, InvalidPreference, SavedPlace, UnknownPreference, spec

DESIGN_KEYS = [
    "climate.temperature", "climate.seat_heating", "route.mode", "route.avoid",
    "charging.min_arrival_soc", "food.diet", "food.cuisine", "food.avoid", "places.home",
    "places.work", "language",
]


def test_catalogue_holds_design_keys() -> None:
    assert set(DESIGN_KEYS) <= set(CATALOGUE)
    assert {row.category for row in CATALOGUE.values()} >= {
        "climate", "lighting", "route", "charging", "food", "places", "language", "units",
        "assistant"}


@pytest.mark.parametrize(("key", "given", "stored"), [
    ("climate.temperature", 21, 21.0),
    ("climate.temperature", "22.3", 22.5),
    ("climate.seat_heating", 40, 40),
    ("climate.steering_heating", "yes", True),
    ("lighting.ambient_colour", "Warm White", "warm_white"),
    ("lighting.ambient_colour", "#FF8800", "#ff8800"),
    ("route.mode", "ECO", "eco"),
    ("route.avoid", "tolls", ["tolls"]),
    ("route.avoid", ["motorways", "tolls", "motorways"], ["motorways", "tolls"]),
    ("food.diet", ["Vegetarian", "no-pork", "no spicy"], ["vegetarian", "no_pork", "no_spicy"]),
    ("food.cuisine", ["Thai", "hot pot"], ["thai", "hot_pot"]),
    ("charging.networks", ["IONITY", "ionity", " Fastned "], ["IONITY", "Fastned"]),
    ("places.home", "  Kamppi  ", SavedPlace("Kamppi")),
    ("places.work", {"name": "Pasila", "lat": 60.2, "lon": 24.9}, SavedPlace("Pasila", 60.2, 24.9)),
    ("language", "ZH", "zh"),
    ("assistant.verbosity", "brief", "brief"),
])
def test_values_are_normalised(key: str, given: Any, stored: Any) -> None:
    assert spec(key).validate(given) == stored


@pytest.mark.parametrize(("key", "value", "problem"), [
    ("climate.temperature", 35, "less than or equal to 28"),
    ("climate.temperature", 10, "greater than or equal to 16"),
    ("climate.seat_heating", 150, "less than or equal to 100"),
    ("charging.min_arrival_soc", -5, "greater than or equal to 0"),
    ("route.mode", "scenic", "'fastest', 'shortest' or 'eco'"),
    ("route.avoid", ["bridges"], "'tolls'"),
    ("food.diet", "paleo", "'vegetarian'"),
    ("food.cuisine", ["<script>"], "not a word"),
    ("lighting.ambient_colour", "mauve", "colour name"),
    ("places.home", "", "needs a name"),
    ("places.home", {"name": "X", "lat": 95, "lon": 0}, "lat must be between"),
    ("places.home", {"name": "X", "lat": 60}, "both lat and lon"),
    ("language", "fr", "'en' or 'zh'"),
    ("climate.fan", None, "value is required"),
])
def test_bad_values_say_what_is_wrong(key: str, value: Any, problem: str) -> None:
    with pytest.raises(InvalidPreference, match=problem.replace("(", r"\(")) as err:
        spec(key).validate(value)
    assert err.value.key == key


def test_unknown_key_suggests_the_closest() -> None:
    with pytest.raises(UnknownPreference) as err:
        spec("food.dietary")
    assert err.value.suggestion == "food.diet"
    with pytest.raises(UnknownPreference, match="no preference called 'colour'"):
        spec("colour")


def test_json_schema_for_tools() -> None:
    schema = spec("route.avoid").json_schema()
    assert schema["type"] == "array"
    assert schema["items"]["enum"] == ["tolls", "motorways", "ferries", "unpaved"]
    temperature = spec("climate.temperature").json_schema()
    assert (temperature["minimum"], temperature["maximum"]) == (16, 28)
    assert "°C" in temperature["description"]
