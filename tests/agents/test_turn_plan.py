"""Plan, check, then act (issue 13): a turn's calls run all together or not at all,
the reply says what really happened (side effects included), "yes, and …" keeps
the rest of the request, and the request boundary takes only text."""

import pytest

from incabin.agents import InvalidRequest
from incabin.llm import Message, ToolCall

SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
HIGH, LOW, FOG = ("Vehicle.Body.Lights.Beam.High.IsOn", "Vehicle.Body.Lights.Beam.Low.IsOn",
                  "Vehicle.Body.Lights.Fog.Front.IsOn")
TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
TRUNK = "Vehicle.Body.Trunk.Rear.IsOpen"
DRIVER_WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"


def calls(*pairs):
    return Message("assistant", tool_calls=tuple(ToolCall(n, a, id=f"c{i}")
                                                 for i, (n, a) in enumerate(pairs)))


def test_a_refused_part_leaves_every_other_part_unmoved(assistant, model):
    # The seat could heat, but the boot may not open while moving: nothing may move.
    model.add(calls(("set_seat", {"heating": "high"}), ("set_closure", {"part": "trunk", "open": True})))
    assistant.vehicle.set("Vehicle.Speed", 50)
    reply = assistant.send("my seat could use some heat, and open the boot")
    assert reply.act == "refuse"
    assert assistant.vehicle.get(SEAT) == 0
    assert assistant.vehicle.get(TRUNK) is False
    assert "haven't changed anything" in reply.text


def test_the_fast_path_is_all_or_nothing_too(assistant):
    assistant.vehicle.set("Vehicle.Speed", 80)
    assistant.vehicle.set(TEMP, 20)
    reply = assistant.send("set 22 degrees and open the trunk")
    assert reply.act == "refuse" and "moving" in reply.text
    assert assistant.vehicle.get(TEMP) == 20


def test_a_rule_that_undoes_a_request_is_said_not_hidden(assistant):
    assistant.vehicle.set("Vehicle.Speed", 60)
    reply = assistant.send("turn on the high beams and the fog lights")
    assistant.vehicle.settle()
    assert assistant.vehicle.get(FOG) is True and assistant.vehicle.get(HIGH) is False
    assert "high beams" in reply.text.lower() and "switched off" in reply.text
    assert not reply.text.startswith("High beams on")


def test_switching_off_the_low_beams_says_the_fog_lights_went_off_too(assistant):
    assistant.vehicle.set(FOG, True)
    assistant.vehicle.set(LOW, True)
    reply = assistant.send("switch off the low beams")
    assert assistant.vehicle.get(FOG) is False
    assert "fog" in reply.text.lower()


def test_opening_a_window_nearly_fully_in_rain_asks_first(assistant):
    assistant.vehicle.set("Vehicle.Body.Raindetection.Intensity", 60)
    reply = assistant.send("open the driver's window to 99 percent")
    assert reply.act == "confirm"
    assert assistant.vehicle.get(DRIVER_WINDOW) == 0


def test_yes_and_runs_the_confirmed_action_and_the_rest(assistant):
    assistant.vehicle.set("Vehicle.Body.Raindetection.Intensity", 60)
    assert assistant.send("open the driver's window").act == "confirm"
    reply = assistant.send("yes, and open the trunk too")
    assistant.vehicle.settle()
    assert assistant.vehicle.get(DRIVER_WINDOW) == 100
    assert assistant.vehicle.get(TRUNK) is True
    assert reply.act == "done"
    assert [a.tool for a in reply.actions] == ["set_window", "set_closure"]


@pytest.mark.parametrize("bad", [b"open the window", 21, ["open"]])
def test_a_request_that_is_not_text_is_a_typed_error(assistant, bad):
    with pytest.raises(InvalidRequest):
        assistant.send(bad)


def test_lone_surrogates_are_replaced_not_a_crash(assistant):
    reply = assistant.send("open the trunk \udcff")
    assert "\udcff" not in reply.text
    reply.text.encode("utf-8")  # speakable


