"""Every scenario's ``given.profile`` must seed a real profile (keys and values valid)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from incabin.profile import open_profiles

TESTS = Path(__file__).resolve().parent.parent
FILES = sorted(TESTS.joinpath("scenarios").rglob("*.yaml"))


def _given_profiles(path: Path) -> list[tuple[str, dict[str, Any]]]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    scenarios = loaded if isinstance(loaded, list) else [loaded]
    return [(s.get("id", "?"), s["given"]["profile"]) for s in scenarios
            if isinstance(s, dict) and isinstance(s.get("given"), dict)
            and "profile" in s["given"]]


def test_profile_scenarios_exist() -> None:
    ours = [p for p in FILES if p.name.startswith("preferences")]
    assert ours and all(_given_profiles(p) for p in ours)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TESTS)))
def test_given_profiles_are_valid(path: Path) -> None:
    for scenario_id, given in _given_profiles(path):
        with open_profiles("guest") as profiles:  # each scenario starts afresh
            driver = profiles.seed(given)
            assert set(driver.values()) == set(given.get("preferences", {})), scenario_id
