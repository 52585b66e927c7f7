"""The owner's manual of the incabin EV and its search."""

from __future__ import annotations

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


@lru_cache(maxsize=len(LANGS))
def _index(lang: Lang) -> SectionIndex:
    name = f"manual.{lang}.md"
    text = resources.files("incabin.knowledge").joinpath("data", name).read_text("utf-8")
    sections = parse_manual(text, lang, source=name)
    logger.debug("indexed %d %s manual sections", len(sections), lang)
    return SectionIndex(lang, sections)


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
        if not isinstance(query, str):
            raise InvalidQuery(f"query must be text, not {type(query).__name__}")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InvalidQuery(f"k must be a whole number >= 1, not {k!r}")
        text = query[:MAX_QUERY_CHARS]
        query_lang = detect_lang(text)
        hits = _index(query_lang).search(tokenize(expand_query(text, query_lang), query_lang), k)
        answer_lang = _check_lang(lang) if lang is not None else self.lang or query_lang
        if answer_lang == query_lang:
            return hits
        return [self._translate(hit, answer_lang) for hit in hits]

    def _translate(self, hit: ManualHit, lang: Lang) -> ManualHit:
        section = self.section(hit.section_id, lang)
        return ManualHit(hit.section_id, section.title, section.text, hit.score, lang)

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
