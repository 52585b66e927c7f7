"""Number normalisation, word error rate, the command grammar against the capability matcher
it is derived from, and what the grammar recogniser takes for a command."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import yaml
from pocketsphinx import Decoder

from incabin.agents.capabilities import catalogue, match
from incabin.agents.capabilities.catalogue import DATA
from incabin.interfaces.voice import (
    SAMPLE_RATE,
    Audio,
    decode,
    jsgf,
    normalize,
    sample_commands,
    spell,
    word_error_rate,
    word_errors,
)
from incabin.interfaces.voice._grammar import vocabulary, word_graph
from incabin.interfaces.voice._sphinx import read_command


@pytest.fixture(scope="module")
def decoder() -> Decoder:
    return Decoder(lm=None, loglevel="FATAL")


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


def test_every_sentence_of_the_grammar_is_understood_as_the_tool_it_came_from():
    samples = sample_commands(3000, seed=7)
    assert len({sentence for _, sentence in samples}) > 1000  # the sampler explores the grammar
    misread = [(tool, sentence, command) for tool, sentence in samples
               if (command := read_command(sentence)) is None
               or [called for called, _ in command[1].calls] != [tool]]
    assert misread == []


def test_every_capability_with_english_sentences_is_in_the_grammar():
    # A capability whose every sentence takes free text ("play {query}") has no grammar.
    tools = {tool for tool, cap in catalogue().capabilities.items() if cap.sentences.get("en")
             and not all(any(f"{{{w}" in s for w in cap.wildcards)
                         for block in cap.sentences["en"] for s in block.sentences)}
    grammar = jsgf()
    assert [tool for tool in sorted(tools) if f"<{tool}> = " not in grammar] == []
    assert {tool for tool, _ in sample_commands(3000, seed=7)} == tools


def test_the_grammar_follows_the_capability_files(tmp_path):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    (tmp_path / "wipers.yaml").unlink()
    locks = yaml.safe_load((tmp_path / "locks.yaml").read_text(encoding="utf-8"))
    locks["sentences"]["en"][0]["sentences"].append("batten[ing] down <the> hatch[es]")
    (tmp_path / "locks.yaml").write_text(yaml.safe_dump(locks, allow_unicode=True),
                                         encoding="utf-8")
    changed = catalogue(tmp_path)
    words, grammar = vocabulary(changed), jsgf(changed)
    assert {"batten", "battening", "hatches"} <= words  # "batten[ing]" is one word, not two
    assert "ing" not in words and "batten" not in vocabulary()
    assert "<set_wipers> = " in jsgf() and "<set_wipers>" not in grammar
    assert {s for tool, s in sample_commands(500, seed=1, data=changed) if tool == "set_locks"
            and "batten" in s}


def test_the_briefs_example_commands_are_in_the_grammar():
    words = vocabulary()
    for command in ["set the temperature to twenty one degrees", "seat heating max",
                    "open the trunk", "turn on the air conditioning", "make it one degree cooler",
                    "close all the windows", "lock the car", "turn on the fog lights"]:
        assert set(command.split()) <= words, command
        assert read_command(command) is not None, command


def test_commands_hand_on_digits_unless_only_the_words_are_a_command():
    assert read_command("set it to twenty one point five degrees")[0] == "set it to 21.5 degrees"
    # Digits are handed on only where the matcher reads them as it reads the words.
    text, understood = read_command("make it one degree cooler")
    assert understood == match("make it one degree cooler", "en") == match(text, "en")
    assert read_command("find a vegetarian restaurant") is None


def test_every_grammar_word_has_a_pronunciation_and_pocketsphinx_compiles_it(decoder):
    assert [w for w in sorted(vocabulary()) if decoder.lookup_word(w) is None] == []
    decoder.add_jsgf_string("commands", jsgf())


def test_a_word_the_recogniser_cannot_say_drops_only_its_alternatives(decoder):
    def known(word: str) -> bool:
        return word != "trunk" and decoder.lookup_word(word) is not None

    words = vocabulary(known=known)
    assert "trunk" not in words and {"boot", "tailgate", "open"} <= words
    assert not {"/", "°", "%"} & set(jsgf())  # "a/c", "°c", "%": said as words or not at all
    decoder.add_jsgf_string("no_trunk", jsgf(known=known))


def test_the_word_graph_holds_the_grammars_sentences_and_no_others():
    graph = word_graph()

    def accepts(sentence: str) -> bool:
        state: int | None = graph.start
        for word in sentence.split():
            if (state := graph.arcs[state].get(word)) is None:
                return False
        return state in graph.ends

    assert [s for _, s in sample_commands(1000, seed=3) if not accepts(s)] == []
    assert not any(accepts(s) for s in ["", "open the", "lock the car car", "order some pizza"])


@pytest.mark.parametrize("command,more", [("open the trunk", "and play some relaxing music"),
                                          ("lock the car", "then find me a parking garage")])
def test_a_command_is_heard_through_pauses_but_not_with_more_speech_after_it(
        command, more, speak, command_recognizer):
    said = decode(speak(command), "audio/wav").samples
    pause = np.random.default_rng(0).normal(0, 0.001, SAMPLE_RATE // 2).astype(np.float32)
    paused = command_recognizer.transcribe(Audio(np.concatenate([pause, said, pause]),
                                                 SAMPLE_RATE))
    assert match(paused.text, "en") == match(command, "en")
    longer = np.concatenate([said, pause[:SAMPLE_RATE // 10],
                             decode(speak(more), "audio/wav").samples])
    assert command_recognizer.transcribe(Audio(longer, SAMPLE_RATE)).empty
