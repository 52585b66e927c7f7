"""Guest mode: preferences work for the session and nothing is written anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from incabin.profile import open_profiles


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_guest_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    monkeypatch.setenv("INCABIN_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    if how == "environment":
        monkeypatch.setenv("INCABIN_PROFILE_DB", "guest")
    profiles = open_profiles("guest" if how == "argument" else None)
    assert profiles.is_guest
    guest = profiles.switch("Guest")
    guest.set("places.home", "Kamppi")
    guest.add("food.diet", "vegan")
    profiles.assign_key("fob-1", "Guest")
    assert profiles.driver("fob-1").get("places.home").name == "Kamppi"
    assert "vegan" in guest.describe()
    assert _files(tmp_path) == []
    profiles.close()
    assert _files(tmp_path) == []


def test_guest_forgets_when_closed() -> None:
    first = open_profiles("guest")
    first.driver("Lin").set("climate.temperature", 23)
    first.close()
    assert first.drivers() == []
    second = open_profiles("guest")
    assert second.drivers() == []
    assert second.driver("Lin").get("climate.temperature") is None


def test_on_device_store_is_not_guest(tmp_path: Path) -> None:
    with open_profiles(f"sqlite:///{tmp_path / 'p.sqlite'}") as profiles:
        assert not profiles.is_guest
