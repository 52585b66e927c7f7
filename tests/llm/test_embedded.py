"""The real bundled Qwen2.5-Coder-0.5B end to end: tool calls, text, streaming, prefix cache."""

from __future__ import annotations

import uuid

import pytest
from jsonschema import Draft202012Validator

from incabin.llm import (
    ContextOverflow,
    InvalidToolCall,
    Message,
    create_chat_model,
    ensure_model,
)
from incabin.llm._embedded import EmbeddedModel
from incabin.llm._prompting import render

from .conftest import CAR_TOOLS

pytestmark = pytest.mark.llm

SYSTEM = Message(
    "system", "You are Car Genius, the in-car assistant. Use the tools to act on the car."
)


@pytest.fixture(scope="session")
def model() -> EmbeddedModel:
    ensure_model("0.5b")
    built = create_chat_model("embedded:0.5b")
    assert isinstance(built, EmbeddedModel)
    return built


def _calls(reply: Message) -> list[tuple[str, dict]]:
    return [(call.name, call.arguments) for call in reply.tool_calls]


def test_single_tool_call(model: EmbeddedModel) -> None:
    reply = model.chat([SYSTEM, Message("user", "set the temperature to 21 degrees")], CAR_TOOLS)
    assert _calls(reply) == [("set_temperature", {"celsius": 21})]
    assert reply.tool_calls[0].id.startswith("call_")


def test_chinese_request(model: EmbeddedModel) -> None:
    reply = model.chat([SYSTEM, Message("user", "把温度调到23度")], CAR_TOOLS)
    assert _calls(reply) == [("set_temperature", {"celsius": 23})]


def test_two_calls_in_one_request(model: EmbeddedModel) -> None:
    request = "Open the passenger window halfway and set the temperature to 19"
    reply = model.chat([SYSTEM, Message("user", request)], CAR_TOOLS)
    assert sorted(_calls(reply), key=lambda call: call[0]) == [
        ("open_window", {"window": "passenger", "percent": 50}),
        ("set_temperature", {"celsius": 19}),
    ]


def test_plain_question_gets_text(model: EmbeddedModel) -> None:
    reply = model.chat([SYSTEM, Message("user", "What is the capital of France?")], CAR_TOOLS)
    assert reply.tool_calls == ()
    assert "Paris" in reply.content


def test_tool_result_turn_is_answered(model: EmbeddedModel) -> None:
    first = model.chat([SYSTEM, Message("user", "set the temperature to 21 degrees")], CAR_TOOLS)
    history = [
        SYSTEM,
        Message("user", "set the temperature to 21 degrees"),
        first,
        Message("tool", '{"ok": true, "celsius": 21}', tool_call_id=first.tool_calls[0].id),
    ]
    reply = model.chat(history, CAR_TOOLS)
    assert reply.tool_calls == () and "21" in reply.content


def test_out_of_range_value_is_never_returned(model: EmbeddedModel) -> None:
    schema = Draft202012Validator(CAR_TOOLS[0].parameters)
    try:
        reply = model.chat(
            [SYSTEM, Message("user", "set the temperature to 40 degrees")], CAR_TOOLS
        )
    except InvalidToolCall as err:
        assert any("maximum of 28" in problem for problem in err.problems)
        return
    for call in reply.tool_calls:
        assert call.name != "set_temperature" or schema.is_valid(call.arguments)


def test_streaming_yields_several_pieces(model: EmbeddedModel) -> None:
    pieces = list(
        model.stream([Message("user", "Name three colours, comma separated.")], max_tokens=30)
    )
    assert len(pieces) >= 3
    assert "".join(pieces).strip()
    assert model.last_stats is not None and model.last_stats.completion_tokens >= 3


def test_prefix_cache_skips_the_system_prompt(model: EmbeddedModel) -> None:
    # A prompt no earlier run has seen: its KV state cannot be on disk yet.
    run = uuid.uuid4().hex[:8]
    agent_a = Message("system", f"You are Car Genius. Answer briefly. (cache test A {run})")
    agent_b = Message("system", f"You are Travel Companion. Answer briefly. (cache test B {run})")
    turn = Message("user", "set the temperature to 22 degrees")

    cold = model.chat([agent_a, turn], CAR_TOOLS)
    cold_stats = model.last_stats
    assert cold_stats is not None and cold_stats.evaluated_tokens >= 300

    model.chat([agent_a, Message("user", "open the driver window fully")], CAR_TOOLS)
    warm_stats = model.last_stats
    assert warm_stats is not None and warm_stats.evaluated_tokens < 30
    assert warm_stats.reused_tokens >= 300

    # Another agent's prefix, then back: the first prefix comes from its saved state.
    model.chat([agent_b, turn], CAR_TOOLS)
    again = model.chat([agent_a, turn], CAR_TOOLS)
    again_stats = model.last_stats
    assert again_stats is not None and again_stats.evaluated_tokens < 30
    assert again == Message("assistant", cold.content, again.tool_calls)
    assert _calls(again) == _calls(cold)


def test_models_share_one_llama() -> None:
    first = create_chat_model("embedded:0.5b")
    second = create_chat_model("embedded:0.5b")
    assert isinstance(first, EmbeddedModel) and isinstance(second, EmbeddedModel)
    assert first is not second and first.llama is second.llama


def test_context_overflow_is_typed_and_harmless(model: EmbeddedModel) -> None:
    huge = Message("user", "word " * 5000)
    with pytest.raises(ContextOverflow, match="context"):
        model.chat([SYSTEM, huge], CAR_TOOLS)
    reply = model.chat([SYSTEM, Message("user", "set the temperature to 21 degrees")], CAR_TOOLS)
    assert _calls(reply) == [("set_temperature", {"celsius": 21})]


def test_only_the_allowed_tools_can_be_called(model: EmbeddedModel) -> None:
    # The grammar holds only the allowed tools: the temperature request cannot become
    # a set_temperature call, while the prompt (and its cached prefix) lists every tool.
    reply = model.chat([SYSTEM, Message("user", "set the temperature to 21 degrees")], CAR_TOOLS,
                       allowed={"open_window"})
    assert {name for name, _ in _calls(reply)} <= {"open_window"}
    reply = model.chat([SYSTEM, Message("user", "set the temperature to 21 degrees")], CAR_TOOLS,
                       allowed=set())
    assert not reply.tool_calls


def test_a_conversation_that_grows_evaluates_only_its_new_tokens(model: EmbeddedModel) -> None:
    first = [SYSTEM, Message("user", "set the temperature to 21 degrees")]
    model.chat(first, CAR_TOOLS)
    later = [*first, Message("assistant", "Done: 21 degrees."),
             Message("user", "and open the driver window fully")]
    model.chat(later, CAR_TOOLS)
    stats = model.last_stats
    tokens = model._shared.tokenize
    new = len(tokens(render(later, CAR_TOOLS).turns)) - len(tokens(render(first, CAR_TOOLS).turns))
    assert stats is not None and 0 < stats.evaluated_tokens <= new + 1
