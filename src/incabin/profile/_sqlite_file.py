"""The SQLite file before the store opens it read-write: created whole, or checked.

A new store is built under a temporary name and linked into place, so no process ever
finds a half-made, empty store file. An existing file that is empty, damaged, not a
database, or another application's database raises and is left exactly as it was, with
nothing added beside it: here it is only ever read, never opened for writing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from pathlib import Path

from incabin.profile._errors import CorruptStore, ForeignStore, StoreUnavailable
from incabin.profile._schema import APPLICATION_ID, OUR_TABLES

_HEADER = b"SQLite format 3\x00"
# SQLite's words for a damaged file, as opposed to a locked or unreadable one.
DAMAGED = re.compile(r"malformed|not a database|disk image|file is encrypted", re.IGNORECASE)


def create_sqlite_file(path: Path) -> None:
    """Create an empty incabin store at ``path`` unless something is there already.

    The file gets incabin's application id and WAL mode under a temporary name in the
    same folder and is then hard-linked into place. A process opening the store at the
    same moment therefore sees no file or a whole one, never the empty file that
    ``check_sqlite_file`` refuses; if it linked its own first, that one is used. The
    file is readable by its owner only: it holds personal data (home, diet, habits).
    """
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
        os.close(handle)
    except OSError as err:
        raise StoreUnavailable(f"The profile store {path} cannot be created: {err}") from err
    temporary = Path(name)
    try:
        con = sqlite3.connect(temporary)
        try:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            # WAL from the start, so the first read-write open need not rewrite the
            # header under a rollback -journal; closing this only connection removes
            # the temporary -wal and -shm again.
            con.execute("PRAGMA journal_mode = WAL")
        finally:
            con.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process created the store first; its file is used
        except OSError:
            # A filesystem without hard links (FAT): claim the name, then fill it. Only
            # here can a process opening the store at this very moment find it empty.
            _copy_unless_exists(temporary, path)
    except (OSError, sqlite3.Error) as err:
        raise StoreUnavailable(f"The profile store {path} cannot be created: {err}") from err
    finally:
        temporary.unlink(missing_ok=True)


def _copy_unless_exists(source: Path, target: Path) -> None:
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created the store first; its file is used
    with os.fdopen(handle, "wb") as out:
        out.write(source.read_bytes())


def check_sqlite_file(path: Path) -> None:
    """Raise CorruptStore or ForeignStore unless ``path`` is an incabin SQLite store.

    An empty (0-byte) file counts as damaged rather than as a new store: incabin never
    leaves one behind (see ``create_sqlite_file``), so it means a failed copy or restore
    or a full disk, and filling it with an empty store would hide that the driver's
    preferences are gone.
    """
    if path.is_dir():
        raise CorruptStore(f"The profile store {path} is a folder, not a SQLite file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_HEADER))
    except OSError as err:
        raise StoreUnavailable(f"The profile store {path} cannot be read: {err}") from err
    if not header:
        raise CorruptStore(
            f"The profile store {path} is an empty (0-byte) file, not a profile database; it "
            "was left untouched. Restore it from a backup, or delete it to start a new store."
        )
    if header != _HEADER:
        raise CorruptStore(
            f"The profile store {path} is not a SQLite database (damaged or another kind of "
            "file); it was left untouched. Move it away or point INCABIN_PROFILE_DB elsewhere."
        )
    try:
        con = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            rows = con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {row[0] for row in rows}
            verdict = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError as err:
        # Locked by another process or unreadable: a problem of access, not of content.
        if not DAMAGED.search(str(err)):
            raise StoreUnavailable(f"The profile store {path} cannot be read now: {err}") from err
        raise CorruptStore(
            f"The profile store {path} is damaged ({err}); it was left untouched.") from err
    except sqlite3.DatabaseError as err:
        raise CorruptStore(
            f"The profile store {path} is damaged ({err}); it was left untouched."
        ) from err
    if verdict != "ok":
        raise CorruptStore(
            f"The profile store {path} is damaged ({verdict}); it was left untouched.")
    ours = app_id == APPLICATION_ID or (app_id == 0 and tables and tables <= OUR_TABLES)
    if (tables and not ours) or app_id not in (0, APPLICATION_ID):
        raise ForeignStore(
            f"{path} is another application's SQLite database (tables: "
            f"{', '.join(sorted(tables)) or 'none'}); incabin will not write to it."
        )


def _read_only_uri(path: Path) -> str:
    """How to open ``path`` for the check without creating anything beside it.

    Even a read-only connection creates ``-wal`` and ``-shm`` files beside a WAL-mode
    database. Without a ``-wal`` the file alone holds the whole database, so it is read
    as immutable, which creates nothing (and takes no lock: a process that starts
    writing meanwhile can at worst make a sound store look damaged, an error that
    changes nothing). A ``-wal`` holds committed data that must be read too; the
    ``-shm`` that comes with it is reused, so again nothing is added.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return uri
