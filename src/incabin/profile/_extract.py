"""Finding preferences the driver states about themself, in English and Chinese.

Rule-based and conservative: only first-person statements of a habit or a liking
("I'm vegetarian", "I usually like 21 degrees", "我不吃辣", "我家在朝阳区") count.
Commands ("set 21 degrees", "avoid tolls"), questions, other people ("my wife is vegan"),
negations ("I'm not vegetarian") and one-off wishes ("today I'd like 25 degrees") give
nothing. Values are validated by the catalogue; a value it rejects is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from incabin.profile import _vocab
from incabin.profile._catalogue import spec
from incabin.profile._errors import InvalidPreference
from incabin.profile._models import PreferenceStatement, StatementOp

Found = list[tuple[str, Any, StatementOp]]
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Found]]

_I = re.IGNORECASE
_HABIT = r"(?:usually|normally|generally|always|typically|mostly|often|tend to)"
_LIKE = r"(?:like|prefer|love|enjoy|want|keep|set|have|use|put|run)"
# Words that make a statement a one-off wish rather than a lasting preference.
_ONE_OFF = re.compile(
    r"\b(?:this time|today|tonight|right now|for now|this trip|this drive|just now)\b"
    r"|这次|今天|今晚|现在|这一趟|这趟|暂时|先", _I)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|not sure|maybe|when)\b[^,;]*$", _I)
_QUESTION_START = re.compile(
    r"^\s*(?:do|does|did|are|is|am|can|could|would|will|what|which|where|when|how|why|who)\b",
    _I)
# A sentence ends at . ! ? ; (but not the dot in "22.5") or a line break.
_SENTENCE = re.compile(r"(?:[^.!?;。！？；\n]|(?<=\d)\.(?=\d))+[.!?;。！？；]?")

# -- vocabularies ---------------------------------------------------------------------------

_DIET_WORDS_EN: dict[str, str] = {
    "vegetarian": "vegetarian", "veggie": "vegetarian", "vegan": "vegan", "halal": "halal",
    "kosher": "kosher", "lactose intolerant": "lactose_free", "lactose-intolerant": "lactose_free",
    "gluten intolerant": "gluten_free", "coeliac": "gluten_free", "celiac": "gluten_free",
    "allergic to nuts": "nut_allergy", "allergic to peanuts": "nut_allergy",
    "allergic to seafood": "no_seafood", "allergic to shellfish": "no_seafood",
}
_NOT_EATEN_EN: dict[str, str] = {
    "pork": "no_pork", "beef": "no_beef", "meat": "vegetarian", "seafood": "no_seafood",
    "fish": "no_seafood", "shellfish": "no_seafood", "spicy": "no_spicy", "hot food": "no_spicy",
    "chili": "no_spicy", "chilli": "no_spicy", "gluten": "gluten_free", "dairy": "lactose_free",
    "lactose": "lactose_free", "milk": "lactose_free", "nuts": "nut_allergy",
    "peanuts": "nut_allergy", "alcohol": "no_alcohol", "animal products": "vegan",
}
_NOT_EATEN_ZH: dict[str, str] = {
    "辣": "no_spicy", "辛辣": "no_spicy", "猪肉": "no_pork", "猪": "no_pork", "牛肉": "no_beef",
    "海鲜": "no_seafood", "鱼": "no_seafood", "肉": "vegetarian", "荤": "vegetarian",
    "坚果": "nut_allergy", "花生": "nut_allergy", "麸质": "gluten_free", "乳制品": "lactose_free",
    "奶制品": "lactose_free", "牛奶": "lactose_free", "酒": "no_alcohol",
}
_AVOID_EN: dict[str, str] = {
    "toll roads": "tolls", "tolls": "tolls", "toll": "tolls", "motorways": "motorways",
    "motorway": "motorways", "highways": "motorways", "highway": "motorways",
    "freeways": "motorways", "expressways": "motorways", "ferries": "ferries", "ferry": "ferries",
    "unpaved roads": "unpaved", "gravel roads": "unpaved", "dirt roads": "unpaved",
}
_AVOID_ZH: dict[str, str] = {
    "收费": "tolls", "高速": "motorways", "轮渡": "ferries", "渡轮": "ferries", "土路": "unpaved",
}
_MODES_EN: dict[str, str] = {
    "eco": "eco", "economical": "eco", "energy-saving": "eco", "energy saving": "eco",
    "efficient": "eco", "green": "eco", "fastest": "fastest", "quickest": "fastest",
    "fast": "fastest", "quick": "fastest", "shortest": "shortest", "short": "shortest",
}
_MODES_ZH: dict[str, str] = {
    "节能": "eco", "省电": "eco", "经济": "eco", "环保": "eco", "最快": "fastest",
    "最省时": "fastest",
    "最短": "shortest",
}
_LEVELS: dict[str, int] = {
    "off": 0, "low": 33, "level 1": 33, "medium": 66, "level 2": 66, "on": 66, "high": 100,
    "level 3": 100, "max": 100, "maximum": 100, "full": 100,
    "低档": 33, "一档": 33, "中档": 66, "二档": 66, "高档": 100, "三档": 100, "最高": 100,
    "最大": 100,
}
_FAN_LEVELS: dict[str, int] = {"off": 0, "low": 25, "medium": 50, "high": 75, "max": 100,
                               "maximum": 100, "full": 100}
_COLOURS_EN: dict[str, str] = {**{v.replace("_", " "): v for v in _vocab.COLOURS},
                               "violet": "purple", "turquoise": "cyan", "warm": "warm_white"}
_COLOURS_ZH: dict[str, str] = {zh.removesuffix("色"): v for v, (_en, zh) in _vocab.COLOURS.items()
                               if zh.endswith("色")}
_LANGUAGES: dict[str, str] = {"english": "en", "chinese": "zh", "mandarin": "zh", "中文": "zh",
                              "汉语": "zh", "普通话": "zh", "英文": "en", "英语": "en"}
_UNITS: dict[str, str] = {
    "miles": "imperial", "imperial": "imperial", "fahrenheit": "imperial", "feet": "imperial",
    "metric": "metric", "kilometres": "metric", "kilometers": "metric", "celsius": "metric",
    "km": "metric", "英制": "imperial", "公制": "metric", "英里": "imperial", "公里": "metric",
}
_VERBOSITY: dict[str, str] = {
    "short": "brief", "shorter": "brief", "brief": "brief", "concise": "brief", "quick": "brief",
    "detailed": "chatty", "longer": "chatty", "long": "chatty", "chatty": "chatty",
    "talkative": "chatty", "normal": "normal",
    "简短": "brief", "简洁": "brief", "简单": "brief", "详细": "chatty", "啰嗦": "chatty",
}
_PRICES: dict[str, str] = {
    "cheap": "cheap", "budget": "cheap", "inexpensive": "cheap", "affordable": "cheap",
    "mid-range": "moderate", "mid-priced": "moderate", "moderate": "moderate",
    "upscale": "expensive", "fancy": "expensive", "fine dining": "expensive",
    "expensive": "expensive", "high-end": "expensive",
    "便宜": "cheap", "实惠": "cheap", "平价": "cheap", "中档": "moderate", "高档": "expensive",
    "高端": "expensive",
}
_CHAINS = re.compile(r"\bchains?\b|\bfranchises?\b|连锁", _I)
_CUISINE_NEEDS_FOOD = {"chinese"}  # "I prefer Chinese" is about the language
_FOOD_WORD = re.compile(r"\b(?:food|cuisine|restaurants?|dishes|meals?|places)\b", _I)


def _finder(table: dict[str, str], words: bool) -> Callable[[str], list[str]]:
    """A function listing the table's values named in a text, in order of appearance."""
    names = sorted(table, key=len, reverse=True)
    body = "|".join(re.escape(n) for n in names)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])" if words else f"(?:{body})", _I)

    def find(text: str) -> list[str]:
        found: list[str] = []
        for match in pattern.finditer(text):
            value = table[match.group(0).lower()]
            if value not in found:
                found.append(value)
        return found

    return find


