"""What get_vehicle_status says: plain words for the driver, never a VSS path or a
status code, and a 12 V battery answer of its own (issue 13).

The tool is called directly: which sentence routes to it is the router's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, get_args

import pytest

from incabin.agents import Assistant
from incabin.agents._models import Lang
from incabin.agents.car_genius import TOOLBOX
from incabin.agents.car_genius.status import Topic, unreadable
from incabin.agents.context import TurnContext
from incabin.agents.tools import Outcome
from incabin.llm import ScriptedModel
from incabin.vehicle import SignalUnavailable, SimSource, UnavailableReason

# A VSS path, or a code such as STALE / NOT_SUPPORTED / SOURCE_DOWN.
_LEAKS = re.compile(r"Vehicle\.\w|" + "|".join(r.value for r in UnavailableReason))


@pytest.fixture
def assistant() -> Iterator[Assistant]:
    a = Assistant.create(ScriptedModel(), "sim", profiles="guest")
    yield a
    a.close()


def status(assistant: Assistant, topic: str, lang: Lang = "en") -> Outcome:
    ctx = TurnContext(assistant.services, assistant.memory, lang, "")
    arguments: dict[str, Any] = {"topic": topic}
    return TOOLBOX.get("get_vehicle_status").run(ctx, arguments)


@pytest.mark.parametrize("reason", [UnavailableReason.STALE, UnavailableReason.SOURCE_DOWN])
def test_no_answer_shows_a_path_or_a_code_when_signals_are_unavailable(
    assistant: Assistant, reason: UnavailableReason
) -> None:
    car = assistant.vehicle
    car.store.mark_unavailable(car.catalogue.paths("Vehicle."), reason)
    for lang in get_args(Lang):
        for topic in get_args(Topic):
            outcome = status(assistant, topic, lang)
            assert not outcome.ok and outcome.act == "inform", topic
            assert not _LEAKS.search(outcome.say), (topic, outcome.say)
    # the answer says which reading is missing, in the driver's language
    assert status(assistant, "battery").say == "I can't read the battery charge right now."
    assert status(assistant, "battery", "zh").say == "暂时读取不到电池电量。"


def test_unreadable_fault_codes_are_named_plainly() -> None:
    err = SignalUnavailable("Vehicle.Diagnostics.DTCList", "STALE")
    assert unreadable(err, "en") == "I can't read the fault codes right now."
    assert unreadable(err, "zh") == "暂时读取不到故障码。"


def test_12v_battery_has_its_own_answer(assistant: Assistant) -> None:
    outcome = status(assistant, "12v_battery")
    assert outcome.ok and outcome.data == {"topic": "12v_battery"}
    assert outcome.say == "The 12-volt battery is fine at 13.6 volts."
    traction = status(assistant, "battery").say
    assert "percent" in traction and "percent" not in outcome.say
    assert status(assistant, "12v_battery", "zh").say == "12伏蓄电池正常，电压13.6伏。"


def test_12v_battery_low_voltage_is_a_warning(assistant: Assistant) -> None:
    sim = assistant.vehicle.source
    assert isinstance(sim, SimSource)
    sim.inject_low_12v(11.3)
    say = status(assistant, "12v_battery").say
    assert "low" in say and "11.3 volts" in say
    assert "偏低" in status(assistant, "12v_battery", "zh").say


def test_12v_battery_is_offered_to_the_model() -> None:
    spec = TOOLBOX.get("get_vehicle_status").spec
    assert "12v_battery" in str(spec.parameters) and "12-volt" in spec.description
