"""The cabin scenario suite (seats, lights and mirrors, media, phone; English and
Chinese) runs without a model: every request there is a capability sentence, a status
question or a feature the car profile switches off. With the embedded model they are
run by ``incabin eval tests/scenarios/cabin --llm embedded``."""

from pathlib import Path

import pytest

from incabin.agents import load_scenarios, run_scenario
from incabin.agents.scenarios import scenario_assistant_factory
from incabin.llm import ScriptedModel

CABIN = Path(__file__).parents[1] / "scenarios" / "cabin"
SCENARIOS = load_scenarios([CABIN])


@pytest.fixture(scope="module")
def make():
    return scenario_assistant_factory(ScriptedModel())


def test_every_capability_has_both_languages_and_a_car_without_it():
    groups = {s.group for s, _ in SCENARIOS}
    assert groups == {"seats", "lights", "mirrors", "media", "phone"}
    for group in groups:
        mine = [s for s, _ in SCENARIOS if s.group == group]
        assert {s.lang for s in mine} == {"en", "zh"}, group
        assert any(s.given.features or s.given.car for s in mine), group


@pytest.mark.parametrize(("scenario", "source"), SCENARIOS, ids=[s.id for s, _ in SCENARIOS])
def test_cabin_scenario_without_the_model(make, scenario, source):
    result = run_scenario(scenario, make, source)
    assert result.passed, "\n".join(result.failures)


def test_a_scenario_chooses_its_car():
    from incabin.agents.scenarios import Given, scenario_vehicle

    assert scenario_vehicle(Given()) == "sim"
    basic = scenario_vehicle(Given(car="basic"))
    assert not basic.has("seat_massage") and basic.has("seat_heating")
    switched = scenario_vehicle(Given(features={"media": False}))
    assert not switched.has("media") and switched.has("seat_massage")
    assert not scenario_vehicle(Given(), car="basic").has("phone")
    for car in (basic, switched):
        car.close()


def test_the_understanding_benchmark_runs_each_file_on_its_car():
    import sys

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from understanding import car_for

    assert car_for("benchmarks/understanding/dev/cannot_do.yaml") == "basic"
    assert car_for("benchmarks/understanding/test/indirect.yaml") == "basic"
    assert car_for("benchmarks/understanding/dev/new_capabilities.yaml") is None