_cuisines_en = _finder(_vocab.CUISINE_ALIASES_EN, words=True)
_cuisines_zh = _finder(_vocab.CUISINE_ALIASES_ZH, words=False)
_diets_en = _finder(_DIET_WORDS_EN, words=True)
_not_eaten_en = _finder(_NOT_EATEN_EN, words=True)
_not_eaten_zh = _finder(_NOT_EATEN_ZH, words=False)
_avoid_en = _finder(_AVOID_EN, words=True)
_avoid_zh = _finder(_AVOID_ZH, words=False)
_networks = _finder({k: v for k, v in _vocab.NETWORKS.items()}, words=True)
_networks_zh = _finder({k: v for k, v in _vocab.NETWORKS.items() if not k.isascii()},
                       words=False)


def _first(table: dict[str, Any], text: str) -> Any:
    """The value of the first (longest-named) table entry in ``text``, or None."""
    for name in sorted(table, key=len, reverse=True):
        bounded = rf"(?<![\w-]){re.escape(name)}(?![\w-])" if name.isascii() else re.escape(name)
        if re.search(bounded, text, _I):
            return table[name]
    return None


def _celsius(number: str, unit: str | None) -> float:
    value = float(number)
    if unit and unit.lower().startswith("f"):
        value = (value - 32) * 5 / 9
    return value


