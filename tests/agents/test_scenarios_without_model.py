"""The car scenario suite runs without any model: every request there is a
capability sentence, a data question or a feature the car lacks. A model call
would fail the scenario (the scripted stand-in has no script), so this guards the
capability data, the question tables and the whole-turn plan against regressions.
Understanding with the real model is measured by benchmarks/understanding.py."""

from pathlib import Path

import pytest

from incabin.agents import load_scenarios, run_scenario
from incabin.agents.scenarios import scenario_assistant_factory
from incabin.llm import ScriptedModel

CAR = Path(__file__).parents[1] / "scenarios" / "car"
SCENARIOS = load_scenarios([CAR])


@pytest.fixture(scope="module")
def make():
    return scenario_assistant_factory(ScriptedModel())


@pytest.mark.parametrize(("scenario", "source"), SCENARIOS, ids=[s.id for s, _ in SCENARIOS])
def test_car_scenario_without_the_model(make, scenario, source):
    result = run_scenario(scenario, make, source)
    assert result.passed, "\n".join(result.failures)
