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
    propose(model, "find_places", category="restaurant")
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


def test_a_cuisine_the_driver_never_said_is_not_applied(assistant, model):
    # A schema-constrained model fills optional arguments; the driver named no cuisine
    # and has no stored diet, so the search is for any restaurant.
    propose(model, "find_places", category="restaurant", cuisine="steak_house")
    reply = assistant.send("find me a place to eat")
    assert reply.act == "clarify"
    reasons = [r for place in reply.actions[0].result for r in place["reasons"]]
    assert not any("steak" in r or "vegan" in r or "vegetarian" in r for r in reasons)
    assert "steak" not in reply.text.lower() and "vegan" not in reply.text.lower()


def test_the_stored_diet_applies_and_the_reply_says_so(assistant, model):
    assistant.services.driver.set("food.diet", ["vegetarian"])
    propose(model, "find_places", category="restaurant")
    reply = assistant.send("where can I get something good to eat nearby?")
    assert reply.act in ("clarify", "confirm") and "vegetarian" in reply.text.lower()
    for place in reply.actions[0].result:
        assert any("vegetarian" in r for r in place["reasons"]), place
    propose(model, "find_places", category="restaurant")
    reply = assistant.send("附近有什么好吃的")
    assert "素食" in reply.text


def test_a_self_correction_goes_to_the_last_named_place(assistant, model):
    assistant.vehicle.set(LAT, 48.137)
    assistant.vehicle.set(LON, 11.575)
    assistant.vehicle.set(SOC, 90)
    # The model picked the first place named; the driver corrected it.
    propose(model, "plan_trip", destination="Nuremberg", start_navigation=True)
    reply = assistant.send("Take me to Nuremberg, no sorry, I meant Ingolstadt")
    assert reply.act == "done"
    assert "Ingolstadt" in assistant.navigation.state()["destination"]["name"]


def test_a_new_destination_drops_the_stops_off_the_way(assistant, model):
    assistant.vehicle.set(LAT, 48.137)
    assistant.vehicle.set(LON, 11.575)
    assistant.vehicle.set(SOC, 90)
    assistant.start_navigation("Berlin", ["Nuremberg"])
    propose(model, "edit_route", action="change_destination", place="Ingolstadt")
    reply = assistant.send("change of plans, make Ingolstadt the destination")
    assert reply.act == "done" and "Nuremberg" in reply.text
    state = assistant.navigation.state()
    assert "Ingolstadt" in state["destination"]["name"]
    assert not [s for s in state["stops"] if s["kind"] == "waypoint"]


def test_a_stop_is_removed_by_its_position(assistant, model):
    assistant.vehicle.set(LAT, 48.137)
    assistant.vehicle.set(LON, 11.575)
    assistant.vehicle.set(SOC, 90)
    assistant.start_navigation("Berlin", ["Ingolstadt", "Nuremberg"])
    propose(model, "edit_route", action="remove_stop", old_stop="second")
    reply = assistant.send("drop the second stop")
    assert reply.act == "done" and "Nuremberg" in reply.text
    own = [s["name"] for s in assistant.navigation.state()["stops"] if s["kind"] == "waypoint"]
    assert own == ["Ingolstadt"]


def test_can_i_reach_is_the_planners_verdict_and_starts_nothing(assistant, model):
    assistant.vehicle.set(LAT, 48.137)
    assistant.vehicle.set(LON, 11.575)
    assistant.vehicle.set(SOC, 50)
    reply = assistant.send("Will I reach Nuremberg with what's left in the battery?")  # no model
    assert (reply.act, reply.agent) == ("inform", "travel_companion")
    assert reply.text.startswith("No:") and "55" in reply.text and "Walting" in reply.text
    assert not model.calls and assistant.navigation.state()["active"] is False
    assistant.vehicle.set(SOC, 80)
    reply = assistant.send("能开到纽伦堡吗？")
    assert reply.text.startswith("可以") and "25" in reply.text


def test_a_stop_edit_is_never_a_new_trip_and_keeps_its_direction(assistant, model):
    # No route: the model reaching for plan_trip on "add … as a stop" starts nothing.
    propose(model, "plan_trip", destination="Stockmann", start_navigation=True)
    reply = assistant.send("add Stockmann as a stop")
    assert reply.act == "refuse" and assistant.navigation.state()["active"] is False
    # A route: "take … off" removes, whichever edit the model picked.
    assistant.start_navigation("Kiasma", ["Stockmann"])
    propose(model, "edit_route", action="replace_stop", place="Stockmann", old_stop="auto")
    reply = assistant.send("take the Stockmann stop off the route")
    assert reply.act == "done"
    state = assistant.navigation.state()
    assert state["stops"] == [] and "Kiasma" in state["destination"]["name"]


def test_a_corrected_away_place_is_no_stop_either(assistant, model):
    assistant.vehicle.set(LAT, 39.9042)
    assistant.vehicle.set(LON, 116.4074)
    assistant.vehicle.set(SOC, 90)
    propose(model, "plan_trip", destination="济南", stops=["济南"], start_navigation=True)
    reply = assistant.send("导航去济南，不对，是天津")
    assert reply.act == "done" and "天津" in reply.text
    state = assistant.navigation.state()
    assert "Tianjin" in state["destination"]["name"]
    assert not [s for s in state["stops"] if s["kind"] == "waypoint"]
