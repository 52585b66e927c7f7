"""`incabin eval` end to end through the real CLI entry point. The scenarios here
are plain commands (fast path), so the scripted stand-in model is never asked;
the model-driven scenarios run in test_scenarios_llm.py with the real 0.5B."""

import json
import subprocess
import sys
import textwrap

import pytest

PASSING = textwrap.dedent("""
    - id: eval-cli-temperature
      given:
        vehicle: {Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature: 18}
      turns:
        - user: "set 21 degrees"
          expect: {act: done, agent: car_genius, state: {Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature: 21}, mentions: ["21"]}
    - id: eval-cli-trunk-refused
      given:
        vehicle: {Vehicle.Speed: 80}
      turns:
        - user: "open the trunk"
          expect: {act: refuse, unchanged: [Vehicle.Body.Trunk.Rear.IsOpen]}
""")
FAILING = textwrap.dedent("""
    id: eval-cli-wrong-expectation
    turns:
      - user: "set 21 degrees"
        expect: {act: refuse, mentions: ["banana"]}
""")


def run(*args):
    return subprocess.run([sys.executable, "-m", "incabin.interfaces.cli", "eval", *args,
                           "--llm", "scripted"], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def suite(tmp_path):
    (tmp_path / "ok.yaml").write_text(PASSING, encoding="utf-8")
    return tmp_path


def test_prints_a_line_per_scenario_and_the_closing_line(suite):
    result = run(str(suite))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("PASS eval-cli-temperature")
    assert lines[1].startswith("PASS eval-cli-trunk-refused")
    assert lines[-1] == "2 passed, 0 failed"


def test_a_failing_expectation_is_reported_and_exits_1(suite):
    (suite / "bad.yaml").write_text(FAILING, encoding="utf-8")
    result = run(str(suite))
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and "eval-cli-wrong-expectation" in failed[0]
    assert "act 'done', expected refuse" in failed[0] and "banana" in failed[0]
    assert result.stdout.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_json_output(suite):
    result = run(str(suite), "--json")
    data = json.loads(result.stdout)
    assert (data["passed"], data["failed"]) == (2, 0)
    assert data["results"][0]["replies"][0]["act"] == "done"


@pytest.mark.parametrize("content", ["id: [unclosed", "id: x\nturns: nope\n", "- {turns: []}\n"])
def test_malformed_scenario_file_is_a_clear_error(tmp_path, content):
    (tmp_path / "broken.yaml").write_text(content, encoding="utf-8")
    result = run(str(tmp_path))
    assert result.returncode == 2
    assert "broken.yaml" in result.stderr


def test_missing_path_is_a_clear_error(tmp_path):
    result = run(str(tmp_path / "nope.yaml"))
    assert result.returncode == 2 and "No such scenario" in result.stderr
