"""A few public scenarios that need the model, run with ``--llm openai:…`` against the real
llama.cpp server (``incabin llm-server``, the bundled 0.5B), as ``incabin eval`` runs them.

They are Travel Companion's, whose prompt (about 1,300 tokens) the server evaluates once
and then keeps: each of these turns evaluates only its own words. The server decodes
without the embedded backend's grammar, so the replies are parsed from free text."""

from pathlib import Path

import pytest
import yaml

from incabin.agents import load_scenarios, run_scenario
from incabin.agents.scenarios import scenario_assistant_factory
from incabin.interfaces.cli import main
from incabin.interfaces.llm_server_cmd import ServerProcess

pytestmark = pytest.mark.llm

SUITE = Path(__file__).parents[1] / "scenarios"
# Scenarios that fail with a model that only talks (checked with a stand-in that
# answers every turn in words): the model must choose the travel tools.
CHOSEN = {"plan-via-a-stop", "plan-zh-take-me-to-nanjing"}
BY_THE_CLI = "edit-eco-route"
# The first turn evaluates the whole prompt: over a minute on a busy 2-core machine.
SLOW_MACHINE_S = "600"
SCENARIOS = [(s, src) for s, src in load_scenarios([SUITE]) if s.id in CHOSEN]


def test_the_chosen_scenarios_exist() -> None:
    assert {s.id for s, _ in SCENARIOS} == CHOSEN


@pytest.mark.parametrize(("scenario", "source"), SCENARIOS, ids=[s.id for s, _ in SCENARIOS])
def test_scenario_through_the_server(llama_server: ServerProcess, monkeypatch: pytest.MonkeyPatch,
                                     scenario, source) -> None:
    monkeypatch.setenv("INCABIN_LLM_TIMEOUT", SLOW_MACHINE_S)
    result = run_scenario(scenario, scenario_assistant_factory(llama_server.spec), source)
    assert result.passed, "\n".join(result.failures)


def test_incabin_eval_with_the_server(llama_server: ServerProcess, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("INCABIN_LLM_TIMEOUT", SLOW_MACHINE_S)
    # `incabin eval FILE --llm openai:…` on one scenario taken out of its suite file.
    suite = yaml.safe_load((SUITE / "travel" / "editing.yaml").read_text(encoding="utf-8"))
    one = tmp_path / "one.yaml"
    one.write_text(yaml.safe_dump([s for s in suite if s["id"] == BY_THE_CLI],
                                  allow_unicode=True), encoding="utf-8")
    code = main(["eval", str(one), "--llm", llama_server.spec])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"PASS {BY_THE_CLI}" in out and "1 passed, 0 failed" in out
