"""Model specs, the scripted stand-in, and the constrained reply schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from llama_cpp import LlamaGrammar

from incabin.llm import (
    ChatModel,
    InvalidToolCall,
    Message,
    ScriptedModel,
    ScriptExhausted,
    ToolCall,
    ToolSpec,
    UnknownBackend,
    create_chat_model,
)
from incabin.llm._prompting import render, response_schema, shown_exchanges

from .conftest import CAR_TOOLS


@pytest.mark.parametrize(
    "spec", ["mystery", "openai:127.0.0.1:8000#qwen", "openai:http://127.0.0.1:8000/v1", "ollama"]
)
def test_bad_specs_are_typed_errors(spec: str) -> None:
    with pytest.raises(UnknownBackend):
        create_chat_model(spec)


def test_spec_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCABIN_LLM", "scripted")
    model = create_chat_model()
    assert isinstance(model, ScriptedModel) and isinstance(model, ChatModel)


def test_scripted_model_plays_steps_and_sees_messages() -> None:
    model = ScriptedModel(
        [
            Message("assistant", tool_calls=(ToolCall("set_temperature", {"celsius": 21}),)),
            lambda messages, tools: Message(
                "assistant", f"{len(tools)} tools, {messages[-1].content}"
            ),
            Message("assistant", "Done, it is warmer now."),
        ]
    )
    first = model.chat([Message("user", "warmer")], CAR_TOOLS)
    assert first.tool_calls[0].name == "set_temperature" and first.tool_calls[0].id
    assert model.chat([Message("user", "ok")], CAR_TOOLS).content == "3 tools, ok"
    assert "".join(model.stream([Message("user", "and?")])) == "Done, it is warmer now."
    with pytest.raises(ScriptExhausted, match="no reply left for call 4"):
        model.chat([Message("user", "more")])
    assert len(model.calls) == 4


def test_scripted_model_refuses_invalid_calls() -> None:
    model = ScriptedModel(
        [Message("assistant", tool_calls=(ToolCall("set_temperature", {"celsius": 99}),))]
    )
    with pytest.raises(InvalidToolCall, match="greater than the maximum"):
        model.chat([Message("user", "hot")], CAR_TOOLS)


def test_prompt_keeps_system_and_tools_in_a_stable_prefix() -> None:
    first = render([Message("system", "You are Car Genius."), Message("user", "hi")], CAR_TOOLS)
    later = render(
        [
            Message("system", "You are Car Genius."),
            Message("user", "hi"),
            Message("assistant", tool_calls=(ToolCall("get_speed", {}, "c1"),)),
            Message("tool", '{"speed": 50}', tool_call_id="c1"),
            Message("tool", '{"ok": true}', tool_call_id="c2"),
        ],
        CAR_TOOLS,
    )
    assert first.prefix == later.prefix
    assert first.prefix.startswith("<|im_start|>system\nYou are Car Genius.")
    assert '"name": "set_temperature"' in first.prefix
    assert later.turns.startswith(first.turns.removesuffix("<|im_start|>assistant\n"))
    assert later.turns.count("<tool_response>") == 2
    assert later.turns.count("<|im_start|>user") == 2
    assert '{"calls": [{"name": "get_speed", "arguments": {}}]}' in later.turns


def test_reply_schema_accepts_calls_or_text_and_compiles_to_a_grammar() -> None:
    nested = ToolSpec(
        "add_stop",
        "Add a stop.",
        {
            "type": "object",
            "properties": {"place": {"$ref": "#/$defs/Place"}},
            "required": ["place"],
            "$defs": {
                "Place": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"enum": ["charging", "food"]},
                    },
                    "required": ["name", "kind"],
                }
            },
        },
    )
    schema = response_schema([*CAR_TOOLS, nested])
    validator = Draft202012Validator(schema)
    good = [
        {"reply": "hello"},
        {"calls": [{"name": "get_speed", "arguments": {}}]},
        {
            "calls": [
                {"name": "add_stop", "arguments": {"place": {"name": "Ionity", "kind": "charging"}}}
            ]
        },
    ]
    bad = [
        {"calls": []},
        {"calls": [{"name": "fly", "arguments": {}}]},
        {"calls": [{"name": "open_window", "arguments": {"window": "roof", "percent": 3}}]},
        {"calls": [{"name": "add_stop", "arguments": {"place": {"name": "x", "kind": "spa"}}}]},
    ]
    assert all(validator.is_valid(item) for item in good)
    assert not any(validator.is_valid(item) for item in bad)
    assert "add_stop__Place" in schema["$defs"]
    assert LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False) is not None


def test_tool_results_are_named_and_decoded_in_the_prompt() -> None:
    prompt = render(
        [
            Message("user", "how fast?"),
            Message("tool", '{"speed": 87}', tool_call_id="c1", name="get_speed"),
            Message("tool", "no fix", tool_call_id="c2", name="locate"),
        ],
        CAR_TOOLS,
    )
    assert '{"name": "get_speed", "result": {"speed": 87}}' in prompt.turns
    assert '{"name": "locate", "result": "no fix"}' in prompt.turns
    assert prompt.turns.endswith("<|im_end|>\n<|im_start|>assistant\n")


def test_the_history_window_only_grows_between_boundaries() -> None:
    shown = [shown_exchanges(count) for count in range(12)]
    assert shown == [0, 1, 2, 3, 4, 2, 3, 4, 2, 3, 4, 2]
    for count in range(1, 12):
        grew = shown[count] == shown[count - 1] + 1
        # Either the window is last turn's plus the exchange just answered (append-only),
        # or it is a boundary that starts again from the last two.
        assert grew or shown[count] == 2
