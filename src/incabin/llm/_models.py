"""The messages, tool descriptions and tool calls exchanged with a chat model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["system", "user", "assistant", "tool"]


@dataclass(frozen=True)
class ToolSpec:
    """A tool the model may call: ``parameters`` is a JSON Schema of type object."""

    name: str
    description: str
    parameters: dict[str, Any] = field(default_factory=lambda: {"type": "object", "properties": {}})


@dataclass(frozen=True)
class ToolCall:
    """One call the model asked for, arguments already validated against the tool's schema."""

    name: str
    arguments: dict[str, Any]
    id: str = ""


@dataclass(frozen=True)
class Message:
    """One chat message.

    An assistant message holds either text ``content`` or ``tool_calls``; a tool
    message answers the call named by ``tool_call_id`` with the result in ``content``.
    ``offline`` marks a hybrid model's reply that is the local model's because the
    remote one could not be reached or was too slow (never sent to a server).
    """

    role: Role
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None
    offline: bool = False
