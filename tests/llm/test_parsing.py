"""The reply parser over a corpus of real malformed model outputs, and call validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incabin.llm import RawCall, parse_reply
from incabin.llm._validation import validate_calls

from .conftest import CAR_TOOLS

CORPUS = json.loads((Path(__file__).parent / "malformed_outputs.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CORPUS, ids=[case["id"] for case in CORPUS])
def test_corpus(case: dict) -> None:
    parsed = parse_reply(case["text"])
    assert [[call.name, call.arguments] for call in parsed.calls] == case["calls"]
    assert len(parsed.problems) == case["problems"], parsed.problems
    if "expect_text" in case:
        assert parsed.text == case["expect_text"]


def test_prose_is_kept_apart_from_calls() -> None:
    parsed = parse_reply('Sure.\n```json\n{"name": "get_speed", "arguments": {}}\n```\nDone!')
    assert "get_speed" not in parsed.text
    assert parsed.text.startswith("Sure.") and parsed.text.endswith("Done!")


def test_call_ids_from_native_shape_are_kept() -> None:
    parsed = parse_reply('{"id": "call_7", "function": {"name": "get_speed", "arguments": "{}"}}')
    assert parsed.calls == (RawCall(name="get_speed", arguments={}, id="call_7"),)


def test_validation_accepts_good_calls_and_gives_ids() -> None:
    calls, problems = validate_calls(
        [RawCall("set_temperature", {"celsius": 21}), RawCall("get_speed", {})], CAR_TOOLS
    )
    assert problems == ()
    assert [c.name for c in calls] == ["set_temperature", "get_speed"]
    assert calls[0].arguments == {"celsius": 21}
    assert all(c.id.startswith("call_") for c in calls) and calls[0].id != calls[1].id


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (RawCall("set_temp", {"celsius": 21}), "no tool named 'set_temp'"),
        (RawCall("set_temperature", {"celsius": "warm"}), "'warm' is not of type 'number'"),
        (RawCall("set_temperature", {"celsius": 40}), "40 is greater than the maximum of 28"),
        (RawCall("set_temperature", {}), "'celsius' is a required property"),
        (RawCall("open_window", {"window": "sunroof", "percent": 10}), "'sunroof' is not one of"),
        (RawCall("open_window", ["driver", 10]), "must be a JSON object"),
    ],
)
def test_validation_names_the_problem(call: RawCall, needle: str) -> None:
    calls, problems = validate_calls([call], CAR_TOOLS)
    assert calls == ()
    assert len(problems) == 1 and needle in problems[0], problems
