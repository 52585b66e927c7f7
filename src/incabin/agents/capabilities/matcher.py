"""The fast matcher: a request whose every clause is one of the capabilities'
sentences becomes tool calls without the model ("open the driver's window a
crack", "座椅加热开到最高档"). A clause that asks for nothing and names nothing
any capability knows ("…, I'm done") is the driver's commentary and is let go; any
other clause that matches no sentence leaves the whole request to the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hassil import recognize

from incabin.agents.capabilities._models import Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue
from incabin.agents.capabilities.frames import read_frame
from incabin.agents.capabilities.text import clauses, language, mentions, normalise

Call = tuple[str, dict[str, Any]]
MAX_CHARS = 160  # longer requests are not plain commands
_QUESTION = re.compile(r"[?？]$")


@dataclass(frozen=True)
class Understood:
    """The calls a request asks for, in order, and the agent that owns them."""

    calls: list[Call]
    agent: str


def match(text: str, lang: Lang | None = None, data: Catalogue | None = None) -> Understood | None:
    """The calls for ``text`` when every clause matches a capability sentence or frame,
    else None."""
    data = data or catalogue()
    lang = lang or language(text)
    fillers = data.common.fillers.of(lang)
    cleaned = normalise(text, lang, fillers)
    if not cleaned or len(cleaned) > MAX_CHARS:
        return None
    # Split before punctuation is dropped: commas separate clauses too.
    parts = [c for c in (normalise(p, lang, fillers) for p in clauses(text.lower(), lang)) if c]
    # A question ("any windows open back there?") is never read as an order.
    frames = not _QUESTION.search(text.strip())
    whole = _one(cleaned, lang, data, frames=frames and len(parts) == 1)
    if whole is not None:
        calls = [whole]
    else:
        calls = []
        for clause in parts:
            call = _one(clause, lang, data, frames=frames)
            if call is not None:
                if call not in calls:  # "my hands are cold, heat the wheel": one call
                    calls.append(call)
            elif not _commentary(clause, lang, data):
                return None
    if not calls:
        return None
    agents = {data.capabilities[tool].agent for tool, _ in calls}
    if len(agents) != 1:
        return None  # one turn, one agent: mixed requests go to the model
    return Understood(calls, agents.pop())


def _one(clause: str, lang: Lang, data: Catalogue, *, frames: bool) -> Call | None:
    """A template sentence (it spells out what a frame guesses), completed by the
    clause's frame where the template left an argument out ("put my window down");
    else the frame alone."""
    result = recognize(clause, data.intents(lang))
    frame = read_frame(clause, lang, data) if frames else None
    if result is None or result.intent is None:
        return frame
    tool, arguments = result.intent.name, _arguments(
        {name: entity.value for name, entity in result.entities.items()})
    if frame is not None and frame[0] == tool:
        cap = data.capabilities[tool]
        # Arguments that stand for one another (celsius/change, fan %/step) are not mixed.
        groups = [set(cap.numbers), *({name, *others} for name, others in cap.overrides.items())]
        arguments = {**{k: v for k, v in frame[1].items()
                        if not any(k in group and group & set(arguments) for group in groups)},
                     **arguments}
    return tool, arguments


def _commentary(clause: str, lang: Lang, data: Catalogue) -> bool:
    """A clause that asks for nothing and names nothing any capability or missing
    feature knows, nor any value ("I'm done", "it's only drizzling"; not "留个缝"):
    the driver's commentary."""
    return not mentions(clause, data.vocabulary(lang), lang) and not mentions(
        clause, data.common.request_words.of(lang), lang) and not mentions(
        clause, data.value_vocabulary(lang), lang)


def _arguments(values: dict[str, Any]) -> dict[str, Any]:
    """Entity values as tool arguments; ``sign`` × ``amount`` is a relative change."""
    sign = values.pop("sign", None)
    amount = values.pop("amount", None)
    if sign is not None and "celsius" not in values:
        values["change"] = float(sign) * float(amount if amount is not None else 1)
    return values
