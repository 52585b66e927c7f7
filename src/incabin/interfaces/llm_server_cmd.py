"""``incabin llm-server``: llama-cpp-python's OpenAI-compatible server with a bundled Qwen.

    incabin llm-server --model 0.5b --port 8000
    incabin chat --llm openai:http://127.0.0.1:8000/v1#qwen2.5-coder-0.5b-instruct

It runs ``llama_cpp.server`` in this process with the same guard as the embedded
backend: on a CPU with AMX, ggml's extra buffer types are switched off while the
model loads (``INCABIN_EXTRA_BUFFERS``), because a plain ``python -m
llama_cpp.server`` dies there with a general protection fault in ``libggml-cpu``
on the first completion.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from incabin._config import setting
from incabin.llm import (
    BUNDLED_MODELS,
    BackendUnavailable,
    LLMError,
    check_gguf,
    ensure_model,
    extra_buffer_guard,
)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``incabin llm-server``."""
    # The alias is the name cli.py looks up, so the command loads only this module.
    parser = sub.add_parser(
        "llm-server", aliases=["llm_server"],
        help="serve a bundled Qwen model over an OpenAI-compatible HTTP API")
    parser.add_argument("--model", default=None,
                        help=f"{' | '.join(BUNDLED_MODELS)} | /path/model.gguf "
                             "(default: INCABIN_MODEL, else the bundled 1.5b)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (127.0.0.1; others need --api-key)")
    parser.add_argument("--port", type=int, default=8000, help="port (8000)")
    parser.add_argument("--alias", default=None,
                        help="the model name clients send (default: the file name without .gguf)")
    parser.add_argument("--api-key", default=None,
                        help="require this bearer token (INCABIN_LLM_SERVER_KEY; default none)")
    parser.add_argument("--threads", type=int, default=int(setting("threads", "2")),
                        help="llama.cpp threads (INCABIN_THREADS, 2)")
    parser.add_argument("--ctx", type=int, default=int(setting("ctx", "4096")),
                        help="context size in tokens (INCABIN_CTX, 4096)")
    parser.set_defaults(func=run)


def model_path(choice: str | None) -> Path:
    """The GGUF a ``--model`` value names: a bundled key, a file, or the default model."""
    if choice is None or choice.lower() in BUNDLED_MODELS:
        return ensure_model(choice.lower() if choice else None)
    return check_gguf(Path(choice).expanduser())


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; exit 2 when the model or the server extra is missing, or
    when the server would be open to the network without a key."""
    key = args.api_key or setting("llm_server_key", "") or None
    if key is None and args.host not in LOOPBACK:
        print(f"incabin llm-server: --host {args.host} opens the model to the network; "
              "set --api-key (or INCABIN_LLM_SERVER_KEY) too", file=sys.stderr)
        return 2
    try:
        path = model_path(args.model)
        # The server extra is optional for a car; say how to get it instead of a traceback.
        import uvicorn
        from llama_cpp.server.app import create_app
        from llama_cpp.server.settings import ModelSettings, ServerSettings
    except LLMError as err:
        print(f"incabin llm-server: {err}", file=sys.stderr)
        return 2
    except ImportError as err:
        print(f"incabin llm-server: llama-cpp-python's server extra is missing ({err}); "
              "install it with: pip install -e '.[llm-server]'", file=sys.stderr)
        return 2
    alias = args.alias or path.name.removesuffix(".gguf")
    server = ServerSettings(host=args.host, port=args.port, api_key=key)
    model = ModelSettings(model=str(path), model_alias=alias, n_ctx=args.ctx,
                          n_threads=args.threads, n_threads_batch=args.threads,
                          verbose=args.verbose)
    print(f"incabin llm-server: {path.name} for --llm "
          f"openai:http://{args.host}:{args.port}/v1#{alias}", file=sys.stderr, flush=True)
    # No prompt cache (ModelSettings.cache): llama-cpp-python 0.3.36's RAM cache counts
    # only the KV bytes of a saved state, not its copy of the logits, and grew the 1.5B
    # server to 21 GB until the kernel killed it. Without it, the last prompt's prefix is
    # still reused.
    # The guard stays on for the server's whole life: it loads the model now and
    # again whenever a request names another model alias.
    with extra_buffer_guard():
        app = create_app(server_settings=server, model_settings=[model])
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """``incabin llm-server`` in a child process on a free port of 127.0.0.1 (tests and
    benchmarks); ``spec`` is the ``--llm`` value that talks to it."""

    def __init__(self, model: str = "0.5b", *, log: Path, startup_s: float = 180.0) -> None:
        self.port = free_port()
        self.alias = f"qwen2.5-coder-{model}-instruct"
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.spec = f"openai:{self.url}#{self.alias}"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "incabin.interfaces.cli", "llm_server", "--model", model,
                 "--port", str(self.port), "--alias", self.alias],
                stdout=out, stderr=subprocess.STDOUT)
        self._wait_until_up(startup_s)

    def _wait_until_up(self, startup_s: float) -> None:
        deadline = time.monotonic() + startup_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BackendUnavailable(
                    f"incabin llm-server exited with {self.process.returncode}: "
                    + self.log.read_text(errors="replace")[-2000:])
            try:
                if httpx.get(f"{self.url}/models", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.3)
        self.stop()
        raise BackendUnavailable(f"incabin llm-server did not answer within {startup_s:.0f} s")

    @property
    def alive(self) -> bool:
        """Whether the server process is still running."""
        return self.process.poll() is None

    def kill(self) -> None:
        """End the server at once, as a crash would (SIGKILL)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if not self.alive:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
