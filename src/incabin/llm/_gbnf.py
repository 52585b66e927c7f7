"""A GBNF grammar read in Python, to know which text it forces next.

llama.cpp's grammar sampler says whether a token is allowed, but not what the
grammar leaves no choice about. This module parses the same GBNF text (the
subset llama.cpp's JSON-schema converter writes: literals, character classes,
groups, ``? * + {m,n}``, rule references, ``#`` comments) and follows a text
through it with the same set of parse stacks llama.cpp keeps. ``forced()`` is
the text every continuation must start with: the decoder appends it as a batch
instead of sampling it token by token.
"""

from __future__ import annotations

from dataclasses import dataclass

from incabin.llm._errors import GrammarError

# An element is either a character class (ranges, negated) or a rule reference.
_Chars = tuple[tuple[tuple[int, int], ...], bool]
_Element = _Chars | str
_Frame = tuple[int, int]  # (alternative id, position in it)
_Stack = tuple[_Frame, ...]
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "[": "[", "]": "]", "-": "-"}
_MAX_DEPTH = 2000


class Grammar:
    """A parsed GBNF grammar: its rules as alternatives of elements."""

    def __init__(self, text: str, root: str = "root") -> None:
        self.alternatives: list[tuple[_Element, ...]] = []
        self.rules: dict[str, list[int]] = {}
        _Parser(text, self).parse()
        missing = {e for alt in self.alternatives for e in alt if isinstance(e, str)} - set(self.rules)
        if root not in self.rules or missing:
            raise GrammarError(f"the grammar lacks the rules {sorted(missing | {root} - set(self.rules))}")
        self.root = root

    def add_rule(self, name: str, alternatives: list[tuple[_Element, ...]]) -> None:
        """Define (or extend) rule ``name``."""
        ids = self.rules.setdefault(name, [])
        for alternative in alternatives:
            ids.append(len(self.alternatives))
            self.alternatives.append(alternative)

    def start(self) -> GrammarState:
        """The state before any text."""
        return GrammarState(self, frozenset(self._settle([((alt, 0),)
                                                          for alt in self.rules[self.root]])))

    def _settle(self, todo: list[_Stack]) -> set[_Stack]:
        """Expand stacks until each has a character class on top (an empty stack means
        the text may end there): enter referenced rules, leave finished ones."""
        done: set[_Stack] = set()
        while todo:
            stack = todo.pop()
            if len(stack) > _MAX_DEPTH:
                raise GrammarError("the grammar recurses without reading text (left recursion)")
            if not stack:
                done.add(stack)
                continue
            alt, position = stack[-1]
            elements = self.alternatives[alt]
            if position == len(elements):
                todo.append(stack[:-1])
                continue
            element = elements[position]
            if not isinstance(element, str):
                done.add(stack)
                continue
            # The caller's frame moves past the reference; a finished frame is dropped at
            # once (a tail call), so a repetition does not grow the stack.
            rest = stack[:-1] + (((alt, position + 1),) if position + 1 < len(elements) else ())
            todo.extend(rest + ((child, 0),) for child in self.rules[element])
        return done

    def after(self, stack: _Stack) -> set[_Stack]:
        """The stacks once the character class on top of ``stack`` has read a character."""
        alt, position = stack[-1]
        return self._settle([stack[:-1] + ((alt, position + 1),)])


@dataclass(frozen=True)
class GrammarState:
    """Where a text stands in a grammar: every way it can still be parsed."""

    grammar: Grammar
    stacks: frozenset[_Stack]

    @property
    def can_end(self) -> bool:
        """The text read so far is complete (it may also go on)."""
        return () in self.stacks

    @property
    def must_end(self) -> bool:
        """The text is complete and nothing may follow."""
        return self.stacks == frozenset({()})

    def advance(self, text: str) -> GrammarState | None:
        """The state after ``text``, or None when the grammar does not allow it."""
        stacks = self.stacks
        for char in text:
            code = ord(char)
            following: set[_Stack] = set()
            for stack in stacks:
                if stack and _matches(self._top(stack), code):
                    following |= self.grammar.after(stack)
            if not following:
                return None
            stacks = frozenset(following)
        return GrammarState(self.grammar, stacks)

    def forced(self, limit: int = 200) -> str:
        """The text that every continuation starts with, up to the first choice (or the
        point where the text may end)."""
        state: GrammarState = self
        out: list[str] = []
        while len(out) < limit and not state.can_end:
            only = {_single(state._top(stack)) for stack in state.stacks}
            if len(only) != 1 or None in only:
                break
            char = chr(only.pop())  # type: ignore[arg-type]
            following = state.advance(char)
            assert following is not None  # every stack allows it
            state = following
            out.append(char)
        return "".join(out)

    def _top(self, stack: _Stack) -> _Chars:
        alt, position = stack[-1]
        element = self.grammar.alternatives[alt][position]
        assert not isinstance(element, str)  # stacks are kept expanded to a class
        return element


