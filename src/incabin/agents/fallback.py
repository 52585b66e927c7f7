"""Questions answered from data without trusting the model's own words.

A small model sometimes "answers" a question about the car or the trip from
imagination ("the range is 100 km"), or calls an unrelated tool. Facts must come
from the car and the map, so a question whose topic is recognisable here (and
that asks for nothing to be done) goes straight to the matching read-only tool;
after the model, the same table rescues a turn where it called no tool, and other
free text is only kept when it states no numbers and echoes no machinery.

Each fact has one owner: a fault code's meaning the DTC table (``explain_code``),
whether a trip needs charging the route planner (``trip_info``), and only how the
car works the owner's manual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from incabin.agents._models import AgentName
from incabin.agents.capabilities import Catalogue, Lang, catalogue, is_question, language
from incabin.agents import travel_words
from incabin.agents.travel_words import (
    asks_for_a_place,
    said_category,
    said_cuisine,
    said_near,
    trip_question,
)

if TYPE_CHECKING:
    from incabin.knowledge import Manual

Call = tuple[str, dict[str, Any]]


_QUESTION = re.compile(
    r"\?|？|^(what|how|is|are|which|do (i|you|we)|does|did|can|could|where|when|why|will|should|tell me|"
    r"check|show me|any)\b|吗|什么|多少|怎么|如何|哪|几|是否|有没有|是不是|呢$|查一下|看看"
)
# A question may follow what it is about: "car's dead, how do I get at the terminals?"
_OPENS = r"(?:^|[,;:，；：。!！]\s*)"
_MANUAL = re.compile(
    _OPENS + r"(how (do|can|should|to) i|how to|where (can|do|should) (i|we))|^(how does|what does .+ mean|what is the .+ for|can i|"
    r"is it (ok|safe)|where (is|are) the|what should i do|can (this|the|my) car|can it)|manual|"
    r"recommend|should .+ be|^what (is|are|does) (?!my |our |the car'?s ).*(driving|mode|braking|"
    r"system|feature|assist|light mean|symbol)|"
    r"what (do|should|can) (i|we) do|is it (bad|ok|okay|safe|fine|better|worse) to|"
    r"怎么|如何|咋|什么意思|说明书|手册|可以.+吗|合适|应该|推荐|在哪|哪边|哪里"
)
# "What does P0A80 mean?": the DTC table owns a code's meaning and urgency, not the
# manual's general paragraph on warning lights. Letter, digit, three hex digits; not
# inside a longer word, but Chinese may follow directly ("P0A80是什么意思").
_FAULT_CODE = re.compile(r"(?<![a-z0-9])[pcbu][0-9][0-9a-f]{3}(?![a-z0-9])")
# "Will this trip need charging?", "can I get to Tampere without charging?": only the
# route planner knows; the manual's charging sections would answer a different question.
# "How do I charge on a road trip" asks how, and stays the manual's.
# A request that opens as a question ("how long will it take me …", "can I …"), not a
# polite command ("can you take me …").
_ASKS_FIRST = re.compile(r"(?!(can|could|would|will) you\b)"
                         r"(how|when|what|where|which|will|would|can|could|do|does|is|are|am|should)\b")
# A question word first: what follows is asked about, not asked for ("what's the highest
# speed I can set …"); "how about …" and "why don't you …" suggest an action.
_WH = re.compile(r"(what|what's|whats|how(?! about)|which|when|where|who|why(?! don'?t))\b")
_HOW_TO = re.compile(_OPENS + r"(how (do|can|should) (i|we)\b|how to\b)|怎么|如何|咋")
_WARNINGS = re.compile(
    r"warning|light (just )?(came|come|is|went) on|fault|error code|\bdtc\b|check engine|"
    r"dashboard|something (is )?wrong|故障|警告|指示灯|亮了|报警")
# "How far is Kiasma (from here)?", "where is Stockmann?", "what's the address of X?"
_PLACE_QUESTION = [
    ("distance", re.compile(r"how far (away )?is (?P<place>.+?)( from here)?\??$|离(?P<zh>.+?)多远")),
    ("address", re.compile(r"(address of|where is|where's) (?P<place>.+?)\??$|(?P<zh>.+?)的地址")),
    ("open_now", re.compile(r"is (?P<place>.+?) open( (right )?now)?\??$|(?P<zh>.+?)(现在)?(还)?(营业|开门)")),
]
_VAGUE = {"it", "that", "there", "the destination", "destination", "we", "this", "那里", "那儿", "这里", "它",
          "目的地"}
# "Where's the nearest charger?" is a search, not a look-up of a place called "nearest charger".
_NEAREST = re.compile(r"\b(nearest|closest)\b|最近的|附近")
# Trip questions the planner answers about a named place; the others ask about the active trip.
_FEASIBILITY = {"reach_without_charging", "battery_at_arrival", "charging_time"}


_UNTRUSTED = re.compile(r"\d|[{}\[\]_\"`]|invalid|tool call|function|json", re.IGNORECASE)
# Verbs that make a question a polite command ("can you open the trunk?").
_COMMAND = re.compile(
    r"\b(open|close|shut|turn|switch|set|lock|unlock|start|stop|make|put|raise|lower|increase|"
    r"decrease|heat|cool|warm|activate|enable|disable|navigate|take me|add|remove|find|"
    r"cancel|avoid|pop|release)\b|^(please|(can|could|would|will) you (?!tell|show|check|see|"
    r"let me know))|打开|关闭|关上|调|设|开启|锁|导航|添加|删除|找|帮我")


def direct_question(agent: AgentName, text: str) -> Call | None:
    """The read-only call for a question that asks for nothing to be done, else None.

    A fault code goes to the DTC table first; "How do I open …" asks how, not to
    open: manual questions come next. Trip feasibility is never Car Genius's to
    answer from data here (see ``asks_trip_feasibility``).
    """
    decided, call = _car_genius_first(agent, text)
    if decided:
        return call
    lowered = text.strip().lower()
    if agent == "car_genius" and _MANUAL.search(lowered) and _asks(text):
        return "search_manual", {"question": text.strip()}
    if agent == "travel_companion" and _ASKS_FIRST.match(lowered):
        # "How long will it take me to get to X?" asks, though "take me" sounds like a request.
        call = _trip_question(text.strip())
        if call is not None:
            return call
    if asks_for_action(text) and not _WH.match(lowered):
        return None  # "how many phones can I set up as keys?" asks, though it says "set"
    return question_call(agent, text, direct=True)


def _car_genius_first(agent: AgentName, text: str) -> tuple[bool, Call | None]:
    """What Car Genius answers before anything else: ``(True, call)`` answers with
    ``call`` (a fault code's explanation, or None for trip feasibility, which only the
    route planner knows); ``(False, None)`` goes on to the other checks."""
    if agent != "car_genius":
        return False, None
    code = _FAULT_CODE.search(text.strip().lower())
    if code:
        return True, ("explain_code", {"code": code.group().upper()})
    return asks_trip_feasibility(text), None


def asks_for_action(text: str) -> bool:
    """Whether ``text`` asks for something to be done (even politely, as a question)."""
    return bool(_COMMAND.search(text.strip().lower()))


def asks_trip_feasibility(text: str) -> bool:
    """Whether ``text`` asks if a trip needs charging or the car reaches a place.

    Only the route planner can say; the manual's charging sections answer how
    charging works, which is a different question.
    """
    asked = trip_question(text.strip())
    return bool(asked and asked.kind in _FEASIBILITY and not _HOW_TO.search(text.strip().lower()))


def question_call(agent: AgentName, text: str, *, direct: bool = False) -> Call | None:
    """The read-only tool call that answers ``text``, if it is a recognisable question.

    Unless ``direct``, any other question about the car goes to the manual (whose
    search says when it has nothing relevant). Trip feasibility asked of Car Genius
    gets None: neither its tools nor the manual know.
    """
    decided, call = _car_genius_first(agent, text)
    if decided:
        return call
    lowered = text.strip().lower()
    if agent == "car_genius" and _WARNINGS.search(lowered):
        return "check_warnings", {}  # "a light came on" asks even without a question mark
    if agent == "travel_companion":
        if not travel_words.is_question(text):
            return None
        return _trip_question(text.strip()) or _place_question(text.strip())
    if not _asks(text):
        return None
    if _MANUAL.search(lowered) or _manual_explains(text):
        return "search_manual", {"question": text.strip()}
    # The status topics and their words are the status capability's (status.yaml).
    topic = catalogue().named_value("get_vehicle_status", "topic", lowered, language(text))
    if topic is not None:
        return "get_vehicle_status", {"topic": topic}
    if not direct:
        return "search_manual", {"question": text.strip()}  # the manual covers the car
    return None


def _manual_explains(text: str) -> bool:
    """The owner's manual answers the question with a word that neither a status reading
    nor a capability the question names says: "is there a spare wheel?" (spare), "电池保几年"
    (年), "how often is a service due" are the manual's; "is the trunk open?" is a reading.
    """
    manual = _manual()
    hit = manual.answer(text)
    if hit is None:
        return False
    data, lang = catalogue(), language(text)

    def terms(name: str, words: Callable[[], list[str]]) -> set[str]:
        # One word at a time: a query keeps only its first MAX_QUERY_CHARS characters.
        return set(data.derived(name, lang, lambda: {t for w in words() for t in manual.terms(w)}))

    known = terms("status_terms", lambda: _status_words(data, lang))
    for tool in data.named_tools(text.lower(), lang, "car_genius"):
        if tool in data.capabilities:
            known |= terms(f"terms:{tool}", lambda tool=tool: data.words(tool, lang))
    # Character pairs across Chinese words ("我的胎压" holds 的胎) say nothing of their own.
    return any(term not in known and not term.startswith("#") for term in hit.matched)


@cache
def _manual() -> Manual:
    from incabin.knowledge import Manual  # its indexes load on the first question, not on import

    return Manual.load()


def _status_words(data: Catalogue, lang: Lang) -> list[str]:
    """Everything a status question may say: the topics' words and the literal words of
    the status sentences ("is", "open", "还剩", "多少") and the shared function words."""
    cap = data.capabilities["get_vehicle_status"]
    said = [re.sub(r"\{[^}]*\}|[\[\]()|]", " ", sentence)
            for block in cap.sentences.get(lang, []) for sentence in block.sentences]
    return [*said, *data.common.function_words.of(lang),
            *(w for words in data.value_words(cap.tool, "topic", lang).values() for w in words)]


def _asks(text: str) -> bool:
    """Whether ``text`` asks: a question form, or a request to check or show something."""
    return bool(_QUESTION.search(text.strip().lower())) or is_question(text, language(text))


def _trip_question(text: str) -> Call | None:
    """The planner's call for a trip question: ``trip_info`` (about the place it names,
    else the active trip), or ``plan_trip`` for "how long to X"."""
    asked = trip_question(text)
    if asked is None:
        return None
    if asked.kind == "duration":
        # "How long to Leipzig?" is a plan; "how long still?" asks about the active trip.
        return (("plan_trip", {"destination": asked.place}) if asked.place
                else ("trip_info", {"question": "distance_left"}))
    arguments: dict[str, Any] = {"question": asked.kind}
    if asked.place:
        arguments["destination"] = asked.place
    return "trip_info", arguments


def _place_question(text: str) -> Call | None:
    lowered = text.lower()
    if _NEAREST.search(lowered):
        return "find_places", {"category": said_category(text) or "restaurant", "near": "here"}
    for question, pattern in _PLACE_QUESTION:
        match = pattern.search(text.lower() if text.isascii() else text)
        if match:
            place = (match.group("place") if "place" in match.groupdict() and match.group("place")
                     else match.groupdict().get("zh") or "")
            place = re.split(r"[?？.,!，。！]", place)[0].strip().removeprefix("the ")
            if place.lower() in _VAGUE:
                return "place_info", {"question": question}
            return "place_info", {"question": question, "place": place} if place else {
                "question": question}
    if re.search(r"\b(its|the) address\W*$|地址是", lowered):
        return "place_info", {"question": "address"}
    # "Any good Mexican food around here?": a search for the kind of place it names.
    category, cuisine = said_category(text), said_cuisine(text)
    if (category or cuisine) and asks_for_a_place(text) and not _HOW_TO.search(lowered):
        search: dict[str, Any] = {"category": category or "restaurant",
                                  "near": said_near(text) or "auto"}
        return "find_places", {**search, "cuisine": cuisine} if cuisine else search
    return None


def trustworthy(text: str) -> bool:
    """Model words may be spoken only when they state no numbers and echo no machinery."""
    return not _UNTRUSTED.search(text)
