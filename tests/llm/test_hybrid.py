"""Hybrid mode: the local model first, the remote one (the real llama.cpp server with the
bundled 0.5B) when the local reply calls no tool or the request is an open question,
within a deadline; offline answers when the remote is dead or slow.

The local model is the real embedded 0.5B where what it says matters, and a scripted
stand-in where only the routing is under test (a reply that talks, one that calls)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from incabin.agents import Assistant
from incabin.interfaces.llm_server_cmd import ServerProcess, free_port
from incabin.llm import (
    BadSetting,
    HybridModel,
    InvalidToolCall,
    Message,
    ScriptedModel,
    ToolCall,
    ToolSpec,
    UnknownBackend,
    create_chat_model,
    is_open_question,
)
from incabin.llm._openai import OpenAIModel

from .conftest import CAR_TOOLS, actuator_values
from .test_openai_backend import FakeServer, completion

SET_21 = [Message("user", "Set the temperature to 21 degrees.")]
TALKS = Message("assistant", "I'm not sure what you mean.")


@pytest.fixture
def dead_remote() -> OpenAIModel:
    return OpenAIModel(f"http://127.0.0.1:{free_port()}/v1", "qwen", timeout=2)


@pytest.fixture(scope="module")
def remote(llama_server: ServerProcess) -> OpenAIModel:
    return OpenAIModel(llama_server.url, llama_server.alias, timeout=300)


@pytest.mark.parametrize(("text", "open_question"), [
    ("Why do electric cars lose range in winter?", True),
    ("what is the capital of France", True),
    ("tell me about the Brandenburg Gate", True),
    ("is it worth charging to 100 percent before a long trip", True),
    ("Can you open the window?", False),
    ("please make it warmer", False),
    ("my feet are freezing down there, sort it out for me", False),
    ("为什么冬天续航会变短", True),
    ("长城有多长？", True),
    ("能不能把窗户打开？", False),
    ("帮我把空调调到22度", False),
])
def test_open_questions(text: str, open_question: bool) -> None:
    assert is_open_question(text) is open_question


def test_the_spec_names_both_models_and_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCABIN_REMOTE_DEADLINE", "1.5")
    model = create_chat_model("hybrid:scripted, openai:http://127.0.0.1:9/v1#qwen")
    assert isinstance(model, HybridModel) and model.deadline_s == 1.5
    assert model.name == "hybrid:scripted,openai:http://127.0.0.1:9/v1#qwen"
    assert isinstance(model.remote, OpenAIModel)
    # The remote's own timeout is the deadline: a request given up on ends as soon.
    assert model.remote._client.timeout == 1.5


@pytest.mark.parametrize("spec", ["hybrid:embedded", "hybrid:,openai:http://h/v1#m",
                                  "hybrid:scripted,", "hybrid:hybrid:scripted,scripted,scripted",
                                  "hybrid:scripted,telepathy"])
def test_bad_hybrid_specs_are_refused(spec: str) -> None:
    with pytest.raises(UnknownBackend):
        create_chat_model(spec)


@pytest.mark.parametrize("deadline", ["soon", "0", "-1", "inf", "nan"])
def test_a_bad_deadline_is_refused(monkeypatch: pytest.MonkeyPatch, deadline: str) -> None:
    monkeypatch.setenv("INCABIN_REMOTE_DEADLINE", deadline)
    with pytest.raises(BadSetting, match="INCABIN_REMOTE_DEADLINE"):
        create_chat_model("hybrid:scripted,scripted")


def test_a_local_tool_call_stands_without_the_remote(dead_remote: OpenAIModel) -> None:
    call = Message("assistant", tool_calls=(ToolCall("set_temperature", {"celsius": 21}),))
    hybrid = HybridModel(ScriptedModel([call]), dead_remote)
    reply = hybrid.chat(SET_21, CAR_TOOLS)
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [
        ("set_temperature", {"celsius": 21})]
    assert not reply.offline and hybrid.stats.remote_asked == 0


def test_a_local_reply_without_a_call_goes_to_the_remote(remote: OpenAIModel) -> None:
    hybrid = HybridModel(ScriptedModel([TALKS]), remote, deadline_s=300)
    reply = hybrid.chat(SET_21, CAR_TOOLS, max_tokens=80)
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [
        ("set_temperature", {"celsius": 21})]
    assert not reply.offline
    assert (hybrid.stats.remote_asked, hybrid.stats.remote_used) == (1, 1)


def test_an_open_question_takes_the_remote_answer_over_a_local_call(
        remote: OpenAIModel) -> None:
    local_call = Message("assistant", tool_calls=(ToolCall("get_speed", {}),))
    hybrid = HybridModel(ScriptedModel([local_call]), remote, deadline_s=300)
    question = [Message("user", "What is the capital of France? Answer in one word.")]
    reply = hybrid.chat(question, CAR_TOOLS, max_tokens=16)
    assert hybrid.stats.remote_used == 1 and not reply.offline
    assert reply.tool_calls == () and "paris" in reply.content.lower()


def test_a_dead_remote_leaves_the_local_answer_offline(dead_remote: OpenAIModel) -> None:
    hybrid = HybridModel(ScriptedModel([TALKS]), dead_remote, deadline_s=3)
    started = time.perf_counter()
    reply = hybrid.chat(SET_21, CAR_TOOLS)
    assert time.perf_counter() - started < 3
    assert reply.content == TALKS.content and reply.offline
    assert hybrid.stats.offline == 1


def test_a_local_decline_asks_the_remote_and_stands_when_it_is_down(
        dead_remote: OpenAIModel) -> None:
    declined = Message("assistant", tool_calls=(ToolCall("decline", {}),))
    decline = ToolSpec("decline", "Use when the car cannot do the request.")
    hybrid = HybridModel(ScriptedModel([declined]), dead_remote, deadline_s=3)
    reply = hybrid.chat(SET_21, (*CAR_TOOLS, decline))
    assert [c.name for c in reply.tool_calls] == ["decline"] and reply.offline
    assert hybrid.stats.remote_asked == 1


def test_the_driver_hears_that_the_assistant_works_offline(dead_remote: OpenAIModel) -> None:
    declined = Message("assistant", tool_calls=(
        ToolCall("decline", {"reason": "outside_abilities"}),))
    hybrid = HybridModel(ScriptedModel([declined]), dead_remote, deadline_s=3)
    assistant = Assistant.create(llm=hybrid, vehicle="sim", profiles="guest")
    try:
        reply = assistant.send("my feet are freezing down there, sort it out for me")
        assert reply.act == "refuse" and "working offline" in reply.text
        assert hybrid.stats.offline == 1
    finally:
        assistant.close()


def test_a_slow_remote_is_not_waited_for(remote: OpenAIModel) -> None:
    # The real server needs far longer than 0.3 s for a new request.
    hybrid = HybridModel(ScriptedModel([TALKS]), remote, deadline_s=0.3)
    question = [Message("user", "Explain in detail how a heat pump warms a car cabin.")]
    started = time.perf_counter()
    reply = hybrid.chat(question, CAR_TOOLS, max_tokens=24)
    assert time.perf_counter() - started < 1.5
    assert reply.content == TALKS.content and reply.offline


def test_a_failed_local_model_without_a_remote_raises_its_error(
        dead_remote: OpenAIModel) -> None:
    invalid = Message("assistant", tool_calls=(ToolCall("set_temperature", {"celsius": 99}),))
    hybrid = HybridModel(ScriptedModel([invalid]), dead_remote, deadline_s=3)
    with pytest.raises(InvalidToolCall):
        hybrid.chat(SET_21, CAR_TOOLS)


def test_the_real_local_model_answers_offline_when_the_remote_is_down() -> None:
    hybrid = create_chat_model(
        f"hybrid:embedded:0.5b,openai:http://127.0.0.1:{free_port()}/v1#qwen")
    assert isinstance(hybrid, HybridModel)
    reply = hybrid.chat([Message("user", "Why is the sky blue?")], CAR_TOOLS, max_tokens=40)
    assert reply.offline and hybrid.stats.offline == 1
    assert reply.content.strip() or reply.tool_calls


@pytest.fixture
def rogue_remote() -> Iterator[FakeServer]:
    server = FakeServer()
    yield server
    server.close()


def test_the_licence_gate_refuses_a_remote_call_the_driver_did_not_ask_for(
        rogue_remote: FakeServer) -> None:
    # A remote that answers a cold driver by cooling the passenger, twice (the loop
    # tells the model once why its call did not run).
    wrong = ("adjust_comfort", '{"feeling": "hot", "zone": "passenger"}')
    rogue_remote.behaviours += [completion(None, [wrong]), completion(None, [wrong])]
    local = ScriptedModel([TALKS, TALKS])
    hybrid = HybridModel(local, OpenAIModel(rogue_remote.url, "rogue", timeout=5), deadline_s=5)
    assistant = Assistant.create(llm=hybrid, vehicle="sim", profiles="guest")
    try:
        before = actuator_values(assistant.vehicle)
        reply = assistant.send("my feet are freezing down there, sort it out for me")
        told = rogue_remote.requests[1]["messages"][-1]
        assert told["role"] == "tool" and "NotRequested" in told["content"]
        # Refused or asked about (the request names the climate): never run.
        assert reply.act in ("refuse", "clarify") and reply.actions == []
        assert actuator_values(assistant.vehicle) == before
    finally:
        assistant.close()
