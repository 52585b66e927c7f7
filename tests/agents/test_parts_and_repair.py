"""Seats and windows named by row and side (one at a time or a row), a feeling said of
a part, the licence gate taking the part the
request names over the model's guess, a "don't" before a switch, participles that are
no bare nouns, one modifier standing for another ("front and rear fogs on"), and a
change told in Chinese (天阴了) beside a request."""

import pytest

from incabin.agents.capabilities import catalogue, followed_up, licensed, match, told


@pytest.mark.parametrize(("text", "seat"), [
    ("heat the seat in the back on the right", "rear_right"),
    ("warm the rear driver's side seat", "rear_left"),
    ("后排靠右的座椅加热打开", "rear_right"),
    ("第二排左边座椅加热打开", "rear_left"),
])
def test_a_seat_is_named_by_its_row_and_side(text, seat):
    understood = match(text)
    assert understood is not None
    assert understood.calls[0][1]["seat"] == seat


def test_zone_words_are_composed_once_for_every_list_of_zones():
    common = catalogue().common
    for lang in ("en", "zh"):
        composed = common.positions.words(lang)
        for name in common.positions.lists:
            assert all(set(words) <= set(common.lists[lang][name][zone])
                       for zone, words in composed.items())
    assert "back on the right" in common.lists["en"]["window"]["rear_right"]
    assert "后排右边" in common.lists["zh"]["window"]["rear_right"]


@pytest.mark.parametrize(("arguments", "request_text", "fixed"), [
    # The model's seat is not the one the request names: the named one runs.
    ({"seat": "passenger", "heating": "low"}, "my daughter behind me is cold, do her seat on low",
     ("seat", "rear_left")),
    ({"seat": "passenger", "heating": "medium"},
     "the little one in the back on the right wants his seat warm, medium", ("seat", "rear_right")),
    # the driver's own, named by "my"
    ({"seat": "passenger", "heating": "high"}, "heat my seat to high", ("seat", "driver")),
])
def test_the_gate_takes_the_seat_the_request_names(arguments, request_text, fixed):
    licence = licensed("set_seat", arguments, request_text)
    assert licence.ok
    assert dict(licence.fix) == dict([fixed])
    assert licence.arguments(arguments)[fixed[0]] == fixed[1]


def test_a_longer_name_of_another_part_is_no_name_of_this_one():
    # "rear fog light" says "fog light", but names the rear fog light only.
    licence = licensed("set_lights", {"light": "fog_front", "on": True}, "turn on the rear fog light")
    assert licence.ok and dict(licence.fix) == {"light": "fog_rear"}
    assert licensed("set_lights", {"light": "fog_front", "on": True}, "turn on the fog lights").fix == ()


@pytest.mark.parametrize(("tool", "arguments", "request_text", "fixed"), [
    # a zone the model did not fill, or filled wrongly: the one the request names
    ("adjust_comfort", {"feeling": "cold"}, "Noah's sitting right behind me and he's shivering",
     ("zone", "rear_left")),
    ("adjust_comfort", {"feeling": "hot", "zone": "passenger"}, "I'm roasting over here on my side",
     ("zone", "driver")),
    ("set_temperature", {"celsius": 23}, "the back on 23 degrees, the kids are napping", ("zone", "rear")),
])
def test_the_gate_takes_the_zone_the_request_names(tool, arguments, request_text, fixed):
    licence = licensed(tool, arguments, request_text)
    assert licence.ok and dict(licence.fix) == dict([fixed])


def test_no_repair_when_the_request_names_no_single_other_part():
    assert licensed("set_seat", {"seat": "passenger", "heating": "high"}, "heat the seat to high").fix == ()
    assert not licensed("set_window", {"window": "rear", "action": "close"},
                        "close the one behind the passenger").ok  # which part? no window named


def test_a_direction_is_never_repaired():
    licence = licensed("set_lights", {"light": "high_beam", "on": False}, "turn on the high beams")
    assert not licence.ok


