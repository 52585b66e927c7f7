"""incabin: an offline in-car AI assistant (Car Genius and Travel Companion).

    from incabin import Assistant
    a = Assistant.create(llm="embedded", vehicle="sim")
    r = a.send("I'm cold")

The top level loads lazily so that ``import incabin.vehicle`` does not pull in
the language model runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from incabin._errors import IncabinError

if TYPE_CHECKING:
    from incabin.agents import Action, Assistant, Reply

__all__ = ["Action", "Assistant", "IncabinError", "Reply"]


def __getattr__(name: str) -> Any:
    if name in {"Action", "Assistant", "Reply"}:
        from incabin import agents

        return getattr(agents, name)
    raise AttributeError(name)
