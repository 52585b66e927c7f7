"""Questions the model answered in words are answered from data instead."""

import pytest

from incabin.agents.fallback import direct_question, question_call, trustworthy


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("what's my range?", ("get_vehicle_status", {"topic": "battery"})),
        ("Are my tyres ok?", ("get_vehicle_status", {"topic": "tyres"})),
        ("is everything closed?", ("get_vehicle_status", {"topic": "doors"})),
        ("A warning light just came on, what is it?", ("check_warnings", {})),
        ("How do I open the charging flap?", ("search_manual", {"question": "How do I open the charging flap?"})),
        ("还能开多远？", ("get_vehicle_status", {"topic": "battery"})),
        ("胎压正常吗？", ("get_vehicle_status", {"topic": "tyres"})),
        ("仪表盘上亮了一个故障灯", ("check_warnings", {})),
        # the status capability's topic words decide, the longest as written first
        ("is the charging done?", ("get_vehicle_status", {"topic": "charging"})),
        ("how's the charge?", ("get_vehicle_status", {"topic": "battery"})),
        ("how fast am I going?", ("get_vehicle_status", {"topic": "speed"})),
        ("后备箱是不是还开着呢", ("get_vehicle_status", {"topic": "doors"})),
        ("这趟开了多少公里了", ("get_vehicle_status", {"topic": "trip"})),
        # how, where and what to do are the manual's
        ("car's completely dead, won't even unlock, what do I do?",
         ("search_manual", {"question": "car's completely dead, won't even unlock, what do I do?"})),
        ("这车充电口在哪边啊", ("search_manual", {"question": "这车充电口在哪边啊"})),
    ],
)
def test_car_questions(text, call):
    assert question_call("car_genius", text) == call


@pytest.mark.parametrize(
    ("text", "question"),
    [("when will we arrive?", "eta"), ("how far is it still?", "distance_left"),
     ("will I make it without charging?", "reach_without_charging"), ("where am I?", "where_am_i"),
     ("还有多远？", "distance_left")],
)
def test_trip_questions(text, question):
    assert question_call("travel_companion", text) == ("trip_info", {"question": question})


@pytest.mark.parametrize("text", ["make it warmer", "open the trunk"])
def test_commands_are_left_alone(text):
    assert question_call("car_genius", text) is None


def test_other_car_questions_go_to_the_manual_unless_direct():
    assert question_call("car_genius", "what's so special about this car?")[0] == "search_manual"
    assert question_call("car_genius", "what's so special about this car?", direct=True) is None
    assert direct_question("car_genius", "What is one-pedal driving?")[0] == "search_manual"


def test_model_words_with_numbers_are_not_trusted():
    assert not trustworthy("The range of the car is 100 km.")
    assert trustworthy("Hello! I'm your car assistant.")


@pytest.mark.parametrize("text", ["can you open the trunk?", "could you turn on the lights?", "帮我打开车窗吗"])
def test_polite_commands_are_not_direct_questions(text):
    assert direct_question("car_genius", text) is None


def test_manual_questions_go_straight_to_the_manual():
    assert direct_question("car_genius", "Can this car be towed with the wheels on the ground?")[0] == "search_manual"
    assert direct_question("car_genius", "How do I open the charging flap?")[0] == "search_manual"


def test_echoed_errors_are_not_spoken():
    assert not trustworthy("Invalid JSON (Expecting value): {")


def test_can_you_tell_me_is_still_a_question():
    assert direct_question("car_genius", "can you tell me my range?") == ("get_vehicle_status", {"topic": "battery"})
    assert direct_question("car_genius", "could you pop the boot for me") is None


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("How much battery will I have left when we arrive?", ("trip_info", {"question": "battery_at_arrival"})),
        ("Will the battery last until we get there?", ("trip_info", {"question": "reach_without_charging"})),
        ("Where are we stopping to charge?", ("trip_info", {"question": "stops"})),
        ("How many kilometres are left?", ("trip_info", {"question": "distance_left"})),
        ("How far is Kiasma from here?", ("place_info", {"question": "distance", "place": "kiasma"})),
        ("What's the address of Tamarin?", ("place_info", {"question": "address", "place": "tamarin"})),
        ("Is it open now?", ("place_info", {"question": "open_now"})),
        ("我们几点能到？", ("trip_info", {"question": "eta"})),
        ("这一路要充电多久？", ("trip_info", {"question": "charging_time"})),
    ],
)
def test_more_trip_questions(text, call):
    assert question_call("travel_companion", text) == call


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Where's the nearest charging station?", ("find_places", {"category": "charging", "near": "here"})),
        ("closest toilet?", ("find_places", {"category": "toilets", "near": "here"})),
        ("How long does it take to drive to Leipzig?", ("plan_trip", {"destination": "Leipzig"})),
        ("what's its address?", ("place_info", {"question": "address"})),
    ],
)
def test_searches_and_plans_asked_as_questions(text, call):
    assert question_call("travel_companion", text) == call


