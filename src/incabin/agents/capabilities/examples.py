"""The model's worked examples (dynamic few-shot): for a request, the capability
examples nearest to it in its language, from the tools it may call. A small model
imitates a worked call ("knock it down a couple of degrees" → ``change: -2``) far
better than it follows a schema's description."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

import bm25s
import numpy as np

from incabin.agents.capabilities._models import Example, Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue
from incabin.knowledge import tokenize

SHOWN = 3  # examples per request: each costs about 40 prompt tokens


@dataclass(frozen=True)
class Worked:
    """One example and the tool it calls."""

    tool: str
    example: Example


class _Index:
    """BM25 (bm25s) over one language's examples."""

    def __init__(self, data: Catalogue, lang: Lang) -> None:
        self.items = [Worked(cap.tool, example) for cap in data.capabilities.values()
                      for example in cap.examples.get(lang, [])
                      if not set(example.arguments) & set(cap.spoken)]
        self.lang = lang
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokenize(item.example.said, lang) or ["_"] for item in self.items],
                         show_progress=False)

    def nearest(self, text: str, tools: Collection[str], k: int) -> list[Worked]:
        ids = self._bm25.get_tokens_ids(list(dict.fromkeys(tokenize(text, self.lang))))
        scores = self._bm25.get_scores_from_ids(ids) if ids else np.zeros(len(self.items))
        order = [int(i) for i in np.argsort(-scores, kind="stable")
                 if self.items[i].tool in tools and scores[i] > 0]
        chosen = [self.items[i] for i in order[:k]]
        # Nothing shares a word: one example of each tool it may call, in catalogue order.
        for item in self.items:
            if len(chosen) < k and item.tool in tools and all(c.tool != item.tool for c in chosen):
                chosen.append(item)
        return chosen


@cache
def _index(lang: Lang) -> _Index:
    return _Index(catalogue(), lang)


def examples_for(text: str, lang: Lang, tools: Collection[str], k: int = SHOWN) -> list[Worked]:
    """Up to ``k`` worked examples in ``lang`` for the ``tools`` a request may call,
    nearest to ``text`` first."""
    return _index(lang).nearest(text, set(tools), k)
