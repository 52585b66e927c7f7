"""What the driver says about themself: preferences to remember, "forget my home
address", "what do you know about me?". Found by the profile layer's rules, so
nothing is stored that the driver did not say."""

from __future__ import annotations

import re

from incabin.agents._models import Action
from incabin.agents.context import TurnContext
from incabin.agents.loop import LoopResult
from incabin.agents.tools import Outcome
from incabin.profile import (
    ProfileError,
    describe_change,
    describe_forgotten,
    extract_statements,
    forget_request,
    is_profile_question,
)

# Words that may be left around a statement without making it a second request.
_FILLER = re.compile(r"\b(and|also|so|please|by the way|btw|just|that|i|oh|well)\b|[\s,.!?，。！？、]|"
                     r"而且|还有|另外|顺便|我|吧|哦|呢")


def handle(ctx: TurnContext) -> tuple[LoopResult, bool] | None:
    """Handle what the driver said about themself.

    Returns the result and whether the request is complete, or None when the
    request says nothing about the driver. When it is not complete (e.g. "I'm
    vegetarian, find me lunch"), the preference is stored and the rest of the
    request goes on to the agents, which then use it.
    """
    driver = ctx.driver
    result = LoopResult()
    request = forget_request(ctx.text)
    if request is not None:
        forgotten = driver.apply_forget(request)
        say = describe_forgotten(forgotten, request.everything, ctx.lang)
        _record(result, "forget", {"keys": list(request.keys), "everything": request.everything},
                Outcome(ok=True, act="done", say=say, data={"forgotten": forgotten}))
        return result, True
    if is_profile_question(ctx.text):
        _record(result, "describe_profile", {},
                Outcome(ok=True, act="inform", say=driver.describe(ctx.lang)))
        return result, True
    statements = extract_statements(ctx.text)
    if not statements:
        return None
    rest = ctx.text
    for statement in statements:
        try:
            change = driver.apply(statement)
        except ProfileError as err:
            outcome = Outcome(ok=False, act="refuse", say=str(err))
        else:
            outcome = Outcome(ok=True, act="done", say=describe_change(change, ctx.lang),
                              data={"key": change.key, "old": change.old, "new": change.new})
        _record(result, "remember_preference", {"key": statement.key, "value": statement.value},
                outcome)
        start, end = statement.text_span
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return result, not _FILLER.sub("", rest).strip()


def _record(result: LoopResult, tool: str, arguments: dict[str, object], outcome: Outcome) -> None:
    result.actions.append(Action(tool, arguments, outcome.ok, outcome.data))
    result.outcomes.append(outcome)
