"""The ChatModel interface and the validate-then-retry logic every backend shares."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
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
    ) -> Message:
        """Answer with text content or with one or more validated tool calls."""
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
        max_tokens: int,
        temperature: float,
    ) -> tuple[str, ParsedReply]:
        """Return the raw reply text and what was parsed out of it."""

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
    ) -> Message:
        """Answer with text or validated tool calls, retrying once after an invalid call.

        Raises InvalidToolCall when the second attempt is invalid too; an
        unvalidated call is never returned.
        """
        conversation = list(messages)
        raw, parsed = self._reply(conversation, tools, max_tokens, temperature)
        problems = self._problems(parsed, tools)
        if not problems:
            return self._message(parsed, tools)
        log.info("invalid tool call from %s, retrying: %s", self.name, "; ".join(problems))
        conversation += [
            Message(role="assistant", content=raw),
            Message(
                role="user",
                content="That tool call is invalid: " + "; ".join(problems) + ". Call the "
                "tools again with valid arguments, or answer in plain text.",
            ),
        ]
        raw, parsed = self._reply(conversation, tools, max_tokens, temperature)
        problems = self._problems(parsed, tools)
        if problems:
            raise InvalidToolCall(
                f"{self.name} produced an invalid tool call twice: " + "; ".join(problems),
                raw=raw,
                problems=problems,
            )
        return self._message(parsed, tools)

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
