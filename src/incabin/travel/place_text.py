"""Turning place names and place queries into search terms (English, Finnish, Chinese).

Latin text is case- and accent-folded ("Töölö" and "Toolo" are one word) but not
stemmed: a stemmer makes "parking" a "park", and most names are not English anyway;
typos are the index's business. Chinese text becomes character bigrams, which
match names whatever way a segmenter would cut them (赫尔辛基大教堂 / 大教堂). Filler
words of a request ("take me to the nearest", "去最近的") are dropped; in Chinese they
are found with jieba's segmentation, so a 的 inside a name is not cut out of it.

The words themselves (which OSM keys are names, what each tag calls a place, the
filler) are data: ``data/place_words.yaml``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

import yaml

from incabin._language import segmenter
from incabin.travel._errors import InvalidTravelRequest

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
# "Robert's Coffee" and "Roberts Coffee" are one name.
_APOSTROPHE = re.compile(r"['’`´]")


@dataclass(frozen=True)
class PlaceWords:
    """The declared vocabulary of place search (``data/place_words.yaml``)."""

    name_keys: tuple[str, ...]
    types: dict[str, tuple[str, ...]]  # "key=value" -> phrases, English, Chinese, French
    filler_en: frozenset[str]  # Latin-script filler (English, French)
    filler_zh: frozenset[str]


@dataclass(frozen=True)
class Terms:
    """The search terms of one text: folded Latin words and Chinese runs."""

    words: tuple[str, ...]
    cjk_runs: tuple[str, ...]

    @property
    def tokens(self) -> tuple[str, ...]:
        """Every index token: the words, then the bigrams of each Chinese run."""
        return self.words + tuple(b for run in self.cjk_runs for b in bigrams(run))


@functools.cache
def place_words() -> PlaceWords:
    """The vocabulary, read once per process."""
    text = resources.files("incabin.travel").joinpath("data/place_words.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    types = {tag: tuple(phrase for lang in ("en", "zh", "fr") for phrase in spec.get(lang, ()))
             for tag, spec in raw["types"].items()}
    return PlaceWords(
        name_keys=tuple(raw["names"]),
        types=types,
        filler_en=frozenset(raw["filler"]["en"]) | frozenset(raw["filler"]["fr"]),
        filler_zh=frozenset(raw["filler"]["zh"]),
    )


def check_query(query: object) -> str:
    """``query`` as clean text; :class:`InvalidTravelRequest` for non-text or broken text."""
    if not isinstance(query, str):
        raise InvalidTravelRequest(f"A place query must be text, not {type(query).__name__}")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InvalidTravelRequest(f"The place query is not valid text: {err.reason}") from err
    return query


def fold(text: str) -> str:
    """Case- and accent-folded text: "Café Töölö" -> "cafe toolo"; Chinese is unchanged."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _APOSTROPHE.sub("", text)


def name_terms(name: str) -> Terms:
    """The terms of a place name (or a type phrase)."""
    folded = fold(name)
    return Terms(_latin(folded), tuple(_CJK_RUN.findall(folded)))


def query_terms(query: str) -> Terms:
    """The terms of a driver's query, without its filler words."""
    folded = fold(query)
    runs: list[str] = []
    for run in _CJK_RUN.findall(folded):
        runs.extend(_without_filler_zh(run))
    return Terms(_latin(folded), tuple(runs))


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a Chinese run; a single character stands alone."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _latin(folded: str) -> tuple[str, ...]:
    filler = place_words().filler_en
    return tuple(w for w in _LATIN_WORD.findall(folded) if w not in filler)


def _without_filler_zh(run: str) -> list[str]:
    """The run split where jieba finds filler words, which are dropped."""
    filler = place_words().filler_zh
    pieces, current = [], ""
    for word in segmenter().cut(run):
        if word in filler:
            pieces.append(current)
            current = ""
        else:
            current += word
    pieces.append(current)
    return [p for p in pieces if p]


