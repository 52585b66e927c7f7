"""The tool loop on its own: retries of invalid calls are bounded and never executed."""

from types import SimpleNamespace
from typing import Annotated

from pydantic import AfterValidator

from incabin.agents.context import Memory
from incabin.agents.capabilities import Licence
from incabin.agents.loop import MAX_ROUNDS, run_loop
from incabin.agents.tools import Outcome, Toolbox, tool
from incabin.llm import Message, ScriptedModel, ToolCall

ran: list[int] = []


def _even(value: int) -> int:
    if value % 2:
        raise ValueError("must be even")
    return value


@tool
def store_even(ctx, number: Annotated[int, AfterValidator(_even)]) -> Outcome:
    """Store an even number."""
    ran.append(number)
    return Outcome(ok=True, act="done", say=f"Stored {number}.")


def _ctx():
    # The loop reads the request and memory from ctx; this tool uses nothing else.
    return SimpleNamespace(text="store a number", memory=Memory(), lang="en")


def test_a_call_the_tool_rejects_is_retried_with_the_error_and_never_run():
    ran.clear()
    model = ScriptedModel([
        Message("assistant", tool_calls=(ToolCall("store_even", {"number": 3}, id="a"),)),
        Message("assistant", tool_calls=(ToolCall("store_even", {"number": 4}, id="b"),)),
    ])
    result = run_loop(_ctx(), model, Toolbox([store_even]), [Message("user", "store a number")],
                      _any_call)
    assert ran == [4]
    assert [a.ok for a in result.actions] == [False, True]
    retry_prompt = model.calls[1][0][-1]
    assert retry_prompt.role == "tool" and "must be even" in retry_prompt.content


def test_a_model_that_never_gets_it_right_stops_after_max_rounds():
    ran.clear()
    odd = [Message("assistant", tool_calls=(ToolCall("store_even", {"number": n}, id=str(n)),))
           for n in range(1, 40, 2)]
    model = ScriptedModel(odd)
    result = run_loop(_ctx(), model, Toolbox([store_even]), [Message("user", "store")], _any_call)
    assert len(model.calls) == MAX_ROUNDS
    assert ran == []
    assert not any(a.ok for a in result.actions)


def _any_call(*_: object) -> Licence:
    """These tests are about the loop; the capability gate is tested below."""
    return Licence(True)


def test_a_tool_no_capability_declares_is_never_run():
    ran.clear()
    model = ScriptedModel([
        Message("assistant", tool_calls=(ToolCall("store_even", {"number": 4}, id="a"),)),
    ])
    result = run_loop(_ctx(), model, Toolbox([store_even]), [Message("user", "store a number")])
    assert ran == []
    assert not result.actions
    # The model was told why, once: its second (missing) answer ends the turn.
    assert len(model.calls) == 2 and "NotRequested" in model.calls[1][0][-1].content
