"""The address book, read from a vCard file (``vobject`` parses it)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import vobject

from incabin.phone._errors import AmbiguousContact, ContactsUnavailable, NoNumber, UnknownContact
from incabin.phone._models import Contact, PhoneNumber

_NOT_A_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _key(text: str) -> str:
    """A name as compared: case, spaces and punctuation do not count."""
    return _NOT_A_WORD.sub("", text.casefold())


@dataclass(frozen=True)
class ContactBook:
    """Every contact of one vCard file, in file order."""

    contacts: tuple[Contact, ...]

    @classmethod
    def from_vcard(cls, path: str | Path) -> ContactBook:
        """Read a vCard (3.0 or 4.0) file; ``ContactsUnavailable`` when it is missing or
        malformed. A card without a name is an error too: it could never be asked for."""
        source = Path(path).expanduser()
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ContactsUnavailable(str(source), str(err)) from err
        return cls.from_text(text, str(source))

    @classmethod
    def from_text(cls, text: str, source: str = "vCard text") -> ContactBook:
        """Parse vCard text (see ``from_vcard``)."""
        contacts: list[Contact] = []
        try:
            for card in vobject.readComponents(text):
                contacts.append(_contact(card, source))
        except ContactsUnavailable:
            raise
        except Exception as err:  # noqa: BLE001 - vobject raises many kinds on bad input
            raise ContactsUnavailable(source, f"{type(err).__name__}: {err}") from err
        if not contacts:
            raise ContactsUnavailable(source, "no vCard in it")
        return cls(tuple(contacts))

    def find(self, name: str) -> Contact:
        """The one contact ``name`` means: a full name or nickname first, else the only
        contact whose name starts with or contains it ("Anna" is "Anna Schmidt"), else
        its leading words ("anna from my phone"), else the name without its first word ("the
        office", "my mum"). ``AmbiguousContact`` when several fit, ``UnknownContact`` when
        none does."""
        words = name.split()
        # A spoken name often runs on ("call anna from my phone"): its start is the name.
        tries = [name, *(" ".join(words[:k]) for k in range(len(words) - 1, 0, -1))]
        tries += [" ".join(words[1:])] if len(words) > 1 else []
        for number, candidate in enumerate(tries):
            try:
                # Only the name as said may match a part of a name ("Anna"); a shortened
                # one must be a whole name or word ("the" is no part of "Mother").
                return self._find(candidate, partial=number == 0)
            except AmbiguousContact:
                raise
            except UnknownContact:
                continue
        raise UnknownContact(name, self._close(name))

    def _close(self, name: str) -> tuple[str, ...]:
        names = [c.name for c in self.contacts] + [n for c in self.contacts for n in c.nicknames]
        return tuple(difflib.get_close_matches(name, names, n=3, cutoff=0.5))

    def _find(self, name: str, partial: bool = True) -> Contact:
        wanted = _key(name)
        if not wanted:
            raise UnknownContact(name)
        exact = [c for c in self.contacts
                 if wanted in (_key(c.name), *(_key(n) for n in c.nicknames))]
        if len(exact) == 1:
            return exact[0]
        fits = exact or [c for c in self.contacts
                         if partial and any(wanted in _key(part) for part in (c.name, *c.nicknames))
                         or any(_key(w) == wanted for w in c.name.split())]
        if len(fits) == 1:
            return fits[0]
        if fits:
            raise AmbiguousContact(name, tuple(c.name for c in fits))
        raise UnknownContact(name, self._close(name))

    def number_of(self, name: str) -> tuple[Contact, str]:
        """The contact ``name`` means and the number to reach them at (``NoNumber`` if none)."""
        contact = self.find(name)
        if contact.number is None:
            raise NoNumber(contact.name)
        return contact, contact.number

    def name_of(self, number: str) -> str | None:
        """Whose number this is, if it is in the book (digits compared, not formatting)."""
        digits = re.sub(r"\D", "", number)[-9:]
        for contact in self.contacts:
            if any(re.sub(r"\D", "", n.number)[-9:] == digits for n in contact.numbers):
                return contact.name
        return None


def _contact(card: object, source: str) -> Contact:
    """One vCard as a ``Contact``: FN (or N) for the name, every TEL, NICKNAME."""
    contents = getattr(card, "contents", {})
    name = ""
    if "fn" in contents:
        name = str(contents["fn"][0].value).strip()
    elif "n" in contents:
        n = contents["n"][0].value
        name = " ".join(p for p in (n.given, n.family) if p).strip()
    if not name:
        raise ContactsUnavailable(source, "a vCard has no FN or N (no name)")
    numbers = []
    for tel in contents.get("tel", []):
        kinds = [str(k).lower() for k in tel.params.get("TYPE", [])]
        kind = next((k for k in kinds if k in ("cell", "mobile", "home", "work")), "other")
        number = str(tel.value).strip()
        if number:
            numbers.append(PhoneNumber(number.removeprefix("tel:"), kind))
    nicknames = tuple(part.strip() for nick in contents.get("nickname", [])
                      for part in str(nick.value).split(",") if part.strip())
    return Contact(name, tuple(numbers), nicknames)