_NOT_A_PLACE_EN = {"far", "near", "close", "not", "very", "nearby", "quite", "so", "too", "here",
                   "there", "home", "away", "a", "an", "the", "in", "at", "i", "it"}
_NOT_A_PLACE_ZH = ("哪", "这", "那", "附近", "家里", "外地")


def _place(raw: str) -> str | None:
    """The place name in a clause, cut at the next clause; None if it is not a name."""
    name = re.split(r",?\s+(?:and|but|so|because|which|where)\s+|[，、]", raw, maxsplit=1)[0]
    name = name.strip(" ,.'\"“”")
    if not name:
        return None
    if name.isascii():
        first = name.split(" ", 1)[0].lower()
        # A named place has a capital or a house number ("Kamppi", "Mannerheimintie 1");
        # "I work at night" does not.
        return None if first in _NOT_A_PLACE_EN or not re.search(r"[A-Z0-9]", name) else name
    return None if name.startswith(_NOT_A_PLACE_ZH) else name


# -- English rules -----------------------------------------------------------------------------


def _cuisine_likes(match: re.Match[str]) -> Found:
    obj = match.group("obj")
    found: Found = [("food.cuisine", c, "add") for c in _cuisines_en(obj)
                    if c not in _CUISINE_NEEDS_FOOD or _FOOD_WORD.search(obj)]
    return found


def _dislikes_en(match: re.Match[str]) -> Found:
    obj = match.group("obj")
    found: Found = []
    if _CHAINS.search(obj):
        return [("food.avoid_chains", True, "set")]
    found += [("route.avoid", a, "add") for a in _avoid_en(obj)]
    found += [("food.diet", d, "add") for d in _not_eaten_en(obj)]
    if not found:
        found += [("food.avoid", c, "add") for c in _cuisines_en(obj)]
    return found


def _temperature(match: re.Match[str]) -> Found:
    return [("climate.temperature", _celsius(match.group("n"), match.group("u")), "set")]


def _heating_level(key: str, levels: dict[str, int]) -> Callable[[re.Match[str]], Found]:
    def build(match: re.Match[str]) -> Found:
        level = match.group("lvl").lower()
        number = re.match(r"\d+", level)
        return [(key, int(number.group(0)) if number else levels[level], "set")]

    return build


def _steering(on: bool) -> Callable[[re.Match[str]], Found]:
    return lambda _m: [("climate.steering_heating", on, "set")]


def _table_value(key: str, table: dict[str, Any], group: str = "x",
                 op: StatementOp = "set") -> Callable[[re.Match[str]], Found]:
    def build(match: re.Match[str]) -> Found:
        value = _first(table, match.group(group))
        return [] if value is None else [(key, value, op)]

    return build


def _avoid_roads(match: re.Match[str]) -> Found:
    obj = match.group("obj")
    found = _avoid_zh(obj) if not obj.isascii() else _avoid_en(obj)
    return [("route.avoid", a, "add") for a in found]


def _number(key: str) -> Callable[[re.Match[str]], Found]:
    return lambda m: [(key, int(m.group("n")), "set")]


def _place_rule(key: str, op: StatementOp = "set") -> Callable[[re.Match[str]], Found]:
    def build(match: re.Match[str]) -> Found:
        name = _place(match.group("p"))
        return [] if name is None else [(key, name, op)]

    return build


def _networks_rule(match: re.Match[str]) -> Found:
    obj = match.group("obj")
    return [("charging.networks", n, "add") for n in _networks(obj) + _networks_zh(obj)]


def _diet(match: re.Match[str]) -> Found:
    return [("food.diet", d, "add") for d in _diets_en(match.group("d"))]


