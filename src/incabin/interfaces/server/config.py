"""How one server runs: where it listens, who may actuate, which browser origins may call."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from incabin.interfaces.server._errors import InsecureBind

MAX_BODY_BYTES = 16 * 1024


@dataclass(frozen=True)
class ServerConfig:
    """Listening address, the access token and the open CORS origins.

    Bound beyond loopback, a token is required: ``check()`` refuses to start without one.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None
    allow_origins: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES
    max_sessions: int = 100
    tick_s: float = 1.0  # simulated-car update period; 0 keeps the car still
    idle_s: float = 1800.0  # a session nobody uses or follows this long is closed

    def check(self) -> None:
        """Raise ``InsecureBind`` when the server would be reachable with no token."""
        if not is_loopback(self.host) and not self.token:
            raise InsecureBind(
                f"refusing to listen on {self.host} without a token: anyone on the network "
                "could drive the car's actuators; pass --token (or INCABIN_TOKEN), or bind 127.0.0.1"
            )


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
