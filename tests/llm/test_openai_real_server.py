"""The ``openai:`` backend end to end against a real llama.cpp server (``incabin llm-server``
with the bundled 0.5B): tool calls, plain text, streaming, timeouts, a server killed
mid-turn. The hand-written fake server (test_openai_backend.py) keeps the error shapes
a real server cannot be made to produce."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import openai
import pytest

from incabin.agents import Assistant
from incabin.interfaces.llm_server_cmd import ServerProcess
from incabin.llm import BackendTimeout, Message
from incabin.llm._openai import OpenAIModel, to_openai_tool

from .conftest import CAR_TOOLS, actuator_values

pytestmark = pytest.mark.llm

SET_21 = [Message("user", "Set the temperature to 21 degrees.")]


@pytest.fixture(scope="module")
def model(llama_server: ServerProcess) -> OpenAIModel:
    return OpenAIModel(llama_server.url, llama_server.alias, timeout=300)


def test_the_server_writes_its_tool_call_into_the_content(llama_server: ServerProcess) -> None:
    # What the backend has to cope with: no native tool_calls, the call as text.
    client = openai.OpenAI(base_url=llama_server.url, api_key="none", max_retries=0)
    wire: Any = [{"role": "user", "content": SET_21[0].content}]
    answer = client.chat.completions.create(
        model=llama_server.alias, messages=wire, temperature=0, max_tokens=80,
        tools=[to_openai_tool(tool) for tool in CAR_TOOLS])  # type: ignore[misc]
    message = answer.choices[0].message
    assert not message.tool_calls
    assert "set_temperature" in (message.content or "")


def test_a_call_left_in_the_content_becomes_a_validated_tool_call(model: OpenAIModel) -> None:
    reply = model.chat(SET_21, CAR_TOOLS, max_tokens=80)
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [
        ("set_temperature", {"celsius": 21})]


def test_without_tools_the_answer_is_text(model: OpenAIModel) -> None:
    reply = model.chat([Message("user", "Say hello to the driver in a few words.")],
                       max_tokens=16)
    assert reply.tool_calls == () and reply.content.strip()


def test_streaming_yields_the_answer_in_pieces(model: OpenAIModel) -> None:
    pieces = list(model.stream([Message("user", "Count from one to five in words.")],
                               max_tokens=16))
    assert len(pieces) > 1
    assert "one" in "".join(pieces).lower()


def test_a_slow_answer_times_out(llama_server: ServerProcess) -> None:
    impatient = OpenAIModel(llama_server.url, llama_server.alias, timeout=0.25)
    started = time.perf_counter()
    with pytest.raises(BackendTimeout, match="did not answer in time"):
        impatient.chat([Message("user", "Write a long story about a car.")], max_tokens=48)
    assert time.perf_counter() - started < 2.0


class KilledWhileAnswering:
    """Passes the turn to the real model and kills its server one second after the
    request went out, while the server is still evaluating the prompt."""

    def __init__(self, model: OpenAIModel, server: ServerProcess) -> None:
        self.model, self.server, self.name = model, server, model.name
        self.waited = 0.0

    def chat(self, messages: Any, tools: Any = (), **options: Any) -> Message:
        killer = threading.Timer(1.0, self.server.kill)
        killer.start()
        started = time.perf_counter()
        try:
            return self.model.chat(messages, tools, **options)
        finally:
            self.waited = time.perf_counter() - started
            killer.join()

    def stream(self, messages: Any, **options: Any) -> Any:
        return self.model.stream(messages, **options)


def test_a_server_killed_mid_turn_is_a_clear_error_and_nothing_runs(
        tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    # Its own server, since this one is killed. A fresh server evaluates the agent's
    # ~3,000-token prompt for many seconds, so the kill lands in the middle of the turn.
    doomed = ServerProcess("0.5b", log=tmp_path / "server.log")
    model = KilledWhileAnswering(OpenAIModel(doomed.url, doomed.alias, timeout=300), doomed)
    assistant = Assistant.create(llm=model, vehicle="sim", profiles="guest")
    try:
        before = actuator_values(assistant.vehicle)
        with caplog.at_level(logging.WARNING, logger="incabin.agents.loop"):
            reply = assistant.send("my feet are freezing down there, sort it out for me")
        assert model.waited >= 1.0, "the server answered before it was killed"
        assert not doomed.alive
        assert any("broke off its answer" in r.getMessage() for r in caplog.records)
        assert reply.actions == [] and actuator_values(assistant.vehicle) == before
        assert "couldn't work that out" in reply.text
    finally:
        assistant.close()
        doomed.stop()