def _diet_not_eaten(match: re.Match[str]) -> Found:
    obj = match.group("obj")
    return [("food.diet", d, "add") for d in _not_eaten_en(obj) + _not_eaten_zh(obj)]


_PCT = r"(?P<n>\d{1,2})\s*(?:%|％|percent|per cent)"
_OBJ = r"(?P<obj>[^.,;!?]+)"
_LEVEL = r"(?P<lvl>\d{1,3}\s*(?:%|percent)|off|low|medium|high|max(?:imum)?|full|level [123]|on)"
_SEAT = r"(?:the\s+|my\s+)?(?:seat heating|heated seats?|seat heaters?|seat warmers?)"
_WHEEL = r"(?:the\s+|my\s+)?(?:heated steering wheel|steering wheel heating|steering heating|" \
         r"heated wheel|steering wheel heater)"
_PREFER = rf"\bI\s+(?:(?:really|also|just|much|definitely)\s+)*(?:(?:like|prefer|love|enjoy)|" \
          rf"{_HABIT}\s+(?:{_LIKE}|take|choose|go for|pick))"

_RULES_EN: list[Rule] = [
    (re.compile(r"\bI(?:'m| am)\s+(?:(?:a|an|strictly|strict|fully|mostly|completely)\s+)*"
                r"(?P<d>vegetarian|veggie|vegan|lactose[- ]intolerant|gluten intolerant|coeliac|"
                r"celiac|allergic to (?:nuts|peanuts|seafood|shellfish))\b", _I), _diet),
    (re.compile(rf"\bI\s+(?:{_HABIT}\s+|only\s+)*eat\s+(?:only\s+)?(?P<d>halal|kosher|vegetarian|"
                r"vegan)\b", _I), _diet),
    (re.compile(r"\bI\s+(?:(?:really|just|also)\s+)?(?:don't|do not|never|can't|cannot|can not|"
                rf"won't)\s+(?:eat|have|drink|touch|handle|stand)\s+(?:any\s+)?{_OBJ}", _I),
     _dislikes_en),
    (re.compile(rf"\bI\s+(?:(?:really|also)\s+)?(?:don't|do not)\s+(?:like|enjoy|want)\s+{_OBJ}",
                _I), _dislikes_en),
    (re.compile(rf"\bI\s+(?:(?:really|also)\s+)?(?:hate|dislike|can't stand|avoid)\s+{_OBJ}", _I),
     _dislikes_en),
    (re.compile(r"\bno\s+(?P<obj>pork|beef|spicy food|meat|seafood|alcohol)\s+for\s+me\b", _I),
     _diet_not_eaten),
    # temperature: a liking, or a habit; "I want 21 degrees" alone is a request
    (re.compile(rf"{_PREFER}\s+(?:(?:it|the car|the cabin|the temperature|my car|my cabin|"
                r"the heating)\s+)?(?:(?:at|to|around|about|on|with)\s+)?(?:a\s+)?"
                r"(?P<n>\d{2}(?:\.\d)?)\s*(?:degrees?|°|deg)\s*"
                r"(?P<u>celsius|fahrenheit|c|f)?\b", _I),
     _temperature),
    (re.compile(r"\b(?:my\s+)?(?:preferred|ideal|favourite|favorite|usual|perfect)\s+"
                r"(?:cabin\s+|car\s+)?temperature\s+is\s+(?:about\s+|around\s+)?"
                r"(?P<n>\d{2}(?:\.\d)?)\s*(?:degrees?|°)?\s*(?P<u>celsius|fahrenheit|c|f)?\b", _I),
     _temperature),
    (re.compile(r"\bI(?:'m| am| feel)\s+(?:most\s+)?comfortable\s+(?:at|with|around)\s+"
                r"(?P<n>\d{2}(?:\.\d)?)\s*(?:degrees?|°)\s*(?P<u>celsius|fahrenheit|c|f)?\b", _I),
     _temperature),
    (re.compile(rf"{_PREFER}\s+{_SEAT}\s+(?:(?:on|at|set to|to)\s+)?{_LEVEL}", _I),
     _heating_level("climate.seat_heating", _LEVELS)),
    (re.compile(rf"\bI\s+(?:don't|do not|never)\s+(?:like|use|want)\s+{_SEAT}", _I),
     lambda _m: [("climate.seat_heating", 0, "set")]),
    (re.compile(rf"{_PREFER}\s+{_WHEEL}(?:\s+on)?\b", _I), _steering(True)),
    (re.compile(rf"\bI\s+(?:don't|do not|never)\s+(?:like|use|want)\s+{_WHEEL}", _I),
     _steering(False)),
    (re.compile(rf"{_PREFER}\s+(?:the\s+)?fan\s+(?:(?:on|at|set to)\s+)?"
                r"(?P<lvl>\d{1,3}\s*(?:%|percent)|off|low|medium|high|max(?:imum)?|full)", _I),
     _heating_level("climate.fan", _FAN_LEVELS)),
    (re.compile(rf"{_PREFER}\s+(?P<x>[a-z ]+?)\s+ambient\s+(?:light|lighting|colou?r)", _I),
     _table_value("lighting.ambient_colour", _COLOURS_EN)),
    (re.compile(rf"{_PREFER}\s+(?:the\s+)?ambient\s+(?:light|lighting)\s+(?:in\s+)?(?P<x>[a-z ]+)",
                _I), _table_value("lighting.ambient_colour", _COLOURS_EN)),
    (re.compile(r"\bmy\s+favou?rite\s+ambient\s+(?:light|lighting|colou?r)\s+is\s+(?P<x>[a-z ]+)",
                _I), _table_value("lighting.ambient_colour", _COLOURS_EN)),
    (re.compile(rf"{_PREFER}\s+(?:to\s+(?:take|drive|use)\s+)?(?:the\s+|an\s+|a\s+)?"
                r"(?P<x>eco|economical|energy[- ]saving|efficient|fastest|quickest|shortest)"
                r"(?:\s+(?:route|routes|routing|way|roads|option))?\b", _I),
     _table_value("route.mode", _MODES_EN)),
    (re.compile(rf"\bI\s+(?:{_HABIT}\s+|prefer to\s+|like to\s+|try to\s+)*avoid\s+{_OBJ}", _I),
     _avoid_roads),
    (re.compile(rf"\b(?:always|never)\s+(?:avoid|take|use)\s+{_OBJ}", _I),
     lambda m: _avoid_roads(m) if m.group(0).lower().startswith("always avoid")
     or not m.group(0).lower().startswith("always") else []),
    (re.compile(r"\bavoid\s+[^.,;!?]+\s+from now on\b|\bfrom now on,?\s+avoid\s+[^.,;!?]+", _I),
     lambda m: [("route.avoid", a, "add") for a in _avoid_en(m.group(0))]),
    (re.compile(rf"\bI\s+(?:never|don't|do not)\s+(?:take|use|drive on|like driving on)\s+{_OBJ}",
                _I), _avoid_roads),
    (re.compile(rf"\b(?:keep|leave|have|arrive with|want|need)\s+(?:at least|a minimum of|minimum|"
                rf"no less than)\s+{_PCT}\s*(?:of\s+)?(?:the\s+)?(?:battery|charge|soc)?\s*"
                r"(?:left\s+)?(?:when I arrive|when I get there|on arrival|at arrival|"
                r"upon arrival|at the destination)", _I), _number("charging.min_arrival_soc")),
    (re.compile(rf"\bI\s+(?:{_HABIT}\s+|like to\s+|want to\s+|prefer to\s+|need to\s+)*arrive\s+"
                rf"with\s+(?:at least\s+|a minimum of\s+|no less than\s+)?{_PCT}", _I),
     _number("charging.min_arrival_soc")),
    (re.compile(r"\bI\s+(?:never|don't|do not)\s+(?:want|like)\s+to\s+arrive\s+(?:with\s+)?"
                rf"(?:below|under|less than)\s+{_PCT}", _I), _number("charging.min_arrival_soc")),
    (re.compile(rf"\bI\s+(?:{_HABIT}\s+)?(?:prefer|like|use|charge (?:at|with)|have (?:an?\s+)?"
                rf"(?:subscription|membership|card)\s+(?:for|with))\s+{_OBJ}", _I),
     _networks_rule),
    (re.compile(r"\bI\s+(?:don't|do not|won't|never)\s+(?:want to\s+|like to\s+)?(?:detour|drive|"
                r"go)\s+(?:more than|over|longer than)\s+(?P<n>\d{1,3})\s*(?:min|mins|minutes)\b",
                _I), _number("charging.max_detour_min")),
    (re.compile(r"\bI(?:\s+don't mind|\s+accept|'m ok with|'m okay with|'m fine with| am ok with|"
                r" am fine with)\s+(?:a\s+)?detours?\s+(?:of\s+)?(?:up to\s+)?(?P<n>\d{1,3})\s*"
                r"(?:min|mins|minutes)\b", _I), _number("charging.max_detour_min")),
    (re.compile(r"\bmy\s+(?:home|house)(?:\s+address)?\s+is\s+(?:at\s+|in\s+|on\s+)?"
                r"(?P<p>[^.;!?\n]+)", _I), _place_rule("places.home")),
    (re.compile(r"\bI\s+live\s+(?:at|in|on)\s+(?P<p>[^.;!?\n]+)", _I),
     _place_rule("places.home")),
    (re.compile(r"\bmy\s+(?:work|office|workplace|work address|office address)\s+is\s+"
                r"(?:at\s+|in\s+|on\s+)?(?P<p>[^.;!?\n]+)", _I), _place_rule("places.work")),
    (re.compile(r"\bI\s+work\s+(?:at|in)\s+(?P<p>[^.;!?\n]+)", _I),
     _place_rule("places.work")),
    (re.compile(r"\bmy\s+favou?rite\s+(?:place|caf[eé]|restaurant|spot|charger|charging station|"
                r"coffee shop|bakery|park)\s+is\s+(?P<p>[^.;!?\n]+)", _I),
     _place_rule("places.favourites", "add")),
    (re.compile(r"\bmy\s+favou?rite\s+(?:food|cuisine|dish)\s+is\s+(?P<obj>[^.;!?\n]+)", _I),
     _cuisine_likes),
    (re.compile(rf"{_PREFER}\s+(?:to\s+)?(?:speak(?:ing)?\s+|talk(?:ing)?\s+(?:in\s+)?|use\s+|"
                r"using\s+)?(?P<x>English|Chinese|Mandarin)\b(?!\s+(?:food|cuisine|restaurants?|"
                r"dishes|meals|places))", _I), _table_value("language", _LANGUAGES)),
    (re.compile(rf"{_PREFER}\s+(?:the\s+)?(?P<x>miles|imperial|fahrenheit|metric|kilometres|"
                r"kilometers|celsius)\b", _I), _table_value("units", _UNITS)),
    (re.compile(rf"{_PREFER}\s+(?P<x>short|shorter|brief|concise|quick|detailed|longer|long|"
                r"chatty|talkative)\s+(?:answers|replies|responses|explanations)", _I),
     _table_value("assistant.verbosity", _VERBOSITY)),
    (re.compile(r"\bkeep\s+(?:your\s+)?(?:answers|replies|responses)\s+(?P<x>short|brief|"
                r"concise)", _I), _table_value("assistant.verbosity", _VERBOSITY)),
    (re.compile(r"\byou\s+can\s+be\s+(?:more\s+)?(?P<x>chatty|talkative|detailed)\b", _I),
     _table_value("assistant.verbosity", _VERBOSITY)),
    (re.compile(rf"{_PREFER}\s+(?P<x>cheap|budget|inexpensive|affordable|mid-range|mid-priced|"
                r"moderate|upscale|fancy|fine dining|expensive|high-end)\s+(?:restaurants|places|"
                r"food|eateries|dining|meals)?", _I), _table_value("food.price_level", _PRICES)),
    (re.compile(r"\bI(?:'m| am)\s+on\s+a\s+(?P<x>budget)\b", _I),
     _table_value("food.price_level", _PRICES)),
    (re.compile(rf"{_PREFER}\s+(?:eating\s+|to eat\s+)?{_OBJ}", _I), _cuisine_likes),
]

