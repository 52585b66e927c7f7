"""Travel Companion's words (``data/vocabulary.yaml``), loaded once, and the matchers
derived from them: search filters the driver said, trip questions and the place they
ask about, self-corrections, stop positions and requests for a new destination.

One fact, one place: the router, the question table (``agents/fallback.py``) and the
travel tools all read these words, so none of them keeps a word list of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "vocabulary.yaml"
_NUMERALS = "零一二三四五六七八九十百两半%％ "
_PUNCTUATION = re.compile(r"[?？!！.。,，;；:：、…—–\-]+|\s+-\s+")


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    """One regex for a word list: English words as whole words, Chinese anywhere."""
    if not words:
        return None
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in word.lower().split())
        parts.append(rf"(?<![\w'-]){body}(?![\w'-])" if word.isascii() else body)
    return re.compile("|".join(parts))


@dataclass(frozen=True)
class _Table:
    """Values of one kind, each with the pattern of its words in both languages."""

    patterns: dict[str, re.Pattern[str]]
    words: dict[str, tuple[str, ...]]
    names: dict[tuple[str, str], str]  # (value, lang) -> the word that names it in replies

    @classmethod
    def of(cls, raw: dict[str, dict[str, list[str]]]) -> _Table:
        patterns, words, names = {}, {}, {}
        for value, by_lang in raw.items():
            all_words = [w for ws in by_lang.values() for w in ws]
            pattern = _pattern(all_words)
            if pattern is not None:
                patterns[str(value)], words[str(value)] = pattern, tuple(all_words)
            names.update({(str(value), lang): ws[0] for lang, ws in by_lang.items() if ws})
        return cls(patterns, words, names)

    def name(self, value: str, lang: str) -> str:
        """How a reply in ``lang`` names ``value`` (its first word there)."""
        return self.names.get((value, lang), value.replace("_", " "))

    def first(self, text: str) -> str | None:
        """The value whose words come first in ``text``."""
        found = self.said(text)
        return found[0] if found else None

    def said(self, text: str) -> list[str]:
        """Every value ``text`` names, in the order they are said."""
        lowered = text.lower()
        hits = [(m.start(), value) for value, p in self.patterns.items()
                if (m := p.search(lowered))]
        return [value for _, value in sorted(hits)]


@dataclass(frozen=True)
class Vocabulary:
    """Every word list of ``data/vocabulary.yaml``, as patterns."""

    cuisines: _Table
    diets: _Table
    prices: _Table
    categories: _Table
    trip_questions: _Table
    trip_questions_when_asked: _Table
    charge_needed: re.Pattern[str]
    questions_en: re.Pattern[str]
    questions_zh: re.Pattern[str]
    destination_lead: re.Pattern[str]
    place_end: re.Pattern[str]
    corrections: re.Pattern[str]
    correction_filler: tuple[str, ...]
    not_places: re.Pattern[str]
    change_destination: re.Pattern[str]
    positions: _Table
    travel_words: re.Pattern[str]
    go: re.Pattern[str]
    go_also: re.Pattern[str]
    plan: re.Pattern[str]
    avoid: _Table
    near: _Table
    stop_edits: _Table
    replace_stop: re.Pattern[str]
    search: re.Pattern[str]


def _words(raw: dict[str, list[str]]) -> list[str]:
    return [w for ws in raw.values() for w in ws]


@cache
def vocabulary(path: Path = DATA) -> Vocabulary:
    """Load the vocabulary file (once per process)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables = {name: _Table.of(raw[name]) for name in
              ("cuisines", "diets", "prices", "categories", "trip_questions", "positions", "avoid",
               "trip_questions_when_asked", "near", "stop_edits")}
    lists = {name: _pattern(_words(raw[name])) for name in
             ("destination_lead", "corrections", "change_destination", "go", "plan",
             "not_places", "charge_needed", "search", "replace_stop")}
    starts = "|".join(re.escape(w) for w in raw["questions"]["en"])
    questions_en = re.compile(rf"(?:^|[,;:]\s*)(?:so |and |but |ok |okay |hey )?(?:{starts})\b")
    questions_zh = _pattern(raw["questions"]["zh"])
    # The end of a place name: a listed word, or punctuation.
    end = _pattern(_words(raw["place_end"]))
    go_also = _pattern(_words(raw["go_also"]))
    assert end is not None and go_also and all(p is not None for p in lists.values())
    # Anything the driver says about places to go, eat or stop names the trip (router).
    # ("How long does it take?" alone may be about anything, so duration words do not count.)
    topic = [w for name in ("cuisines", "diets", "categories", "trip_questions")
             for value, ws in tables[name].words.items() if value != "duration" for w in ws]
    travel = _pattern(topic + _words(raw["charge_needed"]) + _words(raw["go"])
                      + _words(raw["go_also"]))
    assert travel is not None
    return Vocabulary(
        **tables, **lists,  # type: ignore[arg-type]
        questions_en=questions_en, questions_zh=questions_zh,  # type: ignore[arg-type]
        place_end=end, correction_filler=tuple(_words(raw["correction_filler"])),
        travel_words=travel, go_also=go_also)


