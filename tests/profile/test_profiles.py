"""DriverProfile and Profiles behaviour, run on SQLite, guest and PostgreSQL stores."""

from __future__ import annotations

import json

import pytest

from incabin.profile import (
    ForgetRequest,
    InvalidDriver,
    InvalidPreference,
    PreferenceSource,
    Profiles,
    SavedPlace,
    UnknownPreference,
    extract_statements,
)


def test_set_get_and_sources(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    change = lin.set("climate.temperature", 21)
    assert (change.old, change.new, change.replaced) == (None, 21.0, False)
    assert lin.get("climate.temperature") == 21.0
    assert lin.get("climate.seat_heating") is None
    assert lin.get("climate.seat_heating", 40) == 40
    pref = lin.preference("climate.temperature")
    assert pref is not None and pref.source is PreferenceSource.EXPLICIT
    lin.set("route.mode", "eco", PreferenceSource.SETTINGS)
    assert lin.preference("route.mode").source is PreferenceSource.SETTINGS  # type: ignore[union-attr]


def test_newer_value_replaces_older_and_says_so(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    lin.set("climate.temperature", 22)
    change = lin.set("climate.temperature", 20.5)
    assert change.replaced and change.old == 22.0 and change.new == 20.5
    same = lin.set("climate.temperature", 20.5)
    assert not same.replaced and not same.changed
    assert lin.get("climate.temperature") == 20.5


def test_invalid_values_store_nothing(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    lin.set("climate.temperature", 21)
    with pytest.raises(InvalidPreference, match="less than or equal to 28"):
        lin.set("climate.temperature", 35)
    with pytest.raises(UnknownPreference, match="climate.temperature"):
        lin.set("climate.temprature", 22)
    with pytest.raises(InvalidPreference):
        lin.update({"route.mode": "eco", "food.diet": ["paleo"]})
    assert lin.values() == {"climate.temperature": 21.0}
    with pytest.raises(InvalidPreference, match="use set"):
        lin.add("climate.temperature", 22)


def test_list_preferences_add_and_remove(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    lin.add("food.diet", "vegetarian")
    change = lin.add("food.diet", "No spicy")
    assert change.old == ["vegetarian"] and change.new == ["vegetarian", "no_spicy"]
    assert not change.replaced  # adding loses nothing
    assert lin.set("food.diet", ["vegan"]).replaced  # setting does: the driver is told
    lin.set("food.diet", ["vegetarian", "no_spicy"])
    lin.add("food.diet", "vegetarian")
    assert lin.get("food.diet") == ["vegetarian", "no_spicy"]
    lin.remove("food.diet", "vegetarian")
    assert lin.get("food.diet") == ["no_spicy"]
    lin.remove("food.diet", "no_spicy")
    assert lin.get("food.diet") is None


def test_places_by_name_or_coordinates(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    lin.set("places.home", "Mannerheimintie 1, Helsinki")
    lin.set("places.work", {"name": "Aalto University", "lat": 60.1867, "lon": 24.8277})
    lin.add("places.favourites", "Vapiano")
    assert lin.get("places.home") == SavedPlace("Mannerheimintie 1, Helsinki")
    assert lin.get("places.work") == SavedPlace("Aalto University", 60.1867, 24.8277)
    assert lin.get("places.favourites") == [SavedPlace("Vapiano")]


def test_forget_and_forget_all(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    lin.update({"places.home": "Kamppi", "places.work": "Pasila", "food.diet": ["halal"]})
    assert lin.forget("places.home") is True
    assert lin.forget("places.home") is False
    assert lin.apply_forget(ForgetRequest(("places.work", "route.mode"))) == ["places.work"]
    assert lin.values() == {"food.diet": ["halal"]}
    assert lin.forget_all() == 1
    assert lin.items() == []


def test_drivers_are_separate_and_case_insensitive(profiles: Profiles) -> None:
    profiles.driver("Lin").set("climate.temperature", 22)
    profiles.driver("Alex").set("climate.temperature", 19)
    assert profiles.driver("LIN").get("climate.temperature") == 22.0
    assert profiles.driver("  alex ").name == "Alex"
    assert profiles.drivers() == ["Lin", "Alex"]
    assert profiles.find("Nobody") is None
    with pytest.raises(InvalidDriver):
        profiles.driver("   ")


def test_switch_by_key_identifier(profiles: Profiles) -> None:
    profiles.assign_key("key-fob:7f3a", "Lin")
    profiles.assign_key("seat:driver:memory-2", "Alex")
    assert profiles.switch("key-fob:7f3a").name == "Lin"
    assert profiles.current is not None and profiles.current.name == "Lin"
    assert profiles.driver("seat:driver:memory-2").name == "Alex"
    profiles.assign_key("key-fob:7f3a", "Alex")  # the fob was handed over
    assert profiles.driver("key-fob:7f3a").name == "Alex"
    assert profiles.unassign_key("key-fob:7f3a") is True
    assert profiles.unassign_key("key-fob:7f3a") is False


def test_delete_driver(profiles: Profiles) -> None:
    profiles.assign_key("fob-1", "Lin")
    profiles.switch("Lin").set("places.home", "Kamppi")
    profiles.driver("Alex")
    assert profiles.delete_driver("fob-1") is True
    assert profiles.current is None
    assert profiles.drivers() == ["Alex"]
    assert profiles.find("Lin") is None
    assert profiles.driver("Lin").items() == []  # a new, empty Lin
    assert profiles.delete_driver("Nobody") is False


def test_export_json(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    lin.update({"climate.temperature": 21, "places.home": "Kamppi", "food.diet": "vegan"},
               PreferenceSource.SCENARIO)
    document = json.loads(lin.export_json())
    assert document["driver"] == "Lin"
    exported = {p["key"]: (p["value"], p["source"]) for p in document["preferences"]}
    assert exported == {
        "climate.temperature": (21.0, "scenario"),
        "food.diet": (["vegan"], "scenario"),
        "places.home": ({"name": "Kamppi"}, "scenario"),
    }


def test_statements_applied_end_to_end(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    for statement in extract_statements(
            "I'm vegetarian and I usually like 21 degrees. I don't eat spicy food."):
        lin.apply(statement)
    for statement in extract_statements("我家在北京市朝阳区。我一般不走高速"):
        lin.apply(statement)
    assert lin.values() == {
        "climate.temperature": 21.0,
        "route.avoid": ["motorways"],
        "food.diet": ["vegetarian", "no_spicy"],
        "places.home": SavedPlace("北京市朝阳区"),
    }
    assert "21 °C" in lin.describe() and "北京市朝阳区" in lin.describe("zh")


def test_seed_from_a_scenario(profiles: Profiles) -> None:
    lin = profiles.seed({"name": "Lin", "preferences": {
        "climate.temperature": 22, "food.diet": ["vegetarian"], "places.home": "Kamppi"}})
    assert profiles.current is not None and profiles.current.name == "Lin"
    assert lin.preference("food.diet").source is PreferenceSource.SCENARIO  # type: ignore[union-attr]
    with pytest.raises(InvalidPreference):
        profiles.seed({"name": "Alex", "preferences": {"route.mode": "eco", "language": "fr"}})
    with pytest.raises(InvalidDriver, match="not \\['prefs'\\]"):
        profiles.seed({"name": "Alex", "prefs": {}})
    assert profiles.drivers() == ["Lin"]  # nothing of Alex was stored


def test_resolve_order(profiles: Profiles) -> None:
    lin = profiles.driver("Lin")
    assert lin.resolve("climate.temperature", default=21).origin == "default"
    assert lin.resolve("climate.temperature").origin == "missing"
    lin.set("climate.temperature", 22)
    usual = lin.resolve("climate.temperature", default=21)
    assert (usual.value, usual.origin) == (22.0, "preference")
    asked = lin.resolve("climate.temperature", requested=19, default=21)
    assert (asked.value, asked.origin) == (19.0, "request")
    with pytest.raises(InvalidPreference):
        lin.resolve("climate.temperature", requested=40)
