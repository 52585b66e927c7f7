"""Recognising privacy requests: "forget my home address", "what do you know about me?"."""

from __future__ import annotations

import re

from incabin.profile._catalogue import CATALOGUE, keys_under
from incabin.profile._models import ForgetRequest

_I = re.IGNORECASE
_FORGET_EN = re.compile(
    r"\b(?:forget|delete|erase|remove|wipe|clear|stop remembering)\b(?P<rest>.*)", _I | re.DOTALL)
_FORGET_ZH = re.compile(
    r"(?:忘记|忘掉|忘了|删除|删掉|删了|清除|清空|抹掉|抹去|不要记住)(?P<rest>.*)", re.DOTALL)
# Only personal things can be forgotten: "remove tolls" or "clear the route" are commands.
_PERSONAL_EN = re.compile(r"\b(?:my|me|mine|i|i'm|home|address|diet|preferences)\b", _I)
_PERSONAL_ZH = re.compile(r"我|家|住址|地址|饮食|忌口|偏好|所有|全部|一切")
_CLAUSE_END = re.compile(r"[,;.!?，；。！？]|\b(?:but|then|just)\b|然后|但是|就", _I)
# "之前说我喜欢二十度，那个你忘了吧": Chinese often names the topic first and points
# back to it right before the verb.
_BACK_ZH = re.compile(r"(?:那个|这个|那些|这些|那|这)你?(?:就|都|也)?")
_DONT = re.compile(r"(?:\bdon't|\bdo not|\bnever|\bnot|不要|别|不用)\s*$", _I)

_EVERYTHING_EN = re.compile(
    r"\b(?:everything|all (?:of )?(?:my|your|the)?\s*(?:data|info|information|preferences|"
    r"settings|details)|all about me|(?:what|all) you know about me|my (?:whole |entire )?"
    r"(?:profile|data|information|info|preferences|details))\b|^\s*(?:all\s+)?(?:about\s+)?me\b", _I)
# "clear the screen for me": whom it is done for, not what to forget.
_FOR_ME = re.compile(r"\bfor (?:me|us)\b", _I)
_EVERYTHING_ZH = re.compile(r"所有|全部|一切|我的(?:资料|信息|数据|偏好|档案)|关于我的")

# Topic words → catalogue keys or categories; the longest match wins over its parts.
_TOPICS_EN: dict[str, str] = {
    "home address": "places.home", "home": "places.home", "where i live": "places.home",
    "address": "places.home", "work address": "places.work", "work": "places.work",
    "office": "places.work", "where i work": "places.work", "favourite places": "places.favourites",
    "favorite places": "places.favourites", "favourites": "places.favourites",
    "favorites": "places.favourites", "addresses": "places", "places": "places",
    "locations": "places", "temperature": "climate.temperature",
    "degrees": "climate.temperature", "degree": "climate.temperature",
    "seat heating": "climate.seat_heating", "heated seats": "climate.seat_heating",
    "steering wheel heating": "climate.steering_heating",
    "heated steering wheel": "climate.steering_heating", "fan": "climate.fan",
    "climate": "climate", "ambient light": "lighting", "ambient lighting": "lighting",
    "lighting": "lighting", "light colour": "lighting", "route": "route", "routes": "route",
    "tolls": "route.avoid", "motorways": "route.avoid", "charging": "charging",
    "chargers": "charging", "battery": "charging.min_arrival_soc",
    "charging networks": "charging.networks", "detour": "charging.max_detour_min",
    "diet": "food.diet", "dietary": "food.diet", "vegetarian": "food.diet", "vegan": "food.diet",
    "halal": "food.diet", "allergies": "food.diet", "spicy": "food.diet", "food": "food",
    "cuisine": "food.cuisine", "cuisines": "food.cuisine", "restaurants": "food",
    "language": "language", "units": "units", "verbosity": "assistant.verbosity",
    "how talkative": "assistant.verbosity", "chattiness": "assistant.verbosity",
}
_TOPICS_ZH: dict[str, str] = {
    "家庭地址": "places.home", "家的地址": "places.home", "住址": "places.home",
    "家": "places.home", "公司": "places.work", "公司地址": "places.work",
    "单位地址": "places.work", "工作地点": "places.work", "工作地址": "places.work",
    "办公室": "places.work", "上班的地方": "places.work", "收藏": "places.favourites",
    "常去的地方": "places.favourites", "地址": "places", "地点": "places",
    "温度": "climate.temperature", "度": "climate.temperature",
    "座椅加热": "climate.seat_heating", "方向盘加热": "climate.steering_heating",
    "风量": "climate.fan", "空调": "climate", "氛围灯": "lighting", "路线": "route",
    "收费": "route.avoid", "高速": "route.avoid", "充电": "charging",
    "电量": "charging.min_arrival_soc",
    "饮食": "food.diet", "忌口": "food.diet", "素食": "food.diet", "吃素": "food.diet",
    "不吃辣": "food.diet", "清真": "food.diet", "口味": "food", "吃的": "food",
    "菜": "food.cuisine",
    "语言": "language", "公制": "units", "英制": "units", "回答长度": "assistant.verbosity",
}


