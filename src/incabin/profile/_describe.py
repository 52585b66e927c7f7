"""Plain spoken sentences about what the assistant knows, in English or Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from incabin.profile._catalogue import spec
from incabin.profile._models import Preference, PreferenceChange


def phrase(key: str, value: Any, lang: str = "en") -> str:
    """One fragment about the driver, e.g. "you like the cabin at 21 °C" / "您喜欢车内温度21°C"."""
    row = spec(key)
    template = row.zh if lang == "zh" else row.en
    return template.format(v=row.speak(value, lang))


def describe_preferences(name: str, prefs: Iterable[Preference], lang: str = "en") -> str:
    """Everything known about a driver as one or two sentences."""
    parts = [phrase(p.key, p.value, lang) for p in prefs]
    if lang == "zh":
        if not parts:
            return f"{name}，我还没有记住您的任何偏好。"
        return f"{name}，我记得：" + "；".join(parts) + "。"
    if not parts:
        return f"I don't know anything about your preferences yet, {name}."
    if len(parts) <= 2:
        listed = " and ".join(parts)
    else:
        listed = "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"Here is what I know about you, {name}: {listed}."


def describe_change(change: PreferenceChange, lang: str = "en") -> str:
    """A short confirmation of a stored preference, saying what it replaced if anything."""
    now = phrase(change.key, change.new, lang)
    if change.replaced:
        before = spec(change.key).speak(change.old, lang)
        if lang == "zh":
            return f"好的，已更新：{now}（之前是{before}）。"
        return f"Got it, I've updated that: {now} (before it was {before})."
    if lang == "zh":
        return f"好的，我记住了：{now}。"
    return f"Got it, I'll remember that {now}."


def describe_forgotten(keys: Iterable[str], everything: bool, lang: str = "en") -> str:
    """A confirmation that preferences were erased."""
    keys = list(keys)
    if everything:
        return "好的，我已删除关于您的所有信息。" if lang == "zh" else (
            "Done, I've erased everything I knew about you.")
    if not keys:
        return "我本来就没有记住这些信息。" if lang == "zh" else "I didn't have that stored."
    topics = [_topic(k, lang) for k in keys]
    if lang == "zh":
        return f"好的，我已删除：{'、'.join(topics)}。"
    return f"Done, I've forgotten {', '.join(topics)}."


_TOPICS: dict[str, tuple[str, str]] = {
    "climate.temperature": ("your temperature", "您的温度偏好"),
    "climate.seat_heating": ("your seat heating", "座椅加热偏好"),
    "climate.steering_heating": ("your steering wheel heating", "方向盘加热偏好"),
    "climate.fan": ("your fan setting", "风量偏好"),
    "lighting.ambient_colour": ("your ambient light colour", "氛围灯颜色"),
    "route.mode": ("your route type", "路线偏好"),
    "route.avoid": ("the roads you avoid", "避开的道路"),
    "charging.min_arrival_soc": ("your arrival battery level", "到达电量偏好"),
    "charging.networks": ("your charging networks", "充电网络偏好"),
    "charging.max_detour_min": ("your charging detour limit", "充电绕路上限"),
    "food.diet": ("your diet", "饮食习惯"),
    "food.cuisine": ("the food you like", "喜欢的菜系"),
    "food.avoid": ("the food you avoid", "不喜欢的食物"),
    "food.price_level": ("your price level", "价位偏好"),
    "food.avoid_chains": ("your chain restaurant setting", "连锁餐厅偏好"),
    "places.home": ("your home address", "家庭地址"),
    "places.work": ("your work address", "工作地址"),
    "places.favourites": ("your favourite places", "收藏的地点"),
    "language": ("your language", "语言偏好"),
    "units": ("your units", "单位偏好"),
    "assistant.verbosity": ("how talkative I am", "回答长度偏好"),
}


def _topic(key: str, lang: str) -> str:
    en, zh = _TOPICS.get(key, (key, key))
    return zh if lang == "zh" else en