# -- Chinese rules -----------------------------------------------------------------------------

_ZH_HABIT = r"(?:一般|通常|平时|平常|总是|一直|经常|习惯|比较|更|最|很|特别|也|还|都)*"
_ZH_LIKE = rf"我{_ZH_HABIT}(?:喜欢|爱|偏好|习惯|偏爱)"
_ZH_OBJ = r"(?P<obj>[^，。！？；,.!?;]+)"
_ZH_NUM = r"(?P<n>\d{2}(?:\.\d)?)\s*(?:度|°C|℃|°)"


def _zh_dislikes(match: re.Match[str]) -> Found:
    obj = match.group("obj")
    if _CHAINS.search(obj):
        return [("food.avoid_chains", True, "set")]
    found: Found = [("route.avoid", a, "add") for a in _avoid_zh(obj)]
    if "辣" in obj:
        found.append(("food.diet", "no_spicy", "add"))
    if not found:
        found += [("food.avoid", c, "add") for c in _cuisines_zh(obj)]
    return found


def _zh_likes(match: re.Match[str]) -> Found:
    return [("food.cuisine", c, "add") for c in _cuisines_zh(match.group("obj"))]


def _temperature_zh(match: re.Match[str]) -> Found:
    return [("climate.temperature", float(match.group("n")), "set")]


