"""A BM25 index over the sections of one language's manual."""

from __future__ import annotations

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
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    def search(self, terms: list[str], k: int) -> list[ManualHit]:
        """The best ``k`` sections for the query terms, best first; only positive scores."""
        # Each distinct term counts once, so a long pasted text cannot weight one word.
        ids = self._bm25.get_tokens_ids(list(dict.fromkeys(terms)))
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
            )
            for i in order
            if scores[i] > 0
        ]