def _matches(chars: _Chars, code: int) -> bool:
    ranges, negated = chars
    return any(low <= code <= high for low, high in ranges) != negated


def _single(chars: _Chars) -> int | None:
    ranges, negated = chars
    if negated or len(ranges) != 1 or ranges[0][0] != ranges[0][1]:
        return None
    return ranges[0][0]


class _Parser:
    """Recursive descent over GBNF text, desugaring groups and repetitions into rules."""

    def __init__(self, text: str, grammar: Grammar) -> None:
        self.text = text
        self.pos = 0
        self.grammar = grammar
        self.generated = 0

    def parse(self) -> None:
        while True:
            self._skip(newlines=True)
            if self.pos >= len(self.text):
                return
            name = self._name()
            self._skip(newlines=False)
            if not self.text.startswith("::=", self.pos):
                raise GrammarError(f"expected ::= after {name!r} at {self.pos}")
            self.pos += 3
            self.grammar.add_rule(name, self._alternatives(nested=False))

    def _alternatives(self, nested: bool) -> list[tuple[_Element, ...]]:
        alternatives = [self._sequence(nested)]
        while self._peek() == "|":
            self.pos += 1
            alternatives.append(self._sequence(nested))
        return alternatives

    def _sequence(self, nested: bool) -> tuple[_Element, ...]:
        items: list[_Element] = []
        while True:
            self._skip(newlines=nested)
            char = self._peek()
            if char in ("", "|", ")", "\n"):
                return tuple(items)
            atom = self._atom()
            items.extend(self._repeat(atom))

    def _atom(self) -> tuple[_Element, ...]:
        char = self._peek()
        if char == '"':
            self.pos += 1
            literal: list[_Element] = []
            while self._peek() != '"':
                code = self._char()
                literal.append((((code, code),), False))
            self.pos += 1
            return tuple(literal)
        if char == "[":
            return (self._class(),)
        if char == ".":
            self.pos += 1
            return (((), True),)
        if char == "(":
            self.pos += 1
            alternatives = self._alternatives(nested=True)
            self._skip(newlines=True)
            if self._peek() != ")":
                raise GrammarError(f"expected ) at {self.pos}")
            self.pos += 1
            return (self._new_rule(alternatives),)
        return (self._name(),)

    def _repeat(self, atom: tuple[_Element, ...]) -> tuple[_Element, ...]:
        char = self._peek()
        if char == "?":
            self.pos += 1
            return (self._new_rule([atom, ()]),)
        if char in ("*", "+"):
            self.pos += 1
            loop = self._new_rule([])
            self.grammar.add_rule(loop, [(*atom, loop), ()])
            return (*atom, loop) if char == "+" else (loop,)
        if char != "{":
            return atom
        end = self.text.index("}", self.pos)
        low_text, comma, high_text = self.text[self.pos + 1:end].partition(",")
        self.pos = end + 1
        low = int(low_text)
        if not comma:
            return atom * low
        if not high_text.strip():
            loop = self._new_rule([])
            self.grammar.add_rule(loop, [(*atom, loop), ()])
            return (*(atom * low), loop)
        tail: tuple[_Element, ...] = ()
        for _index in range(int(high_text) - low):
            tail = (self._new_rule([(*atom, *tail), ()]),)
        return (*(atom * low), *tail)

    def _class(self) -> _Chars:
        self.pos += 1
        negated = self._peek() == "^"
        if negated:
            self.pos += 1
        ranges: list[tuple[int, int]] = []
        while self._peek() != "]":
            low = self._char()
            high = low
            if self._peek() == "-" and self.text[self.pos + 1] != "]":
                self.pos += 1
                high = self._char()
            ranges.append((low, high))
        self.pos += 1
        return tuple(ranges), negated

    def _char(self) -> int:
        if self.pos >= len(self.text):
            raise GrammarError("the grammar ends inside a literal or a class")
        char = self.text[self.pos]
        if char != "\\":
            self.pos += 1
            return ord(char)
        kind = self.text[self.pos + 1]
        if kind in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[kind]
            code = int(self.text[self.pos + 2:self.pos + 2 + width], 16)
            self.pos += 2 + width
            return code
        if kind not in _ESCAPES:
            raise GrammarError(f"unknown escape \\{kind} at {self.pos}")
        self.pos += 2
        return ord(_ESCAPES[kind])

    def _name(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum()
                                             or self.text[self.pos] in "-_"):
            self.pos += 1
        if start == self.pos:
            raise GrammarError(f"expected a rule name at {start}: {self.text[start:start + 20]!r}")
        return self.text[start:self.pos]

    def _new_rule(self, alternatives: list[tuple[_Element, ...]]) -> str:
        self.generated += 1
        name = f"_{self.generated}"
        self.grammar.add_rule(name, alternatives)
        return name

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _skip(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "#":
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.pos += 1
            elif char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            else:
                return
