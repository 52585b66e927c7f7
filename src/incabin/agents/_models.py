"""What one turn of the conversation returns: the Reply and its Actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Act = Literal["inform", "done", "confirm", "clarify", "refuse"]
AgentName = Literal["car_genius", "travel_companion"]
Lang = Literal["en", "zh"]


@dataclass(frozen=True)
class Action:
    """One tool that ran during a turn, in the order it ran."""

    tool: str
    arguments: dict[str, Any]
    ok: bool
    result: Any = None


@dataclass(frozen=True)
class Reply:
    """The assistant's answer to one driver request (DESIGN.md's contract)."""

    text: str
    act: Act
    agent: AgentName
    actions: list[Action] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    lang: Lang = "en"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view for the CLI and the server."""
        return {
            "text": self.text,
            "act": self.act,
            "agent": self.agent,
            "options": list(self.options),
            "lang": self.lang,
            "actions": [
                {"tool": a.tool, "arguments": a.arguments, "ok": a.ok, "result": a.result}
                for a in self.actions
            ],
        }
