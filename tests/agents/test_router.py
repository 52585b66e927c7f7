"""The router sends car requests to Car Genius and trip requests to Travel Companion."""

import pytest

from incabin.agents.router import route


@pytest.mark.parametrize(
    "text",
    ["I'm cold", "what's my tyre pressure", "a light came on in the dashboard",
     "how do I open the charge port", "打开座椅加热", "电池还有多少电", "close the sunroof"],
)
def test_car_requests_go_to_car_genius(text):
    assert route(text, None) == "car_genius"


@pytest.mark.parametrize(
    "text",
    ["take me to Shanghai", "find a vegetarian restaurant on the way", "when will we arrive",
     "add a charging stop", "导航去上海", "附近有咖啡吗", "avoid tolls"],
)
def test_trip_requests_go_to_travel_companion(text):
    assert route(text, None) == "travel_companion"


def test_a_follow_up_without_keywords_stays_with_the_last_agent():
    assert route("is it open now?", "travel_companion") == "travel_companion"
    assert route("and the other one?", "car_genius") == "car_genius"


@pytest.mark.parametrize(
    "text",
    ["Will I reach Nuremberg with what's left in the battery?",
     "with this battery can I make it to Turku?",
     "I'm at 35 percent, take me to Tampere", "电量还有35%，帮我导航去纽伦堡", "剩下的电够开到纽伦堡吗",
     "帮我找一家越南菜", "do I need to charge before driving to Berlin?", "算了，改去南京"],
)
def test_trip_questions_and_requests_to_go_win_over_battery_words(text):
    # The travel vocabulary (agents/travel_words) decides; a battery word is context.
    assert route(text, "car_genius") == "travel_companion"


@pytest.mark.parametrize("text", ["make it warmer", "I can't reach the pedals", "what's my range?",
                                  "how much battery do I have?",
                                  # the car's own trip meter, not the route's
                                  "how many km have I done on this trip so far?", "这趟开了多少公里了"])
def test_words_a_trip_question_uses_elsewhere_stay_with_the_car(text):
    assert route(text, None) == "car_genius"


def test_a_place_named_with_a_status_word_stays_a_place():
    assert route("is the charging station open?", None) == "travel_companion"
