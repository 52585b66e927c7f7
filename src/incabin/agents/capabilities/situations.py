"""Reading a request from the situations it tells: "my fingers are going numb, this
wheel is like holding an ice cube" asks for the wheel heating although it names no
control and says words no frame accounts for.

Each capability declares its ``situations`` (words, and the arguments they imply).
When a request tells situations and nothing else the matcher could read, the
situations alone make the calls: the data decides, not a small model's guess
between nearby tools. It declines (None) when the request asks a question, negates,
sets a condition or a deferral outside the situation's own words, names another
capability's part (it asks for more than the situation says), or tells two
situations that disagree. The calls still pass the licence gate.
"""

from __future__ import annotations

import re
from typing import Any

from incabin.agents.capabilities._models import Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue, value_key
from incabin.agents.capabilities.frames import blocked, is_question, tells_habit
from incabin.agents.capabilities.matcher import MAX_CHARS, Understood
from incabin.agents.capabilities.text import language, mask, spans

Span = tuple[int, int]
_PREPOSITION = re.compile(r"(?<=\bon) (the|a|an|my|our|this|that|your)\b")
# A situation told with a question of its own ("车坏了要拖走，能不能直接用绳子拖")
# asks about something else: the model or the manual answers it.
_ASKS = {"en": re.compile(r"\b(can|could|should|may|shall) (i|we|you)\b|\bhow (do|can|should)\b|"
                         r"\bis it (ok|okay|possible|safe)\b"),
         "zh": re.compile(r"能不能|可不可以|能否|可以吗|行不行|怎么|要不要|该不该")}
# Said beside a situation these tell when it happens or what it does to the driver,
# not what to leave undone: "long trip tomorrow" asks for a full charge now, "too
# dark" and "can't see a thing" are the situation itself.
_TOLD_WITH = {"en": ["tomorrow", "tonight", "too", "can't see", "cannot see", "can barely see",
                     "can hardly see", "can't make out", "cannot make out"],
              "zh": ["明天", "今晚", "太", "看不清", "看不见", "看不到", "啥也看不", "什么都看不"]}


def told(text: str, lang: Lang | None = None, data: Catalogue | None = None) -> Understood | None:
    """The calls the situations ``text`` tells ask for, or None when it tells none or
    may mean more or other than they say."""
    data = data or catalogue()
    lang = lang or language(text)
    clause = data.normalise(text, lang)
    if not clause or len(clause) > MAX_CHARS or text.strip().endswith(("?", "？")) \
            or is_question(text, lang) or _ASKS[lang].search(text.lower()) \
            or tells_habit(text, lang, data):
        return None
    found = data.situations(clause, lang)
    if not found:
        return None
    # Every situation word, kept or not, is the situation's and asks for nothing else.
    covered = [f.span for f in data.situations(clause, lang, overlapped=True)]
    covered += spans(clause, [*_TOLD_WITH[lang], *data.common.durations.of(lang)], lang)
    masked = mask(clause, covered)
    if blocked(masked, lang, data):
        return None
    if _asks_more(masked, lang, data) or len({f.tool for f in found}) > 1:
        return None  # "it's pouring, the roof leaks": the roof, the wipers, or both?
    cap = data.capabilities[found[0].tool]
    arguments: dict[str, Any] = {}
    for f in found:
        for name, value in f.slots.items():
            if name in arguments and value_key(arguments[name]) != value_key(value):
                return None  # "fog's lifting … thick fog ahead": which is it?
            arguments[name] = value
    if any(name not in arguments and name not in cap.defaults for name in cap.required):
        return None

    def outside(words: list[str], within: list[Span], **how: bool) -> bool:
        return any(not any(a <= start and end <= b for a, b in within)
                   for start, end in spans(clause, words, lang, **how))

    if any(outside(words.of(lang), covered) for name, words in cap.arguments.items()
           if name not in arguments):
        return None  # "the rear screen is misting up" is not the windscreen "misting" implies
    # A place inside a gap is said too: "the seat behind me's too hot" is that seat.
    covered = [s for f in data.situations(clause, lang, overlapped=True) for s in f.said_spans(clause)]
    covered += spans(clause, [*_TOLD_WITH[lang], *data.common.durations.of(lang)], lang)
    for name in sorted(cap.targets - set(arguments)):
        if not outside(data.places(cap.tool, lang), covered, inflected=False):
            continue
        # A place said beside the situation says which part ("rain's coming in on my
        # arm" is the driver's window); one it does not name exactly declines ("the back
        # seat is freezing" is not the driver's seat by default, nor one of the two).
        values = data.value_words(cap.tool, name, lang)
        named = [value for value, words in values.items() if outside(words, covered, inflected=False)]
        # A row of seats or windows is no one part: which one is cold, or both?
        zones = set(data.common.positions.zones) if data.common.positions else set()
        if named and zones & set(values) and named[0] not in zones:
            return None
        if len(named) != 1 or outside([w for w in data.places(cap.tool, lang) if w not in
                                       data.value_words(cap.tool, name, lang)[named[0]]],
                                      covered, inflected=False):
            return None
        arguments[name] = named[0]
    return Understood([(cap.tool, arguments)], cap.agent)


def _asks_more(masked: str, lang: Lang, data: Catalogue) -> bool:
    """Besides the situations, the request names a part with a value or a request word
    ("my hands are cold, *close the window*"; "前后挡风玻璃都给我除一下雾"): it asks for
    something the matcher could not read, so the situations alone would do too little
    or something else. A part said in passing ("the glass in front of me keeps
    steaming up") asks for nothing."""
    if not any(spans(masked, cap.licence.of(lang), lang) for cap in data.capabilities.values()
               if cap.kind == "actuate"):
        return False
    said = [*data.value_vocabulary(lang), *data.common.request_words.of(lang)]
    # "on the road", "in the back": a preposition before its noun switches nothing.
    return any(not _PREPOSITION.match(masked, end) for _, end in spans(masked, said, lang, inflected=False))