@pytest.mark.parametrize(("on", "ok"), [(False, True), (True, False)])
@pytest.mark.parametrize("text", ["别开远光了，晃着人家了", "don't turn on the high beams"])
def test_a_switch_under_a_dont_is_the_other_way(text, on, ok):
    assert licensed("set_lights", {"light": "high_beam", "on": on}, text).ok is ok


def test_words_for_a_part_name_the_capability():
    # "dip them" is the high beams' word: the lights are named although "light" is not said.
    assert licensed("set_lights", {"light": "high_beam", "on": False},
                    "car coming the other way, dip them").ok
    assert not licensed("set_steering_heating", {"on": False}, "car coming the other way, dip them").ok


def test_a_participle_is_no_bare_noun():
    # "blinding" (the lights' situation) is not "the blind" over the roof, nor "the blinds".
    assert told("the sun's cooking my head through the roof, pull the blind across").calls == [
        ("set_sunroof_shade", {"action": "close"})]
    assert match("close the blinds").calls == [("set_sunroof_shade", {"action": "close"})]
    # "fogs" is the glass's situation, never the fog lights.
    assert match("the glass fogs up") is None  # told, below: no fog light
    assert told("the glass fogs up").calls == [("set_climate", {"front_defrost": True})]
    assert told("my windscreen fogged up").calls == [("set_climate", {"front_defrost": True})]


@pytest.mark.parametrize(("text", "calls"), [
    ("front and rear fogs on", [("set_lights", {"light": "fog_front", "on": True}),
                                ("set_lights", {"light": "fog_rear", "on": True})]),
    ("主驾和副驾座椅加热开到中档", [("set_seat", {"seat": "driver", "heating": "medium"}),
                              ("set_seat", {"seat": "passenger", "heating": "medium"})]),
])
def test_one_modifier_stands_for_the_one_the_next_clause_opens_with(text, calls):
    understood = match(text)
    assert understood is not None
    assert [(tool, args) for tool, args in understood.calls] == calls


@pytest.mark.parametrize(("text", "call"), [
    ("天阴了要下雨了，天窗关上吧", ("set_sunroof", {"action": "close"})),
    ("哎还是有点冷，再高两度吧", ("set_temperature", {"change": 2.0})),
    ("pop the boot for me love", ("set_closure", {"part": "trunk", "open": True})),
])
def test_what_is_told_or_called_beside_a_request_asks_nothing_more(text, call):
    understood = match(text)
    assert understood is not None and understood.calls == [call]


def test_a_value_inside_a_longer_word_still_counts_when_it_is_asked_for():
    # 拉上 asks (上 ends the verb); beside a complaint the request is not read as the complaint.
    assert match("哎太晒了，头顶那个帘子拉上").calls == [("set_sunroof_shade", {"action": "close"})]
    assert match("窗户都给我关上，然后把车锁了").calls == [("set_window", {"action": "close"}),
                                                   ("set_locks", {"locked": True})]


@pytest.mark.parametrize(("tool", "arguments", "text", "ok"), [
    # 10 °C is a temperature: the A/C switch carries no number, so it is not what was asked.
    ("set_climate", {"ac": True}, "空调直接给我打到十度", False),
    ("set_temperature", {"celsius": 10}, "空调直接给我打到十度", True),
    ("set_window", {"window": "driver", "action": "open"}, "open my window 30%", False),
    # A value's own words hold the number, and so does free text the call carries.
    ("set_seat", {"heating": "medium"}, "seat heating level 2", True),
    ("set_seat", {"heating": "medium"}, "座椅加热开二档", True),
    # Another clause's number is that clause's.
    ("set_climate", {"ac": True}, "打开空调，温度调到22度", True),
])
def test_a_number_the_call_does_not_carry_asks_for_something_else(tool, arguments, text, ok):
    assert licensed(tool, arguments, text).ok is ok


