"""The phone layer: contacts from a vCard file and calls and messages through a
``PhoneBridge`` (a head unit's Bluetooth HFP/MAP link; ``SimPhone`` in the simulator).

    from incabin.phone import ContactBook, SimPhone
    book = ContactBook.from_vcard("contacts.vcf")   # vobject parses it
    phone = SimPhone(book, clock=datetime.now)
    contact, number = book.number_of("anna")        # Anna Schmidt, her mobile
    phone.dial(number); phone.hang_up(); phone.call_log()

It imports nothing of ``incabin.agents`` or ``llm``; sending a message is the caller's
to confirm with the driver first.
"""

from importlib import resources
from pathlib import Path

from incabin.phone._bridge import PhoneBridge, SimPhone, demo_history, redial_number
from incabin.phone._contacts import ContactBook
from incabin.phone._errors import (
    AmbiguousContact,
    ContactsUnavailable,
    InvalidMessage,
    NoCall,
    NoNumber,
    PhoneError,
    UnknownContact,
)
from incabin.phone._models import MAX_MESSAGE_CHARS, Call, Contact, Message, PhoneNumber


def demo_contacts_path() -> Path:
    """The demo address book the simulated car's phone starts with."""
    return Path(str(resources.files("incabin.phone").joinpath("data/contacts.vcf")))


__all__ = [
    "MAX_MESSAGE_CHARS",
    "AmbiguousContact",
    "Call",
    "Contact",
    "ContactBook",
    "ContactsUnavailable",
    "InvalidMessage",
    "Message",
    "NoCall",
    "NoNumber",
    "PhoneBridge",
    "PhoneError",
    "PhoneNumber",
    "SimPhone",
    "UnknownContact",
    "demo_contacts_path",
    "demo_history",
    "redial_number",
]
