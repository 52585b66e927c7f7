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
