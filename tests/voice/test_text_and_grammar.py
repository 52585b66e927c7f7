"""Number normalisation, word error rate, and the command grammar against the fast path."""

from __future__ import annotations

import pytest
from pocketsphinx import Decoder

from incabin.agents.fast_path import parse
from incabin.interfaces.voice import (
    jsgf,
    normalize,
    sample_commands,
    spell,
    word_error_rate,
    word_errors,
)
from incabin.interfaces.voice._grammar import vocabulary


@pytest.mark.parametrize("spoken,expected", [
    ("Set the temperature to twenty-one degrees.", "set the temperature to 21 degrees"),
    ("set it to 21°C", "set it to 21 degrees"),
    ("Turn on the A/C.", "turn on the ac"),
    ("open the window fifty percent", "open the window 50 percent"),
    ("Open the window to 30%.", "open the window 30 percent".replace("window", "window to")),
    ("twenty one point five degrees", "21.5 degrees"),
    ("charge limit one hundred", "charge limit 100"),
    ("make it one degree cooler", "make it 1 degree cooler"),
])
def test_normalize(spoken, expected):
    assert normalize(spoken) == expected


def test_spell_round_trips_through_normalize():
    for n in range(101):
        assert normalize(spell(n)) == str(n)
    with pytest.raises(ValueError):
        spell(101)


def test_word_errors_counts_substitutions_insertions_and_deletions():
    assert word_errors("set the temperature to twenty one", "Set the temperature to 21.") == (0, 5)
    assert word_errors("open the trunk", "open a trunk now") == (2, 3)
    assert word_errors("lock the car", "") == (3, 3)
    assert word_error_rate([("open the trunk", "open the trunk"), ("lock the car", "walk the car")]) \
        == pytest.approx(1 / 6)


def test_every_sentence_of_the_grammar_is_a_fast_path_command():
    sentences = sample_commands(3000, seed=7)
    assert len(set(sentences)) > 1000  # the sampler really explores the grammar
    not_taken = [s for s in sentences if parse(normalize(s)) is None]
    assert not_taken == []


def test_the_briefs_example_commands_are_in_the_grammar():
    words = vocabulary()
    for command in ["set the temperature to twenty one degrees", "seat heating max",
                    "open the trunk", "turn on the air conditioning", "make it one degree cooler",
                    "close all the windows", "lock the car", "turn on the fog lights"]:
        assert set(command.split()) <= words, command
        assert parse(normalize(command)) is not None


def test_every_grammar_word_has_a_pronunciation_and_pocketsphinx_compiles_it():
    decoder = Decoder(lm=None, loglevel="FATAL")
    assert [w for w in sorted(vocabulary()) if decoder.lookup_word(w) is None] == []
    decoder.add_jsgf_string("commands", jsgf())
