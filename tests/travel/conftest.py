"""Shared fixtures of the travel tests: the Monaco extract, a real osrm-routed, atlases."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from incabin.travel import Atlas

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def osrm_url(osrm_data: Path) -> Iterator[str]:
    """A real osrm-routed serving Monaco on a free 127.0.0.1 port."""
    bindir = (REPO / ".venv-osrm" / "osrm-bin-dir").read_text().strip()
    port = _free_port()
    log = (osrm_data / "routed.log").open("w")
    server = subprocess.Popen(
        [
            f"{bindir}/osrm-routed",
            "--algorithm",
            "ch",
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            str(osrm_data / "monaco.osrm"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/nearest/v1/driving/7.42,43.73", timeout=1.0)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"osrm-routed did not start: {(osrm_data / 'routed.log').read_text()}"
                    )
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
