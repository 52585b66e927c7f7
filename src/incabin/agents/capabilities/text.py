"""Preparing a request for matching: case, punctuation, fillers, Chinese numerals,
clauses, and finding declared words in it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import cn2an
from text_to_num import alpha2digit

from incabin._language import function_words, segmenter, stemmer
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
_ZH_HALF_UNIT = re.compile(r"(?<!一)半(度|档|格|个小时|小时|分钟|公里)")
_EN_HALF_UNIT = re.compile(r"\bhalf (?:of )?an? (?=\w)")
# "No, 23" corrects the last answer: the correction word is not part of the request.
_CORRECTION = re.compile(r"^\s*(no|nope|actually|sorry|i mean|i meant|make that|不对|不是|不)\s*[,，:：]+\s*")
# Words that are chatter only at the edges ("ok, …", "… too", "… right now"); inside a
# sentence they may carry meaning ("too hot", "are the beams okay").
_EN_HEAD = re.compile(r"^(?:(?:ok|okay|now|so|alright|well)\s+)+")
_EN_TAIL = re.compile(r"(?:\s+(?:too|as well|now|right now|quickly|then))+$")
_EN_CLAUSES = re.compile(r"\s*(?:,|;|:|\band then\b|\bthen\b|\band also\b|\balso\b|\band\b|\bplus\b|\bbut\b|"
                         r"\bas well as\b)\s*")
# A word said twice over says it once, stronger ("冰凉冰凉的", "轻点轻点").
_ZH_REPEAT = re.compile(r"([\u4e00-\u9fff]{2})\1+")
# 开 before where to is driving ("马上开进去", "开回去"), not opening anything.
_ZH_DRIVE = re.compile(r"开(?=进去|进来|过去|过来|走|回去|回来|出去|出来|慢点|快点|慢一点|快一点)")
# Northern speech looks with 瞅 and 瞧: "瞅不着" is 看不着.
_ZH_LOOK = str.maketrans({"瞅": "看", "瞧": "看"})
# 太 says "too" ("风太大了"), except in 太阳 (the sun), 太太 (a wife), 太空.
ZH_TOO = r"(?<!太)太(?![阳太空])"
# 和 inside a word is no "and": 暖和 (warm), 温和, 柔和.
_ZH_CLAUSES = re.compile(r"[，,；;、]|然后|并且|而且|还有|同时|顺便|以及|再把|再帮我|(?<![暖温柔缓随平谐])和|跟|但是|不过")


def language(text: str) -> Lang:
    """Chinese when the text has any Han characters, else English."""
    return "zh" if HAN.search(text) else "en"


def normalise(text: str, lang: Lang, fillers: Iterable[str],
              fractions: Iterable[tuple[str, int]] = ()) -> str:
    """Lower case, no punctuation or fillers, numerals as digits (cn2an, text2num),
    and parts of a range as percentages ("a quarter of the way" is 25%)."""
    text = _CORRECTION.sub("", text.lower())
    if lang == "zh":
        out = _ZH_DRIVE.sub("驶", _ZH_REPEAT.sub(r"\1", _PUNCT.sub("", text))).translate(_ZH_LOOK)
        # Before the numerals: 四分之一 is a fraction, not 四分之 and the number 1; 半度 is
        # half of that unit, not a percentage.
        out = _ZH_HALF_UNIT.sub(r"0.5\1", out)
        for word, percent in fractions:
            out = out.replace(word, f"{percent}%")
        out = _ZH_NUMERAL.sub(_digits, out)
        out = _ZH_PERCENT.sub(r"\1%", out)
        for filler in sorted(fillers, key=len, reverse=True):
            out = out.replace(filler, "")
        return out
    # "another twenty percent" -> 20; one to five stay words, as the lists say them
    # (text2num turns a lone number into digits from the threshold up).
    out = alpha2digit(_EN_PUNCT.sub(" ", text.lower()).replace("’", "'"), "en", threshold=6)
    # "half a degree" is half of that unit, not a percentage.
    out = _EN_HALF_UNIT.sub("0.5 ", out)
    for word, percent in fractions:
        out = _word_pattern(word).sub(f"{percent}%", out)
    out = _filler_pattern(tuple(fillers)).sub(" ", f" {out} ")
    out = " ".join(out.split())
    return _EN_TAIL.sub("", _EN_HEAD.sub("", out))


def clauses(text: str, lang: Lang) -> list[tuple[str, bool]]:
    """The parts of a request joined by 'and', 'then', commas (和, 然后, ，), each with
    whether it is an item of a list ("座椅加热、方向盘加热都关了": the enumeration comma
    says the verb comes later)."""
    splitter = _ZH_CLAUSES if lang == "zh" else _EN_CLAUSES
    found: list[tuple[str, bool]] = []
    start = 0
    for match in [*splitter.finditer(text), None]:
        end = match.start() if match else len(text)
        part = text[start:end].strip()
        if part:
            found.append((part, bool(match) and match.group().strip() == "、"))
        start = match.end() if match else end
    return found


def mentions(text: str, words: Iterable[str], lang: Lang, *, inflected: bool = True) -> list[str]:
    """The declared words or phrases that occur in ``text`` (whole words in English,
    in any inflection unless ``inflected`` is False: "steaming up" is said in "it
    steams up")."""
    lowered = text.lower()
    if lang == "zh":
        return [w for w in words if w and (w.lower() in lowered if GAP not in w
                                           else _gapped(lowered, w.lower(), lang))]
    return [w for w in words if w and (_gapped(lowered, w.lower(), lang) if GAP in w else (
        _word_pattern(w.lower()).search(lowered) or inflected and _inflected(lowered, w.lower())))]


def spans(text: str, words: Iterable[str], lang: Lang, *,
          inflected: bool = True) -> list[tuple[int, int]]:
    """Where each declared word or phrase occurs in ``text`` (start, end), every time;
    English words in any inflection unless ``inflected`` is False."""
    lowered = text.lower()
    found: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        if GAP in word:
            found += _gapped(lowered, word.lower(), lang)
        elif lang == "zh":
            needle = word.lower()
            start = lowered.find(needle)
            while start >= 0:
                found.append((start, start + len(needle)))
                start = lowered.find(needle, start + 1)
        else:
            here = [m.span() for m in _word_pattern(word.lower()).finditer(lowered)]
            if inflected:
                here += [s for s in _inflected(lowered, word.lower()) if s not in here]
            found += here
    return found


# "屁股…凉" in a word list: these parts in this order, a few characters (words) apart
# ("屁股底下好凉"); the words between may say anything. An English part ends a word's
# beginning: "glass … fog" is said in "the glass keeps fogging".
GAP = "…"
_MAX_GAP = {"zh": 6, "en": 4}


def _gapped(text: str, word: str, lang: Lang) -> list[tuple[int, int]]:
    """Where the parts of a gapped word occur in order, each within the gap of the last."""
    parts = [part.strip() for part in word.split(GAP)]
    if any(part not in text for part in parts):
        return []  # most gapped words (a part with each state) are not in the text at all
    return [m.span() for m in _gap_pattern(word, lang).finditer(text)]


@lru_cache(maxsize=None)
def _gap_pattern(word: str, lang: Lang) -> re.Pattern[str]:
    # Compiled once: there are more gapped words than ``re``'s own cache holds.
    parts = [part.strip() for part in word.split(GAP)]
    if lang == "zh":
        gap = rf".{{0,{_MAX_GAP['zh']}}}?"
        return re.compile(gap.join(re.escape(part) for part in parts))
    gap = rf"(?:\s+\S+){{0,{_MAX_GAP['en']}}}?\s+"
    return re.compile(r"(?<![a-z0-9])" + gap.join(re.escape(part) + "[a-z']*" for part in parts))


def words_of(text: str, found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of Chinese ``text`` that are whole words as jieba cuts it (one or more):
    a character inside a longer word is not said on its own."""
    bounds, at = {0}, 0
    for token in segmenter().cut(text):
        at += len(token)
        bounds.add(at)
    return [(start, end) for start, end in found if start in bounds and end in bounds]


def within(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """``span`` lies inside ``other`` and is shorter."""
    return other[0] <= span[0] and span[1] <= other[1] and span != other


def mask(text: str, found: Iterable[tuple[int, int]]) -> str:
    """``text`` with the characters of ``found`` blanked, so what is left can be read alone."""
    found = list(found)
    return "".join(" " if any(a <= i < b for a, b in found) else ch for i, ch in enumerate(text))


def _inflected(text: str, phrase: str) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs with its words inflected otherwise ("windows" for
    "window", "fogging" for "fogged"): the Snowball stems of its words in a row."""
    wanted = _phrase_stems(phrase)
    if not wanted:
        return []
    stems, starts, ends = _text_stems(text)
    size = len(wanted)
    # A participle is no bare word of its stem ("blinding" is not "the blind", "fogged
    # up" is not "the fog"), and a verb is not the thing that does it ("demist" is not
    # "the demister", which may be switched off).
    declared = phrase.split()
    return [(starts[i], ends[i + size - 1]) for i in range(len(stems) - size + 1)
            if stems[i:i + size] == wanted
            and not any(_other_word(declared[k], text[starts[i + k]:ends[i + k]], stems[i + k])
                        for k in range(size))
            and not _modifies(declared[-1], text[starts[i + size - 1]:ends[i + size - 1]],
                              text[ends[i + size - 1]:])]


def _other_word(declared: str, said: str, stem: str) -> bool:
    """``said`` shares ``declared``'s stem but is another word: the bare stem for a
    participle, or an agent noun ("-er") for a verb."""
    if declared.endswith(("ing", "ed")) and said == stem:
        return True
    return said.endswith("er") and said != stem and not declared.endswith("er")


def _modifies(declared: str, said: str, rest: str) -> bool:
    """``said`` is a participle of the bare word ``declared`` used as an adjective of the
    noun after it: "the heated screen" names a screen, not the heat ("fogged up" and "iced
    over" still say the fog and the ice)."""
    if not said.endswith("ed") or declared.endswith("ed"):
        return False
    following = _EN_WORD.match(rest.lstrip())
    return bool(following) and rest[:1] == " " and following.group() not in function_words()


_EN_WORD = re.compile(r"[a-z]+")
# "my back", "her lower back": a body, not the back row.
BODY = re.compile(r"\b(my|our|your|her|his|their|lower|upper) back\b(?! (seat|seats|window|windows|row))")


def _stem(word: str) -> str:
    # Short words are function words or exact names ("on", "ac", "up"): not stemmed.
    return word if len(word) <= 3 else stemmer().stemWord(word)


@lru_cache(maxsize=8192)
def _phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stems of a phrase of plain words; () for one with other characters ("a/c",
    "driver's", "%"), which matches only as written."""
    if not re.fullmatch(r"[a-z]+(?: [a-z]+)*", phrase):
        return ()
    return tuple(_stem(word) for word in phrase.split())


@lru_cache(maxsize=256)
def _text_stems(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """The stems of a text's words, with where each word starts and ends; a word with
    other characters ("can't", "a/c", "22") stays as written, so no phrase matches it."""
    words = list(re.finditer(r"[a-z0-9]+(?:['/][a-z0-9]+)*", text))
    return (tuple(_stem(m.group()) if _EN_WORD.fullmatch(m.group()) else m.group()
                  for m in words),
            tuple(m.start() for m in words), tuple(m.end() for m in words))


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
