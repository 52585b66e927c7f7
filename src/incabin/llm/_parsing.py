"""Reading tool calls out of whatever a model wrote.

Models answer tools in many shapes: native ``tool_calls``, Qwen's
``<tool_call>`` tags, fenced ```json blocks (Qwen2.5-Coder's habit), bare JSON
objects or arrays, ``{"name", "arguments"}`` or OpenAI's ``{"function": ...}``
objects, and this package's own constrained ``{"calls": [...]}`` /
``{"reply": ...}`` format. The parser only reads; validation against the tool
schemas happens afterwards.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_TAGGED = re.compile(r"<tool_call>(.*?)(?:</tool_call>|$)", re.DOTALL)
_FENCED = re.compile(r"```[ \t]*([A-Za-z_]*)[ \t]*\n?(.*?)(?:```|$)", re.DOTALL)
# Keys that mark a JSON fragment as an attempted tool call even when it does not parse.
_CALL_HINT = re.compile(r'"(name|calls|tool_calls|function|arguments)"\s*:')
_ARGUMENT_KEYS = ("arguments", "parameters", "args")
_PARTIAL_REPLY = re.compile(r'\{\s*"reply"\s*:\s*"((?:[^"\\]|\\.)*)')
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class RawCall:
    """A call as the model wrote it: ``arguments`` is not yet checked against any schema."""

    name: str
    arguments: Any
    id: str = ""


@dataclass(frozen=True)
class ParsedReply:
    """The text of a reply, the calls found in it, and call-like fragments that could not be read."""

    text: str
    calls: tuple[RawCall, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass
class _Found:
    calls: list[RawCall]
    reply: str | None = None


def parse_reply(text: str) -> ParsedReply:
    """Split a model's reply into prose and tool calls, noting malformed call attempts."""
    calls: list[RawCall] = []
    problems: list[str] = []
    replies: list[str] = []
    remaining = text
    for pattern, group, explicit in ((_TAGGED, 1, True), (_FENCED, 2, False)):

        def take(match: re.Match[str], group: int = group, explicit: bool = explicit) -> str:
            consumed = _take_block(match.group(group), explicit, calls, replies, problems)
            return consumed or match.group(0)

        remaining = pattern.sub(take, remaining)
    remaining = _take_bare_json(remaining, calls, replies, problems)
    prose = " ".join([*replies, remaining.strip()]).strip()
    return ParsedReply(text=prose, calls=tuple(calls), problems=tuple(problems))


def parse_arguments(name: str, raw: Any) -> tuple[Any, str | None]:
    """Decode arguments that arrive as a JSON string (OpenAI style); report undecodable ones."""
    if raw is None or raw == "":
        return {}, None
    if not isinstance(raw, str):
        return raw, None
    try:
        return json.loads(raw), None
    except json.JSONDecodeError as err:
        return None, f"the arguments of {name!r} are not valid JSON ({err.msg}): {raw[:200]}"


def _take_block(
    body: str, explicit: bool, calls: list[RawCall], replies: list[str], problems: list[str]
) -> str:
    """Consume a tagged or fenced block that holds calls: " " when consumed, "" to keep it.

    ``explicit`` blocks (``<tool_call>`` tags) are calls by definition, so
    unreadable ones are problems even without call-like keys.
    """
    stripped = body.strip()
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError as err:
        if explicit or _CALL_HINT.search(stripped):
            problems.append(f"a tool call is not valid JSON ({err.msg}): {stripped[:200]}")
            return " "
        return ""
    found = _interpret(value, problems)
    if found is None:
        return ""
    calls.extend(found.calls)
    if found.reply is not None:
        replies.append(found.reply)
    return " "


def _take_bare_json(
    text: str, calls: list[RawCall], replies: list[str], problems: list[str]
) -> str:
    kept: list[str] = []
    position = 0
    while position < len(text):
        start = _next_json_start(text, position)
        if start < 0:
            break
        try:
            value, end = _DECODER.raw_decode(text, start)
        except json.JSONDecodeError as err:
            tail = text[start:]
            partial = _PARTIAL_REPLY.match(tail)
            if partial:
                # A constrained {"reply": ...} cut off by max_tokens: keep what was said.
                replies.append(_decode_partial_string(partial.group(1)))
                kept.append(text[position:start])
                return "".join(kept)
            if (_CALL_HINT.search(tail) and text[start] == "{") or tail.startswith('[{"'):
                problems.append(f"a tool call is not valid JSON ({err.msg}): {tail[:200]}")
                kept.append(text[position:start])
                return "".join(kept)
            kept.append(text[position : start + 1])
            position = start + 1
            continue
        found = _interpret(value, problems)
        if found is None:
            kept.append(text[position:end])
        else:
            kept.append(text[position:start])
            calls.extend(found.calls)
            if found.reply is not None:
                replies.append(found.reply)
        position = end
    kept.append(text[position:])
    return "".join(kept)


def _next_json_start(text: str, position: int) -> int:
    starts = [index for index in (text.find("{", position), text.find("[", position)) if index >= 0]
    return min(starts, default=-1)


def _interpret(value: Any, problems: list[str]) -> _Found | None:
    """Turn one decoded JSON value into calls and/or a reply; None if it is not call-shaped."""
    if isinstance(value, list):
        if not value:
            return None
        parts = [_interpret(item, problems) for item in value]
        if any(part is None for part in parts):
            return None
        return _Found(calls=[call for part in parts if part for call in part.calls])
    if not isinstance(value, dict):
        return None
    if set(value) == {"reply"} and isinstance(value["reply"], str):
        return _Found(calls=[], reply=value["reply"])
    for key in ("calls", "tool_calls"):
        if key in value and isinstance(value[key], list):
            return _interpret(value[key], problems) or _Found(calls=[])
    function = value.get("function")
    if isinstance(function, dict) and isinstance(function.get("name"), str):
        return _single_call(function, str(value.get("id", "")), problems)
    if isinstance(value.get("name"), str) and (
        any(key in value for key in _ARGUMENT_KEYS) or set(value) <= {"name", "id", "type"}
    ):
        return _single_call(value, str(value.get("id", "")), problems)
    return None


def _single_call(value: dict[str, Any], call_id: str, problems: list[str]) -> _Found:
    name = value["name"]
    raw: Any = next((value[key] for key in _ARGUMENT_KEYS if key in value), {})
    arguments, problem = parse_arguments(name, raw)
    if problem:
        problems.append(problem)
        return _Found(calls=[])
    return _Found(calls=[RawCall(name=name, arguments=arguments, id=call_id)])


def _decode_partial_string(body: str) -> str:
    try:
        return str(json.loads(f'"{body.rstrip(chr(92))}"'))
    except json.JSONDecodeError:
        return body
