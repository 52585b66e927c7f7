"""The frame matcher: a clause that names one capability's part and the values of its
arguments becomes that call, in whatever order and wording the driver used.

hassil's templates match the sentences they spell out; drivers say the same thing
a hundred other ways ("passenger side a notch cooler", "天窗给我全打开", "seat
down to low"). A frame is read from the words each capability already declares:
its part words (``licence``, naming lists), each argument's words and value words
(``directions`` and slot lists), and its ``numbers``. No sentence is written for
it, so a new phrasing of a known request works without a new pattern.

It only ever answers for one capability per clause, and declines (None) whenever
the clause could mean something else: a question, a negation, a condition, a
statement about the car (unless it tells one of the capability's ``situations``),
two capabilities at once, two values for one argument, a required value missing,
a number it cannot place, anything an absent feature's words name, or any word it
cannot account for ("cool my *cup holder*"). The calls it makes still pass the
licence gate before they run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from incabin.agents.capabilities._models import Capability, Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue, typed_value, value_key
from incabin.agents.capabilities.text import (
    HAN,
    NUMBER,
    ZH_TOO,
    language,
    mask,
    mentions,
    spans,
    within,
    words_of,
)

Call = tuple[str, dict[str, Any]]
Span = tuple[int, int]

# A clause like these is not an order to move something, whatever it names; "do" asks
# only before its subject ("do I have …?"), else it is a verb ("do her seat on low").
_EN_QUESTION = re.compile(r"^(is|are|was|were|does|did|do(?= (i|you|we|they|he|she|it)\b)|has|"
                          r"have|had|what|what's|whats|how|why|when|where|which|who|should|"
                          r"shall i|am i)\b")
# An English verb's particle ("open *up*"); "on *high*" is a value, not a particle.
_PARTICLE = re.compile(r"up|down|off|on|out|back|over")
_DETERMINER = re.compile(r"\s+(the|my|our|your|that|this)\s+")
_NEGATION = {"en": re.compile(r"\b(not|never|don't|dont|doesn't|didn't|won't|no longer|"
                             r"without|no need)\b|n't\b"),
             "zh": re.compile(r"不|别|没")}
# "leave the fan running" keeps it as it is: nothing to do either.
_FORBID = {"en": re.compile(r"^(please )?(don't|do not|dont|no need to|never)\b|"
                            r"^(just )?leave .*\b(running|going|on|as it is|as is|alone|be)$"),
           "zh": re.compile(r"别|不要|不用|甭")}
# "after sitting in the sun", "after that workout" and "for hours" tell what happened, not
# when to act ("after we park", "in 10 minutes").
_CONDITION = {"en": re.compile(r"\b(if|unless|when|whenever|once|until|in case|later|tomorrow|tonight|"
                              r"(after|before)(?! (\w+ing|that|this|all)\b)|"
                              # "in 10 minutes" is when; "for a minute" only how long
                              r"(?<!for )(?<!for a )(\d+|a|an|few|couple of|several) (minutes?|hours?))\b"),
              "zh": re.compile(r"如果|要是|假如|的话|之后|以后|的时候|等会|待会|明天|今晚|分钟|小时")}
_EN_BLOCKERS = re.compile(rf"{_NEGATION['en'].pattern}|{_CONDITION['en'].pattern}|\btoo\b")
_EN_POLITE = re.compile(r"(can|could|would|will|won't) you\b|please\b|let's\b|how about\b|"
                        r"would you mind\b|mind\b")
_EN_SUBJECT = re.compile(r"(the|my|our|his|her|their|it|this|that|he|she|they|we|i|there)\b")
_EN_VERB_FORM = re.compile(r"[a-z]{3,}(ing|ed|s)|[a-z]+'(s|m|re|ve|d)")
# A statement's verb ("the glass is misting up", "it's getting chilly", "we're off");
# "let's", "the driver's seat" and "get the seat warm" state nothing.
EN_STATEMENT = re.compile(r"\b(is|are|was|were|been|being|seems?|looks?|feels?|getting)\b|"
                          r"\b(it|that|there|he|she|this)'s\b|\b(i|we|you|they)'(m|re)\b|"
                          # "trip's over", "fog's gone": a noun's 's before these is "is".
                          r"[a-z]'s (over|all|on|off|done|gone|finished|too|so|really|very|"
                          r"still|not|back|out|up|down|getting|been|[a-z]+ing)\b")
# A-not-A asks too ("伤电池不", "有备胎没"); 啥 alone may mean "anything" (啥也看不见).
_ZH_QUESTION = re.compile(r"(吗|么|呢|没有|没|不|是不是|有没有|怎么|为什么|什么|多少|几|哪)$|"
                          r"是不是|有没有|怎么|为什么|什么|多少|哪|多久|多远|多长时间|咋|为啥|啥意思|啥时候")
# A final 呢 asks ("后备箱呢") unless it ends a statement of what is still going on
# ("雨都停了，还在那刮呢", "空调还开着呢").
_ZH_ONGOING = re.compile(r"[还在着正][^，,。]{0,5}呢$")
_ZH_PARTICLE = re.compile(r"(吗|么|呢|没有|没)$")
_ZH_UNKNOWN = re.compile(r"不知道|不晓得|不清楚|想不起")
_ZH_POLITE = re.compile(r"^(能|可以|能否|麻烦|帮|请|给|把)")
# 有点 complains like 太: "风有点大" wants less air, not more.
_ZH_BLOCKERS = re.compile(rf"{_NEGATION['zh'].pattern}|{ZH_TOO}|有点|有些|{_CONDITION['zh'].pattern}")
_ZH_REPORT = re.compile(r"一直|老是|总是|着|(?<!还)是")  # 还是 is "after all"
_RELATIVE = {"en": re.compile(r"\b(another|more|further|extra|additional|by|wider|bigger)\b"),
             # 多 before the verb or number ("多开20%"); after it, "一半多" is "more than half".
             "zh": re.compile(r"再|多(?=[开降关调加减升\d])")}
# Numbers the text keeps as words (one to five; text2num turns the others into digits).
_NUMERALS = {"en": ["one", "two", "three", "four", "five"], "zh": []}
_PURPOSE = re.compile(r"\b(for(?: [a-z']+){1,5}|so(?: that)?(?: [a-z']+){2,6})$")
_ABSOLUTE_MARK = {"en": re.compile(r"\b(to|at)\s+(\d+(?:\.\d+)?)"),
                  "zh": re.compile(r"(到|成|为|回|设为|设置为|设成)(\d+(?:\.\d+)?)")}


@dataclass(frozen=True)
class _Hit:
    """A declared word found in the clause: what it names, and where."""

    span: Span
    argument: str | None = None  # None: the capability's part
    value: str | None = None  # None: it names the argument, not a value
    implied: bool = False  # told by a situation, not named


def read_frame(clause: str, lang: Lang, data: Catalogue) -> Call | None:
    """The one call ``clause`` (normalised) asks for, or None when it is not plainly one."""
    actuators = [cap for cap in data.capabilities.values() if cap.kind == "actuate"]
    situations = [told.span for told in data.situations(clause, lang)]
    # A situation may be told as a statement ("the glass is steaming up") and may hold
    # a negation of its own ("can't see out"), as may a declared word ("太热", "too
    # hot"); the rest of the clause may not.
    masked = mask(clause, situations + spans(clause, _blocking_words(data, lang), lang))
    if blocked(masked, lang, data):
        return None
    hits = {cap.tool: _hits(cap, clause, lang, data) for cap in actuators}
    named = {tool: found for tool, found in hits.items()
             if any(_names(data.capabilities[tool], hit) for hit in found)}
    # A part word inside another capability's longer words ("window" in "rear window
    # defroster", "heat" in "seat heat") does not name its own capability.
    named = {tool: found for tool, found in named.items()
             if not _dominated(data.capabilities[tool], found, named)}
    if len(named) != 1:
        return None
    tool, found = next(iter(named.items()))
    cap = data.capabilities[tool]
    # A report of a state ("the window is open") asks for nothing; a feeling is said as
    # one ("I'm sweating like crazy").
    if not situations and not cap.feeling and (
            _reports(clause, lang) or lang == "en" and _describes(clause, found)):
        return None
    arguments = _values(cap, found, data, lang, clause)
    if arguments is None:
        return None
    told = any(hit.implied for hit in found)
    # Whom it is for ("副驾阅读灯给她开一下") is said once the part says where.
    placed = any(hit.argument in cap.targets and hit.value is not None for hit in found)
    if _unaccounted(clause, found, lang, data, whom=placed):
        return None
    # Digits inside a value word ("1档" is the low setting) are that value, not a number.
    words = {i for hit in found if hit.value not in (None, "+", "-") for i in range(*hit.span)}
    numbers = _numbers(cap, "".join(" " if i in words and ch.isdigit() else ch
                                    for i, ch in enumerate(clause)),
                       lang, arguments, data)
    if numbers is None:
        return None
    arguments.update(numbers)
    if for_someone_else(cap, arguments, clause, lang, data):
        return None
    # Which seat or window alone asks nothing ("the seat, for my wife"): something must
    # be said about it.
    if (not set(arguments) - set(cap.defaults) - set(cap.naming) and not told) or any(
            name not in arguments and name not in cap.defaults for name in cap.required):
        return None
    return tool, arguments


def _blocking_words(data: Catalogue, lang: Lang) -> list[str]:
    """Declared words that hold a blocker of their own ("太热", "too hot", "no more")."""
    blocker = _EN_BLOCKERS if lang == "en" else _ZH_BLOCKERS
    return list(data.derived("blocking", lang, lambda: (
        word for word in (*data.vocabulary(lang), *data.value_vocabulary(lang))
        if blocker.search(word))))


def for_someone_else(cap: Capability, arguments: dict[str, Any], text: str, lang: Lang,
                      data: Catalogue, *, places: bool = True) -> bool:
    """A request about someone else ("do her seat on low", "孩子说冷") or, unless not
    ``places``, somewhere else ("it's cold in the back") whose target is left to the
    default, which is the driver's: it must not land on the driver."""
    defaulted = [name for name in cap.defaults if name not in arguments]
    words = [*data.common.others.of(lang), *(data.places(cap.tool, lang) if places else ())]
    return bool(defaulted) and bool(mentions(text, words, lang, inflected=False))


