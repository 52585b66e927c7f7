"""Errors of the language-model layer.

LLMError
├── ModelNotFound          a model file or a bundled part package is missing
├── ModelChecksumError     the assembled bundled model does not have its sha256
├── NotAGGUF               a model file is not a GGUF file
├── UnknownBackend         a model spec (``--llm`` / ``INCABIN_LLM``) names no backend
├── InvalidToolCall        the model insisted on a tool call that fails validation
├── ScriptExhausted        a ScriptedModel was asked for more replies than it holds
├── ContextOverflow        a conversation does not fit the embedded model's context
├── BackendUnavailable     an OpenAI-compatible server cannot be reached
├── BackendTimeout         the server did not answer in time
├── BackendError           the server answered with an error or with garbage
├── BadSetting             an INCABIN_* setting of the model layer has an unusable value
└── GrammarError           a reply grammar cannot be read or allows no next token
"""

from __future__ import annotations

from collections.abc import Sequence

from incabin._errors import IncabinError


class LLMError(IncabinError):
    """Base of the errors raised by ``incabin.llm``."""


class ModelNotFound(LLMError):
    """A model file, or a part package of a bundled model, is missing."""


class ModelChecksumError(LLMError):
    """The bytes of a bundled model do not match its published sha256."""


class NotAGGUF(LLMError):
    """A file handed over as a model is not in the GGUF format."""


class UnknownBackend(LLMError):
    """A model spec names no known backend."""


class ScriptExhausted(LLMError):
    """A ScriptedModel ran out of scripted replies."""


class InvalidToolCall(LLMError):
    """The model's tool call failed validation, also after one retry.

    ``raw`` is the model's last output and ``problems`` lists what was wrong
    with it, one sentence each.
    """

    def __init__(self, message: str, *, raw: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.raw = raw
        self.problems = tuple(problems)


class BackendUnavailable(LLMError):
    """An OpenAI-compatible server could not be reached."""


class BackendTimeout(LLMError):
    """An OpenAI-compatible server did not answer in time."""


class BackendError(LLMError):
    """An OpenAI-compatible server answered with an error status or unusable data."""


class BadSetting(LLMError):
    """An ``INCABIN_*`` setting of the model layer has a value it cannot use."""


class ContextOverflow(LLMError):
    """A conversation does not fit in the embedded model's context window."""


class GrammarError(LLMError):
    """A reply grammar cannot be read, or allows no next token (a bug in the grammar)."""
