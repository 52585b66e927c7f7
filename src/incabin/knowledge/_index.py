"""A BM25 index over the sections of one language's manual."""

from __future__ import annotations

import math
from collections import Counter

import bm25s
import numpy as np

from ._models import Lang, ManualHit, Section
from ._tokenize import tokenize


class SectionIndex:
    """BM25 (bm25s, Lucene variant) over title + text of each section.

    The title is indexed twice so a query naming the topic outranks a section
    that only mentions it in passing.
    """

    def __init__(self, lang: Lang, sections: list[Section]) -> None:
        self.lang = lang
        self.sections = sections
        corpus = [tokenize(f"{s.title} {s.title} {s.text}", lang) for s in sections]
        self._terms = {s.section_id: frozenset(doc) for s, doc in zip(sections, corpus)}
        self._document_frequency = Counter(term for doc in self._terms.values() for term in doc)
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    def search(self, terms: list[str], k: int) -> list[ManualHit]:
        """The best ``k`` sections for the query terms, best first; only positive scores."""
        # Each distinct term counts once, so a long pasted text cannot weight one word.
        distinct = list(dict.fromkeys(terms))
        ids = self._bm25.get_tokens_ids(distinct)
        if not ids:
            return []
        scores = self._bm25.get_scores_from_ids(ids)
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            ManualHit(
                section_id=self.sections[i].section_id,
                title=self.sections[i].title,
                text=self.sections[i].text,
                score=float(scores[i]),
                lang=self.lang,
                matched=tuple(t for t in distinct if t in self._terms[self.sections[i].section_id]),
            )
            for i in order
            if scores[i] > 0
        ]

    def shared_terms(self, terms: list[str], section_id: str) -> int:
        """How many distinct query ``terms`` the section's title or text contains."""
        vocabulary = self._terms[section_id]
        return sum(term in vocabulary for term in dict.fromkeys(terms))

    def idf(self, term: str) -> float:
        """How rare ``term`` is across the sections (Lucene's IDF; unseen terms rarest)."""
        total, df = len(self.sections), self._document_frequency[term]
        return math.log(1 + (total - df + 0.5) / (df + 0.5))

    def score_ceiling(self, terms: list[str]) -> float:
        """The most any section could score for ``terms``: the sum of their IDFs.

        In Lucene's BM25 a term adds its IDF times tf / (tf + k1 * length norm), which
        tends to the IDF as it repeats. A term the manual never uses counts as the
        rarest there could be, so words the manual cannot explain ("Adele") lower the
        share of the ceiling that any section reaches.
        """
        return sum(self.idf(term) for term in dict.fromkeys(terms))