@pytest.mark.parametrize(("text", "call"), [
    # Every switch takes the words that switch anything: "cancel", "kill", "disable".
    ("glass is clear now, cancel the demister", ("set_climate", {"front_defrost": False})),
    ("kill the wheel heating", ("set_steering_heating", {"on": False})),
    ("disable the rear defrost", ("set_climate", {"rear_defrost": False})),
])
def test_a_switch_takes_the_common_switching_words(text, call):
    understood = match(text)
    assert understood is not None and understood.calls == [call]


def test_switching_words_are_not_given_to_what_is_no_switch():
    # The trunk opens and closes; "kill" or "turn on" is no word of it.
    opened = catalogue().value_words("set_closure", "open", "en")
    assert "kill" not in opened.get("false", []) and "turn on" not in opened.get("true", [])


def test_an_agent_noun_is_not_its_verb():
    # "demister" is the thing, not "demist" (switch it on): "cancel the demister" is off.
    assert told("cancel the demister") is None


def test_a_default_part_the_model_picked_gives_way_to_the_one_named():
    # The model's seat=driver is the default; "shotgun" names the passenger's seat.
    licence = licensed("set_seat", {"seat": "driver", "heating": "medium"},
                       "whoever's riding shotgun gets a warm seat, medium")
    assert licence.ok and licence.fix == (("seat", "passenger"),)
    assert licensed("set_seat", {"seat": "driver", "heating": "high"}, "warm the seat").fix == ()


@pytest.mark.parametrize(("text", "calls"), [
    # The particle of the verb before it is no second direction.
    ("open up the window behind me", [("set_window", {"action": "open", "window": "rear_left"})]),
    # A switch word after the part still only names it.
    ("wheel heat off", [("set_steering_heating", {"on": False})]),
    ("方向盘加热都关了", [("set_steering_heating", {"on": False})]),
])
def test_particles_and_part_words_yield_to_the_direction(text, calls):
    understood = match(text)
    assert understood is not None and understood.calls == calls


@pytest.mark.parametrize("text", ["roll the window up a bit", "车窗关一点", "把窗户关小一点"])
def test_closing_a_little_never_opens_a_closed_window(text):
    # "A bit" opens a crack only when opening: closed, a vent would move the glass down.
    understood = match(text)
    assert understood is None or all(args.get("action") != "vent" for _, args in understood.calls)


def test_a_question_about_a_part_makes_it_what_the_next_turn_means_by_it(assistant, model):
    from tests.agents.conftest import propose

    temperature = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
    before = assistant.vehicle.get(temperature)
    assert assistant.send("what have I got the temperature on?").act == "inform"
    propose(model, "set_temperature", change=2)
    reply = assistant.send("nudge it up two then")
    assert reply.act == "done" and assistant.vehicle.get(temperature) == before + 2
    # Only a question passes its part on: an action's follow-up is its own tool.
    assert followed_up({"set_window"}, "open the window and the sunroof") == {"set_window"}
    assert followed_up({"get_vehicle_status"}, "is the sunroof open?") == {
        "get_vehicle_status", "set_sunroof"}


@pytest.mark.parametrize(("text", "calls"), [
    ("rain's coming in on my arm here", [("set_window", {"action": "close", "window": "driver"})]),
    ("rain is coming in on the passenger side", [("set_window", {"action": "close", "window": "passenger"})]),
])
def test_a_place_said_beside_a_situation_says_which_part(text, calls):
    assert told(text).calls == calls
    assert told("the back seat is freezing") is None  # two rear seats: which?


def test_a_name_that_names_a_part_is_no_name():
    # "dial" calls only when what follows is no part of the car; a message says anything.
    understood = match("dial the seat back a bit")
    assert understood is None or understood.calls[0][0] != "phone_call"
    assert match("dial my wife").calls == [("phone_call", {"contact": "my wife", "action": "call"})]
    assert match("text Anna saying the window is stuck").calls == [
        ("send_message", {"contact": "anna", "text": "the window is stuck"})]


@pytest.mark.parametrize("text", ["rear window defrost on", "defrost the rear glass", "后窗除霜打开",
                                  "打开后挡风除雾", "后挡风那个加热丝给我打开"])
