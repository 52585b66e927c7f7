"""Learning from corrections: when the driver changes a value the assistant chose
from a default, the same way twice, offer to remember it (never store silently)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from incabin.agents.context import TurnContext
from incabin.agents.tools import Outcome, Pending, Toolbox, tool
from incabin.profile import PreferenceSource, describe_change, phrase


def note_default(ctx: TurnContext, key: str, value: Any) -> None:
    """The assistant just chose ``value`` for ``key`` from a default, not a preference."""
    ctx.memory.defaulted[key] = value


def after_correction(ctx: TurnContext, key: str, value: Any, outcome: Outcome) -> Outcome:
    """If ``value`` corrects a default the same way as before, ask to remember it."""
    default = ctx.memory.defaulted.pop(key, None)
    if default is None or not outcome.ok or ctx.driver.get(key) is not None:
        return outcome
    if not ctx.memory.corrections.record(key, default, value):
        return outcome
    proposal = ctx.memory.corrections.proposal(key, value)
    question = (f"Shall I remember that {phrase(key, proposal, 'en')}?" if ctx.lang == "en"
                else f"要我记住吗：{phrase(key, proposal, 'zh')}？")
    return replace(outcome, act="confirm", say=f"{outcome.say} {question}",
                   pending=Pending("remember_preference", {"key": key, "value": proposal}))


@tool
def remember_preference(ctx: TurnContext, key: str, value: Any) -> Outcome:
    """Store a preference the driver agreed to have remembered."""
    change = ctx.driver.set(key, value, PreferenceSource.CORRECTION)
    return Outcome(ok=True, act="done", say=describe_change(change, ctx.lang),
                   data={"key": key, "value": change.new})


def declined(ctx: TurnContext, pending: Pending) -> None:
    """The driver said no to remembering: do not ask again for this value."""
    if pending.tool == remember_preference.name:
        ctx.memory.corrections.decline(pending.arguments["key"], pending.arguments["value"])


# Only ever run after the driver's explicit yes; never offered to the model.
TOOLBOX = Toolbox([remember_preference])
