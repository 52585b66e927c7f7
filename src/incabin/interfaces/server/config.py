"""How one server runs: where it listens, who may actuate, which browser origins may call,
and which host names it answers to."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from incabin.interfaces.server._errors import InsecureBind, ServerError

MAX_BODY_BYTES = 16 * 1024
# The names this machine always answers to; a web page can only reach the server under
# one of them, or under a name its operator listed, never under a name an attacker chose.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


class InvalidAllowedHost(ServerError):
    """An allowed-hosts entry that is not a bare host name or address (refused at start)."""

    code = "invalid_allowed_host"


@dataclass(frozen=True)
class ServerConfig:
    """Listening address, the access token, the open CORS origins and the allowed hosts.

    Bound beyond loopback, a token is required: ``check()`` refuses to start without one.
    ``allowed_hosts`` adds names to the ones every request's ``Host`` may carry
    (``LOOPBACK_NAMES`` and ``host``); see ``hosts()``.
    """

    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None
    allow_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES
    max_sessions: int = 100
    tick_s: float = 1.0  # simulated-car update period; 0 keeps the car still
    idle_s: float = 1800.0  # a session nobody uses or follows this long is closed
    dev: bool = False  # development routes (fault injection) on

    def check(self) -> None:
        """Raise ``InsecureBind`` when the server would be reachable with no token, and
        ``InvalidAllowedHost`` for an allowed host that could never match."""
        if not is_loopback(self.host) and not self.token:
            raise InsecureBind(
                f"refusing to listen on {self.host} without a token: anyone on the network "
                "could drive the car's actuators; pass --token (or INCABIN_TOKEN), or bind 127.0.0.1"
            )
        for name in self.allowed_hosts:
            host_name(name)

    def hosts(self) -> frozenset[str]:
        """Every name a request's ``Host`` header may carry (lower case, IPv6 unbracketed)."""
        return frozenset({*LOOPBACK_NAMES, normal_host(self.host),
                          *map(host_name, self.allowed_hosts)})


def host_name(value: str) -> str:
    """``value`` as the allowed-hosts check compares it: ``Car.Local`` -> ``car.local``,
    ``[::1]`` -> ``::1``. Raise ``InvalidAllowedHost`` for anything but a bare name or
    address (a scheme, a port or a path would never match a request's host)."""
    name = normal_host(value.strip())
    if _is_address(name):
        return name
    if not value.strip().startswith("[") and len(name) <= 253 and _NAME.fullmatch(name):
        return name
    raise InvalidAllowedHost(
        f"allowed host {value[:100]!r} is not a host name or address: give it without "
        "scheme, port or path, e.g. --allowed-host car.local"
    )


def normal_host(name: str) -> str:
    """One spelling per host: lower case, IPv6 without brackets and in its short form."""
    bare = name.lower()
    bare = bare[1:-1] if bare.startswith("[") and bare.endswith("]") else bare
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        return bare


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def split_hosts(value: str) -> tuple[str, ...]:
    """The entries of a comma-separated list such as ``INCABIN_ALLOWED_HOSTS``."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
