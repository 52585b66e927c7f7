"""The language-model layer: one ChatModel interface over embedded and remote Qwen models.

    from incabin.llm import Message, ToolSpec, create_chat_model
    model = create_chat_model("embedded:0.5b")
    reply = model.chat([Message("user", "set the temperature to 21")], tools)
    reply.tool_calls   # validated against each tool's JSON schema

Backends: ``embedded`` (bundled Qwen2.5-Coder 1.5B via llama.cpp),
``embedded:0.5b``, ``embedded:/path/model.gguf``, ``openai:<base_url>#<model>``,
``hybrid:<local>,<remote>`` (the local model first, the remote within a deadline;
a reply with ``offline=True`` is the local one because the remote failed) and
``scripted`` for tests.
"""

from contextlib import AbstractContextManager

from incabin.llm._base import ChatModel
from incabin.llm._errors import (
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    BadSetting,
    ContextOverflow,
    InvalidToolCall,
    LLMError,
    ModelChecksumError,
    ModelNotFound,
    NotAGGUF,
    ScriptExhausted,
    UnknownBackend,
)
from incabin.llm._factory import create_chat_model
from incabin.llm._hybrid import HybridModel, HybridStats, is_open_question
from incabin.llm._model_files import BUNDLED_MODELS, BundledModel, check_gguf, ensure_model
from incabin.llm._models import Message, ToolCall, ToolSpec
from incabin.llm._parsing import ParsedReply, RawCall, parse_reply
from incabin.llm._prompting import shown_exchanges, worked_reply
from incabin.llm._scripted import ScriptedModel


def extra_buffer_guard() -> AbstractContextManager[None]:
    """The guard every ``Llama`` this process loads needs on this CPU (an AMX CPU
    crashes in ggml's extra buffer types; ``INCABIN_EXTRA_BUFFERS`` overrides)."""
    from incabin.llm._embedded import extra_buffer_guard as guard  # llama.cpp loads only now

    return guard()


__all__ = [
    "BUNDLED_MODELS",
    "BackendError",
    "BackendTimeout",
    "BackendUnavailable",
    "BadSetting",
    "BundledModel",
    "ChatModel",
    "ContextOverflow",
    "HybridModel",
    "HybridStats",
    "InvalidToolCall",
    "LLMError",
    "Message",
    "ModelChecksumError",
    "ModelNotFound",
    "NotAGGUF",
    "ParsedReply",
    "RawCall",
    "ScriptExhausted",
    "ScriptedModel",
    "ToolCall",
    "ToolSpec",
    "UnknownBackend",
    "check_gguf",
    "create_chat_model",
    "ensure_model",
    "extra_buffer_guard",
    "is_open_question",
    "parse_reply",
    "shown_exchanges",
    "worked_reply",
]