def _topics(rest: str, table: dict[str, str]) -> tuple[str, ...]:
    named: list[str] = []
    remaining = rest
    for word in sorted(table, key=len, reverse=True):
        pattern = rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word)
        if re.search(pattern, remaining, _I):
            remaining = re.sub(pattern, " ", remaining, flags=_I)
            named.append(table[word])
    # A category said beside one of its own topics is that topic's word ("我家地址" is
    # the home address, not every address): forgetting more than asked deletes data.
    named = [topic for topic in named
             if not any(other != topic and other.startswith(topic + ".") for other in named)]
    keys = [key for topic in named for key in keys_under(topic)]
    return tuple(k for k in CATALOGUE if k in keys)


def _named_before(before: str) -> str | None:
    """What a Chinese forget request names before its verb: its own clause ("我家地址你忘了
    吧", "把我的地址都删了"), or the clause a pointer right before the verb refers to
    ("之前说我喜欢二十度，那个你忘了吧")."""
    said = _CLAUSE_END.split(before)
    if _BACK_ZH.fullmatch(said[-1].strip()):
        return said[-2] if len(said) > 1 else None
    return said[-1].split("把", 1)[-1]


def forget_request(text: str) -> ForgetRequest | None:
    """What the driver asks to forget, or None if ``text`` is not such a request.

    "forget my home address" → places.home; "forget everything" / "忘记所有" → everything.
    "Don't forget ..." and a bare "forget it" are not requests.
    """
    for pattern, personal, everything, table in (
        (_FORGET_EN, _PERSONAL_EN, _EVERYTHING_EN, _TOPICS_EN),
        (_FORGET_ZH, _PERSONAL_ZH, _EVERYTHING_ZH, _TOPICS_ZH),
    ):
        match = pattern.search(text)
        if match is None or _DONT.search(text[:match.start()]):
            continue
        # What is forgotten is named in the same clause: in "forget about the temperature,
        # just open my window" the "my" belongs to the window.
        rest = _FOR_ME.sub(" ", _CLAUSE_END.split(match.group("rest"), maxsplit=1)[0])
        if pattern is _FORGET_ZH and not _topics(rest, table):
            rest = _named_before(text[:match.start()]) or rest
        if not (personal.search(rest) or everything.search(rest)):
            continue
        keys = _topics(rest, table)
        if not keys and everything.search(rest):
            return ForgetRequest(tuple(CATALOGUE), everything=True)
        if keys:
            return ForgetRequest(keys)
    return None


_QUESTION = re.compile(
    r"\bwhat\s+(?:else\s+)?(?:do|did|have|does)\s+you\s+(?:\w+\s+)?(?:know|remember|stored?|saved?|"
    r"learned|learnt|keep|have)\s+(?:about|on|of)\s+me\b"
    r"|\bwhat\s+(?:are|is)\s+my\s+(?:preferences|settings|profile)\b"
    r"|\b(?:show|list|tell)\s+(?:me\s+)?(?:my\s+(?:preferences|profile|data|settings)|"
    r"what you (?:know|remember|have stored) about me)\b"
    r"|\bwhat\s+(?:data|information|info)\s+(?:do\s+)?you\s+(?:have|keep|store|hold)\s+"
    r"(?:on|about)\s+me\b"
    r"|\bdo\s+you\s+(?:know|remember)\s+anything\s+about\s+me\b"
    r"|你(?:都)?(?:知道|了解|记得|记住了|记着)(?:关于)?我(?:的)?(?:什么|哪些|些什么)"
    r"|关于我你(?:都)?(?:知道|记得|了解)(?:什么|哪些)"
    r"|我的(?:偏好|喜好|资料|设置|档案)(?:是什么|有哪些|都有什么)"
    r"|你(?:存|保存|存储|记录)了(?:我的)?(?:哪些|什么)"
    r"|(?:显示|列出)我的(?:偏好|资料|档案|喜好)", _I)


def is_profile_question(text: str) -> bool:
    """True for "what do you know about me?" / "你知道我什么" and their variants."""
    return _QUESTION.search(text) is not None