def _names(cap: Capability, hit: _Hit) -> bool:
    """A part word, or a value of a naming list ("hatch" is the trunk), names the capability."""
    return hit.argument is None or (hit.value is not None and hit.argument in cap.naming)


def tells_habit(text: str, lang: Lang | None = None, data: Catalogue | None = None) -> bool:
    """The request tells how the driver usually is ("just so you know, I can't stand the
    cold", "我这人天生怕冷") and asks for nothing: no call is read from it now."""
    data = data or catalogue()
    lang = lang or language(text)
    lowered = text.lower()
    return bool(mentions(lowered, data.common.habits.of(lang), lang)) and not mentions(
        lowered, data.common.request_words.of(lang), lang)


def is_question(text: str, lang: Lang) -> bool:
    """The request (its last clause) asks a question rather than for an action: "is the
    A/C on?", "空调开着吗" — not "can you open the window?", "能把空调打开吗"."""
    raw = text.strip().lower()
    if lang == "en":
        last = re.split(r"[,;.!]\s*(?=\S)", raw)[-1].strip()
        if _EN_POLITE.match(last):
            return False
        return bool(_EN_QUESTION.match(last) or last.endswith("?"))
    last = re.split(r"[，,；;。!！]", raw.rstrip("，,。.!！ "))[-1]
    plain = re.sub(r"[\s?？~…]+", "", last).lstrip("你您")
    if _ZH_POLITE.match(plain) or plain.startswith(("能不能", "可不可以", "麻烦")):
        return False
    return _asks_zh(plain)


