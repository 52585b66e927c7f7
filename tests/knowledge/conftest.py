from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from incabin.knowledge import Manual

HERE = Path(__file__).parent


def load_questions(name: str) -> list[dict[str, str]]:
    """Rows ``{q, section}`` from a question file next to this one."""
    return yaml.safe_load((HERE / name).read_text("utf-8"))


@pytest.fixture(scope="session")
def manual() -> Manual:
    return Manual.load()
