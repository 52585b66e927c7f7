"""Spoken numbers and refusals: short, metric, in the driver's language."""

from incabin.agents import Assistant
from incabin.agents.speech import distance
from incabin.llm import ScriptedModel


def test_distances_under_a_kilometre_are_spoken_in_metres():
    assert distance(0.84, "en") == "840 m" and distance(0.84, "zh") == "840米"
    assert distance(0.001, "en") == "10 m"  # never "0 m" for a place that is there
    assert distance(1.26, "en") == "1.3 km" and distance(23.4, "zh") == "23公里"


def test_a_chinese_refusal_names_the_part_the_car_lacks():
    # The basic car has no massage: the driver hears what it lacks, not "this feature".
    basic = Assistant.create(ScriptedModel(), "sim:profile=basic", profiles="guest")
    try:
        reply = basic.send("副驾座椅按摩打开")
        assert reply.act == "refuse"
        assert "副驾" in reply.text and "按摩" in reply.text
    finally:
        basic.close()
