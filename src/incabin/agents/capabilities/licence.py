"""The licence gate: may a tool call the model proposed run for this request?

Fail closed. An actuation runs only when the request names the capability (its
part or situation words, or a follow-up of the tool the previous turn used),
names at least one argument the call sets (A/C vs fan: the others, which a small
model fills in under a schema, are dropped), names the value of a required
argument (which light), and does not say the opposite direction ("dip the beams" never switches the
high beams on). Words inside quotes are not requests ("how do you say 'open the
hood' in French?"). A tool with no declaration is refused. A number the driver
never said (an invented 28 °C) is dropped from the call, so the tool asks instead.
Reading tools and route changes are not gated: they move nothing in the car.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from text_to_num import alpha2digit

from incabin.agents.capabilities._models import Capability, Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue, typed_value
from incabin.agents.capabilities.frames import blocked, forbids, is_question, only_negates, tells_habit
from incabin.agents.capabilities.text import NUMBER, clauses, language, mask, mentions, normalise, spans

_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」|『[^』]*』|‘[^’]*’|(?:^|(?<=\s))'[^']+'(?=[\s?.!,]|$)")
_DEFERRED = {"en": re.compile(r"\b(from now on|when i say|whenever i say|if i say|next time|it means)\b"),
             "zh": re.compile(r"以后我说|我说.{0,8}(就是|意思)|意思就是|下次|从现在起|从今以后")}
# A "don't" right before a value word asks for the opposite of that value, if anything.
_NEGATED = {"en": re.compile(r"\b(don't|dont|do not|never|no need to)( \w+){0,2} $"),
            "zh": re.compile(r"(别|不要|不用|甭)[再继续]?$")}
# A condition ("if the windscreen fogs up, …") asks for an action later, if ever: not now.
_CONDITION = {"en": re.compile(r"\b(if|whenever|in case|as soon as|unless)\b"),
              "zh": re.compile(r"如果|要是|假如|的话|一旦")}


@dataclass(frozen=True)
class Licence:
    """Whether a call may run, and why not; ``drop`` names arguments to remove first
    (numbers the driver never said: the tool then asks, or uses a preference)."""

    ok: bool
    reason: str = ""
    drop: tuple[str, ...] = ()
    # Arguments to set instead of the model's: the part the request names when the
    # model picked another ("do her seat behind me" is the rear-left seat).
    fix: tuple[tuple[str, Any], ...] = ()

    def arguments(self, proposed: Mapping[str, Any]) -> dict[str, Any]:
        """The call's arguments once fixed and without the dropped ones."""
        fixed = {**proposed, **dict(self.fix)}
        return {k: v for k, v in fixed.items() if k not in self.drop}


