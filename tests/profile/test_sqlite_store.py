"""The on-device SQLite store: privacy (erased means gone from the file), damaged and
foreign files, schema migrations, and concurrent writers."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from incabin.profile import (
    CorruptStore,
    ForeignStore,
    SchemaTooNew,
    StoreUnavailable,
    open_profiles,
)
from incabin.profile._schema import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS

SECRET = "Secret Lane 17"
WRITER = Path(__file__).with_name("writer_process.py")


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _on_disk(path: Path) -> bytes:
    """Every byte the store has on disk: the database and its WAL."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _folder(path: Path) -> list[str]:
    """What lies beside the store: refusing a file must not add -wal/-shm/-journal files."""
    return sorted(p.name for p in path.parent.iterdir())


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_default_store_is_a_file_under_incabin_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCABIN_HOME", str(tmp_path))
    monkeypatch.delenv("INCABIN_PROFILE_DB", raising=False)
    with open_profiles() as profiles:
        profiles.driver("Lin").set("language", "zh")
    with open_profiles() as profiles:
        assert profiles.driver("Lin").get("language") == "zh"
    assert _rows(tmp_path / "profiles.sqlite", "SELECT key, value FROM profile_preferences") == [
        ("language", '"zh"')]


def test_env_variable_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere" / "p.sqlite"
    monkeypatch.setenv("INCABIN_PROFILE_DB", _url(target))
    with open_profiles() as profiles:
        profiles.driver("Lin").set("units", "imperial")
    assert target.exists()


