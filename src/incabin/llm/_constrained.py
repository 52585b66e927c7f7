"""Greedy grammar-constrained decoding that decodes only what the model must choose.

llama-cpp-python applies a grammar to the whole vocabulary (152k tokens for
Qwen) at every step, which costs far more than the forward pass of a small
model. Like llama.cpp's own server sampler, this decoder first takes the
greedy token and asks the grammar about that one token; only when the grammar
rejects it is the full vocabulary filtered.

Most of a tool call is wrapper text the grammar leaves no choice about
(``", "arguments": {"feeling": "`` after a tool name). With ``fast_forward``
such forced text is tokenized and evaluated as one batch, which costs about
what one decoded token does, instead of being sampled token by token. Its last
token is held back (decoded as usual) unless the reply ends there, because the
model may write it merged with the text it chooses next (`` "`` + ``hot`` as
`` "hot``): that keeps the tokens the model sees the ones it would have written.
"""

from __future__ import annotations

import codecs
import ctypes
import logging
import math
from dataclasses import dataclass
from functools import lru_cache

import llama_cpp
import numpy as np
from llama_cpp import Llama

from incabin.llm._errors import GrammarError
from incabin.llm._gbnf import Grammar, GrammarState

log = logging.getLogger(__name__)

_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)], align=True)


@dataclass(frozen=True)
class Generation:
    """A constrained completion: its text, the prompt tokens it evaluated (those not
    already in the KV cache), the tokens sampled one by one and the tokens appended as
    forced text."""

    text: str
    evaluated: int
    decoded: int
    forced: int


@lru_cache(maxsize=32)
def parsed_grammar(gbnf: str) -> Grammar:
    """The Python reading of ``gbnf`` (cached: a turn's grammar repeats)."""
    return Grammar(gbnf)


class GrammarSampler:
    """A llama.cpp grammar sampler for one generation."""

    def __init__(self, llama: Llama, gbnf: str) -> None:
        self._handle = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, gbnf.encode("utf-8"), b"root"
        )
        if not self._handle:
            raise GrammarError("llama.cpp could not build the reply grammar")

    def close(self) -> None:
        """Free the sampler."""
        if self._handle:
            llama_cpp.llama_sampler_free(self._handle)
            self._handle = None

    def allows(self, token: int, logit: float = 0.0) -> bool:
        """Whether the grammar accepts ``token`` next."""
        data = (llama_cpp.llama_token_data * 1)(llama_cpp.llama_token_data(token, logit, 0.0))
        candidates = llama_cpp.llama_token_data_array(data=data, size=1, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self._handle, ctypes.byref(candidates))
        return math.isfinite(data[0].logit)

    def best(self, logits: np.ndarray) -> int:
        """The highest-scoring token the grammar accepts."""
        table = np.empty(len(logits), dtype=_TOKEN_DATA)
        table["id"] = np.arange(len(logits), dtype=np.int32)
        table["logit"] = logits
        table["p"] = 0.0
        candidates = llama_cpp.llama_token_data_array(
            data=table.ctypes.data_as(llama_cpp.llama_token_data_p),
            size=len(logits),
            selected=-1,
            sorted=False,
        )
        llama_cpp.llama_sampler_apply(self._handle, ctypes.byref(candidates))
        best = int(np.argmax(table["logit"]))
        if not math.isfinite(table["logit"][best]):
            raise GrammarError("the reply grammar allows no next token (a grammar bug)")
        return best

    def accept(self, token: int) -> None:
        """Advance the grammar past ``token``."""
        llama_cpp.llama_sampler_accept(self._handle, token)


class _Tracker:
    """Follows the reply through the Python reading of the grammar to find forced text."""

    def __init__(self, llama: Llama, grammar: Grammar) -> None:
        self._llama = llama
        self._state: GrammarState | None = grammar.start()
        # A token may end inside a UTF-8 character (Chinese): text is fed once complete.
        self._utf8 = codecs.getincrementaldecoder("utf-8")()

    @property
    def must_end(self) -> bool:
        return self._state is not None and self._state.must_end

    def read(self, tokens: list[int]) -> None:
        """Move past ``tokens``; on a disagreement with llama.cpp, stop fast-forwarding."""
        if self._state is None:
            return
        try:
            text = self._utf8.decode(self._llama.detokenize(tokens))
        except UnicodeDecodeError:
            self._state = None
            return
        self._state = self._state.advance(text)
        if self._state is None:
            log.debug("the grammar reading disagrees with llama.cpp; decoding on without it")

    def forced_tokens(self) -> list[int]:
        """Tokens of the forced text that can be appended now (see the module doc)."""
        if self._state is None or self._utf8.getstate()[0]:
            return []
        text = self._state.forced()
        if not text:
            return []
        tokens = self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        ends = self._state.advance(text)
        return tokens if ends is not None and ends.must_end else tokens[:-1]


def generate_constrained(
    llama: Llama, tokens: list[int], gbnf: str, max_tokens: int, *, fast_forward: bool = True
) -> Generation:
    """Greedily complete ``tokens`` under the GBNF grammar ``gbnf``.

    Reuses the longest prefix of ``tokens`` already in the KV cache. With
    ``fast_forward``, text the grammar forces is appended as a batch.
    """
    reused = 0
    for cached, wanted in zip(llama.input_ids[: llama.n_tokens], tokens[:-1], strict=False):
        if cached != wanted:
            break
        reused += 1
    llama.n_tokens = reused
    llama.eval(tokens[reused:])
    vocab = llama._model.vocab
    n_vocab = llama.n_vocab()
    sampler = GrammarSampler(llama, gbnf)
    tracker = _Tracker(llama, parsed_grammar(gbnf)) if fast_forward else None
    produced: list[int] = []
    decoded = forced = 0
    try:
        while len(produced) < max_tokens:
            if tracker is not None:
                if tracker.must_end:
                    break  # the reply is complete: no need to decode the end-of-turn token
                batch = _allowed_prefix(sampler, tracker.forced_tokens()[: max_tokens - len(produced)])
                if batch:
                    produced += batch
                    forced += len(batch)
                    tracker.read(batch)
                    llama.eval(batch)
                    continue
            logits = np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(n_vocab,))
            token = int(np.argmax(logits))
            if not sampler.allows(token, float(logits[token])):
                token = sampler.best(logits)
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                break
            sampler.accept(token)
            produced.append(token)
            decoded += 1
            if tracker is not None:
                tracker.read([token])
            llama.eval([token])
    finally:
        sampler.close()
    text = llama.detokenize(produced).decode("utf-8", errors="replace")
    return Generation(text=text, evaluated=len(tokens) - reused, decoded=decoded, forced=forced)


def _allowed_prefix(sampler: GrammarSampler, tokens: list[int]) -> list[int]:
    """Accept forced tokens while llama.cpp's grammar agrees (it always should: both read
    the same text), returning those accepted."""
    for index, token in enumerate(tokens):
        if not sampler.allows(token):
            log.debug("llama.cpp's grammar refuses forced token %d", token)
            return tokens[:index]
        sampler.accept(token)
    return tokens