def licensed(tool: str, arguments: Mapping[str, Any], request: str,
             previous_tools: set[str] | frozenset[str] = frozenset(),
             data: Catalogue | None = None, *, fixing: bool = False) -> Licence:
    """Whether ``request`` licenses the call ``tool(**arguments)`` (``fixing``: the
    call already has the part the request names)."""
    data = data or catalogue()
    raw_request = request
    cap = data.get(tool)
    if cap is None:
        return Licence(False, f"{tool} is not a declared capability")
    if cap.kind != "actuate":
        return Licence(True)
    lang = language(request)
    if is_question(request, lang):
        return Licence(False, "the request asks a question, it does not ask for an action")
    if tells_habit(request, lang, data):
        return Licence(False, "the request tells how the driver usually is, it asks for nothing now")
    if _DEFERRED[lang].search(request.lower()):
        # "From now on, when I say 'pineapple', it means …": a rule for later, not an order.
        return Licence(False, "the request defines or defers an action")
    if _CONDITION[lang].search(request.lower()):
        return Licence(False, "the request sets a condition, it does not ask for an action now")
    raw = request.lower()
    request = _meant(request, lang, data)
    # A follow-up ("no, 23" after "I'm cold") may use any tool that moves what the
    # previous turn's tools moved.
    follow_up = tool in previous_tools or any(
        set(cap.paths) & set(other.paths) for other in map(data.get, previous_tools)
        if other is not None)
    set_arguments = {k: v for k, v in arguments.items() if v is not None}
    if follow_up and not _follows_up(cap, data, tool, set_arguments, request, lang):
        return Licence(False, f"the request says nothing that continues {tool}")
    unnamed: tuple[str, ...] = ()
    implied: dict[str, str] = {}  # argument -> value the situations told imply
    if not follow_up:
        # The words of a naming list ("plug flap", "hatch") name the capability too.
        naming = _naming_words(cap, lang)
        # A situation the capability declares ("the glass is fogging up") asks for it too,
        # and names the arguments it implies.
        told = [t for t in data.situations(request.lower(), lang) if t.tool == tool]
        request = _own_words(cap, naming, request, lang, data)
        if not told and not mentions(request, [*cap.licence.of(lang), *naming], lang):
            return Licence(False, f"the request does not ask for {tool}")
        if cap.feeling and not told and _felt_of_parts(cap, raw_request, lang, data):
            # "the seat is too hot", "手心都出汗了，方向盘那个热的关了吧": the wheel's heat,
            # not the cabin's air.
            return Licence(False, "the feeling is said of a part another capability names")
        implied = {name: _key(value) for t in told for name, value in t.slots.items()}
        parts = {*cap.defaults, *cap.naming}
        same_part = all(_key(set_arguments[name]) == implied[name]
                        for name in parts & set(implied) & set(set_arguments))
        # A value that says more than the situation's ("a medium massage" for "my back is
        # killing me": on) is not against it.
        against = [name for name, value in set_arguments.items()
                   if name in implied and name not in parts and _key(value) != implied[name]
                   and implied[name] not in cap.refines.get(name, {}).get(_key(value), [])]
        if same_part and against and not only_negates(request, lang):  # "不起雾了" is no fog
            # "an oncoming car is flashing me" asks for the high beams off: the situation
            # that names the part also says what to do with it.
            return Licence(False, f"the situation told asks for the opposite of {against[0]}")
        gated = [name for name in set_arguments if name in cap.arguments]
        unnamed = tuple(name for name in gated if name not in implied
                        and not _names_argument(cap, name, request, lang, data))
        if gated and len(unnamed) == len(gated):
            return Licence(False, f"the request names none of {', '.join(gated)}")
        # A small model under a schema fills every optional argument it sees; the ones
        # the driver never mentioned are dropped, not acted on.
        set_arguments = {k: v for k, v in set_arguments.items() if k not in unnamed}
    if data.unplaced_row(tool, request, lang):
        # "put the fog light at the back on": the front fog light is not where it asks.
        return Licence(False, f"the request says a row {tool} has no part in")
    if data.excepts(raw_request, lang):
        # "open all the windows but the driver's", "除了我这边都关上": a call on all of them
        # is not it, and the one part it names is the one left out.
        return Licence(False, "the request leaves a part out")
    # A part named only where the request forbids it ("别开前备箱，开后面那个") is not
    # where it asks the call to act; a request that only forbids ("don't turn on the high
    # beams") names its part for the other way.
    split = [clause for clause, _ in clauses(raw_request, lang)]
    kept = [clause for clause in split if not forbids(clause, lang)]
    allowed = _meant(", ".join(kept), lang, data) if kept else request
    for name in sorted(set(cap.defaults) - set(cap.required)):
        named = list(_named_values(data, tool, name, allowed, lang))
        value = set_arguments.get(name)
        said = value if value is not None else cap.defaults[name]
        if follow_up or fixing or len(named) != 1 or _key(said) in named:
            continue
        # The one part the request names ("Noah's behind me and shivering", "roasting on
        # my side") is where the call acts, whichever part the model filled in.
        part = typed_value(named[0])
        fixed = licensed(tool, {**arguments, name: part}, raw_request, previous_tools, data,
                         fixing=True)
        return replace(fixed, fix=((name, part), *fixed.fix)) if fixed.ok else fixed
    for name in cap.required:
        value = set_arguments.get(name)
        if value is None or _key(value) == implied.get(name):
            continue  # the hazards a breakdown implies
        named = _named_values(data, tool, name, allowed, lang)
        parts = [key for key in named if key != cap.defaults.get(name)]
        if _key(value) == cap.defaults.get(name) and not parts:
            continue  # the driver's own seat
        if _key(value) not in named:
            # The one part named, the driver's own too ("heat *my* seat", not hers).
            parts = parts or list(named)
            if fixing or name not in {*cap.naming, *cap.defaults} or len(parts) != 1:
                return Licence(False, f"the request does not name {name}={value}")
            named = typed_value(parts[0])
            # The model picked the wrong part of a capability the request asks for: the
            # part the request names is the one it asks for.
            fixed = licensed(tool, {**arguments, name: named}, raw_request, previous_tools,
                             data, fixing=True)
            return replace(fixed, fix=((name, named), *fixed.fix)) if fixed.ok else fixed
    unstated = tuple(name for name in cap.stated if set_arguments.get(name) is not None
                     and not _states(data.value_words(tool, name, lang), set_arguments[name],
                                     request, lang, data))
    # A switch the request names but neither asks for nor tells a situation about ("the
    # windscreen was foggy this morning") is the model's guess of on or off: dropped.
    asks = mentions(raw, data.common.request_words.of(lang), lang) or bool(implied)
    guessed = tuple(name for name in set_arguments if name in cap.arguments and not asks
                    and name not in implied and name not in cap.required
                    and set(cap.directions.get(name, {})) == {"true", "false"}
                    and not mentions(request, [w for ws in data.value_words(tool, name, lang)
                                               .values() for w in ws], lang, inflected=False))
    if guessed and not set(set_arguments) - set(guessed) - set(cap.defaults):
        return Licence(False, f"the request asks for no value of {guessed[0]}")
    unstated += guessed
    if any(name not in set_arguments for name in cap.defaults) and mentions(
            request, data.common.others.of(lang), lang, inflected=False):
        # "do her seat on low": the default is the driver's, and she is not the driver.
        return Licence(False, "the request is about someone else, and names no target")
    if _number_for_another(data, tool, set_arguments, raw_request, lang):
        # "空调直接给我打到十度" asks for 10 °C: the A/C switch carries no number.
        return Licence(False, f"the request says a number {tool} does not set")
    checked = {**cap.implicit,
               **{k: v for k, v in cap.defaults.items() if k not in set_arguments}, **set_arguments}
    for name, value in checked.items():
        if name in cap.targets and implied.get(name) == _key(value):
            continue  # the situation says where ("the car wash" is every window)
        # Words of a value this one refines are no contradiction ("open it a crack" vents).
        refined = set(cap.refines.get(name, {}).get(_key(value), []))
        declared = data.value_words(tool, name, lang) or data.common.lists[lang].get(name, {})
        values = {k: w for k, w in declared.items() if k not in refined}
        if _contradicts(values, value, request, lang):
            return Licence(False, f"the request asks for the opposite of {name}={value}")
    return Licence(True, drop=unnamed + unstated)