def said_cuisine(text: str) -> str | None:
    """The OSM cuisine the driver named, if any."""
    return vocabulary().cuisines.first(text)


def said_diets(text: str) -> list[str]:
    """The diets the driver named, as OSM ``diet:*`` keys."""
    return vocabulary().diets.said(text)


def said_price(text: str) -> int | None:
    """The highest OSM price level (1-4) the driver's words allow, if they said one."""
    level = vocabulary().prices.first(text)
    return int(level) if level else None


def said_category(text: str) -> str | None:
    """The kind of place the driver named (restaurant, cafe, charging …), if any."""
    return vocabulary().categories.first(text)


@dataclass(frozen=True)
class TripQuestion:
    """A trip question: what it asks (trip_info's ``question``, or ``duration``) and the
    place it names, if any."""

    kind: str
    place: str | None


# Which kind wins when one question says the words of several: "how long does it take
# to get to X" asks for a duration, "how much battery when we arrive" for the arrival.
_QUESTION_ORDER = ("charging_time", "battery_at_arrival", "duration", "reach_without_charging",
                   "eta", "stops", "where_am_i", "distance_left")


def said_near(text: str) -> str | None:
    """Where the driver wants to search: "here", "route", "destination",
    "next_charging_stop", or None when they did not say."""
    return vocabulary().near.first(text)


def asks_for_a_place(text: str) -> bool:
    """Whether ``text`` asks where to find a kind of place ("any Thai food around here?")."""
    return bool(vocabulary().search.search(text.lower()))


def trip_question(text: str) -> TripQuestion | None:
    """The trip question ``text`` asks, with the place it is about, or None."""
    lexicon = vocabulary()
    lowered = text.lower()
    asked = {value for value, pattern in lexicon.trip_questions.patterns.items()
             if pattern.search(lowered)}
    if lexicon.charge_needed.search(lowered):
        asked.add("reach_without_charging")
    if not asked and is_question(text):
        # Weaker words ("can I make it …") count when nothing more specific was said.
        asked = {value for value, pattern in lexicon.trip_questions_when_asked.patterns.items()
                 if pattern.search(lowered)}
    kind = next((k for k in _QUESTION_ORDER if k in asked), None)
    if kind is None:
        return None
    return TripQuestion(kind, None if kind == "where_am_i" else place_after_lead(text))


def is_question(text: str) -> bool:
    """Whether ``text`` asks something: a question mark, an English clause that starts
    with a question word ("will I …", "can we …"), or a Chinese question particle."""
    lexicon = vocabulary()
    lowered = text.strip().lower()
    return bool("?" in lowered or "？" in lowered or lexicon.questions_en.search(lowered)
                or lexicon.questions_zh.search(lowered))


def place_after_lead(text: str) -> str | None:
    """The place named after the last "to"/"reach"/"到"/"去" in ``text``, else None."""
    lexicon = vocabulary()
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter that lower-cases to two: match as is
        lowered = text
    for lead in reversed(list(lexicon.destination_lead.finditer(lowered))):
        place = _clean_place(text[lead.end():], lexicon)
        if place:
            return place
    return None