def tells_situation(clause: str, lang: Lang, data: Catalogue) -> bool:
    """The clause tells a situation some capability declares ("fog's gone")."""
    return bool(data.situations(clause, lang))


def reports(clause: str, lang: Lang, data: Catalogue) -> bool:
    """The clause tells the driver's reason and asks for nothing ("she's a bit warm",
    "there's a cyclist up ahead", "吹得眼睛干"), so a request beside it may run alone."""
    if any(ch.isdigit() for ch in clause):
        return False
    if lang == "en":
        words = clause.split()
        if not words or words[0] in data.common.request_words.en:
            return False
        return bool(EN_STATEMENT.search(clause) or (
            _EN_SUBJECT.match(clause) and any(_EN_VERB_FORM.fullmatch(w) for w in words[1:])))
    # Chinese has no copula to tell a report by: it names no value and asks no one.
    # A clause led by a verb of asking ("导航去…", "打开…") asks, whatever it names.
    if _ZH_POLITE.match(clause) or any(clause.startswith(word) for word in
                                       data.common.request_words.zh if len(word) > 1):
        return False
    found = spans(clause, data.value_vocabulary("zh"), lang)
    if not found:
        return True
    # A change told (了) whose value is inside a longer word: 下 in 下雨 ("天阴了要下雨了")
    # moves no window; in 拉上 or 锁了 it is asked for.
    return clause.endswith("了") and not words_of(
        clause, [*found, *spans(clause, data.common.request_words.zh, lang)])