def restates(tool: str, arguments: dict[str, Any], answer: str,
             data: Catalogue | None = None) -> bool:
    """An answer to "are you sure?" that says the held call again ("开吧，没事", "open it
    anyway"): its first clause says a value of the call, negates nothing, and names no
    other capability's part ("open the window" is no yes to the sunroof)."""
    data = data or catalogue()
    cap = data.get(tool)
    lang = language(answer)
    split = clauses(answer.lower(), lang)
    if cap is None or not split:
        return False
    first = data.normalise(split[0][0], lang)
    if not first or blocked(first, lang, data) or len(first.split() if lang == "en" else first) > 4:
        return False
    others = [w for other in data.capabilities.values() if other.tool != tool
              for w in other.licence.of(lang)]
    if mentions(first, others, lang):
        return False
    said = [w for name, value in arguments.items()
            for w in data.value_words(tool, name, lang).get(_key(value), [])]
    return bool(mentions(first, said, lang, inflected=False))


def followed_up(tools: set[str], request: str, data: Catalogue | None = None) -> set[str]:
    """The tools a follow-up of this turn may refer to ("it"): those it ran and, when it
    only read the car ("what's the temperature on?"), the actuators its request names,
    so "nudge it up two then" is the temperature it asked about."""
    data = data or catalogue()
    caps = [data.get(tool) for tool in tools]
    if not tools or not all(cap is not None and cap.kind == "query" for cap in caps):
        return set(tools)
    lang = language(request)
    named = data.named_tools(request.lower(), lang, "car_genius")
    return set(tools) | {tool for tool in named if (cap := data.get(tool)) and cap.kind == "actuate"}


def callable_tools(tools: Iterable[str], request: str,
                   previous_tools: set[str] | frozenset[str] = frozenset(),
                   data: Catalogue | None = None) -> set[str]:
    """The tools a model may choose from for ``request``: every reading tool, and the
    actuators the request asks for at all (names, situations, follow-ups). A small
    model then picks among the plausible ones instead of the nearest-sounding tool.

    When the request could license no actuator at all, every tool stays callable: a
    model that then reaches for an actuator is refused by the gate and the driver hears
    that the car cannot do it, rather than a reading the request never asked for."""
    data = data or catalogue()
    tools = list(tools)
    actuators = {tool for tool in tools if (cap := data.get(tool)) and cap.kind == "actuate"}
    lang = language(request)
    # A single Chinese character is weak evidence ("手" in 手机, "热" in 加热): a tool
    # named only so is no reason to narrow the choice down to it.
    plausible = {tool for tool in actuators
                 if licensed(tool, {}, request, previous_tools, data).ok
                 and (tool in previous_tools or _named_clearly(data, tool, request, lang))}
    if not plausible:
        return set(tools)
    return (set(tools) - actuators) | plausible


