"""Contacts from a real vCard file (vobject) and the simulator's phone bridge."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from incabin.phone import (
    MAX_MESSAGE_CHARS,
    AmbiguousContact,
    ContactBook,
    ContactsUnavailable,
    InvalidMessage,
    NoCall,
    NoNumber,
    PhoneBridge,
    SimPhone,
    UnknownContact,
    demo_contacts_path,
    demo_history,
    redial_number,
)

VCARD = """BEGIN:VCARD
VERSION:3.0
FN:Anna Schmidt
N:Schmidt;Anna;;;
TEL;TYPE=WORK:+49 30 1234 5678
TEL;TYPE=CELL:+49 151 2345 6789
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Tom Baker
NICKNAME:Tommy
TEL;TYPE=cell:+44 7700 900123
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Tom Wilson
TEL:+44 7700 900456
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:王芳
NICKNAME:Wang Fang
TEL;TYPE=CELL:+86 137 2468 1357
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Parking Garage
END:VCARD
"""
START = datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def book(tmp_path: Path) -> ContactBook:
    file = tmp_path / "contacts.vcf"
    file.write_text(VCARD, encoding="utf-8")
    return ContactBook.from_vcard(file)


@pytest.fixture
def phone(book: ContactBook) -> SimPhone:
    now = [START]

    def clock() -> datetime:
        now[0] += timedelta(seconds=30)
        return now[0]

    return SimPhone(book, clock)


def test_contacts_come_from_the_vcard(book: ContactBook) -> None:
    assert [c.name for c in book.contacts] == [
        "Anna Schmidt", "Tom Baker", "Tom Wilson", "王芳", "Parking Garage"]
    anna = book.find("anna")
    assert anna.number == "+49 151 2345 6789"  # the mobile, not the first number
    assert book.find("Tommy").name == "Tom Baker"
    assert book.find("wang fang").name == "王芳" and book.find("王芳").name == "王芳"
    assert book.find("the anna schmidt").name == "Anna Schmidt"
    assert book.find("anna from my phone").name == "Anna Schmidt"  # the name runs on
    assert book.name_of("+4915123456789") == "Anna Schmidt"  # formatting does not count


def test_bad_names_are_clear_errors(book: ContactBook) -> None:
    with pytest.raises(AmbiguousContact) as err:
        book.find("tom")
    assert err.value.suggestions == ("Tom Baker", "Tom Wilson")
    with pytest.raises(UnknownContact) as unknown:
        book.find("Ana Schmit")
    assert unknown.value.suggestions == ("Anna Schmidt",)
    with pytest.raises(UnknownContact):
        book.find("")
    with pytest.raises(NoNumber, match="Parking Garage"):
        book.number_of("parking garage")


@pytest.mark.parametrize("text", [
    "",
    "hello there",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Anna\n",  # never closed
    "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555 0100\nEND:VCARD\n",  # no name
])
def test_a_corrupt_vcard_is_refused(text: str) -> None:
    with pytest.raises(ContactsUnavailable):
        ContactBook.from_text(text)


def test_a_missing_vcard_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContactsUnavailable, match="cannot be read"):
        ContactBook.from_vcard(tmp_path / "none.vcf")


def test_the_sim_phone_keeps_a_call_log(phone: SimPhone) -> None:
    assert isinstance(phone, PhoneBridge)
    with pytest.raises(NoCall):
        phone.hang_up()
    with pytest.raises(NoCall):
        redial_number(phone)
    call = phone.dial(phone.contacts.number_of("anna")[1])
    assert (call.who, call.direction, call.ended) == ("Anna Schmidt", "outgoing", None)
    assert phone.active_call() == call
    ended = phone.hang_up()
    assert ended.ended is not None and phone.active_call() is None
    again = phone.dial(redial_number(phone))
    assert again.who == "Anna Schmidt"
    phone.dial("+44 7700 900123")  # a new call ends the one that is on
    log = phone.call_log()
    assert [c.who for c in log] == ["Tom Baker", "Anna Schmidt", "Anna Schmidt"]
    assert log[1].ended is not None


def test_messages_are_checked_and_recorded(phone: SimPhone) -> None:
    with pytest.raises(InvalidMessage):
        phone.send_message("+44 7700 900123", "   ")
    with pytest.raises(InvalidMessage):
        phone.send_message("+44 7700 900123", "x" * (MAX_MESSAGE_CHARS + 1))
    assert phone.messages() == ()
    sent = phone.send_message("+44 7700 900123", " running late ")
    assert (sent.who, sent.text, sent.outgoing) == ("Tom Baker", "running late", True)
    assert phone.messages() == (sent,)


def test_the_demo_phone_has_a_missed_call_and_an_unread_message() -> None:
    book = ContactBook.from_vcard(demo_contacts_path())
    assert {c.name for c in book.contacts} >= {"Mum", "Anna Schmidt", "Wang Lei", "Li Na", "Office"}
    assert book.find("妈妈").name == "Mum" and book.find("李娜").name == "Li Na"
    calls, messages = demo_history(book, START)
    phone = SimPhone(book, lambda: START, calls, messages)
    assert phone.call_log()[0].direction == "missed"
    unread = [m for m in phone.messages() if not m.read]
    assert len(unread) == 1
    phone.mark_read(unread[0])
    assert all(m.read for m in phone.messages())
