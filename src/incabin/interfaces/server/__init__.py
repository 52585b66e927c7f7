"""The infotainment server: REST and WebSocket over FastAPI, and the in-car web page.

    from incabin.interfaces.server import ServerConfig, SessionManager, create_app
    manager = SessionManager(lambda driver: Assistant.create("embedded", "sim", driver=driver))
    app = create_app(ServerConfig(), manager)   # run with uvicorn

``incabin serve`` does this from the command line.
"""

from incabin.interfaces.server._errors import (
    ForbiddenOrigin,
    InsecureBind,
    ServerError,
    TooManySessions,
    Unauthorized,
    UnknownSession,
)
from incabin.interfaces.server.app import create_app
from incabin.interfaces.server.config import MAX_BODY_BYTES, ServerConfig, is_loopback
from incabin.interfaces.server.runner import ServerThread, serve
from incabin.interfaces.server.sessions import (
    PANEL_PATHS,
    AssistantFactory,
    Listener,
    Session,
    SessionManager,
)

__all__ = [
    "MAX_BODY_BYTES",
    "PANEL_PATHS",
    "AssistantFactory",
    "ForbiddenOrigin",
    "InsecureBind",
    "Listener",
    "ServerConfig",
    "ServerError",
    "ServerThread",
    "Session",
    "SessionManager",
    "TooManySessions",
    "Unauthorized",
    "UnknownSession",
    "create_app",
    "is_loopback",
    "serve",
]
