"""Plain spoken sentences about what the assistant knows, in English or Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from incabin.profile._catalogue import join_words, spec
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
    topics = [spec(k).topic_zh if lang == "zh" else spec(k).topic_en for k in keys]
    if lang == "zh":
        return f"好的，我已删除：{join_words(topics, lang)}。"
    return f"Done, I've forgotten {join_words(topics, lang)}."