def split_at_part(clause: str, lang: Lang, data: Catalogue, *, last: bool = False) -> tuple[str, str]:
    """The text before the clause's first part word and that word ("close | the sunroof");
    with ``last``, the text after its last part word ("前雾灯 | 都打开")."""
    # A feeling ("roasting") names no part another clause could act on.
    found = sorted(spans(clause, data.part_words(lang, actuators=True), lang))
    if not found:
        return "", ""
    if last:
        end = max(b for _, b in found)
        return clause[end:], ""
    start = found[0][0]
    end = max(b for a, b in found if a == start)
    return clause[:start].strip(), clause[start:end]


def last_part(clause: str, lang: Lang, data: Catalogue) -> str:
    """The clause's last part word ("enough heat on the *wheel*"), or ""."""
    found = spans(clause, data.part_words(lang, actuators=True), lang)
    if not found:
        return ""
    start, end = max(found, key=lambda span: (span[1], span[1] - span[0]))
    return clause[start:end]


def blocked(clause: str, lang: Lang, data: Catalogue) -> bool:
    """The clause asks, negates, sets a condition or a time, quotes, or names a feature
    the car lacks: no call may be read from it."""
    if not clause or any(q in clause for q in "\"“”「」'‘’") and lang == "zh":
        return True
    if spans(clause, [w for f in data.features.values() if not f.tools
                      for w in f.words.of(lang)], lang):
        return True  # what an absent feature's words name is declined elsewhere
    if lang == "en":
        return bool(_EN_QUESTION.search(clause) or _EN_BLOCKERS.search(clause))
    if _ZH_BLOCKERS.search(clause):
        return True
    return _asks_zh(clause) and not _ZH_POLITE.search(clause)


def _asks_zh(text: str) -> bool:
    """A Chinese question (its particle, a question word), not a statement ending in 呢
    nor one that says what the speaker doesn't know ("钥匙不知道掉哪去了")."""
    if not _ZH_PARTICLE.search(text):  # "不知道空调开了没" still asks
        text = _ZH_UNKNOWN.split(text)[0]
    if _ZH_ONGOING.search(text):
        return bool(_ZH_QUESTION.search(text[:-1]))
    return bool(_ZH_QUESTION.search(text))


def sets_condition(clause: str, lang: Lang) -> bool:
    """The clause sets a condition or a time ("if it rains", "等会儿"): what it goes
    with is not asked for now."""
    return bool(_CONDITION[lang].search(clause))


def forbids(clause: str, lang: Lang) -> bool:
    """The clause tells what not to do ("don't close the window", "别全开", "温度不用动")
    and sets no condition: it asks for nothing."""
    return bool(_FORBID[lang].search(clause)) and not sets_condition(clause, lang)


def only_negates(clause: str, lang: Lang) -> bool:
    """The clause says what not to do ("别开大了", "don't open it all the way") and
    sets no condition or time ("not until we're parked"): beside a request it asks for
    nothing more."""
    return bool(_NEGATION[lang].search(clause)) and not sets_condition(clause, lang) \
        and not (lang == "en" and _EN_QUESTION.search(clause))


def _reports(clause: str, lang: Lang) -> bool:
    """The clause reports a state ("the window is open", "窗户开着"), unless it asks."""
    if lang == "en":
        return bool(EN_STATEMENT.search(clause))
    return bool(_ZH_REPORT.search(clause)) and not _ZH_POLITE.search(clause)


def _describes(clause: str, found: list[_Hit]) -> bool:
    """An English clause that opens with a subject and has a verb of its own ("the glass
    in front keeps steaming up") describes; it does not ask."""
    if not _EN_SUBJECT.match(clause):
        return False
    covered = _covered(hit.span for hit in found)
    return any(_EN_VERB_FORM.fullmatch(word.group()) and not covered & set(range(*word.span()))
               for word in re.finditer(r"[a-z']+", clause))


