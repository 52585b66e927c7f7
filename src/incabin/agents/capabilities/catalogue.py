"""The capability files, loaded once, and hassil's intents built from them.

Each ``data/*.yaml`` declares one capability (or, for tools without sentences, a
list of them); ``common.yaml`` holds shared vocabulary and ``absent.yaml`` the
features the assistant cannot operate. A capability's own lists and rules are
renamed ``<tool>__<name>`` so two files may both say ``{mode}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import yaml
from hassil import Intents

from incabin.agents._errors import CapabilityError
from incabin.agents.capabilities._models import Capability, Common, Feature, Lang
from incabin.agents.capabilities.text import BODY, GAP, mentions, normalise, spans

DATA = Path(__file__).with_name("data")
_SPECIAL_FILES = {"common.yaml", "absent.yaml"}
_REFERENCE = re.compile(r"\{(\w+)(?::(\w+))?\}|<(\w+)>")


# A row word that stands for the part the next word names ("front and rear fogs"), or
# that says ahead ("the car in front", "前面的车", "前面有车"): no place of the part.
_AHEAD_OR_ELIDED = {"en": re.compile(r"\s*(and|or|&|,)\s"),
                    "zh": re.compile(r"[和跟与、,，]|的?(车|路|有)")}
# 前面 and 后面 say ahead and behind as often as a row ("前面好像出事故了"): a row only
# inside the part's own words ("后面雾灯").
_AHEAD_TOO = {"en": (), "zh": ("前面", "前边", "后面", "后边")}
# A situation said to be absent is not told: "there's nobody coming the other way".
# Not in Chinese: the matched text has lost its commas ("路灯都没有，黑漆漆的").
_DENIED = re.compile(r"\b(nobody|no one|no|not any|there's no|there is no|nothing)\s+$")
_AROUND = ("in ", "round the ", "around the ", "out the ")


@dataclass(frozen=True)
class Told:
    """A situation found in a clause: where, whose, the arguments it implies, and how
    much it says (its declared characters, the words a gap skips left out)."""

    span: tuple[int, int]
    tool: str
    slots: dict[str, Any]
    said: int
    word: str = ""

    @property
    def weight(self) -> tuple[int, int]:
        """What it says, then how much of the clause it covers."""
        return self.said, self.span[1] - self.span[0]

    def said_spans(self, clause: str) -> list[tuple[int, int]]:
        """Where its declared words are, without what a gap skips ("the seat *behind me*'s
        too hot": the gap says which seat)."""
        if GAP not in self.word:
            return [self.span]
        found, start = [], self.span[0]
        for part in (p.strip() for p in self.word.split(GAP)):
            at = clause.lower().find(part.lower(), start, self.span[1])
            if at < 0:
                return [self.span]
            found.append((at, at + len(part)))
            start = at + len(part)
        return found


def _overlap(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


@dataclass
class Catalogue:
    """Every capability, the shared vocabulary, and the features the car lacks."""

    capabilities: dict[str, Capability]
    features: dict[str, Feature]
    common: Common
    _intents: dict[Lang, Intents] = field(default_factory=dict, repr=False)
    # Derived once: the matcher and the gate ask for these on every request.
    _vocabulary: dict[Lang, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _value_words: dict[tuple[str, str, Lang], dict[str, list[str]]] = field(
        default_factory=dict, repr=False)
    _value_vocabulary: dict[Lang, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _told: dict[tuple[str, Lang], list[Told]] = field(default_factory=dict, repr=False)
    _control_words: dict[tuple[str, Lang], tuple[str, ...]] = field(default_factory=dict,
                                                                    repr=False)
    _fraction_words: dict[Lang, tuple[tuple[str, int], ...]] = field(default_factory=dict,
                                                                     repr=False)
    _derived: dict[tuple[str, Lang], tuple[str, ...]] = field(default_factory=dict, repr=False)
    _place_words: dict[Lang, tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)

    def derived(self, name: str, lang: Lang, build: Callable[[], Iterable[str]]) -> tuple[str, ...]:
        """Words another module derives from the catalogue (``build``), once per language:
        the matcher asks for them on every request."""
        key = (name, lang)
        if key not in self._derived:
            self._derived[key] = tuple(build())
        return self._derived[key]

    def normalise(self, text: str, lang: Lang) -> str:
        """``text`` ready for matching: the shared fillers dropped, numerals as digits and
        fractions as percentages (``text.normalise``)."""
        return normalise(text, lang, self.common.fillers.of(lang), self.fractions(lang))

    def fractions(self, lang: Lang) -> tuple[tuple[str, int], ...]:
        """The fraction words of ``lang`` with their percentages, longest first."""
        found = self._fraction_words.get(lang)
        if found is None:
            # Longest first: "a quarter of the way" before "a quarter".
            found = tuple(sorted(((w, p) for p, words in self.common.fractions.get(lang, {}).items()
                                  for w in words), key=lambda pair: -len(pair[0])))
            self._fraction_words[lang] = found
        return found

    def get(self, tool: str) -> Capability | None:
        """The capability of ``tool``, if one is declared."""
        return self.capabilities.get(tool)

    def vocabulary(self, lang: Lang) -> tuple[str, ...]:
        """Every part, situation and feature word of ``lang``: what a request can be about."""
        if lang in self._vocabulary:
            return self._vocabulary[lang]
        words = {w for cap in self.capabilities.values() for w in cap.licence.of(lang)}
        words |= {w for cap in self.capabilities.values() for a in cap.arguments.values()
                  for w in a.of(lang)}
        words |= {w for feature in self.features.values() for w in feature.words.of(lang)}
        self._vocabulary[lang] = tuple(sorted(words))
        return self._vocabulary[lang]

    def value_vocabulary(self, lang: Lang) -> tuple[str, ...]:
        """Every value word of ``lang`` ("a crack", "最高档"): a clause with one asks for something."""
        if lang not in self._value_vocabulary:
            self._value_vocabulary[lang] = tuple(sorted(
                {w for cap in self.capabilities.values() for name in cap.directions
                 for words in self.value_words(cap.tool, name, lang).values() for w in words}))
        return self._value_vocabulary[lang]

    def words(self, tool: str, lang: Lang) -> tuple[str, ...]:
        """``tool``'s part, argument and value words (its parts' too: "driver", "rear")."""
        def build() -> list[str]:
            cap = self.capabilities[tool]
            valued = {*cap.directions, *cap.targets}
            return [*cap.licence.of(lang), *(w for a in cap.arguments.values() for w in a.of(lang)),
                    *(w for name in valued for ws in self.value_words(tool, name, lang).values()
                      for w in ws)]
        return self.derived(f"words:{tool}", lang, build)

    def part_words(self, lang: Lang, *, feeling: bool | None = False, actuators: bool = False,
                   air: bool = True) -> tuple[str, ...]:
        """The licence words of the capabilities that name parts ("seat", "车窗"), or with
        ``feeling`` True those of how someone feels ("cold"; None: both); only actuators'
        with ``actuators``; without the cabin air's (temperature, fan, A/C) unless ``air``."""
        def chosen(cap: Capability) -> bool:
            return ((feeling is None or cap.feeling == feeling)
                    and (not actuators or cap.kind == "actuate")
                    and (air or not any(p.startswith("Vehicle.Cabin.HVAC.") for p in cap.paths)))
        return self.derived(f"parts:{feeling}:{actuators}:{air}", lang, lambda: (
            w for cap in self.capabilities.values() if chosen(cap) for w in cap.licence.of(lang)))

    def without_owners(self, text: str, lang: Lang) -> str:
        """``text`` with the "my" of "for my buddy", "my wife's" blanked: whose person it is
        names no seat (the driver's)."""
        if lang != "en":
            return text
        people = "|".join(re.escape(w) for w in sorted(self.common.others.en, key=len, reverse=True))
        return re.sub(rf"\b(my|our)(?= (?:{people})\b)", lambda m: " " * len(m.group()), text,
                      flags=re.IGNORECASE)

    def other_parts(self, tool: str, lang: Lang) -> tuple[str, ...]:
        """Other actuators' part words that are not ``tool``'s own; a single Chinese
        character is too weak to name a part ("手" in 手机)."""
        own = self.capabilities[tool].licence.of(lang)
        return self.derived(f"other_parts:{tool}", lang, lambda: [
            w for cap in self.capabilities.values() if cap.kind == "actuate" and cap.tool != tool
            for w in cap.licence.of(lang) if w not in own and len(w) > 1])

    def unplaced_row(self, tool: str, text: str, lang: Lang) -> bool:
        """``text`` says a row ("at the back", 后面) that none of ``tool``'s own words holds:
        its call cannot put its part there ("the fog light at the back" is the rear fog
        light, which "fog light" does not name)."""
        if self.common.positions is None:
            return False
        every_row = self.derived("row_words", lang, lambda: [
            w for words in self.common.positions.rows[lang].values() for w in words])
        rows = [w for w in every_row if w not in _AHEAD_TOO[lang]]
        # Only parts that come in rows ("rear fog light"): elsewhere "back" and 前面 say
        # ahead or behind ("the truck in front", "charge limit back down").
        if not self.derived(f"rowed:{tool}", lang, lambda: [
                w for name in self.capabilities[tool].targets
                for words in self.value_words(tool, name, lang).values() for w in words
                if spans(w, every_row, lang, inflected=False)]):
            return False
        def build() -> list[str]:
            cap = self.capabilities[tool]
            # A template spells out its own words ("slide back the roof", "front wipers").
            literal = {w for block in cap.sentences.get(lang, []) for sentence in block.sentences
                       for w in re.split(r"[\s\[\]()|]+", re.sub(r"\{[^}]*\}|<[^>]*>", " ", sentence)) if w}
            return [*self.words(tool, lang), *literal,
                    *(w for told in cap.situations for w in told.words.of(lang))]
        own = spans(text, self.derived(f"own:{tool}", lang, build), lang)
        if lang == "en":  # "sweat running down my back": a body, not a row
            own += [body.span() for body in BODY.finditer(text)]
        return any(not any(a <= start and end <= b for a, b in own)
                   and not _AHEAD_OR_ELIDED[lang].match(text[end:])
                   # "in back", "round the back": behind the car, not a row of it
                   and not (lang == "en" and text[:start].endswith(_AROUND))
                   for start, end in spans(text, rows, lang, inflected=False))

    def value_words(self, tool: str, argument: str, lang: Lang) -> dict[str, list[str]]:
        """The words for each value of ``argument``: its ``directions`` plus the synonyms
        of every slot list the capability's sentences fill it from ({window}, {level:heating})."""
        key = (tool, argument, lang)
        if key not in self._value_words:
            self._value_words[key] = self._derive_value_words(tool, argument, lang)
        return self._value_words[key]

    def _derive_value_words(self, tool: str, argument: str, lang: Lang) -> dict[str, list[str]]:
        cap = self.capabilities[tool]
        words: dict[str, list[str]] = {value: list(w.of(lang))
                                       for value, w in cap.directions.get(argument, {}).items()}
        switch = cap.directions.get(argument, {}).get("true")
        if switch is not None and "on" in switch.en:
            # A switch ("on" is one of its words) takes every word that switches things.
            for value, said in self.common.switches.items():
                words[value] += [w for w in said.of(lang) if w not in words[value]]
        for value, state in (("on", "true"), ("off", "false")):
            # So does a level that switches ("cancel the seat heating" is its "off").
            if value in words:
                said = self.common.switches.get(state)  # type: ignore[call-overload]
                words[value] += [w for w in (said.of(lang) if said else ()) if w not in words[value]]
        number = cap.numbers.get(argument)
        if number is not None and number.relative and not number.marked:
            for value, said in self.common.changes.items():
                bucket = words.setdefault(value, [])
                bucket += [w for w in said.of(lang) if w not in bucket]
        for block in cap.sentences.get(lang, []):
            for sentence in block.sentences:
                for name, slot, _ in _REFERENCE.findall(sentence):
                    if not name or (slot or name) != argument:
                        continue
                    values = cap.lists.get(lang, {}).get(name) or self.common.lists[lang].get(name, {})
                    for value, synonyms in values.items():
                        bucket = words.setdefault(value_key(typed_value(value)), [])
                        bucket += [w for w in synonyms if w not in bucket]
        if lang == "zh":  # compared with normalised Chinese text, so without fillers too
            fillers = sorted(self.common.fillers.zh, key=len, reverse=True)
            for value, synonyms in words.items():
                words[value] = [w for w in (normalise(s, "zh", fillers) for s in synonyms) if w]
        return words

    def place_words(self, lang: Lang) -> tuple[tuple[str, str], ...]:
        """Every seat, window and zone word of ``lang`` with the place it names."""
        if lang not in self._place_words:
            self._place_words[lang] = tuple(
                (w, value) for name in ("window", "zone")
                for value, words in self.common.lists[lang].get(name, {}).items() for w in words)
        return self._place_words[lang]

    def listed(self, text: str, lang: Lang) -> str:
        """``text`` with an "and" between two places said back to back ("主驾副驾座椅加热都
        开到中档" is 主驾和副驾): each is a part of its own, as in a list."""
        if lang != "zh":
            return text
        # Not "all": "后排两边" is both sides of the back, not two places.
        found = [(start, end, value) for w, value in self.place_words(lang) if value != "all"
                 for start, end in spans(text, [w], lang)]
        # Only whole names: 司机后面 is one place, not 司机 and 后面.
        found = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o[1] - o[0] > f[1] - f[0]
                                             for o in found)]
        joins = {end for start, end, value in found
                 for other_start, _, other in found if other_start == end and other != value}
        return "".join(f"和{ch}" if i in joins else ch for i, ch in enumerate(text))

    def excepts(self, text: str, lang: Lang) -> bool:
        """``text`` leaves a part out ("all the windows except mine", "除了我这边"). A Chinese
        exception word counts at a clause's start ("清除了" clears, it excepts nothing)."""
        words = self.common.exceptions.of(lang)
        if lang == "en":
            return bool(mentions(text.lower(), words, lang, inflected=False))
        return any(part.strip().startswith(tuple(words)) or "以外" in part or "之外" in part
                   for part in re.split(r"[，,。；;！!？?\s]", text))

    def places(self, tool: str, lang: Lang) -> tuple[str, ...]:
        """Words for a seat, window or zone other than ``tool``'s defaults, in any
        capability ("back" is a rear window's, so "the back seat" is not the driver's).
        Places are the shared lists' (seat, window, zone): a switch ("on") says none."""
        cap, shared = self.capabilities[tool], self.common.lists[lang]

        def build() -> list[str]:
            # The default's words in any list name it ("under me" is the driver's seat too).
            defaults = set(cap.defaults.values())
            own = {w for other in self.capabilities.values() for name in other.targets
                   if name in shared for value, words in self.value_words(other.tool, name, lang)
                   .items() if value in defaults for w in words}
            return sorted({w for other in self.capabilities.values() for name in other.targets
                           if name in shared for words in self.value_words(other.tool, name, lang)
                           .values() for w in words if w not in own})
        return self.derived(f"places:{tool}", lang, build)

    def named_tools(self, text: str, lang: Lang, agent: str) -> set[str]:
        """The ``agent``'s capabilities whose part words ``text`` says ("the seat heating":
        set_seat), and the features the car lacks that it names, by their key."""
        named = {cap.tool for cap in self.capabilities.values()
                 if cap.agent == agent and mentions(text, cap.licence.of(lang), lang)}
        if agent == "car_genius":
            named |= {key for key, feature in self.features.items()
                      if mentions(text, feature.words.of(lang), lang)}
        return named

    def named_value(self, tool: str, argument: str, text: str, lang: Lang) -> str | None:
        """The value of ``argument`` whose words ``text`` names, the longest declared word
        deciding ("charging" over "charge"); on a tie the value declared first."""
        best: tuple[tuple[bool, int], str] | None = None
        for value, words in self.value_words(tool, argument, lang).items():
            # As written first: "charge" is the battery, though "charging" inflects to it.
            exact = mentions(text, words, lang, inflected=False)
            found = max(((bool(exact), len(word)) for word in exact or mentions(text, words, lang)),
                        default=None)
            if found and (best is None or found > best[0]):
                best = (found, value)
        return best[1] if best else None

    def situations(self, clause: str, lang: Lang, *, overlapped: bool = False) -> list[Told]:
        """The declared situations ``clause`` tells; where two overlap, the one that says
        more ("hands are freezing" is the wheel's, not the cabin's "freezing"; the words a
        gap skips say nothing), unless ``overlapped``. A gapped word ("前挡…雾") whose
        gap holds the name of a control ("前挡*除*雾" asks for the demister) tells nothing."""
        key = (clause, lang)
        if key not in self._told:
            if len(self._told) > 512:
                self._told.clear()
            self._told[key] = [
                Told(span, cap.tool, dict(situation.slots), len(word.replace(GAP, "").replace(" ", "")),
                     word)
                for cap in self.capabilities.values() if cap.kind == "actuate"
                for situation in cap.situations for word in situation.words.of(lang)
                for span in spans(clause, [word], lang)
                if (GAP not in word or not self._names_control(cap, clause, span, word, lang))
                and not (lang == "en" and _DENIED.search(clause[:span[0]]))]
        found = self._told[key]
        if overlapped:
            return found
        return [f for f in found if not any(_overlap(f.span, g.span) and g.weight > f.weight
                                            for g in found)]

    def _controls(self, tool: str, lang: Lang) -> tuple[str, ...]:
        """The argument words that name a control ("除雾", "rear window"), not a symptom
        a situation also says ("起雾", "misted"); derived once per tool and language."""
        key = (tool, lang)
        if key not in self._control_words:
            cap = self.capabilities[tool]
            said = {part.strip() for situation in cap.situations for w in situation.words.of(lang)
                    for part in w.split(GAP)}
            # An English symptom is said in any inflection ("frost" is "frosted").
            self._control_words[key] = tuple(
                w for words in cap.arguments.values() for w in words.of(lang)
                if not any(w in part or lang == "en" and w.startswith(part) for part in said))
        return self._control_words[key]

    def _names_control(self, cap: Capability, clause: str, span: tuple[int, int], word: str,
                       lang: Lang) -> bool:
        parts = [part.strip() for part in word.split(GAP)]
        gap = (span[0] + len(parts[0]), span[1] - len(parts[-1]))
        # A control that starts in the gap ("前挡*除*雾"), not a longer name of the first
        # part ("前挡风…霜").
        return any(gap[0] <= start < gap[1]
                   for start, end in spans(clause, self._controls(cap.tool, lang), lang))

    def intents(self, lang: Lang) -> Intents:
        """hassil's intents for ``lang`` (one intent per capability with sentences)."""
        if lang not in self._intents:
            self._intents[lang] = Intents.from_dict(self._hassil_dict(lang))
        return self._intents[lang]

    def _hassil_dict(self, lang: Lang) -> dict[str, Any]:
        lists: dict[str, Any] = {name: {"range": dict(spec)} for name, spec in self.common.ranges.items()}
        # Synonyms are compared with normalised text, so they lose fillers the same way.
        fillers = self.common.fillers.of(lang) if lang == "zh" else []
        lists.update({name: _slot_list(values, fillers)
                      for name, values in self.common.lists[lang].items()})
        rules = dict(self.common.rules[lang])
        intents: dict[str, Any] = {}
        for cap in self.capabilities.values():
            own_lists = cap.lists.get(lang, {})
            own_rules = cap.rules.get(lang, {})
            for name, values in own_lists.items():
                lists[f"{cap.tool}__{name}"] = _slot_list(values, fillers)
            for name in cap.wildcards:
                lists[f"{cap.tool}__{name}"] = {"wildcard": True}
            for name, body in own_rules.items():
                rules[f"{cap.tool}__{name}"] = body
            blocks = []
            for block in cap.sentences.get(lang, []):
                rename = _renamer(cap.tool, set(own_lists) | set(cap.wildcards),
                                  set(own_rules) | set(block.expansion_rules))
                blocks.append({
                    "sentences": [rename(s) for s in block.sentences],
                    "slots": dict(block.slots),
                    "expansion_rules": {f"{cap.tool}__{k}": rename(v)
                                        for k, v in block.expansion_rules.items()},
                })
            if blocks:
                intents[cap.tool] = {"data": blocks}
        return {"language": lang, "intents": intents, "lists": lists, "expansion_rules": rules}


def _slot_list(values: dict[Any, list[str]], fillers: list[str]) -> dict[str, Any]:
    pairs = []
    ordered = sorted(fillers, key=len, reverse=True)
    for value, words in values.items():
        for word in words:
            # Chinese text is matched normalised ("降一档" reads "降1档"), so are its words.
            word = normalise(word, "zh", ordered) if ordered else word
            if word:
                pairs.append({"in": str(word), "out": typed_value(value)})
    return {"values": pairs}


def value_key(value: Any) -> str:
    """A value as the key of its words: true/false for booleans, else its text."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def typed_value(value: Any) -> Any:
    """A value as the tools take it: keys of words and YAML keys come back as text;
    "true"/"false" are booleans and whole numbers numbers again."""
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def _renamer(tool: str, lists: set[str], rules: set[str]):  # type: ignore[no-untyped-def]
    """Point a template's references to this capability's own lists and rules."""

    def rename_one(match: re.Match[str]) -> str:
        name, slot, rule = match.groups()
        if rule is not None:
            return f"<{tool}__{rule}>" if rule in rules else match.group(0)
        if name in lists:
            return f"{{{tool}__{name}:{slot or name}}}"
        return match.group(0)

    return lambda template: _REFERENCE.sub(rename_one, template)


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise CapabilityError(f"{path.name}: cannot read: {err}") from err


def _composed(cap: Capability, common: Common) -> Capability:
    """``cap`` with each situation's part-and-state words spelled out."""
    unknown = {s.felt for s in cap.situations if s.felt is not None} - set(common.states)
    if unknown:
        raise CapabilityError(f"{cap.tool}: no shared state {sorted(unknown)} in common.yaml")
    return cap.model_copy(update={"situations": [s.composed(common.states)
                                                 for s in cap.situations]})


@cache
def catalogue(folder: Path = DATA) -> Catalogue:
    """Load and check every capability file in ``folder`` (once per process)."""
    try:
        common = Common.model_validate(_read(folder / "common.yaml"))
        absent = _read(folder / "absent.yaml") or {}
        features = {k: Feature.model_validate(v) for k, v in (absent.get("features") or {}).items()}
        capabilities: dict[str, Capability] = {}
        for path in sorted(folder.glob("*.yaml")):
            if path.name in _SPECIAL_FILES:
                continue
            raw = _read(path)
            for item in raw if isinstance(raw, list) else [raw]:
                cap = _composed(Capability.model_validate(item), common)
                if cap.tool in capabilities:
                    raise CapabilityError(f"{path.name}: {cap.tool} is declared twice")
                capabilities[cap.tool] = cap
    except pydantic.ValidationError as err:
        raise CapabilityError(f"a capability file is not valid: {err}") from err
    return Catalogue(capabilities, features, common)
