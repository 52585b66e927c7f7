"""The grammar of plain spoken commands for pocketsphinx, derived from the capability files
(:mod:`incabin.agents.capabilities`): each English hassil template, slot list and expansion
rule becomes a JSGF rule, so a sentence added to a capability is heard without touching this
module, and every sentence the grammar allows is one the capability matcher understands (the
tests check this by sampling the grammar).

The decoder gets the same language as its smallest deterministic word graph
(:func:`word_graph`), not the JSGF: pocketsphinx's JSGF compiler copies every rule at every
reference and links the copies with empty moves, and on that graph recognising the phrases of
tests/voice/phrases_en.txt took 1.6 s an utterance (up to 20 s) where the word graph takes 0.07 s.

Only words in the recogniser's pronouncing dictionary are kept. An alternative with any
other word ("a/c", "°c", "windscreen") is dropped and the rest of its template stays, so a
new synonym the recogniser cannot say costs that synonym, never the grammar. So is one with
a filler ("okay", "too"): the matcher deletes fillers before it matches, so a template that
needs one can never match. Nor do fillers frame the commands ("please ..."): the extra
paths cost the recogniser commands it otherwise hears ("lock the car" became "what's the car").
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    RuleReference,
    Sentence,
    Sequence,
    TextChunk,
)
from hassil.intents import Intents, RangeSlotList, TextSlotList
from hassil.sample import sample_expression

from incabin.agents.capabilities import Catalogue, Lang, catalogue
from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._text import spell

Known = Callable[[str], bool]
"""Whether the recogniser can say a word (it has a pronunciation for it)."""

_LANG: Lang = "en"  # pocketsphinx's bundled model is US English
_NUMBER = re.compile(r"(\d+)(?:\.(\d))?")
_WORD = re.compile(r"[a-z']+")
_REFERENCE = re.compile(r"<[^>]*>")
# Ranges wider than this (percentages) are said in fives: drivers round, and a hundred
# near-homophones ("thirteen", "thirty") would cost the recogniser more than they give.
_FINE_SPAN = 50
_ROUND_TO = 5


def jsgf(data: Catalogue | None = None, known: Known | None = None) -> str:
    """The grammar as JSGF text, ``<request>`` public.

    ``data`` defaults to the capability catalogue and ``known`` to pocketsphinx's bundled
    dictionary.
    """
    lines = ["#JSGF V1.0;", "grammar incabin;"]
    for name, body in _grammar(data, known).rules.items():
        lines.append(f"{'public ' if name == 'request' else ''}<{name}> = {body};")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class WordGraph:
    """The grammar as its smallest deterministic word graph: from ``start``, ``arcs[state]``
    maps each word to the next state, and a sentence ends in one of ``ends``."""

    start: int
    arcs: tuple[dict[str, int], ...]
    ends: frozenset[int]


def word_graph(data: Catalogue | None = None, known: Known | None = None) -> WordGraph:
    """The grammar's sentences as a minimal deterministic automaton over words."""
    automaton = _Automaton(_grammar(data, known).rules)
    start = automaton.state()
    end = automaton.rule("request", start)
    return _minimal(*_deterministic(automaton, start, end))


def vocabulary(data: Catalogue | None = None, known: Known | None = None) -> set[str]:
    """Every word the grammar can produce."""
    # Rule references (<set_windscreen_heating>) are names, not words anyone says.
    return {w for body in _grammar(data, known).rules.values()
            for w in _WORD.findall(_REFERENCE.sub(" ", body))}


def sample_commands(n: int, seed: int = 0, data: Catalogue | None = None,
                    known: Known | None = None) -> list[tuple[str, str]]:
    """``n`` random (tool, sentence) pairs the grammar accepts, the tool being the capability
    whose template the sentence came from (tests check the matcher reads it as that tool)."""
    grammar = _grammar(data, known)
    sampler = _Sampler(grammar.rules, random.Random(seed))
    samples = []
    for _ in range(n):
        sampler.visited.clear()
        words = sampler.rule("request")
        tool = next(name for name in sampler.visited if name in grammar.tools)
        samples.append((tool, " ".join(words)))
    return samples


