"""Prompts for the embedded Qwen models: ChatML text and the constrained reply schema.

The system turn (system prompt + tool descriptions) is rendered separately
from the rest so that the embedded backend can keep it as a stable, cached
prefix. Tools are described the way Qwen's own chat template does (JSON lines
inside ``<tools>``), but the answer format is this package's
``{"calls": [...]}`` / ``{"reply": "..."}`` object, which decoding enforces.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from incabin.llm._models import Message, ToolCall, ToolSpec

DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
END_OF_TURN = "<|im_end|>"
STOP = [END_OF_TURN, "<|endoftext|>"]

_TOOLS_PREAMBLE = (
    "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
    "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
)
_TOOLS_ANSWER = (
    "\n</tools>\n\nAnswer with exactly one JSON object. To call functions: "
    '{"calls": [{"name": <function-name>, "arguments": <args-json-object>}, ...]}. '
    "When the user asks for several things, put one call per request in the list, e.g. "
    '{"calls": [{"name": "a", "arguments": {}}, {"name": "b", "arguments": {}}]}. '
    "If a function can answer a question (a reading, a status, a lookup), call it first: "
    "never make such values up. Only when no function fits, or after you have the function "
    'results, answer with {"reply": "<short plain answer>"}.'
)

# Small models tend to repeat a call they can see answered; this line nudges them on.
_AFTER_RESULTS = (
    "Above are the function results. Do not call a function again for the same request. "
    'Tell the user what happened in one short spoken sentence: {"reply": "<sentence>"}.'
)


def shown_exchanges(exchanges: int, *, least: int = 2, most: int = 4) -> int:
    """How many of the last ``exchanges`` (driver request, reply) to put in the prompt so
    that the conversation after the cached prefix only grows.

    A window that slides by one exchange a turn changes every token after the system
    prefix, so each turn re-evaluated its whole history. This window grows by one
    exchange a turn, from ``least`` up to ``most``, and only then drops back to the
    last ``least`` (the boundary): between boundaries a turn evaluates only its own new
    tokens, the previous reply and the new request.
    """
    if exchanges <= most:
        return exchanges
    return least + (exchanges - most - 1) % (most - least + 1)


@dataclass(frozen=True)
class Prompt:
    """A ChatML prompt split into its stable system prefix and the turns after it."""

    prefix: str
    turns: str


def render(messages: Sequence[Message], tools: Sequence[ToolSpec] = ()) -> Prompt:
    """Render messages in Qwen's ChatML, ending with an open assistant turn."""
    rest = list(messages)
    system = DEFAULT_SYSTEM
    if rest and rest[0].role == "system":
        system = rest.pop(0).content
    if tools:
        lines = "\n".join(_tool_line(tool) for tool in tools)
        system = f"{system}\n\n{_TOOLS_PREAMBLE}{lines}{_TOOLS_ANSWER}"
    prefix = _turn("system", system)
    parts: list[str] = []
    index = 0
    while index < len(rest):
        message = rest[index]
        if message.role == "tool":
            responses: list[str] = []
            while index < len(rest) and rest[index].role == "tool":
                responses.append(_tool_response(rest[index]))
                index += 1
            parts.append(_turn("user", "\n".join([*responses, _AFTER_RESULTS])))
            continue
        parts.append(_turn(message.role, _content(message)))
        index += 1
    parts.append("<|im_start|>assistant\n")
    return Prompt(prefix=prefix, turns="".join(parts))


def response_schema(tools: Sequence[ToolSpec]) -> dict[str, Any]:
    """The JSON schema of a reply: either one or more valid-looking calls or a text reply.

    Each tool's ``$defs`` are hoisted to the root under a per-tool name so that
    its ``$ref``s still resolve once the schema is nested.
    """
    definitions: dict[str, Any] = {}
    variants = []
    for tool in tools:
        parameters = _hoist_definitions(tool, definitions)
        variants.append(
            {
                "type": "object",
                "properties": {"name": {"const": tool.name}, "arguments": parameters},
                "required": ["name", "arguments"],
            }
        )
    reply = {"type": "object", "properties": {"reply": {"type": "string"}}, "required": ["reply"]}
    calls = {
        "type": "object",
        "properties": {"calls": {"type": "array", "minItems": 1, "items": {"anyOf": variants}}},
        "required": ["calls"],
    }
    # With no tool it may call, the reply is words only.
    schema: dict[str, Any] = {"anyOf": [calls, reply]} if variants else dict(reply)
    if definitions:
        schema["$defs"] = definitions
    return schema


def reply_grammar(tools: Sequence[ToolSpec]) -> str:
    """The GBNF grammar of a reply that may call ``tools``, laid out as ``json.dumps``
    writes it (``{"calls": [{"name": "x", "arguments": {"k": 1}}]}``).

    llama.cpp's converter lets a space follow every token, so the model always has a
    choice to make; with one fixed layout (keys already come in schema order) the
    wrapper of a call is forced text that the decoder appends without sampling, and a
    call reads exactly as the prompt shows earlier calls (``_content``).
    """
    return _fixed_layout(json.dumps(response_schema(tools)))


@lru_cache(maxsize=32)
def _fixed_layout(schema_json: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf  # llama.cpp loads only when used

    gbnf = json_schema_to_gbnf(schema_json)
    fixed = gbnf.replace('"," space', '", "').replace('":" space', '": "')
    return fixed.replace('space ::= " "?', 'space ::= ""')


def _turn(role: str, content: str) -> str:
    return f"<|im_start|>{role}\n{content}{END_OF_TURN}\n"


def _content(message: Message) -> str:
    if not message.tool_calls:
        return message.content
    return _calls_text(message.tool_calls)


def _calls_text(calls: Sequence[ToolCall]) -> str:
    return json.dumps({"calls": [{"name": call.name, "arguments": call.arguments}
                                 for call in calls]}, ensure_ascii=False)


def worked_reply(calls: Sequence[ToolCall]) -> Message:
    """An example's answer as the prompt shows a call, in words: a few-shot reply that
    needs no tool result after it (an OpenAI server rejects a call left unanswered)."""
    return Message("assistant", _calls_text(calls))


def _tool_response(message: Message) -> str:
    body = message.content
    if message.name:
        try:
            result = json.loads(message.content)
        except json.JSONDecodeError:
            result = message.content
        body = json.dumps({"name": message.name, "result": result}, ensure_ascii=False)
    return f"<tool_response>\n{body}\n</tool_response>"


def _tool_line(tool: ToolSpec) -> str:
    function = {"name": tool.name, "description": tool.description, "parameters": tool.parameters}
    return json.dumps({"type": "function", "function": function}, ensure_ascii=False)


def _hoist_definitions(tool: ToolSpec, definitions: dict[str, Any]) -> dict[str, Any]:
    parameters = copy.deepcopy(tool.parameters)
    local = parameters.pop("$defs", None) or parameters.pop("definitions", None) or {}
    renamed = {name: f"{tool.name}__{name}" for name in local}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                target = ref.rsplit("/", 1)[-1]
                if target in renamed:
                    node = {**node, "$ref": f"#/$defs/{renamed[target]}"}
            return {key: rewrite(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    for name, definition in local.items():
        definitions[renamed[name]] = rewrite(definition)
    return dict(rewrite(parameters))
