"""Phone calls and short messages through the car's ``PhoneBridge``.

Nothing here moves the car, but a call or a message the driver did not ask for is as bad
as a window that opens by itself: a contact must be named in the request (the model may
not pick one), and a message is always read back and confirmed before it is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from incabin._config import setting
from incabin.agents.car_genius._actuate import lacks, said_in
from incabin.agents.context import TurnContext
from incabin.agents.speech import t
from incabin.agents.tools import Outcome, Pending, tool
from incabin.phone import (
    AmbiguousContact,
    Contact,
    ContactBook,
    PhoneBridge,
    PhoneError,
    SimPhone,
    UnknownContact,
    demo_contacts_path,
    demo_history,
    redial_number,
)

MESSAGES_READ_AT_ONCE = 3


def open_phone(clock: Callable[[], datetime]) -> PhoneBridge:
    """The simulator's phone with the contacts of ``INCABIN_CONTACTS`` (a vCard file), or
    the demo address book with a missed call and an unread message."""
    path = setting("contacts", "")
    book = ContactBook.from_vcard(path or demo_contacts_path())
    if path:
        return SimPhone(book, clock)
    calls, messages = demo_history(book, clock())
    return SimPhone(book, clock, calls, messages)


def _bridge(ctx: TurnContext) -> PhoneBridge | Outcome:
    """The phone, or what to say instead: the car profile has no phone link, or the
    contacts cannot be read (nothing is dialled or sent either way)."""
    missing = lacks(ctx, "phone", "phone connection", "电话功能")
    if missing is not None:
        return missing
    try:
        return ctx.services.phone
    except PhoneError as err:
        return Outcome(ok=False, act="refuse", data={"error": type(err).__name__}, say=t(
            ctx.lang, f"I can't reach the phone: {err}.", f"无法连接电话：{err}。"))


def _find(ctx: TurnContext, phone: PhoneBridge, name: str | None, tool_name: str,
          arguments: dict[str, object]) -> Contact | Outcome:
    """The contact the driver named, or the question/answer to give instead."""
    # A confirmed re-run was read back to the driver: the yes is their word for it.
    if not name or (not ctx.confirmed and not said_in(name, ctx.text)):
        return Outcome(ok=False, act="clarify", say=t(ctx.lang, "Who should I contact?", "联系谁？"))
    try:
        return phone.contacts.find(name)
    except AmbiguousContact as err:
        return Outcome(ok=True, act="clarify", options=err.suggestions,
                       say=t(ctx.lang, f"Which {name}: {' or '.join(err.suggestions)}?",
                             f"哪一位：{'还是'.join(err.suggestions)}？"),
                       pending=Pending(tool_name, dict(arguments), choice_argument="contact",
                                       choices={s: s for s in err.suggestions}))
    except UnknownContact as err:
        hint = t(ctx.lang, f" Did you mean {', '.join(err.suggestions)}?",
                 f"您是说{'、'.join(err.suggestions)}吗？") if err.suggestions else ""
        # Nothing ran; the driver may name someone else (or a pronoun needs a name).
        return Outcome(ok=False, act="clarify", options=err.suggestions, say=t(
            ctx.lang, f"There is no {name} in your contacts.{hint or ' Who do you mean?'}",
            f"通讯录里没有{name}。{hint or '您指的是谁？'}"))


def _as_said(text: str, request: str) -> str:
    """The message in the driver's own spelling when the request holds it (the matcher
    reads lower-cased, normalised text)."""
    kept = [(i, c) for i, c in enumerate(request.casefold()) if c.isalnum()]
    wanted = "".join(c for c in text.casefold() if c.isalnum())
    start = "".join(c for _, c in kept).find(wanted) if wanted else -1
    if start < 0:
        return text
    return request[kept[start][0]:kept[start + len(wanted) - 1][0] + 1]


@tool
def phone_call(ctx: TurnContext, action: Literal["call", "hang_up", "redial"] = "call",
               contact: Annotated[str | None, Field(description="name as said")] = None
               ) -> Outcome:
    """Call a contact, hang up, or redial."""
    phone = _bridge(ctx)
    if isinstance(phone, Outcome):
        return phone
    try:
        if action == "hang_up":
            ended = phone.hang_up()
            return Outcome(ok=True, act="done", data={"ended": ended.who}, say=t(
                ctx.lang, f"Call with {ended.who} ended.", f"已挂断与{ended.who}的通话。"))
        if action == "redial":
            call = phone.dial(redial_number(phone))
            return Outcome(ok=True, act="done", data={"calling": call.who}, say=t(
                ctx.lang, f"Calling {call.who} again.", f"正在重拨{call.who}。"))
        found = _find(ctx, phone, contact, "phone_call", {"action": action, "contact": contact})
        if isinstance(found, Outcome):
            return found
        if found.number is None:
            return Outcome(ok=False, act="refuse", say=t(
                ctx.lang, f"{found.name} has no phone number.", f"{found.name}没有电话号码。"))
        call = phone.dial(found.number)
    except PhoneError as err:
        return Outcome(ok=False, act="refuse", data={"error": type(err).__name__}, say=t(
            ctx.lang, f"I couldn't do that: {err}.", f"没能完成：{err}。"))
    return Outcome(ok=True, act="done", data={"calling": call.who, "number": call.number},
                   say=t(ctx.lang, f"Calling {call.who}.", f"正在呼叫{call.who}。"))


@tool
def send_message(ctx: TurnContext,
                 contact: Annotated[str, Field(description="name as said")],
                 text: Annotated[str, Field(description="the message as said")]
                 ) -> Outcome:
    """Text a contact (read back and confirmed first)."""
    phone = _bridge(ctx)
    if isinstance(phone, Outcome):
        return phone
    arguments = {"contact": contact, "text": text}
    found = _find(ctx, phone, contact, "send_message", arguments)
    if isinstance(found, Outcome):
        return found
    body = _as_said(text.strip(), ctx.text)
    if not body:
        return Outcome(ok=False, act="clarify", say=t(ctx.lang, "What should the message say?",
                                                      "短信要写什么？"))
    if found.number is None:
        return Outcome(ok=False, act="refuse", say=t(
            ctx.lang, f"{found.name} has no phone number.", f"{found.name}没有电话号码。"))
    if not ctx.confirmed:
        return Outcome(ok=True, act="confirm", pending=Pending("send_message", arguments),
                       say=t(ctx.lang, f"Send \"{body}\" to {found.name}?",
                             f"要给{found.name}发送“{body}”吗？"))
    try:
        sent = phone.send_message(found.number, body)
    except PhoneError as err:
        return Outcome(ok=False, act="refuse", say=t(
            ctx.lang, f"The message was not sent: {err}.", f"短信没有发送：{err}。"))
    return Outcome(ok=True, act="done", data={"to": sent.who, "text": sent.text},
                   say=t(ctx.lang, f"Message sent to {sent.who}.", f"短信已发送给{sent.who}。"))


@tool
def read_messages(ctx: TurnContext) -> Outcome:
    """Read out the newest unread text messages."""
    phone = _bridge(ctx)
    if isinstance(phone, Outcome):
        return phone
    unread = [m for m in phone.messages() if not m.outgoing and not m.read][:MESSAGES_READ_AT_ONCE]
    if not unread:
        return Outcome(ok=True, act="inform", say=t(ctx.lang, "You have no unread messages.",
                                                    "没有未读短信。"))
    for message in unread:
        phone.mark_read(message)
    said = [t(ctx.lang, f"{m.who} wrote: {m.text}", f"{m.who}说：{m.text}") for m in unread]
    return Outcome(ok=True, act="inform", data={"messages": [m.text for m in unread]},
                   say=" ".join(said) if ctx.lang == "en" else "；".join(said) + "。")
