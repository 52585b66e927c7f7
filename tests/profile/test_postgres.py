"""The fleet path: the same store on a real PostgreSQL server (see conftest.py)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from incabin.profile import SchemaTooNew, StoreUnavailable, open_profiles
from incabin.profile._schema import CURRENT_VERSION, MIGRATIONS

WRITER = Path(__file__).with_name("writer_process.py")


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_schema_is_created_and_versioned(postgres_url: str) -> None:
    with open_profiles(postgres_url) as profiles:
        profiles.driver("Lin").set("places.home", "Kamppi")
    with open_profiles(postgres_url) as profiles:  # second open: nothing to migrate
        assert profiles.driver("Lin").get("places.home").name == "Kamppi"
    assert _query(postgres_url, "SELECT version FROM profile_schema_version ORDER BY 1") == [
        (v,) for v in range(1, CURRENT_VERSION + 1)]


def test_forget_deletes_the_rows(postgres_url: str) -> None:
    with open_profiles(postgres_url) as profiles:
        lin = profiles.driver("Lin")
        lin.update({"places.home": "Secret Lane 17", "food.diet": ["halal"]})
        lin.forget("places.home")
        profiles.driver("Alex").set("units", "imperial")
        profiles.delete_driver("Alex")
    assert _query(postgres_url, "SELECT driver_id, key FROM profile_preferences") == [
        ("lin", "food.diet")]
    assert _query(postgres_url, "SELECT name FROM profile_drivers") == [("Lin",)]


def test_newer_schema_is_refused(postgres_url: str) -> None:
    open_profiles(postgres_url).close()
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO profile_schema_version VALUES (:v, 'future')"),
                     {"v": CURRENT_VERSION + 1})
    engine.dispose()
    with pytest.raises(SchemaTooNew):
        open_profiles(postgres_url)


def test_threads_and_processes_lose_nothing(postgres_url: str) -> None:
    with open_profiles(postgres_url) as profiles:
        lin = profiles.driver("Lin")
        writers = [subprocess.Popen([sys.executable, str(WRITER), postgres_url, "Lin", tag, "15"],
                                    stderr=subprocess.PIPE) for tag in ("p", "q")]

        def add(tag: str) -> None:
            for n in range(15):
                lin.add("places.favourites", f"{tag}-{n}")

        threads = [threading.Thread(target=add, args=(tag,)) for tag in ("t", "u")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for process in writers:
            _out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode()
        names = sorted(p.name for p in lin.get("places.favourites"))
    assert names == sorted(f"{tag}-{n}" for tag in "pqtu" for n in range(15))


def test_unreachable_server_is_a_clear_error(postgres_server: str) -> None:
    with pytest.raises(StoreUnavailable, match="could not open"):
        open_profiles("postgresql+psycopg://incabin@127.0.0.1:1/profiles")


def test_upgrade_from_schema_v1(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(text(statement))
        conn.execute(text("INSERT INTO profile_schema_version VALUES (1, '2025-01-01')"))
        conn.execute(text("INSERT INTO profile_drivers VALUES ('lin', 'Lin', '2025-01-01')"))
        conn.execute(text("INSERT INTO profile_preferences VALUES ('lin', 'route.mode', "
                          "'\"eco\"', 'settings', '2025-01-01T00:00:00+00:00')"))
    engine.dispose()
    with open_profiles(postgres_url) as profiles:
        profiles.assign_key("fob-1", "Lin")
        assert profiles.driver("fob-1").get("route.mode") == "eco"
    assert _query(postgres_url, "SELECT version FROM profile_schema_version ORDER BY 1") == [
        (v,) for v in range(1, CURRENT_VERSION + 1)]
