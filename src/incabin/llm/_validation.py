"""Checking raw tool calls against the tools' JSON schemas."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from jsonschema import Draft202012Validator

from incabin.llm._models import ToolCall, ToolSpec
from incabin.llm._parsing import RawCall


def validate_calls(
    calls: Sequence[RawCall], tools: Sequence[ToolSpec]
) -> tuple[tuple[ToolCall, ...], tuple[str, ...]]:
    """Return the calls that pass their tool's schema and one sentence per problem found."""
    by_name = {tool.name: tool for tool in tools}
    valid: list[ToolCall] = []
    problems: list[str] = []
    for call in calls:
        tool = by_name.get(call.name)
        if tool is None:
            known = ", ".join(sorted(by_name)) or "none"
            problems.append(f"there is no tool named {call.name!r}; the tools are: {known}")
            continue
        errors = _schema_errors(call.arguments, tool)
        if errors:
            problems.extend(errors)
            continue
        call_id = call.id or f"call_{uuid.uuid4().hex[:12]}"
        valid.append(ToolCall(name=call.name, arguments=dict(call.arguments), id=call_id))
    return tuple(valid), tuple(problems)


def _schema_errors(arguments: object, tool: ToolSpec) -> list[str]:
    if not isinstance(arguments, dict):
        return [f"the arguments of {tool.name!r} must be a JSON object, got {arguments!r}"]
    validator = Draft202012Validator(tool.parameters)
    return [
        f"{tool.name}({'.'.join(str(p) for p in error.absolute_path) or 'arguments'}): "
        f"{error.message}"
        for error in sorted(validator.iter_errors(arguments), key=lambda e: list(e.path))
    ]
