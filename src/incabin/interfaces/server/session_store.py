"""Sessions in PostgreSQL: one row per open session, shared by every server process.

A row holds the session's driver, language, a version and its state as JSON text (the
conversation and the car: ``shared_sessions``). Text, not JSONB: a damaged row must
still be readable, to be reported as damaged rather than hidden by a driver error.

``hold(id)`` locks one row (``SELECT … FOR UPDATE``) for the length of a request that
changes the session: two processes never run turns of one session at once, and a process
killed mid-turn rolls its transaction back with its connection, so the row keeps the state
from before that turn (and releases the lock at once).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from incabin.interfaces.server._errors import (
    SessionStoreUnavailable,
    UnknownSession,
    UnsupportedSessionStore,
)

_metadata = MetaData()
sessions_table = Table(
    "incabin_sessions", _metadata,
    Column("id", String(64), primary_key=True),
    Column("driver", String(200), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("version", Integer, nullable=False),
    Column("state", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("touched_at", DateTime(timezone=True), nullable=False, index=True),
)
# Taken while creating the table, so processes starting together do not race on it.
_SCHEMA_LOCK = 0x1AC0_5E55


@dataclass(frozen=True)
class StoredSession:
    """One row as read: ``state`` is the raw text, parsed by the caller."""

    id: str
    driver: str
    lang: str
    version: int
    state: str


class Held:
    """A row locked for one request: read it, then ``save`` the new state (or not)."""

    def __init__(self, conn: Connection, row: StoredSession) -> None:
        self._conn = conn
        self.row = row
        self.version = row.version

    def save(self, state: str) -> int:
        """Write the new state with the next version (committed when the hold ends)."""
        self.version += 1
        self._conn.execute(update(sessions_table).where(sessions_table.c.id == self.row.id)
                           .values(state=state, version=self.version, touched_at=_now()))
        return self.version

    def delete(self) -> None:
        """Remove the row (committed when the hold ends)."""
        self._conn.execute(delete(sessions_table).where(sessions_table.c.id == self.row.id))


class SessionStore:
    """The ``incabin_sessions`` table of a PostgreSQL database (created when missing)."""

    def __init__(self, url: str, pool_size: int = 8) -> None:
        self.url = _postgres_url(url)
        self._where = self.url.render_as_string(hide_password=True)
        try:
            self._engine = create_engine(self.url, pool_size=pool_size, max_overflow=pool_size,
                                         pool_pre_ping=True, pool_timeout=30)
        except ImportError as err:
            raise UnsupportedSessionStore(
                f"the PostgreSQL driver is not installed ({err}): "
                "pip install 'incabin[postgres]'") from err
        with self._connected():
            with self._engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
                _metadata.create_all(conn, checkfirst=True)

    def insert(self, row: StoredSession) -> None:
        """Store a new session."""
        now = _now()
        with self._connected(), self._engine.begin() as conn:
            conn.execute(insert(sessions_table).values(
                id=row.id, driver=row.driver, lang=row.lang, version=row.version,
                state=row.state, created_at=now, touched_at=now))

    def count(self) -> int:
        """How many sessions are open, over every process."""
        with self._connected(), self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(sessions_table)).scalar_one())

    def peek(self, session_id: str) -> StoredSession | None:
        """The committed row, without locking it (None: no such session)."""
        with self._connected(), self._engine.connect() as conn:
            found = conn.execute(select(*_columns()).where(
                sessions_table.c.id == session_id)).first()
        return None if found is None else StoredSession(*found)

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        """The committed version of each of ``ids`` that still exists."""
        wanted = list(ids)
        if not wanted:
            return {}
        with self._connected(), self._engine.connect() as conn:
            rows = conn.execute(select(sessions_table.c.id, sessions_table.c.version)
                                .where(sessions_table.c.id.in_(wanted))).all()
        return {row[0]: int(row[1]) for row in rows}

    @contextmanager
    def hold(self, session_id: str) -> Iterator[Held]:
        """Lock one session's row for a request; ``UnknownSession`` when there is none.
        An exception inside rolls back whatever was saved."""
        with self._connected(), self._engine.begin() as conn:
            found = conn.execute(select(*_columns()).where(sessions_table.c.id == session_id)
                                 .with_for_update()).first()
            if found is None:
                raise UnknownSession(session_id)
            yield Held(conn, StoredSession(*found))

    def touch(self, ids: Iterable[str]) -> None:
        """Mark sessions as in use now (a WebSocket follows them), so they do not expire."""
        wanted = list(ids)
        if wanted:
            with self._connected(), self._engine.begin() as conn:
                conn.execute(update(sessions_table).where(sessions_table.c.id.in_(wanted))
                             .values(touched_at=_now()))

    def expire(self, idle_s: float) -> list[str]:
        """Delete sessions unused for ``idle_s``; rows another process holds are skipped."""
        cutoff = _now() - timedelta(seconds=idle_s)
        with self._connected(), self._engine.begin() as conn:
            idle = conn.execute(select(sessions_table.c.id)
                                .where(sessions_table.c.touched_at < cutoff)
                                .with_for_update(skip_locked=True)).scalars().all()
            if idle:
                conn.execute(delete(sessions_table).where(sessions_table.c.id.in_(idle)))
        return list(idle)

    def close(self) -> None:
        """Close the connections."""
        self._engine.dispose()

    @contextmanager
    def _connected(self) -> Iterator[None]:
        try:
            yield
        except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError) as err:
            raise SessionStoreUnavailable(
                f"the session store {self._where} cannot be reached: "
                f"{str(getattr(err, 'orig', None) or err).strip().splitlines()[0][:300]}"
            ) from err


def _postgres_url(spec: str) -> URL:
    try:
        url = make_url(spec)
    except (sa_exc.ArgumentError, ValueError) as err:
        raise UnsupportedSessionStore(f"{spec[:200]!r} is not a database URL: {err}") from err
    if url.get_backend_name() != "postgresql":
        raise UnsupportedSessionStore(
            "sessions shared between server processes need PostgreSQL "
            f"(postgresql+psycopg://user@host/db), not {url.get_backend_name()!r}")
    if url.drivername == "postgresql":  # the plain scheme means psycopg2, which is not installed
        url = url.set(drivername="postgresql+psycopg")
    return url


def _columns() -> tuple[Column[object], ...]:
    c = sessions_table.c
    return (c.id, c.driver, c.lang, c.version, c.state)  # type: ignore[return-value]


def _now() -> datetime:
    return datetime.now(UTC)
