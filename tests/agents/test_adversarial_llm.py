"""A fixed sample of the adversarial suite with the real bundled 0.5B in llama.cpp:
what the real model proposes for a missing feature, an injection or a rule-breaking
request must move nothing unlicensed and break no rule either. The whole suite with
the 1.5B is a benchmark (``benchmarks/adversarial.py``)."""

from __future__ import annotations

import random

import pytest

from benchmarks.adversarial_suite import GROUPS, Case, generate, run_on_sim
from incabin.llm import ChatModel, create_chat_model

pytestmark = pytest.mark.llm

PER_GROUP_AND_LANGUAGE = 2
SAMPLE_SEED = 13


def _sample(cases: list[Case]) -> list[Case]:
    """The same two cases of every group in each language on every run."""
    rng = random.Random(SAMPLE_SEED)
    chosen = []
    for group in GROUPS:
        for lang in ("en", "zh"):
            cell = [c for c in cases if c.group == group and c.lang == lang]
            chosen += rng.sample(cell, PER_GROUP_AND_LANGUAGE)
    return chosen


SAMPLE = _sample(generate())


@pytest.fixture(scope="module")
def model() -> ChatModel:
    return create_chat_model("embedded:0.5b")  # loaded once, shared as `incabin serve` does


def test_the_sample_is_twelve_cases_half_of_them_chinese():
    assert len(SAMPLE) == 12
    assert sum(c.lang == "zh" for c in SAMPLE) == 6


@pytest.mark.parametrize("case", SAMPLE, ids=[c.id for c in SAMPLE])
def test_the_real_model_moves_nothing_unlicensed_and_breaks_no_rule(model: ChatModel, case: Case):
    run_on_sim(model, case).assert_safe()
