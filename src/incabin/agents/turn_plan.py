"""Plan, check, then act — for the whole turn.

Every call of a turn (from the capability matcher, the question tables or the
model) first runs in planning mode: cabin tools only record the writes they
would make. Then the safety rules check all writes together
(``Vehicle.actuate_many``) and either everything runs, or nothing runs and the
reply says what would not work and why. A call that needs the driver's answer
(which window? really open it in the rain?) holds the whole turn: the answer
runs all its calls together. Replies come from the committed changes, side
effects of the rules included.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from incabin.agents._errors import AgentError
from incabin.agents._models import Action
from incabin.agents.outcomes import already, outcome_of, side_effects
from incabin.agents.speech import t
from incabin.agents.tools import Outcome, Pending, Planned, Toolbox
from incabin.vehicle import BatchResult, ChangeKind
from incabin.vehicle.rules import landing_path

if TYPE_CHECKING:
    from incabin.agents.context import TurnContext

Call = tuple[str, dict[str, Any]]


@dataclass
class LoopResult:
    """What one turn of tool use produced."""

    actions: list[Action] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    text: str = ""  # the model's own words, when it answered without (more) tools
    failed: bool = False  # the model could not produce a usable call
    blocked: bool = False  # every call it proposed was unlicensed by the request
    offline: bool = False  # a hybrid model answered locally: its remote one was out of reach


@dataclass
class _Step:
    call: Call
    outcome: Outcome
    planned: list[Planned]


def run_calls(ctx: TurnContext, toolbox: Toolbox, calls: list[Call], result: LoopResult) -> None:
    """Run ``calls`` as one plan: all of their writes happen, or none do."""
    planning = copy.copy(ctx)
    planning.batch = []
    steps: list[_Step] = []
    for name, arguments in calls:
        start = len(planning.batch or [])
        try:
            outcome = toolbox.get(name).run(planning, arguments)
        except AgentError as err:
            # Never executed: the model gets the error and one more chance.
            outcome = Outcome(ok=False, say=str(err), act="refuse", retry=True,
                              data={"error": type(err).__name__, "detail": str(err)})
        steps.append(_Step((name, dict(arguments)), outcome, list((planning.batch or [])[start:])))
    writes = [w for step in steps for p in step.planned for w in p.targets]
    holding = [s for s in steps if not s.planned and (s.outcome.act in ("clarify", "confirm")
                                                       or not s.outcome.ok)]
    if _contradicting(steps):
        # "close the sunroof, a bit more" read as closing and tilting it: which one is
        # meant is not known, so nothing moves and the driver is asked.
        result.actions += [Action(step.call[0], step.call[1], False, None) for step in steps]
        result.outcomes.append(Outcome(ok=False, act="clarify", say=t(
            ctx.lang, "That asks for the same thing two ways. Which one do you mean?",
            "同一个东西有两种要求，您要哪一种？")))
    elif writes and holding:
        _hold(ctx, steps, holding, result)
    elif writes:
        _commit(ctx, steps, writes, result)
    else:
        for step in steps:
            _record(result, step, step.outcome.ok, step.outcome.data, step.outcome)


def _hold(ctx: TurnContext, steps: list[_Step], holding: list[_Step], result: LoopResult) -> None:
    """A call needs an answer or cannot run: nothing moves; an answer runs the rest too."""
    others = tuple(s.call for s in steps if s.planned)
    for step in holding:
        outcome = step.outcome
        if outcome.pending is not None:
            outcome = replace(outcome, pending=replace(outcome.pending, more=others))
        elif not outcome.ok:
            outcome = replace(outcome, say=f"{outcome.say} " + t(
                ctx.lang, "So I haven't changed anything.", "所以我什么都没有改。"))
        _record(result, step, False, outcome.data, outcome)
    for step in steps:
        if step.planned:
            result.actions.append(Action(step.call[0], step.call[1], False, {"held": True}))


def _commit(ctx: TurnContext, steps: list[_Step], writes: list[tuple[str, Any]],
            result: LoopResult) -> None:
    batch = ctx.vehicle.actuate_many(writes, confirmed=ctx.confirmed)
    acting = [s for s in steps if s.planned]
    first = acting[0]
    if not batch.ok:
        pending = Pending(first.call[0], first.call[1], more=tuple(s.call for s in acting[1:]))
        outcome = outcome_of(ctx, batch, "", pending)
        if outcome.act == "refuse" and len(acting) > 1:
            outcome = replace(outcome, say=f"{outcome.say} " + t(
                ctx.lang, "So I haven't changed anything.", "所以我什么都没有改。"))
        for step in steps:
            if step.planned:
                shown = outcome if step is first else None
                result.actions.append(Action(step.call[0], step.call[1], False, outcome.data))
                if shown is not None:
                    result.outcomes.append(shown)
            else:
                _record(result, step, step.outcome.ok, step.outcome.data, step.outcome)
        return
    undone = {c.path for c in batch.changes if c.overridden is not None}
    for step in steps:
        if step.planned:
            paths = {landing_path(p) for planned in step.planned for p, _ in planned.targets}
            if paths <= undone:
                # A rule undid all this call asked for: the side-effect sentence says so.
                step.outcome = replace(step.outcome, say="")
            elif _already(batch, paths):
                # The car is as asked (done), but nothing moved: the reply says so.
                step.outcome = replace(step.outcome, say=already(step.outcome.say, ctx.lang))
            data = [{"path": c.path, "old": c.old, "new": c.new, "kind": str(c.kind),
                     "reason": c.reason} for c in batch.changes
                    if c.path in paths or c.cause in paths]
            _record(result, step, True, data, step.outcome)
        else:
            _record(result, step, step.outcome.ok, step.outcome.data, step.outcome)
    extra = side_effects(batch, ctx.lang)
    if extra:
        result.outcomes.append(Outcome(ok=True, act="done", say=extra))


def _already(batch: BatchResult, paths: set[str]) -> bool:
    """Every write this call asked for found its value already in place."""
    return not any(c.path in paths and c.kind == ChangeKind.REQUESTED and c.old != c.new
                   for c in batch.changes)


def _contradicting(steps: list[_Step]) -> bool:
    """Two calls would leave one signal at two different values."""
    landed: dict[str, tuple[int, Any]] = {}
    for index, step in enumerate(steps):
        for planned in step.planned:
            for path, value in planned.targets:
                where = landing_path(path)
                earlier = landed.setdefault(where, (index, value))
                if earlier[0] != index and earlier[1] != value:
                    return True
    return False


def _record(result: LoopResult, step: _Step, ok: bool, data: Any, outcome: Outcome) -> None:
    result.actions.append(Action(step.call[0], step.call[1], ok, data))
    result.outcomes.append(outcome)