def _unaccounted(clause: str, found: list[_Hit], lang: Lang, data: Catalogue, *,
                 whom: bool = False) -> bool:
    """A word the frame cannot account for ("cool my *cup holder*", "给*电池*加热"):
    the clause may be about something this capability is not, so it is not read. With
    ``whom``, words for other people ("给她") are accounted for."""
    common = data.common
    known = [*common.function_words.of(lang), *common.request_words.of(lang),
             *common.fillers.of(lang), *common.degree_phrases.of(lang),
             *(w for words in common.lists[lang].get("amount", {}).values() for w in words),
             *(common.others.of(lang) if whom else ())]
    covered = _covered([*(hit.span for hit in found), *spans(clause, known, lang),
                        *(m.span() for m in re.finditer(r"\d+(?:\.\d+)?\s*%?", clause))])
    # "… halfway for the dog", "… so I can get my cable out": who or what it is for names
    # no part and asks nothing.
    purpose = _PURPOSE.search(clause) if lang == "en" else None
    if purpose and not mentions(purpose.group(), data.vocabulary(lang), lang) and not any(
            within(hit.span, purpose.span()) for hit in found):
        covered |= set(range(*purpose.span()))
    if lang == "zh":
        return any(HAN.match(ch) and i not in covered for i, ch in enumerate(clause))
    return any(not covered & set(range(*word.span()))
               for word in re.finditer(r"[a-z][a-z'/-]*", clause))


def _hits(cap: Capability, clause: str, lang: Lang, data: Catalogue) -> list[_Hit]:
    parts = spans(clause, cap.licence.of(lang), lang)
    degrees = spans(clause, data.common.degree_phrases.of(lang), lang)
    targets = cap.targets - set(cap.directions)
    found = [_Hit(span) for span in parts]
    for told in data.situations(clause, lang):
        if told.tool == cap.tool:
            found.append(_Hit(told.span, implied=True))
            found += [_Hit(told.span, name, value_key(value), implied=True)
                      for name, value in told.slots.items()]
    for name, words in cap.arguments.items():
        found += [_Hit(span, name) for span in spans(clause, words.of(lang), lang)]
    # "my" in "for my buddy" says whose friend, not which seat.
    placed = data.without_owners(clause, lang)
    for name in _valued_arguments(cap):
        # "上" inside "充电上限" names the part, not a direction; "all" in "all the way"
        # and "back" in "back up" say how far, not which window. A word that is both
        # ("tilt" names the sunroof and says how to open it) is both.
        masks = parts + degrees if name in targets else parts
        # Values as written: "heating" names the seat heater, it does not say "heat" it.
        for value, words in data.value_words(cap.tool, name, lang).items():
            found += [_Hit(span, name, value)
                      for span in spans(placed if name in targets else clause, words, lang,
                                        inflected=False)
                      if not any(within(span, cover) and span != cover for cover in masks)]
    return found


def _valued_arguments(cap: Capability) -> set[str]:
    """Arguments with words per value: directions, or slot lists in the sentences."""
    names = set(cap.directions) | set(cap.naming) | set(cap.arguments) | set(cap.required)
    names |= set(cap.defaults) | set(cap.numbers)
    return names


def _dominated(cap: Capability, found: list[_Hit], named: dict[str, list[_Hit]]) -> bool:
    """Every part word of ``tool`` lies inside another named capability's words."""
    parts = [hit.span for hit in found if _names(cap, hit)]
    for other, hits in named.items():
        covered = _covered(hit.span for hit in hits)
        if other != cap.tool and all(set(range(*span)) <= covered for span in parts):
            return True
    return False


def _attached(hit: _Hit, other: _Hit, clause: str) -> bool:
    """``hit`` is the head right after ``other`` (nothing between) or a verb with a
    determiner before it."""
    if other.span[1] <= hit.span[0]:
        return clause[other.span[1]:hit.span[0]].strip() == ""
    return hit.span[1] <= other.span[0] and bool(
        _DETERMINER.fullmatch(clause[hit.span[1]:other.span[0]]))


def _covered(found: Iterable[Span]) -> set[int]:
    return {i for start, end in found for i in range(start, end)}


