"""Text for speaking while driving: language detection, bilingual phrasing,
number formatting and clean-up of model output (no markdown, short)."""

from __future__ import annotations

import re

from incabin.agents._models import Lang

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKDOWN = re.compile(r"(\*\*|__|`+|^#+\s*|^\s*[-*•]\s+|^\s*\d+\.\s+)", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")

MAX_SPOKEN_CHARS = 320


def detect_lang(text: str) -> Lang:
    """Chinese when the request has any Han characters, else English."""
    return "zh" if _CJK.search(text) else "en"


def t(lang: Lang, en: str, zh: str) -> str:
    """Pick the English or Chinese phrasing."""
    return zh if lang == "zh" else en


def km(value: float) -> str:
    """A distance in km for speech: one decimal below 10 km, whole above."""
    return num(value, 1 if abs(value) < 10 else 0)


def distance(value_km: float, lang: Lang) -> str:
    """A distance with its unit for speech: metres under 1 km ("800 m"), else km."""
    if abs(value_km) < 1:
        metres = max(10, int(round(value_km * 1000, -1)))
        return t(lang, f"{metres} m", f"{metres}米")
    return t(lang, f"{km(value_km)} km", f"{km(value_km)}公里")


def num(value: float, digits: int = 0) -> str:
    """A number for speech: rounded, without a trailing ``.0``."""
    rounded = round(float(value), digits)
    if digits == 0 or rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{digits}f}"


def join_list(items: list[str], lang: Lang) -> str:
    """'a, b and c' or 'a、b和c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def spoken(text: str, limit: int = MAX_SPOKEN_CHARS, lang: Lang = "en") -> str:
    """Strip markdown and line breaks, and cut at a sentence end near ``limit`` (English
    characters; a Chinese character says about as much as three)."""
    if lang == "zh":
        limit //= 3
    plain = _MARKDOWN.sub("", text)
    plain = re.sub(r"\s+", " ", plain).strip()
    if len(plain) <= limit:
        return plain
    out = ""
    for sentence in _SENTENCE_END.split(plain):
        if out and len(out) + len(sentence) > limit:
            break
        out = f"{out}{'' if lang == 'zh' else ' '}{sentence}".strip() if out else sentence
    return out if out else plain[:limit].rstrip() + "…"
