"""The ChatModel interface and the validate-then-retry logic every backend shares."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Sequence
from typing import Protocol, runtime_checkable

from incabin.llm._errors import InvalidToolCall
from incabin.llm._models import Message, ToolSpec
from incabin.llm._parsing import ParsedReply
from incabin.llm._validation import validate_calls

log = logging.getLogger(__name__)


@runtime_checkable
class ChatModel(Protocol):
    """A chat model: messages and tools in, one assistant message out."""

    name: str

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec] = (),
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        allowed: Collection[str] | None = None,
    ) -> Message:
        """Answer with text content or with one or more validated tool calls; with
        ``allowed``, only those of ``tools`` may be called (the prompt still lists them
        all, so a cached prompt prefix stays valid)."""
        ...

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 200, temperature: float = 0.0
    ) -> Iterator[str]:
        """Yield the pieces of a plain-text reply (no tools) as they are generated."""
        ...


class ToolCallingModel(ABC):
    """A backend that produces raw replies; this class validates calls and retries once."""

    name: str

    @abstractmethod
    def _reply(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec],
        callable_tools: Sequence[ToolSpec],
        max_tokens: int,
        temperature: float,
    ) -> tuple[str, ParsedReply]:
        """Return the raw reply text and what was parsed out of it; the prompt shows
        ``tools``, the reply may call only ``callable_tools``."""

    @abstractmethod
    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 200, temperature: float = 0.0
    ) -> Iterator[str]:
        """Yield the pieces of a plain-text reply as they are generated."""

    def chat(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec] = (),
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        allowed: Collection[str] | None = None,
    ) -> Message:
        """Answer with text or validated tool calls, retrying once after an invalid call;
        with ``allowed``, only those tools may be called.

        Raises InvalidToolCall when the second attempt is invalid too; an
        unvalidated call is never returned.
        """
        conversation = list(messages)
        callable_tools = [t for t in tools if allowed is None or t.name in allowed]
        raw, parsed = self._reply(conversation, tools, callable_tools, max_tokens, temperature)
        problems = self._problems(parsed, callable_tools)
        if not problems:
            return self._message(parsed, callable_tools)
        log.info("invalid tool call from %s, retrying: %s", self.name, "; ".join(problems))
        conversation += [
            Message(role="assistant", content=raw),
            Message(
                role="user",
                content="That tool call is invalid: " + "; ".join(problems) + ". Call the "
                "tools again with valid arguments, or answer in plain text.",
            ),
        ]
        raw, parsed = self._reply(conversation, tools, callable_tools, max_tokens, temperature)
        problems = self._problems(parsed, callable_tools)
        if problems:
            raise InvalidToolCall(
                f"{self.name} produced an invalid tool call twice: " + "; ".join(problems),
                raw=raw,
                problems=problems,
            )
        return self._message(parsed, callable_tools)

    @staticmethod
    def _problems(parsed: ParsedReply, tools: Sequence[ToolSpec]) -> tuple[str, ...]:
        if not tools:
            return ()
        _, invalid = validate_calls(parsed.calls, tools)
        return parsed.problems + invalid

    @staticmethod
    def _message(parsed: ParsedReply, tools: Sequence[ToolSpec]) -> Message:
        if not tools:
            return Message(role="assistant", content=parsed.text)
        calls, _ = validate_calls(parsed.calls, tools)
        return Message(role="assistant", content=parsed.text, tool_calls=calls)
