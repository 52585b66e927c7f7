"""What the model is shown: worked examples (every one a call its own words license,
valid for the tool's schema; a request sees the nearest ones of the tools it may call),
and no turn at all for a request about a capability hidden from it."""

import pytest

from incabin.agents import Assistant
from incabin.agents.assistant import AGENTS
from incabin.agents.capabilities import catalogue, examples_for, licensed
from incabin.llm import Message, ScriptedModel

EXAMPLES = [(cap.tool, lang, example) for cap in catalogue().capabilities.values()
            for lang, examples in cap.examples.items() for example in examples]


@pytest.mark.parametrize(("tool", "lang", "example"), EXAMPLES,
                         ids=[f"{tool}-{example.said}" for tool, _, example in EXAMPLES])
def test_an_example_teaches_only_what_its_words_license(tool, lang, example):
    # A worked call the gate would refuse, or one with arguments it would drop, would
    # teach the model to be refused.
    licence = licensed(tool, example.arguments, example.said)
    assert licence.ok and not licence.drop and not licence.fix, licence.reason
    toolbox = next(box for _, box in AGENTS.values() if tool in box)
    toolbox.get(tool).validate(example.arguments)
    assert (lang == "zh") == any("\u4e00" <= ch <= "\u9fff" for ch in example.said)


def test_the_nearest_examples_of_the_tools_a_request_may_call_come_first():
    shown = examples_for("bump the charge limit up by another ten", "en", {"set_charge_limit", "set_window"})
    assert shown[0].tool == "set_charge_limit" and shown[0].example.arguments == {"change": 10}
    assert all(w.tool in {"set_charge_limit", "set_window"} for w in shown)
    assert [w.tool for w in examples_for("风再大点", "zh", {"set_climate"})][0] == "set_climate"
    assert examples_for("anything at all", "en", set()) == []


class _Recording(ScriptedModel):
    """A scripted model that keeps the messages of each turn it was asked."""

    def __init__(self):
        super().__init__()
        self.asked: list[list[Message]] = []

    def chat(self, messages, tools, **kwargs):
        self.asked.append(list(messages))
        return super().chat(messages, tools, **kwargs)


def test_the_model_sees_worked_examples_only_for_what_the_request_names():
    model = _Recording()
    model.add(Message("assistant", "ok"))
    model.add(Message("assistant", "ok"))
    assistant = Assistant.create(model, "sim", profiles="guest")
    try:
        assistant.send("give the fan a little more oomph")
        named = model.asked[-1]
        assert named[-1].content == "give the fan a little more oomph"
        shown = [m.content for m in named[1:-1] if m.role == "assistant"]
        assert shown and all('"set_climate"' in text for text in shown)
        assistant.send("tell me a joke about penguins")
        # Nothing named: no example leans the model towards any tool.
        assert [m.role for m in model.asked[-1]][-1] == "user"
        assert not any('"calls"' in m.content for m in model.asked[-1][1:] if m.role == "assistant")
    finally:
        assistant.close()


@pytest.mark.parametrize("text", ["后排座椅开一下通风", "turn on the ventilation in my seat",
                                  "后排座椅开一下通风，太热了"])
def test_a_hidden_capability_beside_its_visible_neighbour_is_asked_about(text):
    # Seat heating moves the same signal as the (hidden) ventilation: the model could only
    # guess it. The driver is asked; nothing moves and the model is never called.
    model = _Recording()
    assistant = Assistant.create(model, "sim", profiles="guest")
    try:
        before = {path: assistant.vehicle.get(path) for path in (
            "Vehicle.Cabin.Seat.Row2.DriverSide.HeatingCooling",
            "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling")}
        reply = assistant.send(text)
        assert reply.act == "clarify"
        assert model.asked == []
        assert all(assistant.vehicle.get(path) == value for path, value in before.items())
    finally:
        assistant.close()
