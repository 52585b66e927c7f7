"""The phone as the car sees it: ``PhoneBridge``, and the simulator's implementation.

A head unit implements the bridge over Bluetooth (HFP for calls, PBAP for the
contacts, MAP for messages); ``SimPhone`` keeps the call log and the messages in
memory, so a test or a demo can see what would have been dialled or sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from incabin.phone._contacts import ContactBook
from incabin.phone._errors import InvalidMessage, NoCall
from incabin.phone._models import MAX_MESSAGE_CHARS, Call, Message


@runtime_checkable
class PhoneBridge(Protocol):
    """What the assistant may do with the driver's phone."""

    @property
    def contacts(self) -> ContactBook:
        """The phone's address book."""
        ...

    def dial(self, number: str) -> Call:
        """Start a call to ``number`` (ending the one that is on, as a phone does)."""
        ...

    def hang_up(self) -> Call:
        """End the call that is on; ``NoCall`` when there is none."""
        ...

    def active_call(self) -> Call | None:
        """The call that is on, if any."""
        ...

    def call_log(self) -> tuple[Call, ...]:
        """Every call, newest first."""
        ...

    def messages(self) -> tuple[Message, ...]:
        """Every message, newest first."""
        ...

    def mark_read(self, message: Message) -> None:
        """Mark a received message as read (it was read out)."""
        ...

    def send_message(self, number: str, text: str) -> Message:
        """Send ``text`` to ``number``; ``InvalidMessage`` when it is empty or too long."""
        ...


class SimPhone:
    """A phone in memory: it records calls and messages instead of making them."""

    def __init__(self, contacts: ContactBook, clock: Callable[[], datetime],
                 calls: tuple[Call, ...] = (), messages: tuple[Message, ...] = ()) -> None:
        self._contacts = contacts
        self._clock = clock
        self._calls: list[Call] = list(calls)  # newest first
        self._messages: list[Message] = list(messages)  # newest first

    @property
    def contacts(self) -> ContactBook:
        """The address book it was given."""
        return self._contacts

    def dial(self, number: str) -> Call:
        """Record an outgoing call to ``number`` as on."""
        if self.active_call() is not None:
            self.hang_up()
        call = Call(number, self._contacts.name_of(number), "outgoing", self._clock())
        self._calls.insert(0, call)
        return call

    def hang_up(self) -> Call:
        """End the call that is on."""
        call = self.active_call()
        if call is None:
            raise NoCall("there is no call to hang up")
        ended = replace(call, ended=self._clock())
        self._calls[self._calls.index(call)] = ended
        return ended

    def active_call(self) -> Call | None:
        """The newest call while it has not ended."""
        on = [c for c in self._calls if c.ended is None and c.direction != "missed"]
        return on[0] if on else None

    def call_log(self) -> tuple[Call, ...]:
        """Every call, newest first."""
        return tuple(self._calls)

    def messages(self) -> tuple[Message, ...]:
        """Every message, newest first."""
        return tuple(self._messages)

    def mark_read(self, message: Message) -> None:
        """Mark ``message`` as read."""
        if message in self._messages:
            self._messages[self._messages.index(message)] = replace(message, read=True)

    def send_message(self, number: str, text: str) -> Message:
        """Record an outgoing message."""
        text = text.strip()
        if not text:
            raise InvalidMessage("the message is empty")
        if len(text) > MAX_MESSAGE_CHARS:
            raise InvalidMessage(f"the message is longer than {MAX_MESSAGE_CHARS} characters")
        message = Message(number, self._contacts.name_of(number), text, self._clock(),
                          outgoing=True, read=True)
        self._messages.insert(0, message)
        return message


def demo_history(contacts: ContactBook, now: datetime) -> tuple[tuple[Call, ...], tuple[Message, ...]]:
    """A missed call and an unread message, so "who called?" has an answer in the demo car."""
    first, second = contacts.contacts[0], contacts.contacts[-1]
    calls: tuple[Call, ...] = ()
    messages: tuple[Message, ...] = ()
    if first.number:
        calls = (Call(first.number, first.name, "missed", now - timedelta(minutes=20),
                      now - timedelta(minutes=20)),)
    if second.number:
        messages = (Message(second.number, second.name, "Running ten minutes late, see you there.",
                            now - timedelta(minutes=5)),)
    return calls, messages


def redial_number(bridge: PhoneBridge) -> str:
    """The number of the last outgoing call (``NoCall`` when there was none)."""
    last = next((c for c in bridge.call_log() if c.direction == "outgoing"), None)
    if last is None:
        raise NoCall("there is no earlier call to redial")
    return last.number