def _zh_seat(match: re.Match[str]) -> Found:
    level = match.group("lvl")
    if level and level.rstrip("%％").isdigit():
        return [("climate.seat_heating", int(level.rstrip("%％")), "set")]
    return [("climate.seat_heating", _LEVELS.get(level or "", 66), "set")]


_RULES_ZH: list[Rule] = [
    (re.compile(r"我(?:是|属于)?(?:一个|一名|个)?(?:素食者|素食主义者|吃素的)"),
     lambda _m: [("food.diet", "vegetarian", "add")]),
    (re.compile(r"我(?:只|一直|平时)?吃素"), lambda _m: [("food.diet", "vegetarian", "add")]),
    (re.compile(r"我(?:是)?(?:一个|一名)?(?:纯素食者|纯素主义者|严格素食者)|我(?:只)?吃全素|我吃纯素"),
     lambda _m: [("food.diet", "vegan", "add")]),
    (re.compile(r"我(?:只吃|吃|是吃)清真"), lambda _m: [("food.diet", "halal", "add")]),
    (re.compile(rf"我{_ZH_HABIT}(?:不吃|不能吃|吃不了|不碰|忌口|忌|不喝|不能喝){_ZH_OBJ}"),
     _diet_not_eaten),
    (re.compile(r"我(?:有)?乳糖不耐"), lambda _m: [("food.diet", "lactose_free", "add")]),
    (re.compile(r"我对(?P<obj>坚果|花生|海鲜|麸质|乳制品)过敏"), _diet_not_eaten),
    (re.compile(rf"我{_ZH_HABIT}(?:不喜欢|讨厌|不爱|受不了){_ZH_OBJ}"), _zh_dislikes),
    (re.compile(rf"{_ZH_LIKE}(?:把)?(?:车里|车内|车内温度|温度|空调)?(?:调到|设在|设成|开到|开|在|是)?"
                rf"{_ZH_NUM}"), _temperature_zh),
    (re.compile(rf"我{_ZH_HABIT}(?:把)?(?:温度|空调)(?:调到|设在|设成|开到|开在|定在){_ZH_NUM}"),
     _temperature_zh),
    (re.compile(rf"我觉得{_ZH_NUM}(?:最|比较)?舒服"), _temperature_zh),
    (re.compile(rf"{_ZH_LIKE}(?:开)?座椅加热(?:开)?(?:到|在)?(?P<lvl>低档|中档|高档|一档|二档|三档|最高|最大|\d{{1,3}}[%％])?"),
     _zh_seat),
    (re.compile(rf"{_ZH_LIKE}(?:开)?方向盘加热"), _steering(True)),
    (re.compile(rf"{_ZH_LIKE}(?P<x>红|橙|黄|绿|青|蓝|紫|粉|白|暖白|琥珀)色?的?氛围灯"),
     _table_value("lighting.ambient_colour", _COLOURS_ZH)),
    (re.compile(rf"{_ZH_LIKE}?(?:走|选|用)?(?P<x>节能|省电|经济|环保|最快|最省时|最短)的?(?:路线|模式|路)"),
     _table_value("route.mode", _MODES_ZH)),
    (re.compile(rf"我{_ZH_HABIT}(?:不走|避开|不上|避免走|不想走|不愿意走|绕开){_ZH_OBJ}"),
     _avoid_roads),
    (re.compile(rf"(?:到达|到的时候|到站|抵达|到目的地)(?:时|的时候)?(?:电量)?(?:至少|最少)?(?:要)?"
                rf"(?:保留|剩|还有|留|不低于|有)(?:至少|最少)?{_PCT}"),
     _number("charging.min_arrival_soc")),
    (re.compile(rf"我{_ZH_HABIT}(?:喜欢|习惯|常|只)?(?:去|在|用)(?P<obj>[^，。！？；,.!?;]+?)(?:充电|的充电)"),
     _networks_rule),
    (re.compile(r"绕路(?:不要)?(?:不超过|最多|别超过|不能超过)(?P<n>\d{1,3})分钟"),
     _number("charging.max_detour_min")),
    (re.compile(r"我(?:的)?家(?:住)?(?:在|地址是|的地址是|是)(?P<p>[^，。！？；,.!?;]+)"),
     _place_rule("places.home")),
    (re.compile(r"我(?:住在|住)(?P<p>[^，。！？；,.!?;]+)"), _place_rule("places.home")),
    (re.compile(r"我(?:的)?(?:公司|单位|办公室|工作单位)(?:在|地址是|是)(?P<p>[^，。！？；,.!?;]+)"),
     _place_rule("places.work")),
    (re.compile(r"我(?:在|于)(?P<p>[^，。！？；,.!?;]+?)(?:上班|工作)"),
     _place_rule("places.work")),
    (re.compile(r"我(?:最)?喜欢的(?:地方|餐厅|咖啡店|咖啡馆|充电站)是(?P<p>[^，。！？；,.!?;]+)"),
     _place_rule("places.favourites", "add")),
    (re.compile(rf"{_ZH_LIKE}(?:说|用|讲)(?P<x>中文|汉语|普通话|英文|英语)"),
     _table_value("language", _LANGUAGES)),
    (re.compile(rf"{_ZH_LIKE}(?:用)?(?P<x>英制|公制|英里|公里)"), _table_value("units", _UNITS)),
    (re.compile(rf"{_ZH_LIKE}(?P<x>简短|简洁|简单|详细)(?:一点|一些)?的?(?:回答|回复|回应)"),
     _table_value("assistant.verbosity", _VERBOSITY)),
    (re.compile(r"(?:回答|回复|说话)(?:请)?(?P<x>简短|简洁|简单)(?:一点|一些|点)"),
     _table_value("assistant.verbosity", _VERBOSITY)),
    (re.compile(rf"{_ZH_LIKE}(?:去|吃)?(?P<x>便宜|实惠|平价|中档|高档|高端)(?:一点|一些)?的?(?:餐厅|饭店|地方|馆子)"),
     _table_value("food.price_level", _PRICES)),
    (re.compile(rf"{_ZH_LIKE}(?:吃)?{_ZH_OBJ}"), _zh_likes),
]


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for match in _SENTENCE.finditer(text):
        yield match.start(), match.group(0)


