"""Errors of the server: each maps to one HTTP status and one stable JSON error code.

    ServerError
    ├── UnknownSession      404 unknown_session: no session has that id (or it was closed)
    ├── TooManySessions     503 too_many_sessions: the server's session limit is reached
    ├── Unauthorized        401 unauthorized: a token is required and was missing or wrong
    ├── ForbiddenOrigin     403 forbidden_origin: a browser page from another origin
    ├── InsecureBind        refuse to start: bound beyond loopback without a token
    ├── InvalidFault        422 invalid_fault: a fault to inject that the car cannot have
    ├── SessionStoreError   sessions kept in PostgreSQL for many server processes
    │   ├── SessionStoreUnavailable  503 session_store_unavailable: the database cannot be reached
    │   ├── CorruptSession           500 corrupt_session: a stored session cannot be read back
    │   ├── SessionConflict          409 session_conflict: another process changed the session
    │   │                            while this one answered beside a running turn
    │   └── UnsupportedSessionStore  refuse to start: not a PostgreSQL URL
    ├── WorkersNeedStore    refuse to start: several processes without a shared session store
    └── MapLibraryError     the web map's library could not be vendored (setup, never at run time)
        ├── MapLibraryUnavailable   the pinned tarball could not be fetched or lacks a file
        └── MapLibraryChecksumError the tarball does not match its pinned integrity hash
"""

from __future__ import annotations

from incabin._errors import IncabinError


class ServerError(IncabinError):
    """Base of the server's errors; ``status`` and ``code`` are what the client sees."""

    status = 400
    code = "bad_request"


class UnknownSession(ServerError):
    """No open session has this id."""

    status = 404
    code = "unknown_session"

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(f"no open session {session_id[:80]!r}; create one with POST /v1/sessions")


class TooManySessions(ServerError):
    """The server already holds its maximum number of sessions."""

    status = 503
    code = "too_many_sessions"


class Unauthorized(ServerError):
    """A token is required for this request and none, or a wrong one, was given."""

    status = 401
    code = "unauthorized"


class ForbiddenOrigin(ServerError):
    """A browser request from an origin the server was not told to allow."""

    status = 403
    code = "forbidden_origin"


class InsecureBind(ServerError):
    """The server would listen beyond this machine with no token protecting the car."""


class InvalidFault(ServerError):
    """A fault injection the session's car cannot take (no simulator, unknown wheel)."""

    status = 422
    code = "invalid_fault"


class SessionStoreError(ServerError):
    """Sessions kept in PostgreSQL could not be read or written."""

    status = 503
    code = "session_store_error"


class SessionStoreUnavailable(SessionStoreError):
    """The session database cannot be reached: nothing was changed."""

    status = 503
    code = "session_store_unavailable"


class CorruptSession(SessionStoreError):
    """A stored session that cannot be read back; its row is left as it is for inspection."""

    status = 500
    code = "corrupt_session"

    def __init__(self, session_id: str, problem: str) -> None:
        self.session_id = session_id
        super().__init__(f"session {session_id[:80]!r} is stored damaged and cannot be "
                         f"continued ({problem}); other sessions are not affected; "
                         "close it with DELETE /v1/sessions/{id} and open a new one")


class SessionConflict(SessionStoreError):
    """Another process changed the session while this one answered a fast command."""

    status = 409
    code = "session_conflict"


class UnsupportedSessionStore(SessionStoreError):
    """A session store URL that is not PostgreSQL (refused at start)."""

    code = "unsupported_session_store"


class WorkersNeedStore(ServerError):
    """Several server processes were asked for, but sessions would live in one process's
    memory, so a session would exist on one worker only."""


class MapLibraryError(ServerError):
    """The map library could not be vendored."""


class MapLibraryUnavailable(MapLibraryError):
    """The pinned tarball could not be fetched, or it lacks a file the page needs."""


class MapLibraryChecksumError(MapLibraryError):
    """The fetched tarball is not the pinned release: nothing was installed."""