def _clean_place(rest: str, lexicon: Vocabulary) -> str | None:
    """The place at the start of ``rest``: up to punctuation or a word that ends it."""
    rest = _PUNCTUATION.split(rest, maxsplit=1)[0]
    end = lexicon.place_end.search(rest.lower())
    place = (rest[:end.start()] if end else rest).strip()
    place = re.sub(r"^(the|a|an)\s+", "", place, flags=re.IGNORECASE).strip()
    place = place.strip("了的")
    # "charge to 80 %" / "充到八十" names an amount, "stopping to charge" an errand: no place.
    if (not place or place[0].isdigit() or not place.strip(_NUMERALS)
            or lexicon.not_places.match(place.lower()) or lexicon.trip_questions.first(place)):
        return None
    return place


def corrected_place(text: str) -> str | None:
    """In "Nuremberg, no, I meant Ingolstadt" the place after the last correction marker
    ("Ingolstadt"), else None: the last named place wins."""
    lexicon = vocabulary()
    markers = list(lexicon.corrections.finditer(text.lower()))
    if not markers:
        return None
    rest = text[markers[-1].end():]
    rest = _PUNCTUATION.split(rest.strip(" ,，、—–-"), maxsplit=1)[0].strip()
    fillers = sorted(lexicon.correction_filler, key=len, reverse=True)
    changed = True
    while changed and rest:
        changed = False
        for word in fillers:
            low = rest.lower()
            if low.startswith(word) and (not word.isascii() or len(rest) == len(word)
                                         or not rest[len(word)].isalnum()):
                rest, changed = rest[len(word):].strip(), True
            elif low.endswith(word) and (not word.isascii() or len(rest) == len(word)
                                         or not rest[-len(word) - 1].isalnum()):
                rest, changed = rest[:-len(word)].strip(), True
    return rest or None


def corrected_away(text: str, name: str) -> bool:
    """Whether ``name`` is the place a self-correction in ``text`` took back: said before
    the last correction marker ("Jinan, no, Tianjin") and not after it."""
    markers = list(vocabulary().corrections.finditer(text.lower()))
    if not markers or not name.strip():
        return False
    cut, wanted = markers[-1].start(), name.strip().lower()
    return wanted in text[:cut].lower() and wanted not in text[cut:].lower()


def asks_if_charge_needed(text: str) -> bool:
    """Whether the driver asked if they need to charge (rather than if they make it)."""
    return bool(vocabulary().charge_needed.search(text.lower()))


def asks_new_destination(text: str) -> bool:
    """Whether ``text`` asks to go somewhere else instead of the active destination."""
    return bool(vocabulary().change_destination.search(text.lower()))


def stop_edit(text: str) -> str | None:
    """"add_stop", "remove_stop" or "replace_stop" when the driver asks to edit the
    stops, else None."""
    lexicon = vocabulary()
    edit = lexicon.stop_edits.first(text)
    if edit == "remove_stop" and lexicon.replace_stop.search(text.lower()):
        return "replace_stop"
    return edit


def stop_position(text: str) -> int | None:
    """The stop named by its place in the list ("the second stop" -> 1, "last" -> -1)."""
    value = vocabulary().positions.first(text)
    return int(value) if value is not None else None


def asks_to_go(text: str, *, also: bool = True) -> bool:
    """Whether the driver asked to be taken somewhere (not just for a plan); ``also``
    counts words that may say other things too ("go to", "head to")."""
    lexicon = vocabulary()
    lowered = text.lower()
    return bool(lexicon.go.search(lowered) or also and lexicon.go_also.search(lowered))


def asks_for_plan(text: str) -> bool:
    """Whether the driver asked for a plan or a route to look at."""
    return bool(vocabulary().plan.search(text.lower()))


def said_avoid(text: str) -> set[str]:
    """What the driver named to avoid or allow ("motorways", "tolls")."""
    return set(vocabulary().avoid.said(text))


def travel_mentions(text: str) -> int:
    """How many travel words ``text`` says (places to eat or stop, trip questions)."""
    return len(vocabulary().travel_words.findall(text.lower()))


def without_travel_words(text: str) -> str:
    """``text`` (lower case) with its travel words blanked: "charging station" is a
    place, whatever "charging" says elsewhere."""
    return vocabulary().travel_words.sub(lambda m: " " * len(m.group()), text.lower())
