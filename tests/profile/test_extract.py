"""Rule-based statement extraction: explicit first-person preferences only."""

from __future__ import annotations

from typing import Any

import pytest

from incabin.profile import SavedPlace, extract_statements


def _found(text: str) -> list[tuple[str, Any]]:
    return [(s.key, s.value) for s in extract_statements(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("I'm vegetarian", [("food.diet", "vegetarian")]),
    ("I am a strict vegan.", [("food.diet", "vegan")]),
    ("I only eat halal food", [("food.diet", "halal")]),
    ("I don't eat spicy food", [("food.diet", "no_spicy")]),
    ("I don't eat pork", [("food.diet", "no_pork")]),
    ("I'm lactose intolerant", [("food.diet", "lactose_free")]),
    ("I usually like 21 degrees", [("climate.temperature", 21.0)]),
    ("I always keep the cabin at 22.5 degrees", [("climate.temperature", 22.5)]),
    ("My preferred temperature is 20", [("climate.temperature", 20.0)]),
    ("I usually like 70 degrees Fahrenheit", [("climate.temperature", 21.0)]),
    ("I'm most comfortable at 23 degrees", [("climate.temperature", 23.0)]),
    ("I like the seat heating on high", [("climate.seat_heating", 100)]),
    ("I always like the heated steering wheel on", [("climate.steering_heating", True)]),
    ("I like blue ambient lighting", [("lighting.ambient_colour", "blue")]),
    ("I prefer eco routes", [("route.mode", "eco")]),
    ("I usually take the fastest route", [("route.mode", "fastest")]),
    ("I always avoid tolls", [("route.avoid", "tolls")]),
    ("I hate motorways", [("route.avoid", "motorways")]),
    ("Avoid toll roads from now on", [("route.avoid", "tolls")]),
    ("keep at least 20% battery when I arrive", [("charging.min_arrival_soc", 20)]),
    ("I never want to arrive below 15%", [("charging.min_arrival_soc", 15)]),
    ("I prefer IONITY chargers", [("charging.networks", "IONITY")]),
    ("I don't want to detour more than 10 minutes", [("charging.max_detour_min", 10)]),
    ("I love Thai and Japanese food", [("food.cuisine", "thai"), ("food.cuisine", "japanese")]),
    ("I don't like Indian food", [("food.avoid", "indian")]),
    ("I don't like chain restaurants", [("food.avoid_chains", True)]),
    ("I prefer cheap restaurants", [("food.price_level", "cheap")]),
    ("my home is at mannerheimintie 1", [("places.home", SavedPlace("mannerheimintie 1"))]),
    ("my home is Mannerheimintie 1, Helsinki", [("places.home",
                                                 SavedPlace("Mannerheimintie 1, Helsinki"))]),
    ("I work at Aalto University and I live in Espoo",
     [("places.work", SavedPlace("Aalto University")), ("places.home", SavedPlace("Espoo"))]),
    ("My favourite restaurant is Vapiano", [("places.favourites", SavedPlace("Vapiano"))]),
    ("I prefer Chinese", [("language", "zh")]),
    ("I prefer Chinese food", [("food.cuisine", "chinese")]),
    ("I prefer miles", [("units", "imperial")]),
    ("I prefer short answers", [("assistant.verbosity", "brief")]),
    ("I'm vegetarian and I usually like 21 degrees, my home is Kamppi.",
     [("food.diet", "vegetarian"), ("climate.temperature", 21.0),
      ("places.home", SavedPlace("Kamppi"))]),
    # Chinese
    ("我不吃辣", [("food.diet", "no_spicy")]),
    ("我是素食者", [("food.diet", "vegetarian")]),
    ("我吃素", [("food.diet", "vegetarian")]),
    ("我不吃猪肉", [("food.diet", "no_pork")]),
    ("我一般喜欢22度", [("climate.temperature", 22.0)]),
    ("我平时把温度设在23度", [("climate.temperature", 23.0)]),
    ("我家在北京市朝阳区", [("places.home", SavedPlace("北京市朝阳区"))]),
    ("我在中关村上班", [("places.work", SavedPlace("中关村"))]),
    ("我喜欢吃川菜和火锅", [("food.cuisine", "sichuan"), ("food.cuisine", "hot_pot")]),
    ("我一般不走高速", [("route.avoid", "motorways")]),
    ("我喜欢节能路线", [("route.mode", "eco")]),
    ("到达时至少保留20%电量", [("charging.min_arrival_soc", 20)]),
    ("我喜欢蓝色氛围灯", [("lighting.ambient_colour", "blue")]),
    ("我喜欢用特来电充电", [("charging.networks", "TELD")]),
    ("我喜欢简短的回答", [("assistant.verbosity", "brief")]),
    ("我不吃辣，我家在海淀区", [("food.diet", "no_spicy"), ("places.home", SavedPlace("海淀区"))]),
])
def test_statements_are_found(text: str, expected: list[tuple[str, Any]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    # commands for now, not preferences
    "set 21 degrees", "set the temperature to 21 degrees", "I want 21 degrees",
    "avoid tolls", "take the eco route", "find me a vegetarian restaurant",
    "把温度调到21度", "设置21度", "调到22度", "避开收费站",
    # negations, other people, questions, hypotheticals, one-off wishes
    "I'm not vegetarian", "my wife is vegan", "Are you vegetarian?", "Do I like 21 degrees?",
    "If I were vegetarian I would eat tofu", "Today I'd like 25 degrees",
    "I like 25 degrees this time", "我不是素食者", "我家在哪里？", "我今天想要25度",
    "我老婆不吃辣吗", "我老婆不吃辣", "我妈妈是素食者", "My husband doesn't eat pork",
    # not a place, not a value the catalogue allows, nothing said
    "I live in a small flat", "I work at night", "I work in shifts", "my home is far away",
    "我家在附近", "I usually like 35 degrees", "No, 23", "I like it", "",
])
def test_commands_questions_and_others_give_nothing(text: str) -> None:
    assert extract_statements(text) == []


def test_span_points_at_the_words() -> None:
    text = "Hi there. I'm vegetarian, thanks."
    [statement] = extract_statements(text)
    start, end = statement.text_span
    assert text[start:end] == statement.text == "I'm vegetarian"
    assert statement.op == "add"
    [setting] = extract_statements("I usually like 21 degrees")
    assert setting.op == "set"
