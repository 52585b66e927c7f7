"""``incabin serve`` as a user runs it: a real process, the scripted model, a free port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.server.conftest import free_port


def _serve(*args: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "INCABIN_HOME": str(home)}
    env.pop("INCABIN_TOKEN", None)
    return subprocess.Popen([sys.executable, "-m", "incabin.interfaces.cli", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def test_serve_answers_then_stops(tmp_path: Path) -> None:
    port = free_port()
    process = _serve("--port", str(port), "--llm", "scripted", "--profiles", "guest", "--dev",
                     home=tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{url}/v1/health", timeout=1).json()
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "incabin serve did not start"
                time.sleep(0.2)
        assert health == {"status": "ok", "sessions": 0, "llm": "scripted"}
        sid = httpx.post(f"{url}/v1/sessions", json={"driver": "Lin"}).json()["session"]
        reply = httpx.post(f"{url}/v1/turns", json={"session": sid, "text": "set 20 degrees"})
        assert reply.json()["act"] == "done"
        assert httpx.get(f"{url}/").status_code == 200
        assert httpx.get(f"{url}/favicon.ico").status_code == 200
        injected = httpx.post(f"{url}/v1/dev/inject", params={"session": sid},
                              json={"kind": "dtc", "code": "P0A80"})
        assert injected.status_code == 200, injected.text
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    # uvicorn shuts down gracefully, then re-raises the signal it caught
    assert process.returncode in (0, -signal.SIGTERM), output
    assert "Traceback" not in output, output
    assert f"serving on http://127.0.0.1:{port}/" in output
    assert "map library is not installed" not in output  # setup vendored it


def test_serve_refuses_to_listen_on_the_network_without_a_token(tmp_path: Path) -> None:
    process = _serve("--host", "0.0.0.0", "--port", str(free_port()), "--llm", "scripted",
                     home=tmp_path)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "without a token" in output and "--token" in output
