"""The embedded backend: a GGUF model run in-process by llama.cpp.

Loaded models are shared process-wide (one ``Llama`` per file, guarded by a
lock because llama.cpp contexts are not thread-safe). Each distinct system
prefix (system prompt + tool descriptions) has its KV cache saved once, so a
turn only evaluates the tokens after that prefix, also when two agents with
different prefixes take turns on the same model.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp.llama as llama_module
from llama_cpp import Llama, LlamaGrammar

from incabin._config import home_dir, setting
from incabin.llm._base import ToolCallingModel
from incabin.llm._constrained import generate_constrained
from incabin.llm._errors import ContextOverflow, NotAGGUF
from incabin.llm._model_files import check_gguf
from incabin.llm._models import Message, ToolSpec
from incabin.llm._parsing import ParsedReply, parse_reply
from incabin.llm._prompting import STOP, render, reply_grammar

log = logging.getLogger(__name__)

_MAX_PREFIX_STATES = 6
_MAX_DISK_STATES = 12
_SEQ = 0


@dataclass(frozen=True)
class TurnStats:
    """What one generation cost, read from llama.cpp's own counters.

    ``evaluated_tokens`` counts the prompt only; ``prompt_seconds`` also holds the
    time of forced text evaluated in batches (``forced_tokens``), which llama.cpp
    counts as prompt evaluation."""

    prompt_tokens: int
    evaluated_tokens: int
    completion_tokens: int  # sampled one by one; forced text appended as a batch is not counted
    prompt_seconds: float
    first_token_seconds: float
    total_seconds: float
    forced_tokens: int = 0

    @property
    def reused_tokens(self) -> int:
        """Prompt tokens taken from the KV cache instead of being evaluated."""
        return self.prompt_tokens - self.evaluated_tokens


@dataclass(frozen=True)
class _PrefixState:
    tokens: tuple[int, ...]
    kv: bytes


def _cpu_has_amx() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            return " amx_tile" in cpuinfo.read()
    except OSError:
        return False


@contextlib.contextmanager
def _model_params_without_extra_buffers() -> Iterator[None]:
    """Load weights without ggml's extra buffer types (AMX, repacking).

    A llama.cpp built with -march=native on an AMX CPU routes batched matmuls
    through ggml's AMX kernels, which crash (SIGSEGV) in some VMs. Llama()
    exposes no switch for ``use_extra_bufts``, so its default-params factory is
    wrapped while the model loads.
    """
    original = llama_module.llama_cpp.llama_model_default_params

    def without_extra_buffers() -> llama_cpp.llama_model_params:
        params = original()
        params.use_extra_bufts = False
        return params

    llama_module.llama_cpp.llama_model_default_params = without_extra_buffers
    try:
        yield
    finally:
        llama_module.llama_cpp.llama_model_default_params = original


def extra_buffer_guard() -> contextlib.AbstractContextManager[None]:
    """What every ``Llama`` this process loads needs: without ggml's extra buffer types
    on an AMX CPU (``INCABIN_EXTRA_BUFFERS`` decides, default off there), else nothing."""
    default = "off" if _cpu_has_amx() else "on"
    if setting("extra_buffers", default) == "off":
        return _model_params_without_extra_buffers()
    return contextlib.nullcontext()


class SharedLlama:
    """One loaded GGUF, its lock and the saved KV caches of its system prefixes."""

    def __init__(self, path: Path, *, n_ctx: int, n_threads: int) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.llama = self._load(path, n_ctx=n_ctx, n_threads=n_threads)
        self._states: OrderedDict[tuple[int, ...], _PrefixState] = OrderedDict()
        self._states_on_disk = _PrefixStore(path, n_ctx)

    @staticmethod
    def _load(path: Path, *, n_ctx: int, n_threads: int) -> Llama:
        try:
            with extra_buffer_guard():
                return Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=n_threads,
                    n_threads_batch=n_threads,
                    n_batch=512,
                    verbose=False,
                )
        except ValueError as err:
            raise NotAGGUF(
                f"{path} starts like a GGUF file but llama.cpp cannot load it "
                f"(damaged, truncated or an unsupported architecture): {err}"
            ) from err

    def tokenize(self, text: str) -> list[int]:
        """Tokens of ChatML text, special tokens included, no BOS."""
        return self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def prepare_prefix(self, prefix: list[int]) -> int:
        """Make the KV cache start with ``prefix``, from a saved state when there is one;
        return how many tokens that evaluated.

        Call with ``lock`` held. When the cache already starts with the prefix,
        llama-cpp-python's own prefix matching reuses it and nothing happens here.
        """
        llama = self.llama
        key = tuple(prefix)
        if llama.n_tokens >= len(prefix) and tuple(llama.input_ids[: len(prefix)]) == key:
            return 0
        state = self._states.get(key) or self._states_on_disk.load(key)
        if state is None:
            llama.reset()
            llama.eval(prefix)
            state = _PrefixState(tokens=key, kv=self._save_kv())
            self._remember(state)
            self._states_on_disk.save(state)
            log.debug("saved the KV cache of a %d-token prefix", len(prefix))
            return len(prefix)
        self._remember(state)
        return self._load_kv(state)

    def _remember(self, state: _PrefixState) -> None:
        self._states[state.tokens] = state
        self._states.move_to_end(state.tokens)
        while len(self._states) > _MAX_PREFIX_STATES:
            self._states.popitem(last=False)

    def _save_kv(self) -> bytes:
        ctx = self.llama._ctx.ctx
        size = llama_cpp.llama_state_seq_get_size(ctx, _SEQ)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(ctx, buffer, size, _SEQ)
        return bytes(buffer[:written])

    def _load_kv(self, state: _PrefixState) -> int:
        """Restore ``state``; return the tokens evaluated (all of them when llama.cpp
        refuses the saved bytes)."""
        llama = self.llama
        llama._ctx.kv_cache_clear()
        buffer = (ctypes.c_uint8 * len(state.kv)).from_buffer_copy(state.kv)
        if llama_cpp.llama_state_seq_set_data(llama._ctx.ctx, buffer, len(state.kv), _SEQ) == 0:
            llama.reset()
            llama.eval(list(state.tokens))
            return len(state.tokens)
        llama.input_ids[: len(state.tokens)] = state.tokens
        llama.n_tokens = len(state.tokens)
        # The logits of the restored prefix are not kept: the next decode refreshes them.
        llama._requires_eval = True
        return 0


class _PrefixStore:
    """Prefix KV states kept under ``INCABIN_HOME/kv`` so that a new process (the next
    ``incabin chat``, each ``incabin eval``) skips the cold prefill of a known prompt.

    A file is named by a hash of the model file's identity, the context size, the
    llama.cpp version and the prefix tokens, and holds the tokens it was made
    from: a file that does not match exactly, or cannot be read, is ignored.
    """

    def __init__(self, model: Path, n_ctx: int) -> None:
        stat = model.stat()
        self._identity = f"{model.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{n_ctx}|" \
                         f"{llama_cpp.__version__}"
        self._folder = home_dir() / "kv"

    def _file(self, tokens: tuple[int, ...]) -> Path:
        digest = hashlib.sha256(self._identity.encode())
        digest.update(array("i", tokens).tobytes())
        return self._folder / f"{digest.hexdigest()[:32]}.kv"

    def load(self, tokens: tuple[int, ...]) -> _PrefixState | None:
        """The saved state of exactly ``tokens``, if there is one."""
        try:
            data = self._file(tokens).read_bytes()
        except OSError:
            return None
        count = int.from_bytes(data[:4], "little")
        stored = array("i")
        stored.frombytes(data[4:4 + 4 * count])
        if tuple(stored) != tokens:
            return None
        return _PrefixState(tokens=tokens, kv=data[4 + 4 * count:])

    def save(self, state: _PrefixState) -> None:
        """Write ``state`` atomically; a full or read-only disk only costs the cache."""
        target = self._file(state.tokens)
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            partial.write_bytes(len(state.tokens).to_bytes(4, "little")
                                + array("i", state.tokens).tobytes() + state.kv)
            partial.replace(target)
            self._prune()
        except OSError as err:
            log.warning("could not save the prefix cache %s: %s", target, err)

    def _prune(self) -> None:
        """Keep the most recently written states only (each is tens of MB)."""
        files = sorted(self._folder.glob("*.kv"), key=lambda f: f.stat().st_mtime, reverse=True)
        for old in files[_MAX_DISK_STATES:]:
            old.unlink(missing_ok=True)


_LOADED: dict[tuple[Path, int, int], SharedLlama] = {}
_LOADED_LOCK = threading.Lock()


def shared_llama(path: Path) -> SharedLlama:
    """The process-wide loaded model for ``path`` (loaded on first use)."""
    check_gguf(path)
    n_ctx = int(setting("ctx", "4096"))
    n_threads = int(setting("threads", "2"))
    key = (path.resolve(), n_ctx, n_threads)
    with _LOADED_LOCK:
        if key not in _LOADED:
            log.info("loading %s (n_ctx=%d, %d threads)", path, n_ctx, n_threads)
            _LOADED[key] = SharedLlama(path, n_ctx=n_ctx, n_threads=n_threads)
        return _LOADED[key]


class EmbeddedModel(ToolCallingModel):
    """A Qwen GGUF run by llama.cpp, with schema-constrained tool calls.

    The file is checked at once but loaded on first use (``load``). ``last_stats``
    describes the most recent generation.
    """

    def __init__(self, path: Path, *, name: str | None = None, fast_forward: bool = True) -> None:
        check_gguf(path)
        self.name = name or f"embedded:{path.name}"
        self._path = path
        # Off only to compare with plain token-by-token decoding (tests, benchmarks).
        self.fast_forward = fast_forward
        self.last_stats: TurnStats | None = None
        self._loaded: SharedLlama | None = None

    def load(self) -> None:
        """Load the weights now (else the first reply does): it takes seconds, so a caller
        that may never need the model (a fast-path command) does not pay for it, and one
        that will can run this in a background thread. Raises NotAGGUF when llama.cpp
        cannot read the file."""
        if self._loaded is None:
            # The process-wide table loads once; a second caller waits for that load.
            self._loaded = shared_llama(self._path)

    @property
    def loaded(self) -> bool:
        """Whether this model's weights are in memory yet."""
        return self._loaded is not None

    @property
    def _shared(self) -> SharedLlama:
        self.load()
        assert self._loaded is not None
        return self._loaded

    @property
    def llama(self) -> Llama:
        """The shared llama.cpp model (use only with ``lock`` held)."""
        return self._shared.llama

    def _reply(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec],
        callable_tools: Sequence[ToolSpec],
        max_tokens: int,
        temperature: float,
    ) -> tuple[str, ParsedReply]:
        # The grammar, not the prompt, narrows the choice: the prompt's prefix stays cached.
        grammar = reply_grammar(callable_tools) if tools else None
        raw = "".join(self._generate(messages, tools, max_tokens, temperature, grammar))
        return raw, parse_reply(raw) if tools else ParsedReply(text=raw.strip())

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int = 200, temperature: float = 0.0
    ) -> Iterator[str]:
        """Yield the pieces of a plain-text reply as llama.cpp generates them."""
        return self._generate(messages, (), max_tokens, temperature, None)

    def _generate(
        self,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec],
        max_tokens: int,
        temperature: float,
        grammar: str | None,
    ) -> Iterator[str]:
        prompt = render(messages, tools)
        shared = self._shared
        with shared.lock:
            prefix = shared.tokenize(prompt.prefix)
            tokens = prefix + shared.tokenize(prompt.turns)
            n_ctx = self.llama.n_ctx()
            if len(tokens) + max_tokens > n_ctx:
                raise ContextOverflow(
                    f"the conversation needs {len(tokens)} + {max_tokens} tokens, more than "
                    f"the model's context of {n_ctx} (raise INCABIN_CTX or drop old turns)"
                )
            started = time.perf_counter()
            before = llama_cpp.llama_perf_context(self.llama._ctx.ctx)
            prefix_evaluated = shared.prepare_prefix(prefix)
            first = 0.0
            count = forced = 0
            evaluated: int | None = None
            if grammar is not None and temperature == 0.0:
                generation = generate_constrained(self.llama, tokens, grammar, max_tokens,
                                                  fast_forward=self.fast_forward)
                count, forced = generation.decoded, generation.forced
                evaluated = prefix_evaluated + generation.evaluated
                first = time.perf_counter() - started
                yield generation.text
            else:
                pieces: Iterator[Any] = self.llama.create_completion(  # type: ignore[assignment]
                    tokens,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    stop=STOP,
                    grammar=LlamaGrammar.from_string(grammar, verbose=False) if grammar else None,
                    stream=True,
                )
                for chunk in pieces:
                    count += 1
                    if count == 1:
                        first = time.perf_counter() - started
                    if piece := chunk["choices"][0]["text"]:
                        yield piece
            after = llama_cpp.llama_perf_context(self.llama._ctx.ctx)
            self.last_stats = TurnStats(
                prompt_tokens=len(tokens),
                # llama.cpp counts forced batches as prompt tokens: count the prompt here.
                evaluated_tokens=(after.n_p_eval - before.n_p_eval if evaluated is None
                                  else evaluated),
                completion_tokens=count,
                prompt_seconds=(after.t_p_eval_ms - before.t_p_eval_ms) / 1000,
                first_token_seconds=first,
                total_seconds=time.perf_counter() - started,
                forced_tokens=forced,
            )
