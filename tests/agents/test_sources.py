"""Every answer comes from the source that owns the fact (issue 13): a fault code
from the DTC table, whether a trip needs charging from the route planner, and only
how the car works from the owner's manual, when a section is relevant at all.

A scripted model stands in for the LLM: these tests are about which source answers,
not about what a model would choose. Where a real model once made the wrong call,
the script makes the same call.
"""

import pytest

from incabin.llm import Message
from incabin.vehicle.dtc import describe_dtc
from tests.agents.conftest import LAT, LON, SOC, propose


@pytest.fixture
def assistant(assistant_on_map):
    return assistant_on_map


def tools(reply):
    return [a.tool for a in reply.actions]


# --- a. fault codes: the DTC table, active or not ---------------------------------


def test_a_fault_code_is_explained_from_the_dtc_table_not_the_manual(assistant):
    info = describe_dtc("P0A80")
    assert info.severity == "service_soon"  # the manual's red-light paragraph says stop
    reply = assistant.send("What does P0A80 mean?")
    assert (reply.act, reply.agent, tools(reply)) == ("inform", "car_genius", ["explain_code"])
    assert info.meaning.rstrip(".") in reply.text
    assert info.advice.rstrip(".") in reply.text
    assert "service centre soon" in reply.text and "Stop safely" not in reply.text
    assert "manual" not in reply.text.lower()
    assert "isn't active" in reply.text
    assert reply.actions[0].result == {"code": "P0A80", "severity": "service_soon",
                                       "active": False, "source": "incabin"}


def test_an_active_code_asked_in_chinese_says_it_is_active(assistant):
    assistant.vehicle.add_dtc("P0A80")
    reply = assistant.send("P0A80是什么意思？")
    assert tools(reply) == ["explain_code"] and reply.actions[0].result["active"]
    assert "请尽快去维修中心" in reply.text and "这辆车目前有这个故障码" in reply.text


def test_a_code_that_cannot_exist_is_said_to_be_invalid(assistant):
    reply = assistant.send("what does P7A80 mean?")
    assert tools(reply) == ["explain_code"] and reply.act == "inform"
    assert "isn't a valid fault code" in reply.text


# --- b. trip feasibility: the route planner, never the manual ----------------------


def test_will_this_trip_need_charging_is_answered_by_the_planner(assistant):
    assistant.start_navigation("Stockmann")
    reply = assistant.send("Will this trip need charging?")
    assert (reply.act, reply.agent) == ("inform", "travel_companion")
    assert reply.actions[0].tool == "trip_info"
    assert reply.actions[0].arguments == {"question": "reach_without_charging"}
    # It asks whether charging is needed: the answer is no, with the arrival charge.
    assert reply.text.startswith("No, you'll make it without charging") and "percent" in reply.text


def test_reaching_a_named_place_without_charging_is_planned_not_started(assistant):
    assistant.vehicle.set(LAT, 39.9042)
    assistant.vehicle.set(LON, 116.4074)
    assistant.vehicle.set(SOC, 90)
    reply = assistant.send("Can I get to Shanghai without charging?")
    assert (reply.act, reply.agent, tools(reply)) == ("inform", "travel_companion", ["trip_info"])
    assert reply.text.startswith("No:") and "charging stop" in reply.text
    assert not assistant.navigation.state()["active"]  # a question starts nothing


def test_the_place_the_active_trip_goes_to_is_answered_from_that_trip(assistant):
    assistant.vehicle.set(LAT, 48.137)
    assistant.vehicle.set(LON, 11.575)
    assistant.vehicle.set(SOC, 90)
    assistant.start_navigation("Berlin")
    before = assistant.navigation.state()
    reply = assistant.send("Can I get to Berlin without charging?")
    assert (reply.act, tools(reply)) == ("inform", ["trip_info"])
    assert reply.text.startswith("No:") and "the plan includes" in reply.text
    assert assistant.navigation.state() == before


def test_car_genius_never_answers_trip_feasibility_from_the_manual(assistant):
    # The router now sends the question to Travel Companion; should a model on the
    # car side still search the manual for it, the manual tool points to the planner.
    from incabin.agents.car_genius import TOOLBOX
    from incabin.agents.context import TurnContext
    from incabin.agents.router import route

    question = "can I get to Tampere without charging?"
    assert route(question, "car_genius") == "travel_companion"
    ctx = TurnContext(assistant.services, assistant.memory, "en", question)
    outcome = TOOLBOX.get("search_manual").run(ctx, {"question": question})
    assert "route planner" in outcome.say
    assert not outcome.ok and "preconditioning" not in outcome.say.lower()


# --- c. the manual answers only what it covers --------------------------------------


def test_a_song_request_is_never_phrased_from_an_unrelated_section(assistant, model):
    # The model that once cited "Towing and transport mode" searches the manual again
    # (unless the request is declined as a missing feature before the model).
    propose(model, "search_manual", question="Play a song by Adele on the car radio")
    reply = assistant.send("Play a song by Adele")
    assert reply.act in ("inform", "refuse", "done")  # the default car plays it
    assert "Towing" not in reply.text and "manual section" not in reply.text
    assert not any(a.ok for a in reply.actions if a.tool == "search_manual")
    assert len(model.calls) <= 1  # no passage was handed to the model to phrase


def test_an_unrelated_question_sent_to_the_manual_gets_it_does_not_know(assistant, model):
    # "time" is the one word it shares with the scheduled-charging section.
    propose(model, "search_manual", question="What time is it in Tokyo?")
    reply = assistant.send("What time is it in Tokyo?")
    assert (reply.act, reply.text) == ("inform", "The owner's manual doesn't cover that.")
    assert tools(reply) == ["search_manual"] and reply.actions[0].result == {"section": None}
    assert model.remaining == 0 and len(model.calls) == 1


def test_a_how_to_question_off_the_manual_says_so_without_the_model(assistant, model):
    reply = assistant.send("How do I play music in the car?")
    assert tools(reply) == ["search_manual"] and reply.act == "inform"
    assert reply.text == "The owner's manual doesn't cover that."
    assert "Towing" not in reply.text and model.calls == []


def test_a_question_the_manual_covers_is_still_answered_from_it(assistant, model):
    model.add(Message("assistant", "Press the rear of the flap and it opens."))
    reply = assistant.send("How do I open the charging flap?")
    assert tools(reply) == ["search_manual"] and reply.actions[0].ok
    assert reply.text.startswith("From the manual section")
    assert "Press the rear of the flap" in reply.text
