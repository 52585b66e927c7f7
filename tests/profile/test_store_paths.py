"""A profile store named by a plain file path, as README and ``--help`` promise: in
``open_profiles``, in ``INCABIN_PROFILE_DB`` and in ``incabin chat --profiles``."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from incabin.profile import open_profiles


def _preferences_in_file(path: Path) -> list[tuple[object, ...]]:
    """Read the file with plain sqlite3, so the check does not depend on the spec parsing."""
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT driver_id, key, value FROM profile_preferences").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(("spec", "where"), [
    ("{tmp}/stores/profiles.sqlite", "stores/profiles.sqlite"),
    ("{tmp}/stores/car.db", "stores/car.db"),
    ("stores/no-suffix", "stores/no-suffix"),          # relative to the working folder
    ("~/stores/profiles.sqlite", "home/stores/profiles.sqlite"),
    ("sqlite:///~/stores/url.sqlite", "home/stores/url.sqlite"),  # a URL expands ~ as well
], ids=["absolute-sqlite", "absolute-db", "relative-no-suffix", "tilde", "tilde-url"])
def test_plain_path_opens_a_sqlite_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, where: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with open_profiles(spec.format(tmp=tmp_path)) as profiles:
        profiles.driver("Lin").set("food.diet", ["vegan"])
    assert _preferences_in_file(tmp_path / where) == [("lin", "food.diet", '["vegan"]')]
    with open_profiles(f"sqlite:///{tmp_path / where}") as profiles:  # the same store
        assert profiles.driver("Lin").get("food.diet") == ["vegan"]


def test_env_variable_may_be_a_plain_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere" / "profiles.sqlite"
    monkeypatch.setenv("INCABIN_PROFILE_DB", str(target))
    with open_profiles() as profiles:
        profiles.driver("Lin").set("units", "imperial")
    assert _preferences_in_file(target) == [("lin", "units", '"imperial"')]


@pytest.mark.parametrize("how", ["flag", "env"])
def test_cli_takes_a_path_for_the_profile_store(tmp_path: Path, how: str) -> None:
    env = {**os.environ, "INCABIN_HOME": str(tmp_path / "home")}
    flags = ["--profiles", "car/profiles.sqlite"]  # relative: to the working folder
    if how == "env":
        env["INCABIN_PROFILE_DB"] = flags.pop()
        flags.clear()
    result = subprocess.run(
        [sys.executable, "-m", "incabin.interfaces.cli", "chat", "--once", "I'm vegetarian",
         "--llm", "scripted", "--driver", "Lin", *flags],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "vegetarian" in result.stdout
    assert _preferences_in_file(tmp_path / "car" / "profiles.sqlite") == [
        ("lin", "food.diet", '["vegetarian"]')]
