"""``incabin serve``: the HTTP/WebSocket server and the in-car web page at ``/``."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable

from incabin import IncabinError
from incabin._config import setting
from incabin.agents import Assistant
from incabin.interfaces.chat_cmd import add_assistant_options
from incabin.interfaces.server import ServerConfig, SessionManager, map_library, serve
from incabin.interfaces.server.config import split_hosts
from incabin.llm import create_chat_model

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
    parser.add_argument("--dev", action="store_true",
                        help="development routes: POST /v1/dev/inject puts faults, trouble codes, "
                             "a harsh brake or a route drive into a session's simulated car")
    add_assistant_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``incabin serve`` until interrupted."""
    token = args.token or setting("token", "") or None
    # Flags win over the environment, as for the token.
    hosts = tuple(args.allowed_host) or split_hosts(setting("allowed_hosts", ""))
    config = ServerConfig(host=args.host, port=args.port, token=token,
                          allow_origins=tuple(args.allow_origin), allowed_hosts=hosts,
                          max_sessions=args.max_sessions, tick_s=args.tick,
                          idle_s=args.idle_timeout, dev=args.dev)
    try:
        config.check()
        model = create_chat_model(args.llm)  # one model, shared by every session
    except IncabinError as err:
        print(f"incabin: {err}", file=sys.stderr)
        return 2

    def factory(driver: str) -> Assistant:
        return Assistant.create(model, args.vehicle, driver=driver, profiles=args.profiles)

    manager = SessionManager(factory, max_sessions=config.max_sessions, tick_s=config.tick_s,
                             idle_s=config.idle_s, llm_name=model.name)
    # The weights load lazily; start now, beside the server, so the first model turn
    # does not wait for them (plain commands never do).
    loader = getattr(model, "load", None)
    if callable(loader):
        threading.Thread(target=_load_quietly, args=(loader,), daemon=True).start()
    print(f"incabin: serving on http://{config.host}:{config.port}/ ({model.name})", flush=True)
    if not map_library.is_installed():
        print("incabin: the web page's map library is not installed; run "
              "`python -m incabin.interfaces.server.map_library` (scripts/setup_venv.sh does)",
              file=sys.stderr)
    try:
        serve(config, manager)
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after its graceful shutdown
        pass
    return 0


def _load_quietly(load: Callable[[], None]) -> None:
    """Load the model weights in the background; a failure shows on the first model turn."""
    try:
        load()
    except IncabinError as err:
        print(f"incabin: the model did not load: {err}", file=sys.stderr)
