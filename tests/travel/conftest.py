"""Shared fixtures of the travel tests: the Monaco extract, a real osrm-routed, atlases."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from incabin.travel import Atlas
from incabin.travel.osrm import local_osrm_routed

REPO = Path(__file__).resolve().parents[2]
SETUP_OSRM = REPO / "scripts" / "setup_osrm.sh"


@pytest.fixture(scope="session")
def osrm_data() -> Path:
    """Runs scripts/setup_osrm.sh (idempotent, cached): Monaco extract + contracted OSRM data."""
    done = subprocess.run(
        [str(SETUP_OSRM)], cwd=REPO, capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"scripts/setup_osrm.sh failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return Path(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def full_atlas(osrm_data: Path) -> Atlas:
    """Helsinki, Monaco and the corridors with the built-in router."""
    return Atlas.load(["helsinki", "monaco", "corridors"])


@pytest.fixture(scope="session")
def osrm_url(osrm_data: Path) -> Iterator[str]:
    """A real osrm-routed serving Monaco on a free 127.0.0.1 port."""
    bindir = (REPO / ".venv-osrm" / "osrm-bin-dir").read_text().strip()
    with local_osrm_routed(f"{bindir}/osrm-routed", osrm_data / "monaco.osrm",
                           osrm_data / "routed.log") as url:
        yield url