@dataclass(frozen=True)
class _Grammar:
    """JSGF rule bodies by name, and the names that are tools' rules."""

    rules: dict[str, str]
    tools: frozenset[str]


def _grammar(data: Catalogue | None, known: Known | None) -> _Grammar:
    data = data or catalogue()
    writer = _Writer(data.intents(_LANG), known or _dictionary().__contains__,
                     tuple(data.common.fillers.of(_LANG)))
    tools = [name for name in writer.intents.intents if writer.intent(name)]
    return _Grammar({"request": " | ".join(f"<{t}>" for t in tools)} | writer.rules,
                    frozenset(tools))


@cache
def _dictionary() -> frozenset[str]:
    """The words of the dictionary pocketsphinx's decoder loads by default."""
    try:
        from pocketsphinx import Config
    except ImportError as err:
        raise VoiceUnavailable("pocketsphinx is not installed: pip install 'incabin[voice]'") \
            from err
    lines = Path(Config()["dict"]).read_text(encoding="utf-8").splitlines()
    # alternative pronunciations are listed as "word(2)"
    return frozenset(line.split(maxsplit=1)[0].split("(")[0] for line in lines if line.strip())


@dataclass
class _Writer:
    """Writes hassil's parsed templates as JSGF rule bodies: one rule per intent, slot list
    and expansion rule. ``None`` stands for something the recogniser cannot say, ``""`` for
    nothing at all (an optional that lost every word)."""

    intents: Intents
    known: Known
    fillers: tuple[str, ...]
    rules: dict[str, str] = field(default_factory=dict)
    _references: dict[str, str | None] = field(default_factory=dict)

    def intent(self, name: str) -> bool:
        """Write the rule of one intent (a tool); False when none of its sentences is sayable."""
        bodies: list[str] = []
        for data in self.intents.intents[name].data:
            rules = {**self.intents.expansion_rules, **data.expansion_rules}
            for sentence in data.sentences:
                if body := self.expression(sentence.expression, rules):
                    bodies.append(body)
        if bodies:
            self.rules[name] = " | ".join(dict.fromkeys(bodies))
        return bool(bodies)

    def expression(self, expr: Expression, rules: Mapping[str, Sentence]) -> str | None:
        if isinstance(expr, TextChunk):
            return self.say(expr.text)
        if isinstance(expr, Alternative):
            return self.alternative([self.expression(item, rules) for item in expr.items])
        if isinstance(expr, Sequence):
            return self.sequence(expr.items, rules)
        if isinstance(expr, RuleReference):
            body = rules[expr.rule_name].expression
            return self.reference(f"rule_{expr.rule_name}", lambda: self.expression(body, rules))
        if isinstance(expr, ListReference):
            return self.reference(f"list_{expr.list_name}", lambda: self.slot_list(expr.list_name))
        return None  # permutations: the capability files use none; free speech covers them

    def sequence(self, items: list[Expression], rules: Mapping[str, Sentence]) -> str | None:
        parts: list[str] = []
        for run in _runs(items):
            part = self.expression(run[0], rules) if len(run) == 1 else self.glued(run, rules)
            if part is None:
                return None
            if part:
                parts.append(part)
        return " ".join(parts)

    def glued(self, run: list[Expression], rules: Mapping[str, Sentence]) -> str | None:
        """Pieces with no space between them make one word ("heat[ing|er]"), and JSGF breaks
        words between tokens, so the run is written out whole: heat, heating, heater."""
        texts = sample_expression(Sequence(items=run), self.intents.slot_lists, dict(rules),
                                  language=_LANG)
        return self.alternative([self.say(text) for text in texts])

    def alternative(self, options: Iterable[str | None]) -> str | None:
        sayable = [option for option in options if option is not None]
        bodies = list(dict.fromkeys(option for option in sayable if option))
        if not bodies:
            return "" if sayable else None
        return f"[{' | '.join(bodies)}]" if "" in sayable else f"({' | '.join(bodies)})"

    def reference(self, name: str, write: Callable[[], str | None]) -> str | None:
        """``<name>``, writing the rule the first time it is referred to."""
        if name not in self._references:
            self._references[name] = None  # a rule that refers to itself is not sayable
            body = write()
            if body:
                self.rules[name] = body
            self._references[name] = f"<{name}>" if body else body
        return self._references[name]

    def slot_list(self, name: str) -> str | None:
        slots = self.intents.slot_lists[name]
        if isinstance(slots, TextSlotList):
            return self.alternative(self.expression(value.text_in, self.intents.expansion_rules)
                                    for value in slots.values)
        if isinstance(slots, RangeSlotList):
            return self.alternative(self.say(str(n)) for n in _said_numbers(slots))
        return None  # wildcards (any text) are free speech, Whisper's job

    def say(self, text: str) -> str | None:
        """``text`` as words the recogniser knows, numbers spelt out; None if it cannot say
        them or they hold a filler the matcher would delete."""
        words: list[str] = []
        for token in text.lower().split():
            number = _NUMBER.fullmatch(token)
            spoken = _spoken_number(number) if number else token
            if spoken is None or not all(_WORD.fullmatch(w) and self.known(w)
                                         for w in spoken.split()):
                return None
            words.append(spoken)
        said = " ".join(words)
        return None if any(f" {f} " in f" {said} " for f in self.fillers) else said


