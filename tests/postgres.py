"""A real PostgreSQL server for the tests that need one (profiles, shared server sessions).

The server comes from Debian's ``postgresql`` package (scripts/test_system_packages.txt):
``initdb`` into a temporary folder, then ``postgres`` on a free 127.0.0.1 port, once per
test run. PostgreSQL refuses to run as root, so under root it runs as ``nobody`` through
``runuser``. Registered for the whole suite in ``tests/conftest.py``.
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
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_USER = "incabin"


def pg_bindir() -> Path | None:
    """Where Debian's PostgreSQL programs are, if installed."""
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
    if pg_bindir() is None:
        pytest.skip("PostgreSQL is not installed (Debian package 'postgresql', listed in "
                    "scripts/test_system_packages.txt)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: PostgreSQL refuses to run as root")
    pytest.importorskip("psycopg", reason="psycopg is in the test extra")
    with running_postgres() as url:
        yield url


@contextmanager
def running_postgres(*settings: str) -> Iterator[str]:
    """Start a throw-away PostgreSQL server (``settings``: ``name=value`` for ``-c``); yields
    its base URL without a database name. Also used by ``benchmarks/load.py``."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (Debian package 'postgresql')")
    folder = Path(tempfile.mkdtemp(prefix="incabin-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", PG_USER,
                                    "--auth=trust", "--no-sync", "-E", "UTF8"]),
                   check=True, capture_output=True, cwd=folder)
    port = _free_port()
    options = [part for setting in settings for part in ("-c", setting)]
    server = subprocess.Popen(
        _as_server_user([str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1",
                         "-p", str(port), "-k", str(folder), "-F", *options]),
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