def _named_values(data: Catalogue, tool: str, name: str, request: str, lang: Lang) -> set[str]:
    """The values of the argument ``name`` the request names (keys of their words).

    A word inside a longer phrase for another value names only that one ("rear fog
    light" is no front fog light); a switch said under a "don't" names the other way
    ("别开远光" names off)."""
    lowered = request.lower()
    found = [(span, key) for key, words in data.value_words(tool, name, lang).items()
             for span in spans(lowered, words, lang, inflected=False)]
    named: set[str] = set()
    for (start, end), key in found:
        if any(other != key and s <= start and end <= e and e - s > end - start
               for (s, e), other in found):
            continue
        if key in ("true", "false") and _negated(lowered, start, lang):
            key = "false" if key == "true" else "true"
        named.add(key)
    return named


def _own_words(cap: Capability, naming: list[str], text: str, lang: Lang, data: Catalogue) -> str:
    """``text`` without the words of situations told for other capabilities: "it's foggy
    out there" asks for the fog lights, not for the misted glass's demister. A situation
    that holds this one's part words stays: "天窗…晒" (the sunshade's) still says 天窗关了."""
    own = spans(text, [*cap.licence.of(lang), *naming], lang)
    return mask(text, [t.span for t in data.situations(text.lower(), lang) if t.tool != cap.tool
                       and not any(t.span[0] <= start and end <= t.span[1] for start, end in own)])


def _names_argument(cap: Capability, name: str, request: str, lang: Lang, data: Catalogue) -> bool:
    """The request says one of the argument's words. A place word among them ("back" for
    the rear demister) counts only in a clause that names no other capability's part:
    "pop the roof up at the back" is the roof's back edge, not the rear window."""
    words = cap.arguments[name].of(lang)
    places = set(data.places(cap.tool, lang))
    if mentions(request, [w for w in words if w not in places], lang):
        return True
    weak = [w for w in words if w in places]
    others = data.other_parts(cap.tool, lang)
    return any(mentions(clause, weak, lang) and not mentions(clause, others, lang)
               for clause, _ in clauses(request, lang))


def _felt_of_parts(cap: Capability, request: str, lang: Lang, data: Catalogue) -> bool:
    """Every clause that says the feeling also names a part of the car other than its air
    ("the seat is too hot", "屁股好热"): what is hot or cold is that part. The A/C, the fan
    and the temperature are the air itself ("the A/C is too cold" is the cabin's)."""
    parts = data.part_words(lang, actuators=True, air=False)
    felt = [clause for clause, _ in clauses(request.lower(), lang)
            if mentions(_said(clause, lang, data), cap.licence.of(lang), lang)]
    return bool(felt) and all(mentions(_said(clause, lang, data), parts, lang) for clause in felt)


def _naming_words(cap: Capability, lang: Lang) -> list[str]:
    """The words of ``cap``'s naming lists ("hatch" is the trunk) and of the values its
    naming arguments are said by ("dip them" is the high beams)."""
    listed = [w for name, values in cap.lists.get(lang, {}).items() if name in cap.naming
              for ws in values.values() for w in ws]
    said = [w for name in cap.naming for words in cap.directions.get(name, {}).values()
            for w in words.of(lang)]
    return listed + said


def clearly_named(tools: Iterable[str], request: str, data: Catalogue | None = None) -> set[str]:
    """The actuators of ``tools`` the request clearly names: a part word (longer than one
    Chinese character: "手" in 手机 names nothing) or a situation of theirs."""
    data = data or catalogue()
    lang = language(request)
    return {tool for tool in tools if (cap := data.get(tool)) is not None
            and cap.kind == "actuate" and _named_clearly(data, tool, request, lang)}


def _named_clearly(data: Catalogue, tool: str, request: str, lang: Lang) -> bool:
    cap = data.capabilities[tool]
    words = [w for w in [*cap.licence.of(lang), *_naming_words(cap, lang)]
             if lang == "en" or len(w) > 1]
    said = _said(request, lang, data)
    return bool(mentions(said, words, lang) or any(t.tool == tool for t in
                                                   data.situations(said.lower(), lang)))


def _follows_up(cap: Capability, data: Catalogue, tool: str, arguments: dict[str, Any],
                request: str, lang: Lang) -> bool:
    """A follow-up says a follow-up word, a value of the call, or a number ("no, 23");
    a bare code word ("Pineapple.") continues nothing."""
    words = [*data.common.follow_up_words.of(lang), *cap.licence.of(lang)]
    words += [w for name in arguments for ws in data.value_words(tool, name, lang).values()
              for w in ws]
    said = normalise(request, lang, (), data.fractions(lang))
    return bool(mentions(request, words, lang) or NUMBER.search(said))


