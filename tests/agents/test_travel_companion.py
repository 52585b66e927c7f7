"""Travel Companion's tools on the real map (Helsinki OSM and the modelled corridors),
with a scripted model proposing the calls: planning, confirmation, dining, edits
and the clear answers for impossible requests."""

import pytest

from tests.agents.conftest import LAT, LON, SOC, propose


@pytest.fixture
def assistant(assistant_on_map):
    return assistant_on_map


def test_take_me_there_starts_navigation(assistant, model):
    propose(model, "plan_trip", destination="Stockmann", start_navigation=True)
    reply = assistant.send("take me to Stockmann")
    assert (reply.act, reply.agent) == ("done", "travel_companion")
    state = assistant.navigation.state()
    assert state["active"] and "Stockmann" in state["destination"]["name"]
    assert "Stockmann" in reply.text and "km" in reply.text


def test_a_plan_waits_for_yes(assistant, model):
    assistant.vehicle.set(LAT, 39.9042)
    assistant.vehicle.set(LON, 116.4074)
    assistant.vehicle.set(SOC, 90)
    propose(model, "plan_trip", destination="Shanghai")
    reply = assistant.send("plan a trip to Shanghai")
    assert reply.act == "confirm" and "charging stop" in reply.text
    assert not assistant.navigation.state()["active"]
    assert assistant.send("yes").act == "done"
    state = assistant.navigation.state()
    assert state["active"] and {s["kind"] for s in state["stops"]} == {"charging"}
    assert state["route"]["arrival_soc_percent"] >= 10


def test_dining_on_the_way_offers_choices_and_adds_the_chosen_stop(assistant, model):
    propose(model, "plan_trip", destination="Stockmann", start_navigation=True)
    assistant.send("take me to Stockmann")
    propose(model, "find_places", category="restaurant", diet="vegetarian")
    reply = assistant.send("find a vegetarian restaurant on the way")
    assert reply.act == "clarify" and 2 <= len(reply.options) <= 3
    chosen = reply.options[1]
    assert assistant.send("the second one").act == "done"
    stops = assistant.navigation.state()["stops"]
    assert [s["name"] for s in stops if s["kind"] == "restaurant"] == [chosen]
    assert "Stockmann" in assistant.navigation.state()["destination"]["name"]
    propose(model, "place_info", question="open_now")
    reply = assistant.send("is it open now?")
    assert reply.act == "inform" and chosen in reply.text


def test_a_stop_named_by_several_places_is_a_choice(assistant, model):
    propose(model, "plan_trip", destination="Vapiano", stops=["Pupu"], start_navigation=True)
    reply = assistant.send("take me to Vapiano via Pupu")
    assert reply.act == "clarify" and len(reply.options) >= 2
    assert assistant.send(reply.options[0]).act == "done"
    assert [s["name"].lower() for s in assistant.navigation.state()["stops"]] == ["pupu"]


def test_a_route_edit_without_navigation_changes_nothing(assistant, model):
    propose(model, "edit_route", action="add_stop", place="Stockmann")
    reply = assistant.send("add Stockmann as a stop")
    assert reply.act == "refuse"
    assert assistant.navigation.state()["active"] is False


def test_an_unknown_place_is_refused_or_offers_close_names(assistant, model):
    propose(model, "plan_trip", destination="Xyzzyville Qwerty", start_navigation=True)
    reply = assistant.send("take me to Xyzzyville Qwerty")
    assert reply.act in ("refuse", "clarify")
    assert assistant.navigation.state()["active"] is False


def test_a_trip_no_charging_plan_can_make_is_refused_with_the_reason(assistant, model):
    assistant.vehicle.set(LAT, 48.1372)
    assistant.vehicle.set(LON, 11.5756)
    assistant.vehicle.set(SOC, 2)
    assistant.services.driver.set("charging.min_arrival_soc", 60)
    propose(model, "plan_trip", destination="Berlin", start_navigation=True)
    reply = assistant.send("take me to Berlin")
    assert reply.act == "refuse" and "can't plan" in reply.text
    assert assistant.navigation.state()["active"] is False


def test_trip_questions_come_from_the_travel_layer(assistant, model):
    propose(model, "plan_trip", destination="Stockmann", start_navigation=True)
    assistant.send("take me to Stockmann")
    reply = assistant.send("how far is it still?")          # a question: no model needed
    left = assistant.navigation.remaining().distance_km
    assert reply.act == "inform" and f"{left:.1f}".rstrip("0").rstrip(".") in reply.text


def test_asking_for_a_plan_never_starts_navigation(assistant, model):
    propose(model, "plan_trip", destination="Stockmann", start_navigation=True)
    assert assistant.send("plan a route to Stockmann").act == "confirm"
    propose(model, "plan_trip", destination="Stockmann", start_navigation=True)
    assert assistant.send("how long does it take to drive to Stockmann?").act == "confirm"
    assert assistant.navigation.state()["active"] is False


def test_a_new_destination_while_navigating_keeps_the_stops(assistant, model):
    propose(model, "plan_trip", destination="Stockmann", stops=["Kiasma"], start_navigation=True)
    assistant.send("take me to Stockmann via Kiasma")
    stops = [s["name"] for s in assistant.navigation.state()["stops"]]
    propose(model, "plan_trip", destination="Kamppi")
    reply = assistant.send("change the destination to Kamppi")
    assert reply.act == "done"
    state = assistant.navigation.state()
    assert "Kamp" in state["destination"]["name"]
    assert [s["name"] for s in state["stops"]] == stops


def test_a_diet_the_driver_never_said_is_not_applied(assistant, model):
    # A schema-constrained model sometimes fills an optional enum ("vegan"); the
    # driver asked for Mexican food and has no stored diet.
    propose(model, "find_places", category="restaurant", cuisine="mexican", diet="vegan")
    reply = assistant.send("find me a Mexican place to eat")
    assert "vegan" not in reply.text.lower()
    assert "纯素" not in reply.text