def test_what_is_done_to_the_rear_glass_is_no_second_glass(text):
    # "defrost" said of the rear window never switches the windscreen's demister on too,
    # nor do 风 in 后挡风 and 加 in 加热丝 say "more air".
    assert match(text).calls == [("set_climate", {"rear_defrost": True})]
    assert match("demist the windscreen and the back window").calls == [
        ("set_climate", {"front_defrost": True, "rear_defrost": True})]


@pytest.mark.parametrize("text", ["it's cold in the back", "it's freezing in the back", "后排好冷"])
def test_a_place_other_than_the_default_never_lands_on_the_driver(text):
    understood = match(text)
    assert understood is not None and understood.calls == [
        ("adjust_comfort", {"feeling": "cold", "zone": "rear"})]


@pytest.mark.parametrize(("text", "arguments"), [
    ("open all the windows but the driver's", {"window": "all", "action": "open"}),
    ("除了我这边，窗户都关上", {"window": "driver", "action": "close"}),
    ("heat all the seats except mine", {"seat": "driver", "heating": "high"}),
])
def test_a_part_left_out_is_never_moved(text, arguments):
    # No call subtracts a part: the group is not what was asked, the part named is the one
    # left out. Asking beats guessing.
    assert match(text) is None
    tool = "set_window" if "window" in arguments else "set_seat"
    assert not licensed(tool, arguments, text).ok


def test_my_back_is_a_body_not_the_back_row():
    assert match("massage my back").calls == [("set_seat_massage", {})]  # the driver's
    assert match("massage her back") is None
    assert match("my back is killing me, massage on").calls == [
        ("set_seat_massage", {"seat": "driver", "level": "on"})]  # one call, not two


@pytest.mark.parametrize(("text", "seats"), [
    ("heat both front seats", "front"),
    ("前面两个座椅加热都开个中档吧", "front"),
    ("warm up the rear seats", "rear"),
    ("后排座椅加热打开", "rear"),
    ("turn on all the seat heaters", "all"),
    ("heat the seat behind me", "rear_left"),
])
def test_seat_heating_takes_a_row_or_all_seats(text, seats):
    assert match(text).calls[0][1]["seat"] == seats


def test_a_row_of_seats_is_heated_seat_by_seat(assistant):
    assistant.vehicle.set("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", 33)
    reply = assistant.send("turn the front seat heaters up")
    assert reply.act == "done"
    # Each seat one step from its own level: low to medium, off to low.
    assert assistant.vehicle.get("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling") == 66
    assert assistant.vehicle.get("Vehicle.Cabin.Seat.Row1.PassengerSide.HeatingCooling") == 33
    assert assistant.vehicle.get("Vehicle.Cabin.Seat.Row2.DriverSide.HeatingCooling") == 0


@pytest.mark.parametrize("text", ["the seat is too hot", "座椅太热了", "屁股好热", "the wheel is roasting my hands",
                                  "手心都出汗了，方向盘那个热的关了吧"])
def test_a_feeling_said_of_a_part_is_that_parts(text):
    # What is hot is the seat or the wheel: the cabin's air is not asked for.
    assert not licensed("adjust_comfort", {"feeling": "hot"}, text).ok


@pytest.mark.parametrize("text", ["it's too hot in here", "I'm freezing, heat my seat", "the A/C is too cold"])
def test_a_feeling_of_the_cabin_still_asks_for_the_cabin(text):
    feeling = "cold" if "cold" in text or "freezing" in text else "hot"
    assert licensed("adjust_comfort", {"feeling": feeling}, text).ok


@pytest.mark.parametrize(("text", "passenger"), [
    ("副驾比我这边低两度", 21.0),
    ("她怕热，副驾那边比我这边低个两度", 21.0),
    ("make her side a degree warmer than mine", 24.0),
])
def test_one_zone_said_against_another_starts_from_that_zone(assistant, text, passenger):
    assistant.vehicle.set("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", 23.0)
    assistant.vehicle.set("Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature", 18.0)
    reply = assistant.send(text)
    assert reply.act == "done"
    assert assistant.vehicle.get("Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature") == passenger
    assert assistant.vehicle.get("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature") == 23.0