def _values(cap: Capability, found: list[_Hit], data: Catalogue, lang: Lang,
            clause: str) -> dict[str, Any] | None:
    """One value per argument the clause gives a value for, or None when it gives two."""
    words = [hit for hit in found if hit.argument is not None and hit.value is None]
    # An argument's word inside another's longer one ("defroster" in "rear defroster")
    # does not name it.
    naming = [hit for hit in words
              if not any(other.argument != hit.argument and within(hit.span, other.span)
                         for other in words)]
    # Nor does one that only says what is done to another's part: the head of a compound
    # ("rear window *defrost*", "后窗*除霜*") or a verb before it ("*defrost* the rear
    # glass"). The rear window's defroster is not the windscreen's.
    named = {hit.argument for hit in naming}
    named -= {name for name in named
              if all(any(other.argument not in (None, name) and _attached(hit, other, clause)
                         for other in naming) for hit in naming if hit.argument == name)}
    arguments: dict[str, Any] = {}
    signed: set[str] = set()
    for name in _valued_arguments(cap):
        said = [hit for hit in found if hit.argument == name and hit.value is not None]
        if not said:
            continue
        # An argument with words of its own ("A/C", "fan") takes a value only when named
        # (or told by a situation).
        if name in cap.arguments and name not in named and not any(h.implied for h in said):
            continue
        # A sign ("up", "调高") is read with the numbers; a value said with it wins.
        keys = _refined(_strongest(said), cap.refines.get(name, {}))
        if len(keys) > 1:
            parts = [hit.span for hit in found if hit.argument is None]
            naming = {*cap.licence.of(lang), *(w for a in cap.arguments.values() for w in a.of(lang))}
            keys = _plain(said, keys, parts, naming, data.common.intensifiers.of(lang), clause)
        signed |= {name} if keys & {"+", "-"} else set()
        keys -= {"+", "-"}
        if len(keys) > 1:
            return None
        if keys:
            arguments[name] = typed_value(keys.pop())
    # An argument named but given no value ("turn off the A/C and the fan") would be
    # left undone: not a frame; unless its words name a valued one too ("fan" is the
    # fan percentage and the fan step).
    numbered = set(cap.numbers) if NUMBER.search(clause) else set()
    valued = {hit.span for hit in words if hit.argument in arguments or hit.argument in numbered}
    unvalued = {hit.argument for hit in words if hit.argument in named - set(arguments)
                - signed - set(cap.numbers) and hit.span not in valued}
    if unvalued:
        return None
    for name, dropped in cap.overrides.items():
        if name in arguments:  # "all the way up" is 100 %, not one step up
            for other in dropped:
                arguments.pop(other, None)
    return arguments


def _plain(said: list[_Hit], keys: set[str], parts: list[Span], naming: set[str],
           intensifiers: list[str], clause: str) -> set[str]:
    """Of two values said, one that only names the part with it ("方向盘*加热*都关了",
    "wheel *heat* off": a part or switch word right after the part), only intensifies ("down *one
    more*") or is the particle of the English verb before it ("open *up* the window")
    yields to the other. "车窗*关*一点" closes: 关 names no part."""
    def names_part(hit: _Hit) -> bool:
        word = clause[hit.span[0]:hit.span[1]].strip()
        return any(clause[end:hit.span[0]].strip() == "" and end <= hit.span[0]
                   and (hit.value in ("true", "on") or word in naming) for _, end in parts)

    def particle(hit: _Hit) -> bool:
        return bool(_PARTICLE.fullmatch(clause[hit.span[0]:hit.span[1]])) and any(
            other.value != hit.value and clause[other.span[1]:hit.span[0]] == " "
            and not names_part(other) for other in said)

    def weak(key: str) -> bool:
        return all(names_part(hit) or particle(hit) or clause[hit.span[0]:hit.span[1]] in intensifiers
                   for hit in said if hit.value == key)
    strong = {key for key in keys if not weak(key)}
    return strong or keys


def _strongest(said: list[_Hit]) -> set[str]:
    """The values said, less those whose every word lies inside a longer one of
    another value ("fresh air" is not "air") or is partly taken by one ("in the *back on
    the right*" is not "in the back")."""
    keys: set[str] = set()
    for hit in said:
        inside = any(other.value != hit.value and (
            within(hit.span, other.span)
            or hit.span[0] < other.span[1] and other.span[0] < hit.span[1]
            and other.span[1] - other.span[0] > hit.span[1] - hit.span[0])
            for other in said)
        if not inside:
            keys.add(str(hit.value))
    return keys