def test_an_unlicensed_model_call_never_runs(assistant, model):
    model.add(calls(("set_lights", {"light": "high_beam", "on": True})))
    reply = assistant.send("make the dashboard glow purple")
    assert assistant.vehicle.get(HIGH) is False
    assert reply.act in ("refuse", "clarify", "inform")


@pytest.mark.parametrize("text", ["turn it down", "调低点", "make it higher"])
def test_a_sentence_that_names_no_part_moves_nothing_on_its_own(assistant, text):
    # The templates read these as temperature changes, but nothing names the
    # temperature: the licence gate decides for sentences as for the model.
    before = assistant.vehicle.get(TEMP)
    reply = assistant.send(text)
    assert assistant.vehicle.get(TEMP) == before
    assert reply.act != "done"


def test_the_same_words_are_a_follow_up_after_a_temperature_change(assistant):
    assistant.vehicle.set(TEMP, 22)
    assert assistant.send("set 22 degrees").act == "done"
    assert assistant.send("turn it down").act == "done"
    assert assistant.vehicle.get(TEMP) == 21


def test_a_request_the_car_already_meets_says_so_and_moves_nothing(assistant):
    assistant.vehicle.set(HIGH, False)
    reply = assistant.send("dip the beams, there's oncoming traffic")
    assert reply.act == "done"  # the car is as the driver asked
    assert reply.text.startswith("That was already so")
    assert assistant.vehicle.get(HIGH) is False


def test_a_change_is_not_called_already_met(assistant):
    assistant.vehicle.set(HIGH, True)
    reply = assistant.send("dip the beams, there's oncoming traffic")
    assert reply.act == "done" and not reply.text.startswith("That was already so")
    assert assistant.vehicle.get(HIGH) is False


def test_a_switch_request_is_judged_by_the_position_it_moves():
    # The sunroof is commanded by its switch; the change lands on its position, and the
    # reply must not call a real opening "already so".
    from incabin import Assistant
    car = Assistant.create(llm="scripted")
    reply = car.send("open the sunroof")
    assert reply.act == "done" and "already" not in reply.text
    assert any(c["path"] == "Vehicle.Cabin.Sunroof.Position" and c["new"] == 100
               for c in reply.actions[0].result)
    assert "already" in car.send("open the sunroof").text


def test_a_window_moves_by_a_change_from_where_it_is_going(assistant):
    assistant.vehicle.set(DRIVER_WINDOW, 30)
    assert assistant.send("open my window another twenty percent").act == "done"
    assert assistant.vehicle.target(DRIVER_WINDOW) == 50
    # Counted from the commanded 50, not the 30 it may still be passing.
    assistant.send("窗户再开20%")
    assert assistant.vehicle.target(DRIVER_WINDOW) == 70
    reply = assistant.send("close the window to 10 percent")
    assert assistant.vehicle.target(DRIVER_WINDOW) == 10 and "closed to 10" in reply.text


@pytest.mark.parametrize(("answer", "opened"), [
    ("开吧，没事，就一点毛毛雨", True),  # the held call said again is a yes
    ("open it anyway", True),
    ("open the window", False),  # another part: no yes to the sunroof
    ("don't open it", False),
])
def test_an_answer_that_restates_the_held_call_confirms_it(answer, opened):
    from incabin import Assistant
    car = Assistant.create(llm="scripted")
    car.vehicle.set("Vehicle.Body.Raindetection.Intensity", 10)
    assert car.send("open the sunroof" if answer.isascii() else "天窗开一下").act == "confirm"
    car.send(answer)
    assert (car.vehicle.target("Vehicle.Cabin.Sunroof.Position") == 100) is opened


def test_the_sunroof_opens_part_of_the_way_and_the_shade_is_said_plainly():
    from incabin import Assistant
    car = Assistant.create(llm="scripted")
    reply = car.send("天窗开一半")
    assert reply.act == "done" and car.vehicle.target("Vehicle.Cabin.Sunroof.Position") == 50
    assert "打开了天窗遮阳帘" in reply.text or "遮阳" in reply.text
    assert "opened the sunshade" in Assistant.create(llm="scripted").send("open the sunroof").text
