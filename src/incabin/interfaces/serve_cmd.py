"""``incabin serve``: the HTTP/WebSocket server and the in-car web page at ``/``.

One process keeps its sessions in memory, unless ``--session-db`` names a PostgreSQL
database; ``--workers N`` runs N processes on one port and needs that database, where
every process finds every session (``server.shared_sessions``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, cast

from fastapi import FastAPI

from incabin import IncabinError
from incabin._config import setting
from incabin.agents import Assistant
from incabin.interfaces.chat_cmd import add_assistant_options
from incabin.interfaces.server import (
    ServerConfig,
    SessionManager,
    SessionStore,
    SharedSessions,
    WorkersNeedStore,
    create_app,
    map_library,
    serve,
    serve_workers,
)
from incabin.interfaces.server.config import split_hosts
from incabin.llm import ChatModel, create_chat_model
from incabin.profile import Profiles, ProfileStore, open_profiles
from incabin.profile._profiles import GUEST_URLS

# How the parent hands its options to the worker processes it spawns.
WORKER_OPTIONS_ENV = "INCABIN_SERVE_WORKER_OPTIONS"
_WORKER_OPTIONS = ("host", "port", "token", "allow_origin", "allowed_host", "max_sessions",
                   "tick", "idle_timeout", "dev", "llm", "vehicle", "profiles", "session_db")

log = logging.getLogger(__name__)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``incabin serve``."""
    parser = sub.add_parser("serve", help="serve the HTTP/WebSocket API and the in-car web page")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; others need --token)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--token", default=None,
                        help="access token for the API (INCABIN_TOKEN); required off loopback")
    parser.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                        help="a browser origin allowed to call the API (CORS); repeatable")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name clients may reach this server by, beyond localhost, "
                             "127.0.0.1, ::1 and --host (INCABIN_ALLOWED_HOSTS, comma-separated); "
                             "repeatable")
    parser.add_argument("--max-sessions", type=int, default=100, help="open sessions at most")
    parser.add_argument("--tick", type=float, default=1.0,
                        help="seconds between simulated-car updates (0: the car stands still)")
    parser.add_argument("--idle-timeout", type=float, default=1800.0, metavar="SECONDS",
                        help="close sessions unused and unwatched this long (1800)")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="server processes on the one port (default 1); more than one "
                             "needs --session-db")
    parser.add_argument("--session-db", default=None, metavar="URL",
                        help="keep sessions in this PostgreSQL database "
                             "(postgresql+psycopg://user@host/db; INCABIN_SESSION_DB), so they "
                             "survive a restart and every worker can continue them")
    parser.add_argument("--dev", action="store_true",
                        help="development routes: POST /v1/dev/inject puts faults, trouble codes, "
                             "a harsh brake or a route drive into a session's simulated car")
    add_assistant_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``incabin serve`` until interrupted."""
    args.session_db = args.session_db or setting("session_db", "") or None
    config = _server_config(args)
    try:
        config.check()
        if args.workers < 1:
            raise WorkersNeedStore(f"--workers must be at least 1, not {args.workers}")
        if args.workers > 1 and not args.session_db:
            raise WorkersNeedStore(
                f"--workers {args.workers} needs --session-db postgresql+psycopg://…: without "
                "it each process would keep its own sessions, and a request reaching another "
                "process would not find its session")
        if args.session_db:
            SessionStore(args.session_db, pool_size=1).close()  # reachable; table created
        model = create_chat_model(args.llm) if args.workers == 1 else None
    except IncabinError as err:
        print(f"incabin: {err}", file=sys.stderr)
        return 2
    if not map_library.is_installed():
        print("incabin: the web page's map library is not installed; run "
              "`python -m incabin.interfaces.server.map_library` (scripts/setup_venv.sh does)",
              file=sys.stderr)
    try:
        if model is None:
            os.environ[WORKER_OPTIONS_ENV] = json.dumps(
                {name: getattr(args, name) for name in _WORKER_OPTIONS})
            print(f"incabin: serving on http://{config.host}:{config.port}/ "
                  f"({args.workers} workers, sessions in the database)", flush=True)
            serve_workers(config, f"{__name__}:worker_app", args.workers)
        else:
            manager = _manager(args, config, model)
            _start_loading(model)
            print(f"incabin: serving on http://{config.host}:{config.port}/ ({model.name})",
                  flush=True)
            serve(config, manager)
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
        pass
    return 0


def worker_app() -> FastAPI:
    """The application of one ``incabin serve --workers N`` process (uvicorn calls this in
    each worker, with the parent's options in ``INCABIN_SERVE_WORKER_OPTIONS``)."""
    args = argparse.Namespace(**json.loads(os.environ[WORKER_OPTIONS_ENV]))
    config = _server_config(args)
    model = create_chat_model(args.llm)  # one per process, shared by its sessions
    manager = _manager(args, config, model)
    _start_loading(model)
    return create_app(config, manager)


def _server_config(args: argparse.Namespace) -> ServerConfig:
    token = args.token or setting("token", "") or None
    # Flags win over the environment, as for the token.
    hosts = tuple(args.allowed_host) or split_hosts(setting("allowed_hosts", ""))
    return ServerConfig(host=args.host, port=args.port, token=token,
                        allow_origins=tuple(args.allow_origin), allowed_hosts=hosts,
                        max_sessions=args.max_sessions, tick_s=args.tick,
                        idle_s=args.idle_timeout, dev=args.dev)


def _manager(args: argparse.Namespace, config: ServerConfig, model: ChatModel) -> SessionManager:
    factory = _assistant_factory(args, model)
    options: dict[str, Any] = {"max_sessions": config.max_sessions, "tick_s": config.tick_s,
                               "idle_s": config.idle_s, "llm_name": model.name}
    if args.session_db:
        return SharedSessions(factory, SessionStore(args.session_db), **options)
    return SessionManager(factory, **options)


def _assistant_factory(args: argparse.Namespace, model: ChatModel) -> Callable[[str], Assistant]:
    """Sessions of one process share one profile store (one connection pool, not one per
    session); a guest store is each session's own, as nothing may pass between drivers."""
    spec = args.profiles
    if (spec or setting("profile_db", "")).strip().lower() in GUEST_URLS:
        def guest(driver: str) -> Assistant:
            return Assistant.create(model, args.vehicle, driver=driver, profiles=spec)
        return guest
    shared = open_profiles(spec).store

    def factory(driver: str) -> Assistant:
        profiles = Profiles(cast(ProfileStore, _KeepOpen(shared)))
        return Assistant.create(model, args.vehicle, driver=driver, profiles=profiles)
    return factory


class _KeepOpen:
    """The process's profile store as one session sees it: closing a session must not
    close the store the other sessions use (it closes when the process ends)."""

    def __init__(self, store: ProfileStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def close(self) -> None:
        """Nothing: the store outlives the session."""


def _start_loading(model: ChatModel) -> None:
    """The weights load lazily; start now, beside the server, so the first model turn
    does not wait for them (plain commands never do)."""
    loader = getattr(model, "load", None)
    if callable(loader):
        threading.Thread(target=_load_quietly, args=(loader,), daemon=True).start()


def _load_quietly(load: Callable[[], None]) -> None:
    """Load the model weights in the background; a failure shows on the first model turn."""
    try:
        load()
    except IncabinError as err:
        print(f"incabin: the model did not load: {err}", file=sys.stderr)
