"""The infotainment server: REST and WebSocket over FastAPI, and the in-car web page.

    from incabin.interfaces.server import ServerConfig, SessionManager, create_app
    manager = SessionManager(lambda driver: Assistant.create("embedded", "sim", driver=driver))
    app = create_app(ServerConfig(), manager)   # run with uvicorn

``incabin serve`` does this from the command line. Sessions kept in PostgreSQL, shared by
several server processes (``incabin serve --workers N --session-db URL``):

    manager = SharedSessions(factory, SessionStore("postgresql+psycopg://host/db"))
"""

from incabin.interfaces.server._errors import (
    CorruptSession,
    ForbiddenOrigin,
    InsecureBind,
    ServerError,
    SessionConflict,
    SessionStoreError,
    SessionStoreUnavailable,
    TooManySessions,
    Unauthorized,
    UnknownSession,
    UnsupportedSessionStore,
    WorkersNeedStore,
)
from incabin.interfaces.server.app import create_app
from incabin.interfaces.server.config import MAX_BODY_BYTES, ServerConfig, is_loopback
from incabin.interfaces.server.runner import ServerThread, serve, serve_workers
from incabin.interfaces.server.session_store import SessionStore
from incabin.interfaces.server.sessions import (
    PANEL_PATHS,
    AssistantFactory,
    Listener,
    Session,
    SessionManager,
)
from incabin.interfaces.server.shared_sessions import SharedSessions

__all__ = [
    "MAX_BODY_BYTES",
    "PANEL_PATHS",
    "AssistantFactory",
    "CorruptSession",
    "ForbiddenOrigin",
    "InsecureBind",
    "Listener",
    "ServerConfig",
    "ServerError",
    "ServerThread",
    "Session",
    "SessionConflict",
    "SessionManager",
    "SessionStore",
    "SessionStoreError",
    "SessionStoreUnavailable",
    "SharedSessions",
    "TooManySessions",
    "Unauthorized",
    "UnknownSession",
    "UnsupportedSessionStore",
    "WorkersNeedStore",
    "create_app",
    "is_loopback",
    "serve",
    "serve_workers",
]
