"""Fixtures for the profile tests: temporary SQLite files and a real PostgreSQL server.

The PostgreSQL server comes from Debian's ``postgresql`` package
(scripts/test_system_packages.txt): ``initdb`` into a temporary folder, then ``postgres``
on a free 127.0.0.1 port. PostgreSQL refuses to run as root, so under root it runs as
``nobody`` through ``runuser``.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from incabin.profile import Profiles, open_profiles

PG_USER = "incabin"


def _pg_bindir() -> Path | None:
    found = shutil.which("postgres") or shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "nobody", "--", *command]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running PostgreSQL server; yields the base URL without a database name."""
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (Debian package 'postgresql', listed in "
                    "scripts/test_system_packages.txt)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: PostgreSQL refuses to run as root")
    pytest.importorskip("psycopg", reason="psycopg is in the test extra")
    folder = Path(tempfile.mkdtemp(prefix="incabin-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", PG_USER,
                                    "--auth=trust", "--no-sync", "-E", "UTF8"]),
                   check=True, capture_output=True, cwd=folder)
    port = _free_port()
    server = subprocess.Popen(
        _as_server_user([str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1",
                         "-p", str(port), "-k", str(folder), "-F"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=folder)
    try:
        _wait_until_ready(port, server)
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        if server.poll() is not None:
            log = server.stderr.read().decode() if server.stderr else ""
            raise RuntimeError(f"postgres exited: {log}")
        try:
            psycopg.connect(f"host=127.0.0.1 port={port} user={PG_USER} dbname=postgres").close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


_numbers = itertools.count()


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the test server."""
    import psycopg

    name = f"profiles_{os.getpid()}_{next(_numbers)}"
    conninfo = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{postgres_server}/{name}"


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """Where a test's SQLite profile store lives."""
    return tmp_path / "profiles.sqlite"


@pytest.fixture(params=["sqlite", "guest", "postgresql"])
def profiles(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Profiles]:
    """The same behaviour tests run on every kind of store."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'profiles.sqlite'}"
    elif request.param == "guest":
        url = "guest"
    else:
        url = request.getfixturevalue("postgres_url")
    opened = open_profiles(url)
    yield opened
    opened.close()
