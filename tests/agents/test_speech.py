"""Spoken numbers: short, metric, in the driver's language."""

from incabin.agents.speech import distance


def test_distances_under_a_kilometre_are_spoken_in_metres():
    assert distance(0.84, "en") == "840 m" and distance(0.84, "zh") == "840米"
    assert distance(0.001, "en") == "10 m"  # never "0 m" for a place that is there
    assert distance(1.26, "en") == "1.3 km" and distance(23.4, "zh") == "23公里"
