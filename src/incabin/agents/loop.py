"""The tool loop: the model proposes tool calls, the code validates and runs them.

Like Home Assistant's chat log, a known incabin error becomes data the model can
act on (``{"ok": false, "error": ..., "detail": ...}``). The loop is bounded: at
most ``MAX_ROUNDS`` model calls per turn, and a call repeated with the same
arguments is not run twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from incabin.agents._errors import AgentError
from incabin.agents._models import Action
from incabin.agents.policy import plausible, target
from incabin.agents.tools import Outcome, Toolbox
from incabin.llm import ChatModel, LLMError, Message

if TYPE_CHECKING:
    from incabin.agents.context import TurnContext

log = logging.getLogger(__name__)

MAX_ROUNDS = 6


@dataclass
class LoopResult:
    """What one turn of tool use produced."""

    actions: list[Action] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    text: str = ""  # the model's own words, when it answered without (more) tools
    failed: bool = False  # the model could not produce a usable call
    blocked: bool = False  # every call it proposed was unrelated to the request


def run_calls(ctx: TurnContext, toolbox: Toolbox, calls: list[tuple[str, dict[str, Any]]],
              result: LoopResult) -> None:
    """Run validated calls in order, recording each as an Action and an Outcome."""
    for name, arguments in calls:
        try:
            outcome = toolbox.get(name).run(ctx, arguments)
        except AgentError as err:
            # Never executed: the model gets the error and one more chance.
            outcome = Outcome(ok=False, say=str(err), act="refuse", retry=True,
                              data={"error": type(err).__name__, "detail": str(err)})
        result.actions.append(Action(name, dict(arguments), outcome.ok, outcome.data))
        result.outcomes.append(outcome)


def run_loop(ctx: TurnContext, model: ChatModel, toolbox: Toolbox,
             messages: list[Message]) -> LoopResult:
    """Let the model call tools until it answers in words or no call needs a retry."""
    result = LoopResult()
    seen: set[str] = set()
    history = list(messages)
    for _ in range(MAX_ROUNDS):
        try:
            reply = model.chat(history, toolbox.specs)
        except LLMError as err:
            log.warning("model failed: %s", err)
            result.failed = True
            return result
        if not reply.tool_calls:
            result.text = reply.content
            return result
        fresh = []
        targets: set[tuple[str, object]] = set()
        for call in reply.tool_calls:
            key = call.name + json.dumps(call.arguments, sort_keys=True, default=str)
            aim = target(call.name, call.arguments)
            if key not in seen and aim not in targets and plausible(
                    call.name, ctx.text, ctx.memory.last_tools):
                seen.add(key)
                targets.add(aim)
                fresh.append((call.name, call.arguments))
        if not fresh:
            result.blocked = not result.outcomes
            return result
        start = len(result.outcomes)
        run_calls(ctx, toolbox, fresh, result)
        new = result.outcomes[start:]
        if not any(o.retry for o in new):
            return result
        history.append(reply)
        for call, outcome in zip(reply.tool_calls, new):
            history.append(Message(role="tool", name=call.name, tool_call_id=call.id,
                                   content=json.dumps(_for_model(outcome), ensure_ascii=False,
                                                      default=str)))
    return result


def _for_model(outcome: Outcome) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": outcome.ok, "say": outcome.say}
    if outcome.data is not None:
        body["data"] = outcome.data
    return body
