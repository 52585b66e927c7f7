"""Sentences generated from the capability templates: for the voice grammar, the
model's examples and tests that check every sample matches back to its tool."""

from __future__ import annotations

import random
from collections.abc import Iterator

from hassil.sample import sample_intents

from incabin.agents.capabilities._models import Lang
from incabin.agents.capabilities.catalogue import Catalogue, catalogue


def sample_sentences(lang: Lang, per_tool: int = 20, seed: int = 0,
                     data: Catalogue | None = None) -> Iterator[tuple[str, str]]:
    """Up to ``per_tool`` (tool, sentence) pairs per capability, chosen with ``seed``."""
    data = data or catalogue()
    pool: dict[str, list[str]] = {}
    for tool, sentence in sample_intents(data.intents(lang), max_sentences_per_intent=per_tool * 50,
                                         expand_ranges=True):
        pool.setdefault(tool, []).append(sentence)
    rng = random.Random(seed)
    for tool in sorted(pool):
        sentences = sorted(set(pool[tool]))
        for sentence in rng.sample(sentences, min(per_tool, len(sentences))):
            yield tool, sentence