def _meant(request: str, lang: Lang, data: Catalogue) -> str:
    """What the request says as the gate reads it: no quoted words, no fillers (Chinese),
    no owner before a person ("my wife's seat"), no durations ("all afternoon")."""
    said = data.without_owners(_said(_QUOTED.sub(" ", request), lang, data), lang)
    return mask(said, spans(said, data.common.durations.of(lang), lang))


def _said(request: str, lang: Lang, data: Catalogue) -> str:
    """Chinese requests lose their fillers (那个, 一下) as the matcher's text does, so
    "充电那个小门" names the same part as "充电小门"."""
    if lang != "zh":
        return request
    return data.normalise(request, lang)


def _number_for_another(data: Catalogue, tool: str, arguments: Mapping[str, Any],
                        request: str, lang: Lang) -> bool:
    """A one-clause request says a number the call neither sets nor says by a word of
    its own ("2档" is medium seat heat): the number asks for something else."""
    # No arguments is callable_tools asking whether the capability is asked for at all.
    if not arguments or len(clauses(request.lower(), lang)) != 1:
        return False
    if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in arguments.values()):
        return False
    said = normalise(request, lang, (), data.fractions(lang))
    own = [w for name in arguments for ws in data.value_words(tool, name, lang).values()
           for w in ws]
    # Free text the call carries ("text Anna saying see you at eight") holds its numbers.
    own += [normalise(v, lang, (), data.fractions(lang)) for v in arguments.values()
            if isinstance(v, str)]
    # The value's words as said in digits too: "level two" is "level 2".
    own += [alpha2digit(w, "en", threshold=0) if lang == "en" else normalise(w, lang, ())
            for w in own]
    return bool(NUMBER.search(mask(said, spans(said, own, lang, inflected=False))))


def _states(values: dict[str, list[str]], value: Any, request: str, lang: Lang,
            data: Catalogue) -> bool:
    """The number ``value`` is in the request: digits, a numeral, or a word the
    capability declares for it ("max" is 100 % fan); a fraction is its percentage
    ("halfway" is 50 %)."""
    said = normalise(request, lang, (), data.fractions(lang))
    if any(float(n) == float(value) for n in NUMBER.findall(said)):
        return True
    synonyms = [word for key, words in values.items()
                if key.lstrip("-").isdigit() and float(key) == float(value) for word in words]
    return bool(mentions(request, synonyms, lang))


def _contradicts(values: dict[str, list[str]], value: Any, request: str, lang: Lang) -> bool:
    """Words for another value of the argument are said, and none for ``value``; or
    only words for ``value`` are said, and each under a "don't" ("别开远光了" never
    switches the high beams on, and does not stop them going off)."""
    if not values:
        return False
    exact = _number_key(value)
    if exact in values:  # a number with words of its own ("最小" is 10 % fan)
        own = values[exact]
        if mentions(request, own, lang):
            return False
        return bool(mentions(request, [w for key, words in values.items()
                                       if key not in (exact, "+", "-") for w in words], lang))
    own = values.get(_key(value))
    if own is not None:
        said, negated = _asked(request, own, lang)
        if said:
            return False
        if negated:
            return True
    if own is None and not _is_sign(values):
        return False  # a value without words of its own ("any" window) is not a direction
    others = [w for key, words in values.items() if key != _key(value) for w in words]
    return _asked(request, others, lang)[0]


def _asked(request: str, words: list[str], lang: Lang) -> tuple[bool, bool]:
    """Whether ``words`` are said as asked for, and whether any is said under a
    "don't" right before it ("don't turn on", "别开")."""
    lowered = request.lower()
    found = spans(lowered, words, lang)
    negated = [span for span in found if _negated(lowered, span[0], lang)]
    return len(negated) < len(found), bool(negated)


def _negated(lowered: str, start: int, lang: Lang) -> bool:
    """A "don't" stands right before the word that starts at ``start``."""
    return bool(_NEGATED[lang].search(lowered[:start]))


def _key(value: Any) -> str:
    """The directions key of a value: true/false, "+"/"-" for numbers, else the text."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return "+" if value > 0 else "-"
    return str(value)


def _number_key(value: Any) -> str | None:
    """A whole number as a directions key ("100"), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    return str(int(value))


def _is_sign(values: Mapping[str, Any]) -> bool:
    return set(values) <= {"+", "-"}
