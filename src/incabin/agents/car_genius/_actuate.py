"""Cabin tools hand their writes to ``actuate_all``; seat and window names.

A cabin tool computes its writes and hands them to ``actuate_all``. Inside a
planned turn (``ctx.batch`` set, see ``agents.turn_plan``) nothing moves yet:
the writes are collected so that the whole turn is checked and committed at
once. Outside one (a direct call), the call itself is all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from incabin.agents._models import Lang
from incabin.agents.context import TurnContext
from incabin.agents.outcomes import outcome_of
from incabin.agents.speech import t
from incabin.agents.tools import Outcome, Pending, Planned

SEATS = {
    "driver": "Vehicle.Cabin.Seat.Row1.DriverSide",
    "passenger": "Vehicle.Cabin.Seat.Row1.PassengerSide",
    "rear_left": "Vehicle.Cabin.Seat.Row2.DriverSide",
    "rear_right": "Vehicle.Cabin.Seat.Row2.PassengerSide",
}
WINDOWS = {
    "driver": "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position",
    "passenger": "Vehicle.Cabin.Door.Row1.PassengerSide.Window.Position",
    "rear_left": "Vehicle.Cabin.Door.Row2.DriverSide.Window.Position",
    "rear_right": "Vehicle.Cabin.Door.Row2.PassengerSide.Window.Position",
}
# A row or all seats: the seat tools act on each seat of a group.
SeatName = Literal["driver", "passenger", "rear_left", "rear_right", "front", "rear", "all"]
SEAT_GROUPS = {"front": ["driver", "passenger"], "rear": ["rear_left", "rear_right"],
               "all": list(SEATS)}
_GROUP_NAMES = {"front": ("front seats", "前排座椅"), "rear": ("rear seats", "后排座椅"),
                "all": ("all seats", "所有座椅")}
PLACE_NAMES = {
    "driver": ("driver's", "主驾"),
    "passenger": ("passenger", "副驾"),
    "rear_left": ("rear left", "左后"),
    "rear_right": ("rear right", "右后"),
    "rear": ("rear", "后排"),
    "front": ("front", "前排"),
}


def lacks(ctx: TurnContext, feature: str, en: str, zh: str) -> Outcome | None:
    """"This car has no …" when the car profile lacks ``feature``; None when it has it."""
    if ctx.vehicle.has(feature):
        return None
    return Outcome(ok=False, act="refuse", say=t(
        ctx.lang, f"This car has no {en}, so I haven't changed anything.",
        f"这辆车没有{zh}，所以我什么都没改。"))


def said_in(words: str, text: str) -> bool:
    """``words`` are the driver's own: their letters appear in ``text`` in order, whatever
    the spacing, case, punctuation or fillers between them ("周杰伦歌" in "播放周杰伦的歌").
    A name or a message a model made up is therefore never acted on."""
    wanted = [c for c in words.casefold() if c.isalnum()]
    if not wanted:
        return False
    rest = iter(c for c in text.casefold() if c.isalnum())
    return all(c in rest for c in wanted)


def place_name(key: str, lang: Lang) -> str:
    """The spoken name of a seat or window position."""
    en, zh = PLACE_NAMES[key]
    return t(lang, en, zh)


def actuate_all(ctx: TurnContext, tool: str, arguments: dict[str, Any],
                targets: Sequence[tuple[str, Any]], done_say: str) -> Outcome:
    """Command every (path, value) together, or none of them.

    In a planned turn the writes are only recorded and ``done_say`` is what
    will be said if the turn commits. A write that needs the driver's consent
    becomes a ``confirm`` whose yes re-runs the same call with consent given.
    """
    planned = Planned(tool, dict(arguments), tuple(targets))
    if ctx.batch is not None:
        ctx.batch.append(planned)
        return Outcome(ok=True, say=done_say, act="done")
    result = ctx.vehicle.actuate_many(list(targets), confirmed=ctx.confirmed)
    return outcome_of(ctx, result, done_say, Pending(tool, dict(arguments)))


def seat_names(seat: str) -> list[str]:
    """The single seats ``seat`` stands for (a row or all of them)."""
    return SEAT_GROUPS.get(seat, [seat])


def seats_said(seat: str, lang: Lang) -> str:
    """How the driver hears which seats: "driver's seat", "后排座椅"."""
    if seat in _GROUP_NAMES:
        en, zh = _GROUP_NAMES[seat]
        return t(lang, en, zh)
    return t(lang, f"{place_name(seat, 'en')} seat", f"{place_name(seat, 'zh')}座椅")
