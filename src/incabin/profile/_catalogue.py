"""The preference keys: one row per key, with its type, its limits and how it is spoken.

Values are validated and normalised by pydantic, so a row also gives the JSON schema
that a tool can hand to the model.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

import pydantic
from pydantic import AfterValidator, BeforeValidator, Field

from incabin.profile import _vocab
from incabin.profile._errors import InvalidPreference, UnknownPreference
from incabin.profile._models import SavedPlace

Percent = Annotated[int, Field(ge=0, le=100)]
_TOKEN = re.compile(r"^[a-z][a-z0-9_]*$")


def _as_list(value: Any) -> Any:
    """A single item where a list is expected is a list of one."""
    return [value] if isinstance(value, str | dict | SavedPlace) else value


def _tokens(items: list[str]) -> list[str]:
    """Lower-case, snake_case, de-duplicated (first wins) vocabulary tokens."""
    out: list[str] = []
    for raw in items:
        token = raw.strip().lower().replace("-", "_").replace(" ", "_")
        if not _TOKEN.match(token):
            raise ValueError(f"{raw!r} is not a word like 'thai' or 'hot_pot'")
        if token not in out:
            out.append(token)
    return out


def _names(items: list[str]) -> list[str]:
    """Trimmed, non-empty names, de-duplicated ignoring case (first spelling wins)."""
    out: list[str] = []
    for raw in items:
        name = " ".join(raw.split())
        if not name:
            raise ValueError("names must not be empty")
        if name.casefold() not in {n.casefold() for n in out}:
            out.append(name)
    return out


def _unique(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _place(value: Any) -> Any:
    """A place is given by name alone or as ``{name, lat, lon}``."""
    if isinstance(value, str):
        return {"name": value}
    return value


def _check_place(place: SavedPlace) -> SavedPlace:
    name = " ".join(place.name.split())
    if not name:
        raise ValueError("a place needs a name")
    if (place.lat is None) != (place.lon is None):
        raise ValueError("give both lat and lon, or neither")
    if place.lat is not None and not -90 <= place.lat <= 90:
        raise ValueError("lat must be between -90 and 90")
    if place.lon is not None and not -180 <= place.lon <= 180:
        raise ValueError("lon must be between -180 and 180")
    return SavedPlace(name, place.lat, place.lon)


def _half_degree(value: float) -> float:
    return round(value * 2) / 2


def _colour(value: str) -> str:
    token = value.strip().lower().replace(" ", "_")
    if token in _vocab.COLOURS or re.fullmatch(r"#[0-9a-f]{6}", token):
        return token
    raise ValueError(f"use a colour name ({', '.join(_vocab.COLOURS)}) or #rrggbb")


def _literal(table: _vocab.Labels) -> Any:
    return Literal[tuple(table)]  # type: ignore[valid-type]


Place = Annotated[SavedPlace, BeforeValidator(_place), AfterValidator(_check_place)]
Tokens = Annotated[list[str], BeforeValidator(_as_list), AfterValidator(_tokens)]
Names = Annotated[list[str], BeforeValidator(_as_list), AfterValidator(_names)]


def _lower(value: Any) -> Any:
    """"No pork" and "no-pork" mean the stored word no_pork."""
    if isinstance(value, str):
        return value.strip().lower().replace("-", "_").replace(" ", "_")
    return value


def _one_of(table: _vocab.Labels) -> Any:
    return Annotated[_literal(table), BeforeValidator(_lower)]


def _choices(table: _vocab.Labels) -> Any:
    item = _one_of(table)
    return Annotated[list[item], BeforeValidator(_as_list), AfterValidator(_unique)]  # type: ignore[valid-type]


@dataclass(frozen=True)
class PreferenceSpec:
    """One preference key: its type, what it means, and how it is spoken.

    ``en``/``zh`` are sentence fragments about the driver with ``{v}`` for the value,
    e.g. ``"you like the cabin at {v}"``; ``speak`` renders a value in a language;
    ``topic_en``/``topic_zh`` name the preference itself ("your home address").
    """

    key: str
    annotation: Any
    description: str
    en: str
    zh: str
    topic_en: str
    topic_zh: str
    speak: Callable[[Any, str], str]
    is_list: bool = False

    @property
    def category(self) -> str:
        """The part before the first dot: climate, route, food, ..."""
        return self.key.split(".", 1)[0]

    @cached_property
    def _adapter(self) -> pydantic.TypeAdapter[Any]:
        return pydantic.TypeAdapter(self.annotation)

    def validate(self, value: Any) -> Any:
        """The normalised value, or InvalidPreference saying what is wrong."""
        if value is None:
            raise InvalidPreference(self.key, value, "a value is required (use forget to remove)")
        try:
            return self._adapter.validate_python(value)
        except pydantic.ValidationError as err:
            problem = "; ".join(_problem(e) for e in err.errors())
            raise InvalidPreference(self.key, value, problem) from err

    def to_json(self, value: Any) -> Any:
        """The value as plain JSON data (for the store and for export)."""
        return self._adapter.dump_python(value, mode="json", exclude_none=True)

    def json_schema(self) -> dict[str, Any]:
        """The JSON schema of the value, for a tool's parameters."""
        schema = self._adapter.json_schema()
        schema["description"] = self.description
        return schema


