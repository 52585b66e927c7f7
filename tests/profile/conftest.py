"""Fixtures for the profile tests: temporary SQLite files, and every kind of store (the
real PostgreSQL server is the suite's, from ``tests/postgres.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from incabin.profile import Profiles, open_profiles


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
