"""The typed form of a capability file (``data/*.yaml``): what one tool is for, the
words that license it, and its sentences in English and Chinese."""

from __future__ import annotations

from typing import Any, Literal

import pydantic

Lang = Literal["en", "zh"]
Kind = Literal["actuate", "query", "navigate"]


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Words(_Strict):
    """Words or phrases in each language."""

    en: list[str] = []
    zh: list[str] = []

    def of(self, lang: Lang) -> list[str]:
        """The words of ``lang``."""
        return self.en if lang == "en" else self.zh


class SentenceBlock(_Strict):
    """hassil templates that share fixed arguments (``slots``)."""

    sentences: list[str]
    slots: dict[str, Any] = {}
    expansion_rules: dict[str, str] = {}


# value -> synonyms, e.g. {"driver": ["driver's", "my"]}
SlotList = dict[str, list[str]]


class Number(_Strict):
    """A numeric argument as the frame matcher reads it: absolute ("to 22") or relative
    ("2 degrees warmer"; ``step`` is one unspecified "bit"), with the unit it must carry."""

    relative: bool = False
    step: float = 1
    units: Words = Words()
    # A change read only where the clause says it is one ("another 20 %", "a bit more",
    # "再开20%"): where its sign words are also verbs, "open the window 30 %" is a position.
    marked: bool = False


class Situation(_Strict):
    """What drivers say instead of naming the control ("the windscreen is fogging up"),
    and the arguments it implies.

    ``words`` are phrases said as they are; ``felt`` names a shared state (``Common.states``:
    cold, misted, ...) said of one of the parts ``of``: "the seat feels like a block of
    ice" is the seat said cold, whichever of the state's words says it."""

    words: Words = Words()
    felt: str | None = None
    of: Words = Words()
    slots: dict[str, Any] = {}

    def composed(self, states: dict[str, Words]) -> Situation:
        """This situation with its part-and-state words spelled out as gapped words
        ("seat … ice"; in English also "icy seat")."""
        if self.felt is None:
            return self
        state = states[self.felt]
        en = [*self.words.en]
        for part in self.of.en:
            for felt in state.en:  # "freezing hands" too, but not "cold in the back"
                en += [f"{part} … {felt}", f"{felt} {part}"]
        zh = [*self.words.zh, *(f"{part}…{felt}" for part in self.of.zh for felt in state.zh)]
        return self.model_copy(update={"words": Words(en=en, zh=zh), "felt": None, "of": Words()})


class Example(_Strict):
    """A request as a driver might say it and the call's arguments: shown to the model,
    the nearest few for each request (``capabilities.examples``)."""

    said: str
    arguments: dict[str, Any] = {}


class Capability(_Strict):
    """One tool, declared once: its agent, what it touches, and how drivers ask for it."""

    tool: str
    agent: Literal["car_genius", "travel_companion"]
    kind: Kind
    paths: list[str] = []
    # Words that license an actuation proposed by the model (parts, situations).
    licence: Words = Words()
    # Words that license setting one argument (A/C vs fan vs defroster).
    arguments: dict[str, Words] = {}
    # argument -> value -> words; "+"/"-" stand for the sign of a number.
    directions: dict[str, dict[str, Words]] = {}
    # Arguments whose value the driver must have named for a model call to run,
    # unless it is the argument's default here (the driver's own seat).
    required: list[str] = []
    defaults: dict[str, str] = {}
    # What the tool acts on without an argument for it (adjust_comfort is the driver's
    # zone): a request that names another ("the passenger is chilly") does not license it.
    implicit: dict[str, str] = {}
    # Numbers the driver must have said (as digits, a numeral or a list synonym):
    # the model may not invent a temperature or a percentage.
    stated: list[str] = []
    # Own lists whose words name the capability itself ("hatch" is the trunk).
    naming: list[str] = []
    # Its requests say how the driver feels ("I'm cold"): beside another request such a
    # clause is the reason for it ("shut the roof, it's getting chilly"), not a request.
    feeling: bool = False
    # Situations that ask for this capability without naming it (indirect requests).
    situations: list[Situation] = []
    # Numeric arguments: which takes an absolute number and which a change.
    numbers: dict[str, Number] = {}
    # argument -> value -> values it refines when both are said ("a crack" refines "open").
    refines: dict[str, dict[str, list[str]]] = {}
    # argument -> arguments it replaces when both are read ("max" fan beats "fan up").
    overrides: dict[str, list[str]] = {}
    lists: dict[Lang, dict[str, SlotList]] = {}
    # Arguments only the sentences fill ("her side cooler *than mine*"): the model is not
    # shown them (the 1.5B filled ``than`` in place of ``change``), nor examples with them.
    spoken: list[str] = []
    # Slots that take any text ("play {query}"): the tool checks the value itself.
    wildcards: list[str] = []
    rules: dict[Lang, dict[str, str]] = {}
    sentences: dict[Lang, list[SentenceBlock]] = {}
    # Worked requests for the model: the ones nearest a request are shown with it.
    examples: dict[Lang, list[Example]] = {}

    @property
    def targets(self) -> set[str]:
        """The arguments that say which part (which seat, window, light): required,
        defaulted or naming."""
        return {*self.required, *self.defaults, *self.naming}


