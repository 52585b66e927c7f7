"""Code-side checks on what the model proposes that the capability data does not
hold: two calls of one reply must not fight over the same setting. (Whether a call
is licensed at all is ``capabilities.licensed``.)"""

from __future__ import annotations


def target(tool: str, arguments: dict[str, object]) -> tuple[str, object]:
    """What a call sets, so that two calls of one reply never fight over it
    (a small model sometimes adds ``set_temperature`` to ``adjust_comfort``)."""
    if tool in ("adjust_comfort", "set_temperature"):
        return "temperature", arguments.get("zone") or "driver"
    return tool, repr(sorted(arguments.items()))
