"""The Python reading of GBNF grammars: what text a grammar forces, what it refuses."""

from __future__ import annotations

import json

import pytest

from incabin.llm._errors import GrammarError
from incabin.llm._gbnf import Grammar
from incabin.llm._prompting import reply_grammar

from .conftest import CAR_TOOLS


def _walk(grammar: Grammar, text: str) -> list[str]:
    """Follow ``text`` through ``grammar``, returning each forced stretch met on the way."""
    state = grammar.start()
    stretches = []
    position = 0
    while position < len(text):
        forced = state.forced()
        if forced:
            assert text.startswith(forced, position), (text[position:], forced)
            stretches.append(forced)
        else:
            forced = text[position]
        following = state.advance(forced)
        assert following is not None, text[: position + len(forced)]
        state = following
        position += len(forced)
    assert state.must_end
    return stretches


def test_a_calls_wrapper_is_forced_text_and_only_choices_are_left() -> None:
    grammar = Grammar(reply_grammar(CAR_TOOLS))
    call = {"calls": [{"name": "open_window", "arguments": {"window": "driver", "percent": 50}}]}
    # After "50" a digit or "}" may follow; the call's "}" and the final "}" are forced.
    stretches = _walk(grammar, json.dumps(call))
    assert stretches == ['{"', 'alls": [{"name": "', 'pen_window", "arguments": {"window": "',
                         'river", "percent": ', '}', '}']
    # json.dumps's layout is the only one: no other spacing is allowed.
    assert grammar.start().advance('{"calls":[') is None
    assert grammar.start().advance('{ "calls"') is None


def test_a_reply_with_any_text_and_unicode_is_read_to_its_end() -> None:
    grammar = Grammar(reply_grammar(CAR_TOOLS))
    assert _walk(grammar, json.dumps({"reply": "好的，车窗已打开 \"ok\""}, ensure_ascii=False)) \
        == ['{"', 'eply": "', '}']
    state = grammar.start().advance('{"reply": "x"}')
    assert state is not None and state.must_end and state.forced() == ""


def test_repetitions_classes_and_escapes() -> None:
    grammar = Grammar('root ::= "id-" [0-9A-F]{2,3} ("\\n" | "\\x41")? tail\n'
                      'tail ::= [^a-z.]* "."  # comment\n')
    state = grammar.start()
    assert state.forced() == "id-"
    assert state.advance("id-1") is not None and state.advance("id-g") is None
    two = state.advance("id-1F")
    assert two is not None and two.advance("2.") is not None and two.advance("A.") is not None
    assert two.advance("ABCD.") is not None  # the fourth digit is read by tail's class
    done = two.advance("\n.")
    assert done is not None and done.must_end


def test_a_grammar_with_a_missing_rule_or_left_recursion_is_refused() -> None:
    with pytest.raises(GrammarError, match="lacks"):
        Grammar('root ::= item\n')
    with pytest.raises(GrammarError, match="left recursion"):
        Grammar('root ::= root "a" | "b"\n').start()
