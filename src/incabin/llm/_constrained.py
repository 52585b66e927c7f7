"""Greedy grammar-constrained decoding that checks the grammar only when it must.

llama-cpp-python applies a grammar to the whole vocabulary (152k tokens for
Qwen) at every step, which costs far more than the forward pass of a small
model. Like llama.cpp's own server sampler, this decoder first takes the
greedy token and asks the grammar about that one token; only when the grammar
rejects it is the full vocabulary filtered.
"""

from __future__ import annotations

import ctypes
import math

import llama_cpp
import numpy as np
from llama_cpp import Llama, LlamaGrammar

from incabin.llm._errors import LLMError

_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)], align=True)


class GrammarSampler:
    """A llama.cpp grammar sampler for one generation."""

    def __init__(self, llama: Llama, grammar: LlamaGrammar) -> None:
        self._handle = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self._handle:
            raise ValueError("llama.cpp could not build the reply grammar")

    def close(self) -> None:
        """Free the sampler."""
        if self._handle:
            llama_cpp.llama_sampler_free(self._handle)
            self._handle = None

    def allows(self, token: int, logit: float) -> bool:
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
            raise LLMError("the reply grammar allows no next token (a grammar bug)")
        return best

    def accept(self, token: int) -> None:
        """Advance the grammar past ``token``."""
        llama_cpp.llama_sampler_accept(self._handle, token)


def generate_constrained(
    llama: Llama, tokens: list[int], grammar: LlamaGrammar, max_tokens: int
) -> tuple[str, int]:
    """Greedily complete ``tokens`` under ``grammar``; return the text and the token count.

    Reuses the longest prefix of ``tokens`` already in the KV cache.
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
    sampler = GrammarSampler(llama, grammar)
    produced: list[int] = []
    try:
        while len(produced) < max_tokens:
            logits = np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(n_vocab,))
            token = int(np.argmax(logits))
            if not sampler.allows(token, float(logits[token])):
                token = sampler.best(logits)
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                break
            sampler.accept(token)
            produced.append(token)
            llama.eval([token])
    finally:
        sampler.close()
    text = llama.detokenize(produced).decode("utf-8", errors="replace")
    return text, len(produced)