@pytest.mark.parametrize(
    ("text", "code"),
    [("What does P0A80 mean?", "P0A80"), ("is u0100 serious?", "U0100"), ("P0A80是什么意思", "P0A80"),
     ("what does fault code c1234 on the dash mean", "C1234")],
)
def test_fault_codes_go_to_the_dtc_table_before_the_manual_or_the_warnings(text, code):
    assert direct_question("car_genius", text) == ("explain_code", {"code": code})
    assert question_call("car_genius", text) == ("explain_code", {"code": code})


@pytest.mark.parametrize("text", ["what's the paced driving mode", "is the b2b charger compatible"])
def test_words_that_only_look_like_codes_are_not_codes(text):
    assert (direct_question("car_genius", text) or ("",))[0] != "explain_code"


@pytest.mark.parametrize(
    "text",
    ["Will this trip need charging?", "can I get to Tampere without charging?",
     "is my battery enough to get to Munich?", "不充电能开到上海吗", "这次行程需要充电吗"],
)
def test_car_genius_leaves_trip_feasibility_to_the_planner(text):
    assert direct_question("car_genius", text) is None
    assert question_call("car_genius", text) is None


def reach(place):
    return "trip_info", {"question": "reach_without_charging", "destination": place}


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Will this trip need charging?", ("trip_info", {"question": "reach_without_charging"})),
        ("do I need to charge on the way?", ("trip_info", {"question": "reach_without_charging"})),
        ("can we reach the destination without charging?", ("trip_info", {"question": "reach_without_charging"})),
        ("can I get to Tampere without charging?", reach("Tampere")),
        ("Can I reach Shanghai with my current battery?", reach("Shanghai")),
        ("Can I drive to Leipzig on a single charge?", reach("Leipzig")),
        ("is my battery enough to get to Munich?", reach("Munich")),
        ("不充电能开到上海吗", reach("上海")),
    ],
)
def test_trip_feasibility_is_the_planners(text, call):
    assert direct_question("travel_companion", text) == call


@pytest.mark.parametrize(
    ("text", "tool"),
    [("how do I charge on a road trip", "search_manual"), ("how far can I drive", "get_vehicle_status"),
     # "On a full battery" asks what the car can do, not what the charge left gives.
     ("how far can I drive on a full battery", "search_manual")],
)
def test_charging_and_range_questions_without_a_trip_stay_with_the_car(text, tool):
    assert direct_question("car_genius", text)[0] == tool


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Will I reach Nuremberg with what's left in the battery?", reach("Nuremberg")),
        ("剩下的电够开到纽伦堡吗", reach("纽伦堡")),
        ("这点电能不能撑到柏林", reach("柏林")),
        ("Do I need to charge before driving to Berlin?", reach("Berlin")),
        ("去天津路上需要充电吗？", reach("天津")),
        ("从这里到天津要多久", ("plan_trip", {"destination": "天津"})),
        ("How long will it take me to get to Leipzig from here?",
         ("plan_trip", {"destination": "Leipzig"})),
        ("Where are we stopping to charge?", ("trip_info", {"question": "stops"})),
        ("How long to charge to 80%?", ("trip_info", {"question": "charging_time"})),
    ],
)
def test_trip_questions_and_their_places_come_from_the_travel_vocabulary(text, call):
    assert direct_question("travel_companion", text) == call


@pytest.mark.parametrize(
    ("text", "place"),
    [("Take me to Nuremberg, no sorry, I meant Ingolstadt", "Ingolstadt"),
     ("Add a stop in Jinan — no, make that Nanjing", "Nanjing"),
     ("导航去济南，不对，是天津", "天津"), ("加个途经点济南，哦不，南京", "南京"),
     ("take me to Kiasma", None)],
)
def test_a_self_correction_names_the_last_place(text, place):
    from incabin.agents.travel_words import corrected_place

    assert corrected_place(text) == place


def test_search_filters_are_read_from_the_words_said():
    from incabin.agents.travel_words import said_cuisine, said_diets, said_price

    assert said_cuisine("any good Mexican food around here?") == "mexican"
    assert said_cuisine("帮我找一家越南菜") == "vietnamese"
    assert said_diets("something vegan, or at least veggie") == ["vegan", "vegetarian"]
    assert said_diets("I just need some fast food") == []
    assert said_price("somewhere cheap to eat") == 1 and said_price("找个吃饭的地方") is None


@pytest.mark.parametrize(("text", "tool"), [
    # The manual's answer shares a word no status reading says: the manual answers.
    ("is there a spare wheel in this thing somewhere?", "search_manual"),
    ("roughly how long on a rapid charger to get from ten to eighty percent?", "search_manual"),
    ("car's completely dead and won't unlock, how do I get at the jump terminals?", "search_manual"),
    # Every word is a status topic's or a status sentence's: a live reading.
    ("is the trunk open?", "get_vehicle_status"),
    ("can you tell me my range?", "get_vehicle_status"),
    ("我的胎压多少", "get_vehicle_status"),
    ("后备箱是不是还开着", "get_vehicle_status"),
])
def test_a_question_the_manual_explains_beyond_a_reading_is_the_manuals(text, tool):
    call = question_call("car_genius", text, direct=True)
    assert call is not None and call[0] == tool
