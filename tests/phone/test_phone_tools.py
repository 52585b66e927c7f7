"""The phone through the assistant: calls, the call log and messages confirmed first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from incabin.agents import Assistant
from incabin.llm import ScriptedModel
from incabin.phone import SimPhone
from tests.phone.test_phone import VCARD


@pytest.fixture
def car(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Assistant]:
    file = tmp_path / "contacts.vcf"
    file.write_text(VCARD, encoding="utf-8")
    monkeypatch.setenv("INCABIN_CONTACTS", str(file))
    a = Assistant.create(ScriptedModel(), "sim", profiles="guest")
    yield a
    a.close()


def _phone(a: Assistant) -> SimPhone:
    phone = a.services.phone
    assert isinstance(phone, SimPhone)
    return phone


def test_call_hang_up_redial_and_who_called(car: Assistant) -> None:
    assert "Nobody" in car.send("who called?").text
    reply = car.send("call Anna")
    assert reply.act == "done" and "Anna Schmidt" in reply.text
    assert _phone(car).active_call().who == "Anna Schmidt"  # type: ignore[union-attr]
    assert car.send("hang up").act == "done"
    assert _phone(car).active_call() is None
    assert "Anna Schmidt" in car.send("redial").text
    assert [c.who for c in _phone(car).call_log()] == ["Anna Schmidt", "Anna Schmidt"]


def test_an_ambiguous_name_asks_and_the_choice_calls(car: Assistant) -> None:
    reply = car.send("call Tom")
    assert reply.act == "clarify" and set(reply.options) == {"Tom Baker", "Tom Wilson"}
    assert _phone(car).call_log() == ()
    assert car.send("Tom Wilson").act == "done"
    assert _phone(car).call_log()[0].who == "Tom Wilson"


def test_an_unknown_contact_calls_nobody(car: Assistant) -> None:
    reply = car.send("call Bob")
    assert reply.act in ("clarify", "refuse") and "bob" in reply.text.lower()
    assert _phone(car).call_log() == ()


def test_a_message_is_read_back_and_sent_only_on_yes(car: Assistant) -> None:
    reply = car.send("text Anna saying Running late, sorry")
    assert reply.act == "confirm" and "Running late" in reply.text
    assert _phone(car).messages() == ()
    assert car.send("no").act == "inform"
    assert _phone(car).messages() == ()
    car.send("text Anna saying see you soon")
    assert car.send("yes").act == "done"
    sent = _phone(car).messages()
    assert [(m.who, m.text, m.outgoing) for m in sent] == [("Anna Schmidt", "see you soon", True)]


def test_a_corrupt_contacts_file_is_a_clear_answer(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "broken.vcf"
    file.write_text("BEGIN:VCARD\nFN:half a card\n", encoding="utf-8")
    monkeypatch.setenv("INCABIN_CONTACTS", str(file))
    a = Assistant.create(ScriptedModel(), "sim", profiles="guest")
    try:
        reply = a.send("call Anna")
        assert reply.act == "refuse" and "cannot be read" in reply.text
    finally:
        a.close()

