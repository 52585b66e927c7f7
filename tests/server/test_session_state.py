"""A session's state as stored: the conversation (``agents.session_state``) and the car
(``server.car_state``) written out and read back into fresh assistants, in-process."""

from __future__ import annotations

import dataclasses

import pytest

from incabin.agents import Assistant, session_state
from incabin.agents.context import Memory
from incabin.interfaces.server.car_state import (
    InvalidCarState,
    car_values,
    changed,
    restore_car,
)
from incabin.llm import ScriptedModel

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"


def _assistant() -> Assistant:
    return Assistant.create(ScriptedModel(), "sim", driver="Lin", profiles="guest")


def test_every_memory_field_is_stored_or_listed_as_not_stored() -> None:
    stored = set(session_state.ConversationState.model_fields) - {"format", "trip"}
    fields = {f.name for f in dataclasses.fields(Memory)}
    assert fields - stored == session_state.NOT_STORED
    assert stored <= fields


def test_a_held_question_and_a_trip_come_back_in_a_fresh_assistant() -> None:
    first = _assistant()
    assert first.send("open the window").act == "clarify"
    first.start_navigation("Kampin kappeli", ["Vapiano"])
    first.navigation.remove_stop(0)  # the driver's stop off: one edit after planning
    text = session_state.capture(first).model_dump_json()

    second = _assistant()
    session_state.restore(second, session_state.parse(text))
    assert second.navigation.state() == first.navigation.state()
    assert second.memory.pending == first.memory.pending
    assert second.memory.history == first.memory.history
    reply = second.send("the driver's window")
    assert reply.act == "done"
    second.vehicle.settle()
    assert second.vehicle.get(WINDOW) == 100


def test_a_trip_keeps_the_kinds_the_driver_chose_and_the_chargers_removed() -> None:
    first = _assistant()
    first.start_navigation("Kampin kappeli")
    plan = first.navigation.plan
    first.navigation.add_stop(plan.destination, kind="restaurant", position=0)
    settings = first.navigation.plan.settings
    state = session_state.capture(first)
    assert state.trip is not None and state.trip.stops[0].kind == "restaurant"
    second = _assistant()
    session_state.restore(second, session_state.parse(state.model_dump_json()))
    assert second.navigation.plan.settings == settings


@pytest.mark.parametrize("text, problem", [
    ('{"format": 2}', "format"),
    ('{"format": 1, "history": [["only one side"]]}', "history.0"),
    ('{"format": 1, "pending_agent": "someone"}', "pending_agent"),
    ('{"format": 1, "last_place": {"name": "x"}}', "last_place"),
    ('{"format": 1, "surprise": true}', "surprise"),
    ("[1, 2", "json"),
])
def test_stored_conversation_that_does_not_fit_is_refused_by_name(text: str, problem: str) -> None:
    with pytest.raises(session_state.InvalidSessionState) as raised:
        session_state.parse(text)
    assert problem in str(raised.value).lower()


def test_a_trip_that_cannot_be_planned_again_leaves_the_memory_alone() -> None:
    first = _assistant()
    first.send("open the window")
    first.start_navigation("Kampin kappeli")
    data = session_state.capture(first).model_dump(mode="json")
    data["trip"]["soc"] = 100
    data["trip"]["origin"] = [0.0, -150.0]  # the middle of the Pacific: no road network
    second = _assistant()
    with pytest.raises(session_state.InvalidSessionState, match="planned again"):
        session_state.restore(second, session_state.from_data(data))
    assert second.memory.pending is None and second.memory.history == []


def test_the_car_keeps_what_changed_and_a_moving_window_at_its_target() -> None:
    first = _assistant()
    fresh = car_values(first.vehicle)
    first.send("set 19 degrees")
    first.send("open the driver's window fully")  # moving: position still 0 until it ticks
    kept = changed(fresh, car_values(first.vehicle))
    assert kept[SETPOINT] == 19 and kept[WINDOW] == 100
    assert all(fresh.get(path, ...) != value for path, value in kept.items())

    second = _assistant()
    restore_car(second.vehicle, kept)
    assert second.vehicle.get(SETPOINT) == 19 and second.vehicle.get(WINDOW) == 100
    back = changed(fresh, car_values(second.vehicle))
    assert kept.items() <= back.items()  # and what follows them (the window's IsOpen)


@pytest.mark.parametrize("values, problem", [
    ({"Vehicle.Nowhere": 1}, "Vehicle.Nowhere"),
    ({SETPOINT: "warm"}, SETPOINT),
    ([SETPOINT, 20], "mapping"),
])
def test_a_stored_car_value_that_does_not_fit_is_refused(values: object, problem: str) -> None:
    with pytest.raises(InvalidCarState, match=problem):
        restore_car(_assistant().vehicle, values)  # type: ignore[arg-type]