def _refined(keys: set[str], refines: dict[str, list[str]]) -> set[str]:
    """A value that refines another said with it wins ("open … a crack" is vent)."""
    return {key for key in keys
            if not any(key in refines.get(other, []) for other in keys if other != key)}


def _numbers(cap: Capability, clause: str, lang: Lang, arguments: dict[str, Any],
             data: Catalogue) -> dict[str, Any] | None:
    """The number the clause gives, as the absolute or the relative argument; None
    when it says a number the capability cannot place ("fan up to 60" without a unit)."""
    if not cap.numbers:
        return None if NUMBER.search(clause) else {}
    absolute = next((n for n, spec in cap.numbers.items() if not spec.relative), None)
    relative = next((n for n, spec in cap.numbers.items() if spec.relative), None)
    numbers = [float(n) for n in NUMBER.findall(clause)]
    if len(set(numbers)) > 1:
        return None
    sign = _sign(cap, relative, clause, lang, data) if relative else None
    if relative and cap.numbers[relative].marked and not _RELATIVE[lang].search(clause):
        sign = None
    if relative in cap.arguments and not _said_alone(cap, relative, clause, lang):
        sign = None  # "up" in "the windscreen is fogging up" is no change of the fan
    marked = _ABSOLUTE_MARK[lang].search(clause)
    if numbers and (marked or sign is None) and absolute and absolute not in arguments:
        if relative is None and _RELATIVE[lang].search(clause):
            return None  # "another twenty percent" is a change this capability cannot take
        spec = cap.numbers[absolute]
        # A number for an argument with its own words counts only where they are said
        # ("fan to 60%", not "set it to 3"), and in its unit where it declares one.
        if absolute in cap.arguments and not spans(clause, cap.arguments[absolute].of(lang), lang):
            return None
        if spec.units.of(lang) and not _in_unit(clause, spec.units.of(lang)):
            return None
        return {absolute: _whole(numbers[0])}
    if relative and sign is not None and absolute not in arguments:
        spec = cap.numbers[relative]
        amount = numbers[0] if numbers else _amount(clause, lang, data)
        # Where the change has a unit, a number said without it counts steps ("fan up
        # two notches", "风量调大两档"); "by 20 %" is the change itself. A fuzzy amount
        # ("a bit") counts steps; a numeral said as a word ("by five") is a number.
        counted = numbers or spans(clause, _NUMERALS[lang], lang, inflected=False)
        if not counted or spec.units.of(lang) and not _in_unit(clause, spec.units.of(lang)):
            amount *= spec.step
        return {relative: _whole(sign * amount)}
    return None if numbers else {}


def _in_unit(clause: str, units: list[str]) -> bool:
    """A number in the clause carries one of ``units`` ("60 %", "20 percent")."""
    return any(re.search(rf"{number}\s*{re.escape(unit)}", clause)
               for number in NUMBER.findall(clause) for unit in units)


def _said_alone(cap: Capability, name: str, clause: str, lang: Lang) -> bool:
    """A word of argument ``name`` is said outside every longer word of another argument
    ("风" in "后挡风" is the rear window, not the fan)."""
    others = [span for other, words in cap.arguments.items() if other != name
              for span in spans(clause, words.of(lang), lang)]
    return any(not any(within(span, o) and o != span for o in others)
               for span in spans(clause, cap.arguments[name].of(lang), lang))


def _sign(cap: Capability, relative: str, clause: str, lang: Lang, data: Catalogue) -> int | None:
    # "上" inside "充电上限" names the part, "加" inside "加热丝" the rear window's heater:
    # they say no direction.
    parts = spans(clause, [*cap.licence.of(lang),
                           *(w for name, words in cap.arguments.items() if name != relative
                             for w in words.of(lang))], lang)
    said = {key for key, words in data.value_words(cap.tool, relative, lang).items()
            if key in ("+", "-") and any(not any(within(span, part) for part in parts)
                                         for span in spans(clause, words, lang))}
    if len(said) != 1:
        return None
    return 1 if said.pop() == "+" else -1


def _amount(clause: str, lang: Lang, data: Catalogue) -> float:
    """A fuzzy amount ("a couple of", "一点"), in steps; one step when none is said."""
    best: tuple[int, float] = (0, 1.0)
    for value, words in data.common.lists[lang].get("amount", {}).items():
        for span in spans(clause, words, lang):
            if span[1] - span[0] > best[0]:
                best = (span[1] - span[0], float(value))
    return best[1]


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number
