"""Preparing a request for matching: case, punctuation, fillers, Chinese numerals,
clauses, and finding declared words in it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import cn2an
from text_to_num import alpha2digit

from incabin.agents.capabilities._models import Lang

HAN = re.compile(r"[\u4e00-\u9fff]")
# A number as said (21, 21.5); not the tail of a longer one.
NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)")
# A full stop between digits is a decimal point (21.5 degrees), not punctuation.
_PUNCT = re.compile(r"[\s,!?;:，。！？；：、~…\"'“”‘’()（）]+|\.(?!\d)")
_EN_PUNCT = re.compile(r"[,!?;:\"“”()]+|\.(?!\d)")
# A run of Chinese numerals before a unit (二十一度, 两度, 百分之三十); alone they are
# words (一下, 一点, 一半), which cn2an's sentence mode would turn into digits.
_ZH_NUMERAL = re.compile(r"(百分之)?([零一二两三四五六七八九十百]+)(?=(度|%|档|挡|格|公里|分钟|个点)|$)")
_ZH_PERCENT = re.compile(r"百分之(\d+)")
# "No, 23" corrects the last answer: the correction word is not part of the request.
_CORRECTION = re.compile(r"^\s*(no|nope|actually|sorry|i mean|i meant|make that|不对|不是|不)\s*[,，:：]+\s*")
# Words that are chatter only at the edges ("ok, …", "… too", "… right now"); inside a
# sentence they may carry meaning ("too hot", "are the beams okay").
_EN_HEAD = re.compile(r"^(?:(?:ok|okay|now|so|alright|well)\s+)+")
_EN_TAIL = re.compile(r"(?:\s+(?:too|as well|now|right now|quickly|then))+$")
_EN_CLAUSES = re.compile(r"\s*(?:,|;|:|\band then\b|\bthen\b|\band also\b|\balso\b|\band\b|\bplus\b|"
                         r"\bas well as\b)\s*")
_ZH_CLAUSES = re.compile(r"[，,；;、]|然后|并且|而且|还有|同时|顺便|以及|再把|再帮我|和|跟")


def language(text: str) -> Lang:
    """Chinese when the text has any Han characters, else English."""
    return "zh" if HAN.search(text) else "en"


def normalise(text: str, lang: Lang, fillers: Iterable[str]) -> str:
    """Lower case, no punctuation or fillers, numerals as digits (cn2an, text2num)."""
    text = _CORRECTION.sub("", text.lower())
    if lang == "zh":
        out = _PUNCT.sub("", text)
        out = _ZH_NUMERAL.sub(_digits, out)
        out = _ZH_PERCENT.sub(r"\1%", out)
        for filler in sorted(fillers, key=len, reverse=True):
            out = out.replace(filler, "")
        return out
    # "another twenty percent" -> 20; one to five stay words, as the lists say them
    # (text2num turns a lone number into digits from the threshold up).
    out = alpha2digit(_EN_PUNCT.sub(" ", text.lower()).replace("’", "'"), "en", threshold=6)
    out = _filler_pattern(tuple(fillers)).sub(" ", f" {out} ")
    out = " ".join(out.split())
    return _EN_TAIL.sub("", _EN_HEAD.sub("", out))


def clauses(text: str, lang: Lang) -> list[str]:
    """The parts of a request joined by 'and', 'then', commas (和, 然后, ，)."""
    splitter = _ZH_CLAUSES if lang == "zh" else _EN_CLAUSES
    return [part.strip() for part in splitter.split(text) if part and part.strip()]


def mentions(text: str, words: Iterable[str], lang: Lang) -> list[str]:
    """The declared words or phrases that occur in ``text`` (whole words in English)."""
    lowered = text.lower()
    if lang == "zh":
        return [w for w in words if w and w.lower() in lowered]
    return [w for w in words if w and _word_pattern(w.lower()).search(lowered)]


def spans(text: str, words: Iterable[str], lang: Lang) -> list[tuple[int, int]]:
    """Where each declared word or phrase occurs in ``text`` (start, end), every time."""
    lowered = text.lower()
    found: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        if lang == "zh":
            needle = word.lower()
            start = lowered.find(needle)
            while start >= 0:
                found.append((start, start + len(needle)))
                start = lowered.find(needle, start + 1)
        else:
            found += [m.span() for m in _word_pattern(word.lower()).finditer(lowered)]
    return found


def _digits(match: re.Match[str]) -> str:
    percent, numeral = match.group(1), match.group(2)
    try:
        value = cn2an.cn2an(numeral, "smart")
    except ValueError:
        return match.group(0)
    number = str(int(value)) if float(value).is_integer() else str(value)
    return f"{number}%" if percent else number


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


@lru_cache(maxsize=8)
def _filler_pattern(fillers: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(fillers, key=len, reverse=True)
    return re.compile(r"(?<=\s)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?=\s)")