def _runs(items: list[Expression]) -> list[list[Expression]]:
    """A sequence's items, those with no space between them grouped together."""
    runs: list[list[Expression]] = []
    for item in items:
        if isinstance(item, TextChunk) and not item.text:
            continue
        if runs and _glued(runs[-1][-1], item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _glued(left: Expression, right: Expression) -> bool:
    return not (isinstance(left, TextChunk) and left.text[-1].isspace()) \
        and not (isinstance(right, TextChunk) and right.text[0].isspace())


def _said_numbers(slots: RangeSlotList) -> list[float]:
    numbers = list(slots.get_numbers())
    if slots.stop - slots.start > _FINE_SPAN:
        numbers = [n for n in numbers if n % _ROUND_TO == 0]
    return numbers


def _spoken_number(number: re.Match[str]) -> str | None:
    """"21.5" as "twenty one point five", the way :func:`normalize` reads it back."""
    whole, tenth = int(number.group(1)), number.group(2)
    if whole > 100:
        return None
    return spell(whole) + (f" point {spell(int(tenth))}" if tenth else "")


@dataclass
class _Automaton:
    """A word automaton with empty moves, read off the JSGF rule bodies (Thompson's
    construction: each group's alternatives leave one state and meet in a new one)."""

    rules: dict[str, str]
    empty: list[list[int]] = field(default_factory=list)  # state -> states reached silently
    words: list[list[tuple[str, int]]] = field(default_factory=list)

    def state(self) -> int:
        self.empty.append([])
        self.words.append([])
        return len(self.empty) - 1

    def rule(self, name: str, start: int) -> int:
        """Build rule ``name`` from ``start`` on; returns the state it ends in."""
        return self._group(_tokens(self.rules[name]), 0, start)[0]

    def _group(self, toks: tuple[str, ...], pos: int, start: int) -> tuple[int, int]:
        """The alternatives from ``pos`` up to the closing bracket: their end state and the
        bracket's position."""
        end, here = self.state(), start
        while pos < len(toks) and toks[pos] not in (")", "]"):
            tok = toks[pos]
            if tok == "|":
                self.empty[here].append(end)
                here = start
            elif tok in ("(", "["):
                inner, pos = self._group(toks, pos + 1, here)
                if tok == "[":
                    self.empty[here].append(inner)
                here = inner
            elif tok.startswith("<"):
                here = self.rule(tok[1:-1], here)
            else:
                after = self.state()
                self.words[here].append((tok, after))
                here = after
            pos += 1
        self.empty[here].append(end)
        return end, pos

    def closure(self, states: Iterable[int]) -> frozenset[int]:
        """``states`` and every state reached from them saying nothing."""
        seen, todo = set(states), list(states)
        while todo:
            for after in self.empty[todo.pop()]:
                if after not in seen:
                    seen.add(after)
                    todo.append(after)
        return frozenset(seen)


def _deterministic(automaton: _Automaton, start: int,
                   end: int) -> tuple[list[dict[str, int]], set[int]]:
    """Subset construction: a state per set of automaton states a word prefix can reach."""
    first = automaton.closure([start])
    index: dict[frozenset[int], int] = {first: 0}
    arcs: list[dict[str, int]] = [{}]
    ends: set[int] = set()
    todo = [first]
    while todo:
        states = todo.pop()
        here = index[states]
        if end in states:
            ends.add(here)
        moves: dict[str, set[int]] = {}
        for state in states:
            for word, after in automaton.words[state]:
                moves.setdefault(word, set()).add(after)
        for word, targets in moves.items():
            reached = automaton.closure(targets)
            if reached not in index:
                index[reached] = len(arcs)
                arcs.append({})
                todo.append(reached)
            arcs[here][word] = index[reached]
    return arcs, ends


def _minimal(arcs: list[dict[str, int]], ends: set[int]) -> WordGraph:
    """Merge states with the same continuations, last states first. The graph has no cycles
    (the capability sentences are finite), so one pass bottom-up finds every merge."""
    merged: dict[int, int] = {}
    classes: dict[tuple[bool, tuple[tuple[str, int], ...]], int] = {}
    out: list[dict[str, int]] = []
    for state in _post_order(arcs):
        moves = {word: merged[after] for word, after in arcs[state].items()}
        key = (state in ends, tuple(sorted(moves.items())))
        if key not in classes:
            classes[key] = len(out)
            out.append(moves)
        merged[state] = classes[key]
    return WordGraph(merged[0], tuple(out), frozenset(c for (end, _), c in classes.items() if end))


def _post_order(arcs: list[dict[str, int]]) -> list[int]:
    """States reachable from 0, each after every state it leads to."""
    order: list[int] = []
    seen = {0}
    stack = [(0, iter(arcs[0].values()))]
    while stack:
        state, successors = stack[-1]
        after = next(successors, None)
        if after is None:
            order.append(state)
            stack.pop()
        elif after not in seen:
            seen.add(after)
            stack.append((after, iter(arcs[after].values())))
    return order


@dataclass
class _Sampler:
    """Draws random sentences from the subset of JSGF written here: ``|``, ``( )``, ``[ ]``,
    ``<rule>``; ``visited`` names the rules the last draw went through."""

    rules: dict[str, str]
    rng: random.Random
    visited: list[str] = field(default_factory=list)

    def rule(self, name: str) -> list[str]:
        self.visited.append(name)
        return self._alternatives(_tokens(self.rules[name]), 0)[0]

    def _alternatives(self, toks: tuple[str, ...], pos: int) -> tuple[list[str], int]:
        """The words of one alternative, chosen among those from ``pos`` up to the closing
        bracket, and that bracket's position; only the chosen one is expanded."""
        starts, depth, end = [pos], 0, pos
        while end < len(toks) and (depth or toks[end] not in (")", "]")):
            if toks[end] in ("(", "["):
                depth += 1
            elif toks[end] in (")", "]"):
                depth -= 1
            elif toks[end] == "|" and not depth:
                starts.append(end + 1)
            end += 1
        words: list[str] = []
        pos = self.rng.choice(starts)
        while pos < end and toks[pos] != "|":
            item, pos = self._item(toks, pos)
            words += item
        return words, end

    def _item(self, toks: tuple[str, ...], pos: int) -> tuple[list[str], int]:
        tok = toks[pos]
        if tok in ("(", "["):
            words, pos = self._alternatives(toks, pos + 1)
            if tok == "[" and self.rng.random() < 0.5:
                words = []
            return words, pos + 1
        if tok.startswith("<"):
            return self.rule(tok[1:-1]), pos + 1
        return [tok], pos + 1


@cache
def _tokens(body: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<\w+>|[()\[\]|]|[a-z']+", body))
