"""What the driver hears: listings, confirmations and forget replies in both languages."""

from __future__ import annotations

from incabin.profile import (
    PreferenceChange,
    describe_change,
    describe_forgotten,
    open_profiles,
    phrase,
)


def test_describe_lists_everything_plainly() -> None:
    profiles = open_profiles("guest")
    lin = profiles.driver("Lin")
    assert lin.describe() == "I don't know anything about your preferences yet, Lin."
    assert "还没有" in lin.describe("zh")
    lin.update({"climate.temperature": 21, "food.diet": ["vegetarian", "no_spicy"],
                "places.home": "Kamppi", "route.avoid": ["tolls"]})
    assert lin.describe() == (
        "Here is what I know about you, Lin: you like the cabin at 21 °C; you avoid toll roads; "
        "your diet is vegetarian and no spicy food; and your home is Kamppi.")
    assert lin.describe("zh") == (
        "Lin，我记得：您喜欢车内温度21°C；您不走收费路段；您的饮食：素食、不吃辣；您家在Kamppi。")
    for text in (lin.describe(), lin.describe("zh")):
        assert "*" not in text and "\n" not in text  # spoken, no markdown


def test_phrases_for_every_kind_of_value() -> None:
    assert phrase("climate.steering_heating", True) == "you like the steering wheel heating on"
    assert phrase("charging.min_arrival_soc", 20, "zh") == "您希望到达时电量不低于20%"
    assert phrase("charging.max_detour_min", 10) == (
        "you accept detours of up to 10 minutes to charge")
    assert phrase("food.cuisine", ["thai", "hot_pot", "sushi"]) == (
        "you like Thai, hot pot and sushi food")
    assert phrase("lighting.ambient_colour", "#ff8800") == "you like #ff8800 ambient light"
    assert phrase("food.avoid_chains", True) == "you avoid chain restaurants"
    assert phrase("food.avoid_chains", False, "zh") == "您不介意连锁餐厅"


def test_confirmations_tell_what_was_replaced() -> None:
    new = PreferenceChange("climate.temperature", None, 21.0)
    assert describe_change(new) == "Got it, I'll remember that you like the cabin at 21 °C."
    replaced = PreferenceChange("climate.temperature", 22.0, 21.0)
    assert describe_change(replaced) == (
        "Got it, I've updated that: you like the cabin at 21 °C (before it was 22 °C).")
    assert describe_change(replaced, "zh") == "好的，已更新：您喜欢车内温度21°C（之前是22°C）。"


def test_forget_replies() -> None:
    assert describe_forgotten(["places.home"], False) == "Done, I've forgotten your home address."
    assert describe_forgotten(["places.work", "food.diet"], False) == (
        "Done, I've forgotten your work address and your diet.")
    assert describe_forgotten(["places.home", "food.diet"], False, "zh") == (
        "好的，我已删除：家庭地址、饮食习惯。")
    assert describe_forgotten([], False) == "I didn't have that stored."
    assert describe_forgotten([], True, "zh") == "好的，我已删除关于您的所有信息。"
