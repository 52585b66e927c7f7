"""Tools from typed functions: the schema comes from the signature, the description
from the docstring, and arguments are validated by pydantic before anything runs.

    @tool
    def set_temperature(ctx: TurnContext, celsius: Annotated[float, Field(ge=16, le=28)]) -> Outcome:
        '''Set the cabin temperature.'''
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, get_type_hints

import pydantic

from incabin._errors import IncabinError
from incabin.agents._errors import InvalidToolCall, UnknownTool
from incabin.agents._models import Act
from incabin.agents.capabilities.catalogue import catalogue
from incabin.llm import ToolSpec

if TYPE_CHECKING:
    from incabin.agents.context import TurnContext


@dataclass(frozen=True)
class Pending:
    """An action held back until the driver answers (confirm) or chooses (clarify)."""

    tool: str
    arguments: dict[str, Any]
    # For clarify: the argument the driver's choice fills, and option label -> value.
    choice_argument: str | None = None
    choices: dict[str, Any] = field(default_factory=dict)
    # The turn's other calls: a yes (or a choice) runs them together, all or nothing.
    more: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every call this answer runs, the held one first."""
        return [(self.tool, dict(self.arguments)), *((n, dict(a)) for n, a in self.more)]


@dataclass(frozen=True)
class Planned:
    """The writes one tool call would make; a turn commits all of them together or none."""

    tool: str
    arguments: dict[str, Any]
    targets: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Outcome:
    """What a tool hands back: a sentence to speak, the act it implies, and data."""

    ok: bool
    say: str
    act: Act = "inform"
    data: Any = None
    options: tuple[str, ...] = ()
    pending: Pending | None = None
    # Set when the model should phrase ``data`` itself (e.g. a manual passage).
    needs_phrasing: bool = False
    # Set when the call was invalid and nothing ran: the model may try again.
    retry: bool = False


@dataclass(frozen=True)
class Tool:
    """A callable the agents expose to the model."""

    name: str
    description: str
    arguments: type[pydantic.BaseModel]
    fn: Callable[..., Outcome]

    @cached_property
    def spec(self) -> ToolSpec:
        """The JSON-schema description given to the model, without the arguments only the
        capability's sentences fill (``Capability.spoken``)."""
        schema = _clean_schema(self.arguments.model_json_schema())
        declared = catalogue().get(self.name)
        for name in declared.spoken if declared is not None else ():
            schema["properties"].pop(name, None)
        return ToolSpec(self.name, self.description, schema)

    def validate(self, arguments: dict[str, Any]) -> dict[str, Any]:
        """Check ``arguments`` against the schema; InvalidToolCall says what is wrong."""
        try:
            model = self.arguments.model_validate(arguments)
        except pydantic.ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}" for e in err.errors()
            )
            raise InvalidToolCall(self.name, problems) from err
        return {name: getattr(model, name) for name in type(model).model_fields}

    def run(self, ctx: TurnContext, arguments: dict[str, Any]) -> Outcome:
        """Validate and run; known incabin errors become a failed Outcome with their message."""
        values = self.validate(arguments)
        try:
            return self.fn(ctx, **values)
        except IncabinError as err:
            return Outcome(ok=False, say=str(err), act="refuse", data={"error": type(err).__name__})


def tool(fn: Callable[..., Outcome]) -> Tool:
    """Turn ``fn(ctx, **arguments) -> Outcome`` into a Tool with a JSON schema."""
    hints = get_type_hints(fn, include_extras=True)
    fields: dict[str, Any] = {}
    for name, param in list(inspect.signature(fn).parameters.items())[1:]:
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[name] = (hints[name], default)
    model = pydantic.create_model(  # type: ignore[call-overload]
        f"{fn.__name__}_arguments", __config__=pydantic.ConfigDict(extra="forbid"), **fields
    )
    doc = inspect.getdoc(fn) or fn.__name__
    return Tool(fn.__name__, doc.split("\n\n")[0].replace("\n", " "), model, fn)


class Toolbox:
    """The tools one agent may use, looked up by name."""

    def __init__(self, tools: Sequence[Tool], hidden: Sequence[Tool] = ()) -> None:
        # Hidden tools run only as the follow-up of a driver's answer, never on the model's word.
        self._tools = {t.name: t for t in (*tools, *hidden)}
        self.specs = [t.spec for t in tools]
        self.hidden = frozenset(t.name for t in hidden)

    def __contains__(self, name: str) -> bool:
        return name in self._tools

    def get(self, name: str) -> Tool:
        """The tool called ``name``; UnknownTool lists the ones there are."""
        try:
            return self._tools[name]
        except KeyError:
            raise UnknownTool(name, sorted(self._tools)) from None


def _clean_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop pydantic's titles (tokens the small model does not need) and inline $defs."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].split("/")[-1]])
            options = node.get("anyOf")
            if isinstance(options, list) and {"type": "null"} in options and len(options) == 2:
                # An optional argument is simply left out: no null branch, no default.
                kept = next(o for o in options if o != {"type": "null"})
                extra = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
                return walk({**kept, **extra})
            return {k: walk(v) for k, v in node.items() if k != "title"}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    cleaned = walk(schema)
    cleaned.setdefault("properties", {})
    return cleaned
