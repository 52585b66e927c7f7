"""Errors of the phone layer.

    PhoneError
    ├── ContactsUnavailable   the vCard file is missing, unreadable or not vCard
    ├── UnknownContact        no contact has that name (carries the closest names)
    │   └── AmbiguousContact  several contacts fit the name (carries them)
    ├── NoNumber              the contact has no phone number
    ├── NoCall                hang up with no call, or redial with no earlier call
    └── InvalidMessage        an empty message, or one too long for a text

Nothing is dialled or sent when one of these is raised.
"""

from __future__ import annotations

from incabin._errors import IncabinError


class PhoneError(IncabinError):
    """Base of every error of the phone layer."""


class ContactsUnavailable(PhoneError):
    """The contacts file cannot be read as vCard."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        super().__init__(f"the contacts in {source} cannot be read: {reason}")


class UnknownContact(PhoneError):
    """No contact is called ``name``; ``suggestions`` are the closest names."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no contact called {name!r}{hint}")


class AmbiguousContact(UnknownContact):
    """Several contacts fit ``name``; ``suggestions`` holds all of them."""

    def __init__(self, name: str, suggestions: tuple[str, ...]) -> None:
        PhoneError.__init__(self, f"{name!r} could be {', '.join(suggestions)}")
        self.name = name
        self.suggestions = suggestions


class NoNumber(PhoneError):
    """The contact has no phone number to call or text."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name} has no phone number")


class NoCall(PhoneError):
    """There is no call to hang up, or none to redial."""


class InvalidMessage(PhoneError):
    """A message that cannot be sent: empty, or longer than ``MAX_MESSAGE_CHARS``."""
