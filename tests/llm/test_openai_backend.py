"""The OpenAI-compatible backend against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from incabin.llm import (
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    InvalidToolCall,
    Message,
    ToolCall,
    create_chat_model,
)
from incabin.llm._openai import OpenAIModel

from .conftest import CAR_TOOLS

Behaviour = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


class FakeServer:
    """A /v1/chat/completions server that plays queued behaviours and records requests."""

    def __init__(self) -> None:
        self.behaviours: list[Behaviour] = []
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                server.requests.append(
                    {"path": self.path, "auth": self.headers["Authorization"], **body}
                )
                server.behaviours.pop(0)(self, body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, kind: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def completion(content: str | None = "", tool_calls: list[dict] | None = None) -> Behaviour:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [
            {"id": f"c{i}", "type": "function", "function": {"name": n, "arguments": a}}
            for i, (n, a) in enumerate(tool_calls)
        ]

    def behave(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        payload = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        }
        _send(handler, 200, json.dumps(payload).encode(), "application/json")

    return behave


def status(code: int) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        _send(handler, code, b'{"error": {"message": "model crashed"}}', "application/json")

    return behave


def garbage(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
    _send(handler, 200, b"<html>not json at all", "application/json")


def slow(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
    time.sleep(2.0)
    completion("too late")(handler, body)


def streamed(pieces: list[str]) -> Behaviour:
    def behave(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        for piece in pieces:
            chunk = {
                "id": "x",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
            }
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            handler.wfile.flush()
        handler.wfile.write(b"data: [DONE]\n\n")

    return behave


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    yield fake
    fake.close()


@pytest.fixture
def model(server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> OpenAIModel:
    server.behaviours.clear()
    server.requests.clear()
    monkeypatch.setenv("INCABIN_OPENAI_API_KEY", "sekret")
    built = create_chat_model(f"openai:{server.url}#qwen2.5-7b-instruct")
    assert isinstance(built, OpenAIModel)
    return built


USER = [Message(role="user", content="set the temperature to 21 degrees")]


def test_native_tool_call_is_validated(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours.append(completion(None, [("set_temperature", '{"celsius": 21}')]))
    reply = model.chat(USER, CAR_TOOLS)
    assert [(c.name, c.arguments, c.id) for c in reply.tool_calls] == [
        ("set_temperature", {"celsius": 21}, "c0")
    ]
    sent = server.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer sekret"
    assert [t["function"]["name"] for t in sent["tools"]] == [t.name for t in CAR_TOOLS]


def test_only_the_allowed_tools_are_sent(model: OpenAIModel, server: FakeServer) -> None:
    # A server that answers with a tool it was not offered gives an invalid call, twice.
    server.behaviours += [completion(None, [("set_temperature", '{"celsius": 21}')])] * 2
    with pytest.raises(InvalidToolCall):
        model.chat(USER, CAR_TOOLS, allowed={"open_window"})
    assert [[t["function"]["name"] for t in sent["tools"]] for sent in server.requests] == [
        ["open_window"], ["open_window"]]


def test_calls_left_in_content_are_parsed(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours.append(
        completion(
            '```json\n{"name": "open_window", "arguments": {"window": "driver", "percent": 30}}\n```'
        )
    )
    reply = model.chat(USER, CAR_TOOLS)
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [
        ("open_window", {"window": "driver", "percent": 30})
    ]


def test_invalid_call_is_retried_with_the_error(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours += [
        completion(None, [("set_temperature", '{"celsius": 40}')]),
        completion(None, [("set_temperature", '{"celsius": 28}')]),
    ]
    reply = model.chat(USER, CAR_TOOLS)
    assert reply.tool_calls[0].arguments == {"celsius": 28}
    retry = server.requests[1]["messages"]
    assert "40 is greater than the maximum of 28" in retry[-1]["content"]
    assert len(server.requests) == 2


def test_invalid_twice_raises_and_returns_nothing(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours += [
        completion(None, [("set_temp", '{"celsius": 21}')]),
        completion(None, [("set_temperature", '{"celsius": "warm"')]),
    ]
    with pytest.raises(InvalidToolCall) as caught:
        model.chat(USER, CAR_TOOLS)
    assert any("not valid JSON" in p for p in caught.value.problems)
    assert "no tool named 'set_temp'" in server.requests[1]["messages"][-1]["content"]


def test_text_reply_and_history_on_the_wire(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours.append(completion("It is 21 degrees now."))
    history = [
        Message(role="system", content="You are Car Genius."),
        *USER,
        Message(role="assistant", tool_calls=(ToolCall("set_temperature", {"celsius": 21}, "c9"),)),
        Message(role="tool", content='{"ok": true}', tool_call_id="c9", name="set_temperature"),
    ]
    reply = model.chat(history, CAR_TOOLS)
    assert reply.content == "It is 21 degrees now." and reply.tool_calls == ()
    wire = server.requests[0]["messages"]
    assert wire[2]["tool_calls"][0]["function"] == {
        "name": "set_temperature",
        "arguments": '{"celsius": 21}',
    }
    assert wire[3] == {
        "role": "tool",
        "content": '{"ok": true}',
        "tool_call_id": "c9",
        "name": "set_temperature",
    }


def test_streaming_yields_pieces(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours.append(streamed(["It ", "is ", "sunny."]))
    assert list(model.stream(USER)) == ["It ", "is ", "sunny."]
    assert server.requests[0]["stream"] is True


def test_http_500_is_a_backend_error(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours.append(status(500))
    with pytest.raises(BackendError, match="HTTP 500"):
        model.chat(USER, CAR_TOOLS)


def test_garbage_is_a_backend_error(model: OpenAIModel, server: FakeServer) -> None:
    server.behaviours.append(garbage)
    with pytest.raises(BackendError):
        model.chat(USER, CAR_TOOLS)


def test_slow_server_times_out(server: FakeServer) -> None:
    server.behaviours[:] = [slow]
    model = OpenAIModel(server.url, "qwen", timeout=0.5)
    started = time.perf_counter()
    with pytest.raises(BackendTimeout, match="did not answer in time"):
        model.chat(USER)
    assert time.perf_counter() - started < 1.8


def test_server_down_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    model = OpenAIModel(f"http://127.0.0.1:{port}/v1", "qwen", timeout=2)
    with pytest.raises(BackendUnavailable, match="is it running"):
        model.chat(USER)
    with pytest.raises(BackendUnavailable):
        list(model.stream(USER))
