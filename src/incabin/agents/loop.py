"""The tool loop: the model proposes tool calls, the code validates and runs them.

Like Home Assistant's chat log, a known incabin error becomes data the model can
act on (``{"ok": false, "error": ..., "detail": ...}``). The loop is bounded: at
most ``MAX_ROUNDS`` model calls per turn, and a call repeated with the same
arguments is not run twice. A call runs only when the request licenses it
(``capabilities.licensed``): the model proposes, the capability data disposes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from incabin.agents.capabilities import Licence, licensed
from incabin.agents.policy import target
from incabin.agents.tools import Outcome, Toolbox
from incabin.agents.turn_plan import LoopResult, run_calls
from incabin.llm import ChatModel, LLMError, Message, ToolCall

if TYPE_CHECKING:
    from incabin.agents.context import TurnContext

log = logging.getLogger(__name__)

MAX_ROUNDS = 6

__all__ = ["MAX_ROUNDS", "LoopResult", "run_calls", "run_loop"]


LicenceCheck = Callable[[str, Mapping[str, Any], str, set[str]], Licence]


def run_loop(ctx: TurnContext, model: ChatModel, toolbox: Toolbox,
             messages: list[Message], licence_check: LicenceCheck = licensed,
             allowed: Collection[str] | None = None) -> LoopResult:
    """Let the model call tools until it answers in words or no call needs a retry.

    ``licence_check`` decides whether the request licenses a proposed call (the
    capability data's gate; tests of the loop itself may pass another); ``allowed``
    narrows which of the toolbox's tools the model may call.
    """
    result = LoopResult()
    seen: set[str] = set()
    history = list(messages)
    second_chances = 1  # a call the request does not license is explained to the model once
    for _ in range(MAX_ROUNDS):
        try:
            reply = model.chat(history, toolbox.specs, allowed=allowed)
        except LLMError as err:
            log.warning("model failed: %s", err)
            result.failed = True
            return result
        result.offline = result.offline or reply.offline
        if not reply.tool_calls:
            if second_chances == 0:
                # Told its call was not what the driver asked, the model only talked:
                # its words explain nothing true, so the turn counts as refused.
                result.blocked = not result.outcomes
                return result
            result.text = reply.content
            return result
        fresh: list[tuple[ToolCall, dict[str, Any]]] = []
        refused: list[tuple[ToolCall, str]] = []
        targets: set[tuple[str, object]] = set()
        for call in reply.tool_calls:
            licence = licence_check(call.name, call.arguments, ctx.text, ctx.memory.last_tools)
            if not licence.ok:
                log.info("not licensed: %s(%s): %s", call.name, call.arguments, licence.reason)
                refused.append((call, licence.reason))
                continue
            arguments = licence.arguments(call.arguments)
            key = call.name + json.dumps(arguments, sort_keys=True, default=str)
            aim = target(call.name, arguments)
            if key not in seen and aim not in targets:
                seen.add(key)
                targets.add(aim)
                fresh.append((call, arguments))
        if not fresh:
            if refused and second_chances:
                second_chances -= 1
                history.append(reply)
                history += [_not_requested(call, reason) for call, reason in refused]
                continue
            result.blocked = not result.outcomes
            return result
        start = len(result.outcomes)
        run_calls(ctx, toolbox, [(call.name, arguments) for call, arguments in fresh], result)
        new = result.outcomes[start:]
        if not any(o.retry for o in new):
            return result
        history.append(reply)
        for (call, _), outcome in zip(fresh, new):
            history.append(Message(role="tool", name=call.name, tool_call_id=call.id,
                                   content=json.dumps(_for_model(outcome), ensure_ascii=False,
                                                      default=str)))
    return result


def _not_requested(call: ToolCall, reason: str) -> Message:
    """Tell the model why its call did not run, so it can pick what the driver asked."""
    body = {"ok": False, "error": "NotRequested",
            "detail": f"Not run: {reason}. Call the tool for what the driver said, "
                      "or decline if the car cannot do it."}
    return Message(role="tool", name=call.name, tool_call_id=call.id,
                   content=json.dumps(body, ensure_ascii=False))


def _for_model(outcome: Outcome) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": outcome.ok, "say": outcome.say}
    if outcome.data is not None:
        body["data"] = outcome.data
    return body
