"""Errors of the agents layer."""

from __future__ import annotations

from incabin._errors import IncabinError


class AgentError(IncabinError):
    """Something went wrong between the model's proposal and the domain call."""


class UnknownTool(AgentError):
    """The model named a tool this agent does not have."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"There is no tool called {name!r}; the tools are: {', '.join(known)}.")
        self.name = name
        self.known = known


class InvalidToolCall(AgentError):
    """A tool call whose arguments do not fit the tool's schema."""

    def __init__(self, tool: str, problems: str) -> None:
        super().__init__(f"Invalid arguments for {tool}: {problems}")
        self.tool = tool
        self.problems = problems


class ScenarioError(AgentError):
    """A scenario file that cannot be read or applied."""