def _problem(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where and not where.startswith("function") else message


def _number(unit: str) -> Callable[[Any, str], str]:
    def speak(value: Any, lang: str) -> str:
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{text}{unit}" if lang == "zh" or unit == "%" else f"{text} {unit}".strip()

    return speak


def _from(table: _vocab.Labels) -> Callable[[Any, str], str]:
    def speak(value: Any, lang: str) -> str:
        if isinstance(value, list):
            return join_words([_vocab.label(table, v, lang) for v in value], lang)
        return _vocab.label(table, value, lang)

    return speak


def _plain(value: Any, lang: str) -> str:
    if isinstance(value, list):
        return join_words([str(v) for v in value], lang)
    return str(value)


def _yes_no(value: Any, lang: str) -> str:
    if lang == "zh":
        return "开" if value else "关"
    return "on" if value else "off"


def _avoid_or_not(value: Any, lang: str) -> str:
    if lang == "zh":
        return "避开" if value else "不介意"
    return "avoid" if value else "don't mind"


def _minutes(value: Any, lang: str) -> str:
    return f"{value}分钟" if lang == "zh" else f"{value} minutes"


def join_words(words: list[str], lang: str) -> str:
    """"a, b and c" in English, "a、b、c" in Chinese."""
    if lang == "zh":
        return "、".join(words)
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _row(key: str, annotation: Any, description: str, en: str, zh: str,
         topic: tuple[str, str], speak: Callable[[Any, str], str] = _plain) -> PreferenceSpec:
    origin = getattr(annotation, "__origin__", None)
    inner = getattr(origin, "__origin__", origin) if origin is not None else None
    return PreferenceSpec(key, annotation, description, en, zh, topic[0], topic[1], speak,
                          is_list=inner is list)


_DEGREES = Annotated[float, Field(ge=16, le=28), AfterValidator(_half_degree)]

CATALOGUE: dict[str, PreferenceSpec] = {row.key: row for row in [
    _row("climate.temperature", _DEGREES, "Preferred cabin temperature in °C (16-28).",
         "you like the cabin at {v}", "您喜欢车内温度{v}",
         ("your temperature", "您的温度偏好"), _number("°C")),
    _row("climate.seat_heating", Percent, "Preferred seat heating, percent (0 = off).",
         "you like the seat heating at {v}", "您喜欢座椅加热{v}",
         ("your seat heating", "座椅加热偏好"), _number("%")),
    _row("climate.steering_heating", bool, "Whether the heated steering wheel should be on.",
         "you like the steering wheel heating {v}", "您喜欢方向盘加热{v}",
         ("your steering wheel heating", "方向盘加热偏好"), _yes_no),
    _row("climate.fan", Percent, "Preferred fan speed, percent.",
         "you like the fan at {v}", "您喜欢风量{v}",
         ("your fan setting", "风量偏好"), _number("%")),
    _row("lighting.ambient_colour", Annotated[str, AfterValidator(_colour)],
         "Ambient light colour: a colour name or #rrggbb.",
         "you like {v} ambient light", "您喜欢{v}氛围灯",
         ("your ambient light colour", "氛围灯颜色"), _from(_vocab.COLOURS)),
    _row("route.mode", _one_of(_vocab.ROUTE_MODES), "Preferred kind of route.",
         "you prefer {v}", "您喜欢{v}",
         ("your route type", "路线偏好"), _from(_vocab.ROUTE_MODES)),
    _row("route.avoid", _choices(_vocab.ROUTE_AVOID), "Road types to avoid.",
         "you avoid {v}", "您不走{v}",
         ("the roads you avoid", "避开的道路"), _from(_vocab.ROUTE_AVOID)),
    _row("charging.min_arrival_soc", Annotated[int, Field(ge=0, le=90)],
         "Lowest battery level to arrive with, percent.",
         "you want to arrive with at least {v} battery", "您希望到达时电量不低于{v}",
         ("your arrival battery level", "到达电量偏好"),
         _number("%")),
    _row("charging.networks", Names, "Preferred charging networks (e.g. IONITY).",
         "you prefer {v} chargers", "您喜欢{v}充电站",
         ("your charging networks", "充电网络偏好")),
    _row("charging.max_detour_min", Annotated[int, Field(ge=0, le=120)],
         "Longest detour to a charger, minutes.",
         "you accept detours of up to {v} to charge", "您能接受最多绕路{v}去充电",
         ("your charging detour limit", "充电绕路上限"), _minutes),
    _row("food.diet", _choices(_vocab.DIETS), "Diet: vegetarian, vegan, halal, no_pork, ...",
         "your diet is {v}", "您的饮食：{v}",
         ("your diet", "饮食习惯"), _from(_vocab.DIETS)),
    _row("food.cuisine", Tokens, "Cuisines liked (OSM cuisine values).",
         "you like {v} food", "您喜欢{v}",
         ("the food you like", "喜欢的菜系"), _from(_vocab.CUISINES)),
    _row("food.avoid", Tokens, "Cuisines or foods to avoid (OSM cuisine values).",
         "you don't like {v} food", "您不喜欢{v}",
         ("the food you avoid", "不喜欢的食物"), _from(_vocab.CUISINES)),
    _row("food.price_level", _one_of(_vocab.PRICE_LEVELS), "Preferred restaurant price level.",
         "you prefer {v}", "您喜欢{v}",
         ("your price level", "价位偏好"), _from(_vocab.PRICE_LEVELS)),
    _row("food.avoid_chains", bool, "Whether to avoid chain restaurants.",
         "you {v} chain restaurants", "您{v}连锁餐厅",
         ("your chain restaurant setting", "连锁餐厅偏好"), _avoid_or_not),
    _row("places.home", Place, "Home: a place name or {name, lat, lon}.",
         "your home is {v}", "您家在{v}",
         ("your home address", "家庭地址")),
    _row("places.work", Place, "Work: a place name or {name, lat, lon}.",
         "you work at {v}", "您在{v}上班",
         ("your work address", "工作地址")),
    _row("places.favourites", Annotated[list[Place], BeforeValidator(_as_list),
                                        AfterValidator(_unique)],
         "Favourite places: names or {name, lat, lon}.",
         "your favourite places are {v}", "您收藏的地点有{v}",
         ("your favourite places", "收藏的地点")),
    _row("language", _one_of(_vocab.LANGUAGES), "Language to speak: en or zh.",
         "you prefer {v}", "您喜欢用{v}",
         ("your language", "语言偏好"), _from(_vocab.LANGUAGES)),
    _row("units", _one_of(_vocab.UNITS), "Units to speak: metric or imperial.",
         "you prefer {v}", "您喜欢{v}",
         ("your units", "单位偏好"), _from(_vocab.UNITS)),
    _row("assistant.verbosity", _one_of(_vocab.VERBOSITY),
         "How talkative the assistant is: brief, normal or chatty.",
         "you prefer {v}", "您喜欢{v}",
         ("how talkative I am", "回答长度偏好"), _from(_vocab.VERBOSITY)),
]}


def spec(key: str) -> PreferenceSpec:
    """The catalogue row for ``key``, or UnknownPreference with a close match if any."""
    row = CATALOGUE.get(key)
    if row is None:
        close = difflib.get_close_matches(key, CATALOGUE, n=1)
        raise UnknownPreference(key, close[0] if close else None)
    return row


def keys_under(prefix: str) -> tuple[str, ...]:
    """Every key equal to ``prefix`` or inside its category (``"food"`` → food.*)."""
    return tuple(k for k in CATALOGUE if k == prefix or k.startswith(prefix + "."))
