"""Fixtures for the OBD-II and Kuksa source tests: real emulators on 127.0.0.1.

Test modules import the fixtures they use from here. ``--obd-port`` (or
``INCABIN_TEST_OBD_PORT``) names a real ELM327 dongle for the hardware test;
register the option by adding ``pytest_plugins = ["tests.vehicle.conftest_sources"]``
to the root ``tests/conftest.py``.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
PLANTED_DTCS = ("P0143", "P0301", "C0123")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--obd-port", default=None, help="serial port or URL of a real ELM327 dongle")


def obd_port_option(config: pytest.Config) -> str | None:
    """The real dongle to test against, if the run names one."""
    return config.getoption("--obd-port", default=None) or os.environ.get("INCABIN_TEST_OBD_PORT")


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(f"incabin_scripts_{name}", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmulatorProcess:
    """ELM327-emulator (``scripts/obd_emulator.py``) in its own process, restartable."""

    def __init__(self, port: int, dtcs: tuple[str, ...]) -> None:
        self.port = port
        self.dtcs = dtcs
        self.proc: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [sys.executable, str(SCRIPTS / "obd_emulator.py"), "--port", str(self.port)]
        for code in self.dtcs:
            cmd += ["--dtc", code]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.startswith("ready"):
            self.proc.kill()
            raise RuntimeError(f"ELM327-emulator did not start: {line!r}")

    def kill(self) -> None:
        """Die like an unplugged dongle: no goodbye on the socket."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            self.proc = None


@pytest.fixture(scope="module")
def obd_emulator() -> Iterator[EmulatorProcess]:
    """The emulator's ``car`` scenario with three stored DTCs planted."""
    emulator = EmulatorProcess(free_port(), PLANTED_DTCS)
    emulator.start()
    yield emulator
    emulator.stop()


def wait_until(condition: Callable[[], object], timeout: float = 15.0, step: float = 0.05) -> bool:
    """Poll ``condition()`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())
