"""Checks on an existing SQLite file before the store touches it.

A file that is damaged, not a database, or another application's database raises
and is left byte for byte as it was: it is only ever opened read-only here.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from incabin.profile._errors import CorruptStore, ForeignStore, StoreUnavailable
from incabin.profile._schema import APPLICATION_ID, OUR_TABLES

_HEADER = b"SQLite format 3\x00"
# SQLite's words for a damaged file, as opposed to a locked or unreadable one.
DAMAGED = re.compile(r"malformed|not a database|disk image|file is encrypted", re.IGNORECASE)


def check_sqlite_file(path: Path) -> None:
    """Raise CorruptStore or ForeignStore unless ``path`` is absent, empty or ours."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise CorruptStore(f"The profile store {path} is a folder, not a SQLite file.")
    with path.open("rb") as handle:
        header = handle.read(len(_HEADER))
    if header != _HEADER:
        raise CorruptStore(
            f"The profile store {path} is not a SQLite database (damaged or another kind of "
            "file); it was left untouched. Move it away or point INCABIN_PROFILE_DB elsewhere."
        )
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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