def test_forget_erases_the_value_from_the_file(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        lin = profiles.driver("Lin")
        lin.set("places.home", SECRET + " (old)")
        lin.set("places.home", SECRET)
        lin.set("food.diet", ["halal"])
        assert SECRET.encode() in _on_disk(sqlite_path)  # the check below can fail
        assert lin.forget("places.home")
        assert SECRET.encode() not in _on_disk(sqlite_path)
        assert lin.get("food.diet") == ["halal"]
    assert _rows(sqlite_path, "SELECT key FROM profile_preferences") == [("food.diet",)]
    assert SECRET.encode() not in sqlite_path.read_bytes()


def test_forget_all_and_delete_driver_leave_no_trace(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        lin = profiles.driver("Lindqvist-Marjatta")
        lin.update({"places.home": SECRET, "places.work": "Office Tower 9",
                    "food.cuisine": ["sichuan"]})
        profiles.driver("Alex").set("climate.temperature", 20)
        assert lin.forget_all() == 3
        assert b"Office Tower 9" not in _on_disk(sqlite_path)
        profiles.assign_key("fob-secret-99", "Lindqvist-Marjatta")
        assert profiles.delete_driver("Lindqvist-Marjatta")
        data = _on_disk(sqlite_path)
        assert b"Lindqvist-Marjatta" not in data and b"fob-secret-99" not in data
    assert _rows(sqlite_path, "SELECT name FROM profile_drivers") == [("Alex",)]
    assert _rows(sqlite_path, "SELECT count(*) FROM profile_driver_keys") == [(0,)]


def test_forget_all_erases_rows_this_version_cannot_read(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        profiles.driver("Lin").set("language", "zh")
    con = sqlite3.connect(sqlite_path)
    con.execute("INSERT INTO profile_preferences VALUES ('lin', 'future.mood', '\"sunny\"', "
                "'explicit', '2030-01-01T00:00:00+00:00')")
    con.commit()
    con.close()
    with open_profiles(_url(sqlite_path)) as profiles:
        lin = profiles.driver("Lin")
        assert lin.values() == {"language": "zh"}  # the unknown row is skipped, not lost
        assert lin.forget_all() == 2
    assert _rows(sqlite_path, "SELECT count(*) FROM profile_preferences") == [(0,)]
    assert b"sunny" not in _on_disk(sqlite_path)


@pytest.mark.parametrize("content", [
    b"just some text, not a database\n",
    b"SQLite format 3\x00" + b"\xff" * 300,
], ids=["text-file", "garbage-after-header"])
def test_not_a_database_is_refused_and_untouched(sqlite_path: Path, content: bytes) -> None:
    sqlite_path.write_bytes(content)
    with pytest.raises(CorruptStore, match="left untouched"):
        open_profiles(_url(sqlite_path))
    assert sqlite_path.read_bytes() == content
    assert _folder(sqlite_path) == [sqlite_path.name]


def test_damaged_store_is_refused_and_untouched(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        lin = profiles.driver("Lin")
        for n in range(60):
            lin.add("places.favourites", f"Place number {n} " + "x" * 80)
    data = bytearray(sqlite_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2: page * 2 + 200] = b"\x5a" * 200  # scribble over the third page
    sqlite_path.write_bytes(bytes(data))
    assert _folder(sqlite_path) == [sqlite_path.name]  # the store was closed cleanly
    with pytest.raises(CorruptStore, match="damaged"):
        open_profiles(_url(sqlite_path))
    assert sqlite_path.read_bytes() == bytes(data)
    assert _folder(sqlite_path) == [sqlite_path.name]  # no -wal, -shm or -journal left


def test_empty_file_is_refused_and_untouched(sqlite_path: Path) -> None:
    sqlite_path.touch()
    with pytest.raises(CorruptStore, match=r"empty \(0-byte\).*left untouched.*delete it"):
        open_profiles(str(sqlite_path))
    assert sqlite_path.read_bytes() == b""
    assert _folder(sqlite_path) == [sqlite_path.name]


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_foreign_database_is_refused_and_untouched(sqlite_path: Path, journal: str) -> None:
    con = sqlite3.connect(sqlite_path)
    con.execute(f"PRAGMA journal_mode = {journal}")  # many applications use WAL too
    con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    con.execute("INSERT INTO contacts VALUES ('Lin', '+358 40 123')")
    con.commit()
    con.close()
    before = sqlite_path.read_bytes()
    with pytest.raises(ForeignStore, match="contacts"):
        open_profiles(_url(sqlite_path))
    assert sqlite_path.read_bytes() == before
    assert _folder(sqlite_path) == [sqlite_path.name]


def test_newer_schema_is_refused_and_untouched(sqlite_path: Path) -> None:
    open_profiles(_url(sqlite_path)).close()
    con = sqlite3.connect(sqlite_path)
    con.execute("INSERT INTO profile_schema_version VALUES (?, 'the future')",
                (CURRENT_VERSION + 1,))
    con.commit()
    con.close()
    before = sqlite_path.read_bytes()
    with pytest.raises(SchemaTooNew, match=f"v{CURRENT_VERSION + 1}"):
        open_profiles(_url(sqlite_path))
    assert sqlite_path.read_bytes() == before


def test_upgrade_from_schema_v1(sqlite_path: Path) -> None:
    con = sqlite3.connect(sqlite_path)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO profile_schema_version VALUES (1, '2025-01-01T00:00:00+00:00')")
    con.execute("INSERT INTO profile_drivers VALUES ('lin', 'Lin', '2025-01-01T00:00:00+00:00')")
    con.execute("INSERT INTO profile_preferences VALUES "
                "('lin', 'climate.temperature', '22.5', 'explicit', '2025-01-01T00:00:00+00:00')")
    con.commit()
    con.close()
    with open_profiles(_url(sqlite_path)) as profiles:
        assert profiles.driver("Lin").get("climate.temperature") == 22.5
        profiles.assign_key("fob-1", "Lin")  # needs the v2 table
        assert profiles.driver("fob-1").name == "Lin"
    assert _rows(sqlite_path, "SELECT version FROM profile_schema_version ORDER BY version") == [
        (v,) for v in range(1, CURRENT_VERSION + 1)]


def test_reopening_keeps_everything(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        profiles.assign_key("fob-1", "Lin")
        profiles.driver("Lin").update({"route.avoid": ["tolls"], "charging.min_arrival_soc": 20})
    with open_profiles(_url(sqlite_path)) as profiles:
        assert profiles.driver("fob-1").values() == {
            "route.avoid": ["tolls"], "charging.min_arrival_soc": 20}


def test_bad_urls_are_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreUnavailable, match="not a database URL"):
        open_profiles("postgresql://lin@localhost:no-port/profiles")
    with pytest.raises(StoreUnavailable, match="without '//'"):
        open_profiles("sqlite:/profiles.sqlite")  # a mistyped URL, not a file name
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(StoreUnavailable, match="guest"):
        open_profiles("sqlite://")
    with pytest.raises(StoreUnavailable, match="SQLite or PostgreSQL"):
        open_profiles("mysql://root@localhost/profiles")
    with pytest.raises(CorruptStore, match="folder"):
        open_profiles(_url(tmp_path))


def test_threads_writing_one_driver_lose_nothing(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        errors: list[BaseException] = []

        def writer(tag: str) -> None:
            try:
                lin = profiles.driver("Lin")  # each thread its own view, one driver
                for n in range(25):
                    lin.add("places.favourites", f"{tag}-{n}")
            except BaseException as err:  # noqa: BLE001 - reported by the main thread
                errors.append(err)

        threads = [threading.Thread(target=writer, args=(f"t{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        names = {p.name for p in profiles.driver("Lin").get("places.favourites")}
        assert names == {f"t{i}-{n}" for i in range(4) for n in range(25)}


def test_processes_writing_one_driver_lose_nothing(sqlite_path: Path) -> None:
    # No store yet: the two processes also race to create and migrate it.
    writers = [subprocess.Popen([sys.executable, str(WRITER), _url(sqlite_path), "Lin", tag, "30"],
                                stderr=subprocess.PIPE)
               for tag in ("a", "b")]
    for process in writers:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with open_profiles(_url(sqlite_path)) as profiles:
        names = [p.name for p in profiles.driver("Lin").get("places.favourites")]
    assert sorted(names) == sorted(f"{tag}-{n}" for tag in ("a", "b") for n in range(30))


def test_damage_found_while_open_is_a_corrupt_store_error(sqlite_path: Path) -> None:
    with open_profiles(_url(sqlite_path)) as profiles:
        lin = profiles.driver("Lin")
        for n in range(60):
            lin.add("places.favourites", f"Place number {n} " + "x" * 80)
        profiles.store.close()  # drop pooled connections and their page cache
        data = bytearray(sqlite_path.read_bytes())
        page = int.from_bytes(data[16:18], "big")
        for start in range(page, len(data), page):  # every page but the schema page
            data[start: start + 100] = b"\x5a" * 100
        sqlite_path.write_bytes(bytes(data))
        with pytest.raises(CorruptStore, match="damaged"):
            lin.items()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-links", "no-hard-links"])
def test_new_store_is_one_private_file(sqlite_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       hard_links: bool) -> None:
    if not hard_links:  # a FAT memory card, for instance
        def no_link(*_args: object, **_kwargs: object) -> None:
            raise PermissionError(1, "Operation not permitted")
        monkeypatch.setattr(os, "link", no_link)
    with open_profiles(_url(sqlite_path)) as profiles:
        profiles.driver("Lin").set("places.home", SECRET)
    assert _folder(sqlite_path) == [sqlite_path.name]  # no temporary file left behind
    assert stat.S_IMODE(sqlite_path.stat().st_mode) == 0o600  # preferences are personal
    with open_profiles(_url(sqlite_path)) as profiles:
        assert profiles.driver("Lin").get("places.home").name == SECRET