def _is_question(sentence: str) -> bool:
    stripped = sentence.strip()
    return (stripped.endswith(("?", "？", "吗", "吗。", "呢", "么"))
            or bool(_QUESTION_START.match(stripped)))


def extract_statements(text: str) -> list[PreferenceStatement]:
    """Preferences the driver states about themself in ``text`` (English or Chinese).

    Each statement's value is already valid for its key; apply it with
    ``DriverProfile.apply``. Commands, questions, negations, other people and one-off
    wishes yield nothing.
    """
    found: list[PreferenceStatement] = []
    seen: set[tuple[str, str]] = set()
    for offset, sentence in _sentences(text):
        if _is_question(sentence) or _ONE_OFF.search(sentence):
            continue
        rules = _RULES_EN if sentence.isascii() else _RULES_EN + _RULES_ZH
        for pattern, build in rules:
            for match in pattern.finditer(sentence):
                if _HYPOTHETICAL.search(sentence[:match.start()]):
                    continue
                for key, value, op in build(match):
                    statement = _checked(key, value, op, offset + match.start(),
                                         offset + match.end(), text)
                    if statement is None or (key, repr(statement.value)) in seen:
                        continue
                    seen.add((key, repr(statement.value)))
                    found.append(statement)
    return sorted(found, key=lambda s: s.text_span)


def _checked(key: str, value: Any, op: StatementOp, start: int, end: int,
             text: str) -> PreferenceStatement | None:
    """The statement with its value normalised by the catalogue, or None if invalid."""
    try:
        normal = spec(key).validate(value)
    except InvalidPreference:
        return None
    if op == "add":
        normal = normal[0] if isinstance(normal, list) and len(normal) == 1 else normal
    return PreferenceStatement(key, normal, op, (start, end), text[start:end])