class Feature(_Strict):
    """Something drivers ask for that the assistant cannot operate."""

    name: dict[Lang, str]
    words: Words
    in_car: bool = False  # the car has it, on its own controls only
    # The car-profile feature that says whether this car has it (``vehicle.has``): a car
    # with it has it on its own controls; a car without it does not have it at all.
    profile: str | None = None
    # The capabilities that operate it on a car whose profile has it: there it is no
    # missing feature, and its words do not stop a frame.
    tools: list[str] = []


class Positions(_Strict):
    """Seats and windows named by row and side ("the back on the right", 后排右边): the
    words of each zone are composed from the words of its row and its side, joined the
    ways drivers join them, once for every list of zones."""

    zones: dict[str, tuple[str, str]]  # list value -> (row, side)
    lists: list[str]  # the lists whose values are these zones
    rows: dict[Lang, dict[str, list[str]]]
    sides: dict[Lang, dict[str, list[str]]]
    joins: dict[Lang, list[str]]  # e.g. "{row} on the {side}"

    def words(self, lang: Lang) -> dict[str, list[str]]:
        """Each zone's composed words in ``lang``."""
        composed: dict[str, list[str]] = {}
        for zone, (row, side) in self.zones.items():
            composed[zone] = [join.format(row=r, side=s) for join in self.joins[lang]
                              for r in self.rows[lang][row] for s in self.sides[lang][side]]
        return composed


class Common(_Strict):
    """Vocabulary every capability shares."""

    fillers: Words
    request_words: Words
    follow_up_words: Words
    # Words that switch anything on ("true") or off ("false"): every switch takes them.
    switches: dict[Literal["true", "false"], Words] = {}
    # Words that raise ("+") or lower ("-") any amount: every relative number that is not
    # ``marked`` (a window's "up" closes it) takes them.
    changes: dict[Literal["+", "-"], Words] = {}
    # Phrases that say how far, not what ("all the way"): a value word inside one
    # ("all" windows) is not read as a value.
    degree_phrases: Words = Words()
    # Words that tell how the driver usually is, not what to do now ("just so you know",
    # "我这人天生怕冷"): without a request word such a statement moves nothing.
    habits: Words = Words()
    # How long something went on ("all afternoon", "一下午"): no place ("all" zones)
    # nor a request, wherever it is said.
    durations: Words = Words()
    # What drivers feel or see (cold, misted, sore): a situation says one of a part
    # (``Situation.felt``), so every state word goes with every part it is said of.
    states: dict[str, Words] = {}
    # Words that say "again, the same way" ("down *one more*", "再低一点"): beside
    # another value of the argument they intensify it rather than name the opposite.
    intensifiers: Words = Words()
    # Words that carry no request of their own (articles, pronouns, "just", 把, 一下):
    # a frame must account for every other word of its clause.
    function_words: Words = Words()
    # People other than the driver ("do *her* seat", "孩子那边"): a request that names one
    # never falls back on the default target (the driver's seat or zone).
    others: Words = Words()
    # Words that leave a part out ("all the windows *except* mine", "除了我这边"): the
    # matcher cannot subtract, and a call on a group of parts is not what was asked.
    exceptions: Words = Words()
    # Words that set something aside ("forget about the temperature, just open the
    # window", "空调先不管了"): a clause opening with one asks for nothing.
    dismissals: Words = Words()
    # Parts of a range ("a quarter of the way", "一半"): read as that percentage wherever
    # the text is normalised, so every capability with a percent takes them.
    fractions: dict[Lang, dict[int, list[str]]] = {}
    lists: dict[Lang, dict[str, SlotList]]
    rules: dict[Lang, dict[str, str]]
    ranges: dict[str, dict[str, Any]]
    positions: Positions | None = None

    @pydantic.model_validator(mode="after")
    def _compose_positions(self) -> Common:
        """Add each zone's composed words to the lists of zones (declared once)."""
        if self.positions is not None:
            for lang, lists in self.lists.items():
                composed = self.positions.words(lang)
                for name in self.positions.lists:
                    for zone, words in composed.items():
                        own = lists.setdefault(name, {}).setdefault(zone, [])
                        own += [w for w in words if w not in own]
        return self
