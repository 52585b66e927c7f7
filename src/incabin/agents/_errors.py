"""Errors of the agents layer.

    IncabinError
    └── AgentError
        ├── InvalidRequest      the driver's request is not text
        ├── UnknownTool         the model named a tool the agent lacks
        ├── InvalidToolCall     arguments that do not fit the tool's schema
        ├── CapabilityError     a capability file that cannot be read
        ├── ScenarioError       a scenario file that cannot be read or applied
        └── InvalidSessionState stored conversation state that cannot be read back
"""

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


class InvalidRequest(AgentError):
    """A request that is not text (bytes, a number, None from a broken caller)."""

    def __init__(self, value: object) -> None:
        super().__init__(f"A request must be text (str), not {type(value).__name__}.")
        self.value = value


class CapabilityError(AgentError):
    """A capability declaration that is missing, malformed or inconsistent."""


class InvalidSessionState(AgentError):
    """Stored conversation state that cannot be read back (damaged, or another format)."""
