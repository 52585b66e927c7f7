"""Assistants on the real simulator and profile layer, with a scripted model
standing in for the LLM (these tests are about the tool loop and dialogue, not
about what a model would choose)."""

import pytest

from incabin.agents import Assistant
from incabin.llm import ScriptedModel


@pytest.fixture
def model():
    return ScriptedModel()


@pytest.fixture
def assistant(model):
    a = Assistant.create(model, "sim", profiles="guest")
    yield a
    a.close()
