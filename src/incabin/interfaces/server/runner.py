"""Running the app under uvicorn: in the foreground (``incabin serve``) or in a thread
(tests, benchmarks, embedding the server in another program)."""

from __future__ import annotations

import threading
import time

import uvicorn

from incabin.interfaces.server.app import create_app
from incabin.interfaces.server.config import ServerConfig
from incabin.interfaces.server.sessions import SessionManager

# A WebSocket message larger than this closes the connection (code 1009).
WS_MAX_BYTES = 64 * 1024


def _uvicorn_config(config: ServerConfig, manager: SessionManager) -> uvicorn.Config:
    config.check()
    return uvicorn.Config(create_app(config, manager), host=config.host, port=config.port,
                          ws="websockets-sansio", ws_max_size=WS_MAX_BYTES, log_level="warning",
                          timeout_graceful_shutdown=5)


def serve(config: ServerConfig, manager: SessionManager) -> None:
    """Serve until interrupted; ``InsecureBind`` before listening when it would be unsafe."""
    uvicorn.Server(_uvicorn_config(config, manager)).run()


def serve_workers(config: ServerConfig, app_factory: str, workers: int) -> None:
    """Serve with ``workers`` processes on one socket until interrupted: uvicorn's
    supervisor opens the socket once and every worker accepts from it, so a worker that
    dies loses only the connections it had accepted (none waiting in a queue of its own,
    as with a socket per process under SO_REUSEPORT), and the supervisor starts a new
    worker in its place. ``app_factory`` (``module:function``) builds each worker's app:
    the processes are spawned, so nothing built here reaches them."""
    config.check()
    uvicorn.run(app_factory, factory=True, workers=workers, host=config.host, port=config.port,
                ws="websockets-sansio", ws_max_size=WS_MAX_BYTES, log_level="warning",
                timeout_graceful_shutdown=5)


class ServerThread:
    """A server on a background thread: ``with ServerThread(config, manager) as url: ...``."""

    def __init__(self, config: ServerConfig, manager: SessionManager) -> None:
        self.config = config
        self.manager = manager
        self.server = uvicorn.Server(_uvicorn_config(config, manager))
        self._thread = threading.Thread(target=self.server.run, name="incabin-server",
                                        daemon=True)

    @property
    def url(self) -> str:
        """The server's base URL (an IPv6 address in brackets, as URLs and Host headers
        need it for the allowed-hosts check to read the name)."""
        host = self.config.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.config.port}"

    def start(self, timeout_s: float = 20.0) -> str:
        """Start serving and wait until the socket listens; returns the base URL."""
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.02)
        return self.url

    def stop(self) -> None:
        """Stop serving and close every session."""
        self.server.should_exit = True
        self._thread.join(timeout=15)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
