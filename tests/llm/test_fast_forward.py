"""Fast-forwarded decoding with the real bundled 0.5B: the same calls as plain
token-by-token constrained decoding, with far fewer tokens decoded."""

from __future__ import annotations

import pytest

from incabin.agents.assistant import AGENTS
from incabin.llm import Message, ensure_model
from incabin.llm._embedded import EmbeddedModel, TurnStats

from .conftest import CAR_TOOLS

pytestmark = pytest.mark.llm

CAR_GENIUS, CAR_GENIUS_TOOLS = AGENTS["car_genius"][0], AGENTS["car_genius"][1].specs
TRAVEL, TRAVEL_TOOLS = AGENTS["travel_companion"][0], AGENTS["travel_companion"][1].specs

# Requests that reach the model in the assistant (the matcher does not take them),
# with the agents' real prompts and tools, and two with the small test tool set.
CASES = [
    (CAR_GENIUS, CAR_GENIUS_TOOLS, "I want it toasty in here"),
    (CAR_GENIUS, CAR_GENIUS_TOOLS, "switch the big lights on, it's pitch dark"),
    (CAR_GENIUS, CAR_GENIUS_TOOLS, "the little one behind me wants her seat warm"),
    (CAR_GENIUS, CAR_GENIUS_TOOLS, "我老婆说她那边冷得像冰箱"),
    (TRAVEL, TRAVEL_TOOLS, "find us somewhere vegetarian to eat near the route"),
    ("You are Car Genius. Use the tools.", CAR_TOOLS,
     "Open the passenger window halfway and set the temperature to 19"),
    ("You are Car Genius. Use the tools.", CAR_TOOLS, "What is the capital of France?"),
]


@pytest.fixture(scope="module")
def models() -> tuple[EmbeddedModel, EmbeddedModel]:
    path = ensure_model("0.5b")
    return EmbeddedModel(path, fast_forward=False), EmbeddedModel(path, fast_forward=True)


@pytest.mark.parametrize(("system", "tools", "request_text"), CASES,
                         ids=[case[2][:30] for case in CASES])
def test_fast_forward_decodes_the_same_calls_with_fewer_tokens(
        models: tuple[EmbeddedModel, EmbeddedModel], system, tools, request_text) -> None:
    plain, fast = models
    messages = [Message("system", system), Message("user", request_text)]
    expected = plain.chat(messages, tools)
    plain_stats = plain.last_stats
    got = fast.chat(messages, tools)
    fast_stats = fast.last_stats
    assert isinstance(plain_stats, TurnStats) and isinstance(fast_stats, TurnStats)
    # The same calls with the same arguments; a value may differ where the model's two best
    # tokens are near-tied, since a batch sums the same logits in another order (seen once,
    # "heating_percent" 50 against 20 on the 0.5B).
    assert [(c.name, sorted(c.arguments)) for c in got.tool_calls] == \
        [(c.name, sorted(c.arguments)) for c in expected.tool_calls]
    assert bool(got.content) == bool(expected.content)
    assert plain_stats.forced_tokens == 0 and fast_stats.forced_tokens > 0
    assert fast_stats.completion_tokens < plain_stats.completion_tokens
