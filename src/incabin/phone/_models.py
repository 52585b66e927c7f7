"""What the phone layer hands out: contacts, calls and messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Direction = Literal["outgoing", "incoming", "missed"]
MAX_MESSAGE_CHARS = 320  # two SMS segments; longer is not "a short message"


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """One number of a contact and its vCard type (``cell``, ``home``, ``work`` …)."""

    number: str
    kind: str = "cell"


@dataclass(frozen=True, slots=True)
class Contact:
    """A person of the address book."""

    name: str
    numbers: tuple[PhoneNumber, ...] = ()
    nicknames: tuple[str, ...] = ()

    @property
    def number(self) -> str | None:
        """The number to call: the mobile one when there is one, else the first."""
        mobile = [n for n in self.numbers if n.kind in ("cell", "mobile")]
        chosen = (mobile or list(self.numbers))[:1]
        return chosen[0].number if chosen else None


@dataclass(frozen=True, slots=True)
class Call:
    """One entry of the call log; ``ended`` is None while the call is on."""

    number: str
    name: str | None
    direction: Direction
    started: datetime
    ended: datetime | None = None

    @property
    def who(self) -> str:
        """The contact's name, else the number."""
        return self.name or self.number


@dataclass(frozen=True, slots=True)
class Message:
    """A text message, received or sent."""

    number: str
    name: str | None
    text: str
    at: datetime
    outgoing: bool = False
    read: bool = False

    @property
    def who(self) -> str:
        """The contact's name, else the number."""
        return self.name or self.number
