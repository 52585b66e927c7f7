"""The language-model layer: one ChatModel interface over embedded and remote Qwen models.

    from incabin.llm import Message, ToolSpec, create_chat_model
    model = create_chat_model("embedded:0.5b")
    reply = model.chat([Message("user", "set the temperature to 21")], tools)
    reply.tool_calls   # validated against each tool's JSON schema

Backends: ``embedded`` (bundled Qwen2.5-Coder 1.5B via llama.cpp),
``embedded:0.5b``, ``embedded:/path/model.gguf``, ``openai:<base_url>#<model>``
and ``scripted`` for tests.
"""

from incabin.llm._base import ChatModel
from incabin.llm._errors import (
    BackendError,
    BackendTimeout,
    BackendUnavailable,
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
from incabin.llm._model_files import BUNDLED_MODELS, BundledModel, ensure_model
from incabin.llm._models import Message, ToolCall, ToolSpec
from incabin.llm._parsing import ParsedReply, RawCall, parse_reply
from incabin.llm._prompting import shown_exchanges
from incabin.llm._scripted import ScriptedModel

__all__ = [
    "BUNDLED_MODELS",
    "BackendError",
    "BackendTimeout",
    "BackendUnavailable",
    "BundledModel",
    "ChatModel",
    "ContextOverflow",
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
    "create_chat_model",
    "ensure_model",
    "parse_reply",
    "shown_exchanges",
]
