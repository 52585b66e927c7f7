"""The OpenAI-compatible backend: vLLM, SGLang, Ollama, llama.cpp's server, DashScope.

Native ``tool_calls`` are read first; calls a server left in the text (a
llama.cpp server without ``--jinja``, Qwen2.5-Coder's fenced JSON) are parsed
out of the content. Client errors are translated into the LLMError tree.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import openai

from incabin._config import setting
from incabin.llm._base import ToolCallingModel
from incabin.llm._errors import BackendError, BackendTimeout, BackendUnavailable
from incabin.llm._models import Message, ToolSpec
from incabin.llm._parsing import ParsedReply, RawCall, parse_arguments, parse_reply

log = logging.getLogger(__name__)


def api_key() -> str:
    """``INCABIN_OPENAI_API_KEY``, then ``OPENAI_API_KEY``, else ``"none"`` (local servers)."""
    return os.environ.get("INCABIN_OPENAI_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none"


class OpenAIModel(ToolCallingModel):
    """A model behind an OpenAI-compatible ``/v1/chat/completions`` endpoint."""

    def __init__(self, base_url: str, model: str, *, timeout: float | None = None) -> None:
        self.name = f"openai:{base_url}#{model}"
        self.base_url = base_url
        self.model = model
        seconds = timeout if timeout is not None else float(setting("llm_timeout", "60"))
        self._client = openai.OpenAI(
            base_url=base_url, api_key=api_key(), timeout=seconds, max_retries=0
        )

    def _reply(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec],
        callable_tools: Sequence[ToolSpec],
        max_tokens: int,
        temperature: float,
    ) -> tuple[str, ParsedReply]:
        wire_messages: Any = [to_openai_message(m) for m in messages]
        request: dict[str, Any] = {
            "model": self.model,
            "messages": wire_messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        if callable_tools:
            # A server keeps its own prompt cache: it is simply sent the tools it may call.
            request["tools"] = [to_openai_tool(tool) for tool in callable_tools]
        with self._translated_errors():
            response = self._client.chat.completions.create(**request)
        try:
            choice = response.choices[0].message
        except (AttributeError, IndexError, TypeError) as err:
            raise BackendError(
                f"{self.name} answered without a message: {response!r:.200}"
            ) from err
        content = choice.content or ""
        if not tools:
            return content, ParsedReply(text=content.strip())
        parsed = parse_reply(content)
        native, problems = _native_calls(choice.tool_calls or [])
        raw = content + ("\n" + json.dumps([c.__dict__ for c in native]) if native else "")
        return raw, ParsedReply(
            text=parsed.text,
            calls=tuple(native) + parsed.calls,
            problems=tuple(problems) + parsed.problems,
        )

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 200, temperature: float = 0.0
    ) -> Iterator[str]:
        """Yield text pieces from a streamed completion."""
        wire_messages: Any = [to_openai_message(m) for m in messages]
        with self._translated_errors():
            chunks: Any = self._client.chat.completions.create(
                model=self.model,
                messages=wire_messages,
                max_tokens=max_tokens,
                temperature=temperature,
                stream=True,
            )
            for chunk in chunks:
                if not chunk.choices:
                    continue
                piece = chunk.choices[0].delta.content
                if piece:
                    yield piece

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except openai.APITimeoutError as err:
            raise BackendTimeout(f"{self.name} did not answer in time") from err
        except openai.APIConnectionError as err:
            raise BackendUnavailable(self._unreachable(err)) from err
        except openai.APIStatusError as err:
            raise BackendError(
                f"{self.name} answered HTTP {err.status_code}: {err.message[:200]}"
            ) from err
        except (openai.APIError, ValueError, json.JSONDecodeError) as err:
            raise BackendError(f"{self.name} sent an unusable answer: {err}") from err

    def _unreachable(self, err: openai.APIConnectionError) -> str:
        """Why the server gave no answer: never reached, or gone in the middle of one."""
        # The transport's exception is the cause; its class is matched by name because
        # the transport library (httpx2 for openai 3.x) is the client's own choice.
        cause = type(err.__cause__).__name__
        if err.__cause__ is None or cause == "ConnectError":
            return f"cannot reach the model server at {self.base_url}: is it running?"
        return (f"the model server at {self.base_url} broke off its answer ({cause}): "
                "did it stop or crash?")


def to_openai_message(message: Message) -> dict[str, Any]:
    """The OpenAI wire form of a message."""
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.tool_calls:
        wire["tool_calls"] = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
            }
            for call in message.tool_calls
        ]
    if message.tool_call_id is not None:
        wire["tool_call_id"] = message.tool_call_id
    if message.name is not None:
        wire["name"] = message.name
    return wire


def to_openai_tool(tool: ToolSpec) -> dict[str, Any]:
    """The OpenAI wire form of a tool."""
    function = {"name": tool.name, "description": tool.description, "parameters": tool.parameters}
    return {"type": "function", "function": function}


def _native_calls(tool_calls: Sequence[Any]) -> tuple[list[RawCall], list[str]]:
    calls: list[RawCall] = []
    problems: list[str] = []
    for tool_call in tool_calls:
        function = getattr(tool_call, "function", None)
        name = getattr(function, "name", None)
        if not isinstance(name, str):
            problems.append(f"a native tool call has no function name: {tool_call!r:.200}")
            continue
        arguments, problem = parse_arguments(name, getattr(function, "arguments", None))
        if problem:
            problems.append(problem)
            continue
        calls.append(RawCall(name=name, arguments=arguments, id=getattr(tool_call, "id", "") or ""))
    return calls, problems
