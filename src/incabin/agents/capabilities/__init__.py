"""Capabilities as data: each tool's agent, VSS paths, licence words and sentences
in English and Chinese, declared once in ``data/*.yaml``. From them come the fast
matcher, the licence gate for model calls, the features the car lacks, the
router's choice when a sentence matches, the model's worked examples, and sample sentences for tests and the
voice grammar.

    from incabin.agents.capabilities import match, licensed
    match("open the driver's window a crack")   # Understood([("set_window", …)], "car_genius")
"""

from incabin.agents.capabilities._models import Capability, Feature, Lang, Words
from incabin.agents.capabilities.absent import decline_text, missing_feature
from incabin.agents.capabilities.catalogue import Catalogue, catalogue
from incabin.agents.capabilities.examples import Worked, examples_for
from incabin.agents.capabilities.frames import is_question, tells_habit
from incabin.agents.capabilities.licence import (
    Licence,
    callable_tools,
    clearly_named,
    followed_up,
    licensed,
    restates,
)
from incabin.agents.capabilities.matcher import Understood, match
from incabin.agents.capabilities.samples import sample_sentences
from incabin.agents.capabilities.situations import told
from incabin.agents.capabilities.text import language

__all__ = [
    "Capability",
    "Catalogue",
    "Feature",
    "Lang",
    "Licence",
    "Understood",
    "Words",
    "Worked",
    "callable_tools",
    "clearly_named",
    "catalogue",
    "decline_text",
    "examples_for",
    "followed_up",
    "is_question",
    "language",
    "licensed",
    "match",
    "missing_feature",
    "restates",
    "sample_sentences",
    "tells_habit",
    "told",
]
