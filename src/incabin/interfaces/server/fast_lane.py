"""The fast lane: a capability command ("turn on the A/C", "打开空调") is answered at once,
even while a model turn of the same session is still being answered.

The lane is a second Assistant over the session's own services (the same car, profile,
coach and trip) with a memory of its own, so the running model turn's conversation state
is never touched from two threads. Only requests whose every clause is a capability
sentence the licence gate passes on its own words take the lane: such a turn needs no
history and no model. The car orders the two lanes' commands itself (its safety rules
see one state). The lane's exchanges, and a question it asked (confirm, clarify), are
handed to the conversation before its next turn, so the driver's "yes" finds it.
"""

from __future__ import annotations

import threading

from incabin.agents import Assistant, capabilities


def is_fast_command(text: str) -> bool:
    """True when ``text`` is a capability command that needs no conversation to run."""
    understood = capabilities.match(text, capabilities.language(text))
    return understood is not None and all(
        capabilities.licensed(tool, arguments, text, set()).ok
        for tool, arguments in understood.calls)


class FastLane:
    """A session's second assistant for capability commands during a model turn."""

    def __init__(self, main: Assistant) -> None:
        self.assistant = Assistant(main.model, main.services)
        self.lock = threading.Lock()  # one fast command at a time

    def hand_over(self, main: Assistant) -> None:
        """Give ``main`` the lane's exchanges (the model's context) and the question the
        lane's last answer asked, unless ``main`` asked one itself since (the newer
        question wins, as in one conversation)."""
        with self.lock:
            lane = self.assistant.memory
            for asked, answered in lane.history:
                main.memory.remember_turn(asked, answered)
            lane.history.clear()
            if lane.pending is not None and main.memory.pending is None:
                main.memory.pending, main.memory.pending_agent = lane.pending, lane.pending_agent
                main.memory.pending_options = lane.pending_options
                main.memory.last_agent = lane.last_agent
            lane.pending, lane.pending_agent, lane.pending_options = None, None, []
