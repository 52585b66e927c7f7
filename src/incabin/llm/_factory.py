"""Choosing a chat model from a spec string (``--llm`` / ``INCABIN_LLM``)."""

from __future__ import annotations

import math
from pathlib import Path

from incabin._config import setting
from incabin.llm._base import ChatModel
from incabin.llm._errors import BadSetting, UnknownBackend
from incabin.llm._model_files import BUNDLED_MODELS, check_gguf, ensure_model
from incabin.llm._scripted import ScriptedModel

SPEC_HELP = (
    "embedded | embedded:0.5b | embedded:1.5b | embedded:/path/model.gguf | "
    "openai:<base_url>#<model> | hybrid:<local spec>,<remote spec> | scripted"
)


def create_chat_model(spec: str | None = None) -> ChatModel:
    """Build the chat model a spec names; the spec defaults to ``INCABIN_LLM`` or "embedded".

    Embedded models share one loaded llama.cpp model per file across the process.
    ``hybrid:<local>,<remote>`` splits at the first comma; the remote is waited for
    ``INCABIN_REMOTE_DEADLINE`` seconds (an OpenAI remote also times out then).
    """
    chosen = (spec or setting("llm", "embedded")).strip()
    backend, _, detail = chosen.partition(":")
    if backend == "hybrid":
        return _hybrid(chosen, detail)
    return _single(chosen)


def _single(chosen: str, *, timeout: float | None = None) -> ChatModel:
    backend, _, detail = chosen.partition(":")
    if backend == "embedded":
        from incabin.llm._embedded import EmbeddedModel

        if not detail:
            return EmbeddedModel(ensure_model(), name="embedded")
        if detail.lower() in BUNDLED_MODELS:
            return EmbeddedModel(ensure_model(detail.lower()), name=f"embedded:{detail.lower()}")
        path = check_gguf(Path(detail).expanduser())
        return EmbeddedModel(path, name=f"embedded:{path.name}")
    if backend == "openai":
        base_url, _, model = detail.partition("#")
        if not base_url.startswith(("http://", "https://")) or not model:
            raise UnknownBackend(
                f"bad OpenAI spec {chosen!r}: write openai:<base_url>#<model>, "
                "e.g. openai:http://127.0.0.1:8000/v1#Qwen/Qwen2.5-7B-Instruct"
            )
        from incabin.llm._openai import OpenAIModel

        return OpenAIModel(base_url, model, timeout=timeout)
    if chosen == "scripted":
        return ScriptedModel()
    raise UnknownBackend(f"unknown LLM spec {chosen!r}; use one of: {SPEC_HELP}")


def _hybrid(chosen: str, detail: str) -> ChatModel:
    from incabin.llm._hybrid import DEFAULT_DEADLINE_S, HybridModel

    local, _, remote = (part.strip() for part in detail.partition(","))
    if not local or not remote or "hybrid:" in local or "hybrid:" in remote:
        raise UnknownBackend(
            f"bad hybrid spec {chosen!r}: write hybrid:<local spec>,<remote spec>, e.g. "
            "hybrid:embedded:0.5b,openai:http://127.0.0.1:8000/v1#qwen2.5-coder-1.5b-instruct"
        )
    raw = setting("remote_deadline", str(DEFAULT_DEADLINE_S))
    try:
        deadline = float(raw)
    except ValueError:
        deadline = math.nan
    if not deadline > 0 or math.isinf(deadline):
        raise BadSetting(f"INCABIN_REMOTE_DEADLINE must be a number of seconds above 0, not {raw!r}")
    # The remote's own timeout is the deadline too, so a request given up on ends soon.
    return HybridModel(_single(local), _single(remote, timeout=deadline), deadline_s=deadline)
