"""The SQL profile store (SQLAlchemy Core): a SQLite file on the device by default, or a
PostgreSQL database for a fleet backend.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE``, so two sessions writing for one driver queue instead of failing or
losing an update. PostgreSQL gets the same guarantee from a row lock on the driver.
``secure_delete`` plus a WAL checkpoint after every erase means forgotten values are
gone from the file, not just unlinked.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url

from incabin.profile import _schema as db
from incabin.profile._catalogue import CATALOGUE
from incabin.profile._errors import (
    CorruptStore,
    InvalidPreference,
    SchemaTooNew,
    StoreError,
    StoreUnavailable,
)
from incabin.profile._models import Preference, PreferenceSource
from incabin.profile._sqlite_file import DAMAGED, check_sqlite_file, create_sqlite_file
from incabin.profile._store import Change

log = logging.getLogger(__name__)

_BUSY_TIMEOUT_S = 20
_READ = {"incabin_read": True}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# "sqlite:/path", "postgresql:host": a URL missing its "//". One letter is a Windows drive.
_MISTYPED_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def _now() -> str:
    return datetime.now(UTC).isoformat()


def database_url(spec: str) -> URL:
    """The database URL for a store spec: a ``scheme://`` URL as it is, anything else the
    path of a SQLite file (``~`` expanded, relative to the working folder).

    Raises StoreUnavailable for a malformed URL, and for a spec that starts like one but
    lacks the ``//``, rather than creating a file of that name.
    """
    if _URL.match(spec):
        try:
            return make_url(spec)
        except (sa_exc.ArgumentError, ValueError) as err:  # ValueError: a port that is no number
            raise StoreUnavailable(f"{spec!r} is not a database URL: {err}") from err
    if _MISTYPED_URL.match(spec):
        raise StoreUnavailable(
            f"{spec!r} looks like a database URL without '//' (sqlite:///path/to/file, "
            "postgresql+psycopg://host/db); a file path must not start with 'name:'."
        )
    return URL.create("sqlite", database=str(Path(spec).expanduser().absolute()))


class SqlProfileStore:
    """A ProfileStore on a SQLAlchemy engine: a SQLite file (``sqlite:///...`` or a plain
    path) or ``postgresql+psycopg://...``."""

    def __init__(self, spec: str | URL) -> None:
        url = database_url(spec) if isinstance(spec, str) else spec
        self._dialect = url.get_backend_name()
        if self._dialect == "sqlite":
            if not url.database or url.database == ":memory:":
                raise StoreUnavailable(
                    "An in-memory SQLite store keeps nothing; use 'guest' for that."
                )
            path = Path(url.database).expanduser().absolute()
            create_sqlite_file(path)
            check_sqlite_file(path)
            # SQLite itself does not expand "~": the engine gets the path just checked.
            url = url.set(database=str(path))
        elif self._dialect != "postgresql":
            raise StoreUnavailable(
                f"Profile stores are SQLite or PostgreSQL URLs, not {url.drivername!r}."
            )
        self._engine = self._create_engine(url)
        try:
            self._migrate()
        except BaseException:
            self._engine.dispose()
            raise

    # -- set-up --------------------------------------------------------------------------

    def _create_engine(self, url: URL) -> Engine:
        try:
            if self._dialect == "sqlite":
                engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_S})
                event.listen(engine, "connect", _sqlite_connect)
                event.listen(engine, "begin", _sqlite_begin)
            else:
                engine = create_engine(
                    url, pool_pre_ping=True, connect_args={"connect_timeout": 10}
                )
        except (sa_exc.NoSuchModuleError, ModuleNotFoundError) as err:
            raise StoreUnavailable(
                f"The database driver for {url.drivername!r} is not installed "
                "(for PostgreSQL: pip install 'incabin[postgres]')."
            ) from err
        return engine

    def _migrate(self) -> None:
        with self._guard("open"):
            with self._engine.connect().execution_options(**_READ) as conn:
                found = self._version(conn)
            if found > db.CURRENT_VERSION:
                raise SchemaTooNew(
                    f"The profile store was written by a newer incabin (schema v{found}, this "
                    f"one knows v{db.CURRENT_VERSION}); it was left untouched."
                )
            if self._dialect == "sqlite":
                self._raw_sqlite("PRAGMA journal_mode=WAL")
            if found == db.CURRENT_VERSION:
                return
            with self._engine.begin() as conn:
                if self._dialect == "postgresql":
                    # Two processes opening a fresh database: one migrates, one waits.
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({db.APPLICATION_ID})")
                else:
                    conn.exec_driver_sql(f"PRAGMA application_id = {db.APPLICATION_ID}")
                version = self._version(conn)
                for number in range(version, db.CURRENT_VERSION):
                    for statement in db.MIGRATIONS[number]:
                        conn.exec_driver_sql(statement)
                    conn.execute(insert(db.schema_version).values(
                        version=number + 1, applied_at=_now()))
                    log.info("profile store migrated to schema v%d", number + 1)

    def _version(self, conn: Connection) -> int:
        if not conn.dialect.has_table(conn, "profile_schema_version"):
            if conn.dialect.has_table(conn, "profile_drivers"):
                raise StoreError(
                    "The database has incabin profile tables but no schema version; "
                    "it was left untouched."
                )
            return 0
        return int(conn.execute(select(func.max(db.schema_version.c.version))).scalar() or 0)

    def _raw_sqlite(self, statement: str) -> None:
        """Run a statement outside any transaction (journal mode, checkpoints)."""
        with self._engine.connect() as conn:
            raw: Any = conn.connection.dbapi_connection
            raw.execute(statement).fetchall()

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Translate database errors into StoreError with what was being done."""
        try:
            yield
        except sa_exc.DatabaseError as err:
            if DAMAGED.search(str(err.orig)):
                raise CorruptStore(
                    f"The profile store is damaged ({err.orig}); it could not {doing}.") from err
            if isinstance(err, sa_exc.OperationalError):
                raise StoreUnavailable(
                    f"The profile store could not {doing}: {err.orig}") from err
            raise StoreError(f"The profile store failed to {doing}: {err.orig}") from err

    # -- ProfileStore --------------------------------------------------------------------

    @property
    def persistent(self) -> bool:
        """Always True: this store writes to a database."""
        return True

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    def ensure_driver(self, driver_id: str, name: str) -> str:
        """Create the driver if new; return the stored display name."""
        with self._guard("save the driver"), self._engine.begin() as conn:
            return self._ensure(conn, driver_id, name)

    def _ensure(self, conn: Connection, driver_id: str, name: str) -> str:
        values = {"driver_id": driver_id, "name": name, "created_at": _now()}
        dialect = postgresql if self._dialect == "postgresql" else sqlite
        conn.execute(dialect.insert(db.drivers).values(**values).on_conflict_do_nothing())
        stored = conn.execute(
            select(db.drivers.c.name).where(db.drivers.c.driver_id == driver_id).with_for_update()
        ).scalar_one()
        return str(stored)

    def drivers(self) -> list[str]:
        """Display names of every stored driver, oldest first."""
        query = select(db.drivers.c.name).order_by(db.drivers.c.created_at, db.drivers.c.name)
        with self._guard("list drivers"), self._reading() as conn:
            return [str(name) for name in conn.execute(query).scalars()]

    def driver_name(self, driver_id: str) -> str | None:
        """The display name of a stored driver, or None."""
        query = select(db.drivers.c.name).where(db.drivers.c.driver_id == driver_id)
        with self._guard("read the driver"), self._reading() as conn:
            name = conn.execute(query).scalar()
        return None if name is None else str(name)

    def delete_driver(self, driver_id: str) -> bool:
        """Erase a driver with their preferences and key assignments."""
        with self._guard("delete the driver"), self._engine.begin() as conn:
            conn.execute(delete(db.driver_keys).where(db.driver_keys.c.driver_id == driver_id))
            conn.execute(delete(db.preferences).where(db.preferences.c.driver_id == driver_id))
            gone = conn.execute(delete(db.drivers).where(db.drivers.c.driver_id == driver_id))
        self._scrub()
        return bool(gone.rowcount)

    def driver_for_identifier(self, identifier: str) -> str | None:
        """The driver id a key or seat identifier is assigned to, or None."""
        query = select(db.driver_keys.c.driver_id).where(db.driver_keys.c.identifier == identifier)
        with self._guard("read the key assignment"), self._reading() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else str(found)

    def assign_identifier(self, identifier: str, driver_id: str) -> None:
        """Point a key or seat identifier at a driver (replacing any earlier one)."""
        with self._guard("assign the key"), self._engine.begin() as conn:
            conn.execute(delete(db.driver_keys).where(db.driver_keys.c.identifier == identifier))
            conn.execute(insert(db.driver_keys).values(
                identifier=identifier, driver_id=driver_id, assigned_at=_now()))

    def unassign_identifier(self, identifier: str) -> bool:
        """Drop a key or seat identifier; False if it was not assigned."""
        with self._guard("remove the key"), self._engine.begin() as conn:
            gone = conn.execute(
                delete(db.driver_keys).where(db.driver_keys.c.identifier == identifier))
        return bool(gone.rowcount)

    def load(self, driver_id: str) -> dict[str, Preference]:
        """The driver's preferences by key."""
        with self._guard("read preferences"), self._reading() as conn:
            return self._load(conn, driver_id)

    def _load(self, conn: Connection, driver_id: str) -> dict[str, Preference]:
        rows = conn.execute(select(db.preferences).where(db.preferences.c.driver_id == driver_id))
        loaded: dict[str, Preference] = {}
        for row in rows:
            pref = _decode(row.key, row.value, row.source, row.updated_at)
            if pref is not None:
                loaded[pref.key] = pref
        return {key: loaded[key] for key in CATALOGUE if key in loaded}

    def clear(self, driver_id: str) -> int:
        """Erase every preference row of a driver, readable by this version or not."""
        with self._guard("erase preferences"), self._engine.begin() as conn:
            gone = conn.execute(
                delete(db.preferences).where(db.preferences.c.driver_id == driver_id))
        self._scrub()
        return int(gone.rowcount)

    def transact(self, driver_id: str, name: str, change: Change) -> None:
        """Apply ``change`` atomically with the driver's row locked."""
        erased = False
        with self._guard("save preferences"), self._engine.begin() as conn:
            self._ensure(conn, driver_id, name)
            writes = change(self._load(conn, driver_id))
            for key, pref in writes.items():
                where = (db.preferences.c.driver_id == driver_id) & (db.preferences.c.key == key)
                conn.execute(delete(db.preferences).where(where))
                if pref is None:
                    erased = True
                    continue
                conn.execute(insert(db.preferences).values(
                    driver_id=driver_id, key=key, value=json.dumps(
                        CATALOGUE[key].to_json(pref.value), ensure_ascii=False),
                    source=pref.source.value, updated_at=pref.updated_at.isoformat()))
        if erased:
            self._scrub()

    def close(self) -> None:
        """Release every pooled connection."""
        self._engine.dispose()

    # -- helpers -------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        with self._engine.connect().execution_options(**_READ) as conn:
            yield conn

    def _scrub(self) -> None:
        """Push erased pages out of the WAL into the (secure_delete) file and empty the WAL."""
        if self._dialect != "sqlite":
            return
        with self._guard("erase"):
            self._raw_sqlite("PRAGMA wal_checkpoint(TRUNCATE)")


def _decode(key: str, raw: str, source: str, updated_at: str) -> Preference | None:
    """A stored row as a Preference; rows this version cannot read are kept but skipped."""
    spec = CATALOGUE.get(key)
    try:
        if spec is None:
            raise InvalidPreference(key, raw, "not a key this version of incabin knows")
        return Preference(key, spec.validate(json.loads(raw)), PreferenceSource(source),
                          datetime.fromisoformat(updated_at))
    except (ValueError, InvalidPreference) as err:
        log.warning("skipping stored preference %s: %s", key, err)
        return None


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own BEGIN handling is switched off so that _sqlite_begin decides.
    dbapi_connection.isolation_level = None
    for pragma in ("secure_delete = ON", "foreign_keys = ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the lock up front: no deadlock upgrading a read lock, no lost update.
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("incabin_read")
                         else "BEGIN IMMEDIATE")
