"""A few public scenarios that need the model, run with the real bundled 0.5B in
llama.cpp (the whole suite is a benchmark: see README). These check that the real
model, the tool schemas and the code around them work together."""

from pathlib import Path

import pytest

from incabin.agents import load_scenarios, run_scenario
from incabin.agents.scenarios import scenario_assistant_factory

pytestmark = pytest.mark.llm

SUITE = Path(__file__).parents[1] / "scenarios"
# Scenarios the fast path and the question table cannot answer alone: the model
# must choose the tools (checked by running the suite with the scripted stand-in).
CHOSEN = {
    "body-wipers", "safety-massage-not-available", "zh-massage-unavailable",
    "refuse-outside-abilities", "dining-pizza", "edit-eco-route", "plan-via-a-stop",
}


@pytest.fixture(scope="module")
def make():
    return scenario_assistant_factory("embedded:0.5b")


SCENARIOS = [(s, src) for s, src in load_scenarios([SUITE]) if s.id in CHOSEN]


def test_the_chosen_scenarios_exist():
    assert {s.id for s, _ in SCENARIOS} == CHOSEN


@pytest.mark.parametrize(("scenario", "source"), SCENARIOS, ids=[s.id for s, _ in SCENARIOS])
def test_scenario_with_the_real_model(make, scenario, source):
    result = run_scenario(scenario, make, source)
    assert result.passed, "\n".join(result.failures)