@pytest.mark.parametrize(("text", "call"), [
    # What suffices is what is asked for; the complaint before it names the part.
    ("风呼呼的太吵了，开到一半就够了", ("set_climate", {"fan_percent": 50})),
    ("the fan is too loud, half is enough", ("set_climate", {"fan_percent": 50})),
    ("my hands are sweating", ("set_steering_heating", {"on": False})),
])
def test_what_suffices_and_what_the_hands_say(text, call):
    assert match(text).calls == [call]


def test_the_trunk_in_the_cars_nose_is_the_front_trunk():
    licence = licensed("set_closure", {"part": "trunk", "open": True}, "把车头那个小后备箱打开，我放个包")
    assert licence.ok and dict(licence.fix) == {"part": "frunk"}


@pytest.mark.parametrize(("text", "call"), [
    ("take the charge limit all the way", ("set_charge_limit", {"percent": 100})),
    ("flick the brights on", ("set_lights", {"light": "high_beam", "on": True})),
    ("pop the roof up at the back", ("set_sunroof", {"action": "tilt"})),
])
def test_the_top_of_a_range_an_informal_verb_and_the_roofs_back_edge(text, call):
    assert match(text).calls == [call]


def test_a_place_word_beside_another_part_is_that_parts_place():
    # "at the back" is the roof's back edge: no rear-window demister for "some air".
    request = "just pop the roof up at the back for some air, don't slide it open"
    assert not licensed("set_climate", {"rear_defrost": True}, request).ok
    assert licensed("set_climate", {"rear_defrost": True}, "demist the front and the rear").ok


@pytest.mark.parametrize("text", ["put the fog light at the back on", "back fogs on", "fogs on at the back",
                                  "后排那个雾灯打开"])
def test_a_row_the_part_does_not_name_is_no_front_fog_light(text):
    # "the fog light at the back" is the rear one: "fog light" alone names the front.
    assert match(text) is None
    assert not licensed("set_lights", {"light": "fog_front", "on": True}, text).ok


@pytest.mark.parametrize("text", ["it's like pea soup out here, front and rear fogs on",
                                  "this fog is so thick I can't see the car in front of me",
                                  "前面好像出事故了，赶紧把双闪打上"])
def test_ahead_and_an_elided_part_are_no_row(text):
    light = "hazard" if "双闪" in text else "fog_front"
    assert licensed("set_lights", {"light": light, "on": True}, text).ok


def test_a_situation_told_for_another_capability_keeps_its_words():
    # "foggy out there" is the weather: the fog lights', not the misted glass's.
    assert not licensed("set_climate", {"front_defrost": True}, "it's foggy out there, put the fogs on").ok
    assert licensed("set_climate", {"front_defrost": True}, "the windscreen is all foggy").ok
    # The sunshade's "天窗…晒" still leaves 天窗关了 to the sunroof.
    assert licensed("set_sunroof", {"action": "close"}, "天窗关了吧，太晒了").ok


def test_situations_for_two_controls_ask_which():
    assert match("it's chucking it down and the rain's coming in on my side") is None
    assert told("it's pitch black out here, I can barely see past the bonnet and there's no one "
                "else on the road").calls == [("set_lights", {"light": "high_beam", "on": True})]


@pytest.mark.parametrize(("text", "call"), [
    # Not wanting to breathe it is the complaint, not a negated request.
    ("the truck ahead is belching smoke, I don't want to breathe that", ("set_climate", {"recirculation": True})),
    # Vapour on the rear glass is the rear demister's, not the windscreen's.
    ("后窗上全是水汽，看不清", ("set_climate", {"rear_defrost": True})),
    ("there's a car coming the other way", ("set_lights", {"light": "high_beam", "on": False})),
])
def test_more_situations_told_as_drivers_tell_them(text, call):
    assert told(text).calls == [call]
