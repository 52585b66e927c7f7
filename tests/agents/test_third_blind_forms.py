"""Forms of speech found in the third blind dev set: a statement of how the driver
usually is, a part named only where the request forbids it, and a clause that leaves its
part to a complaint before it."""

import pytest

from incabin.agents.capabilities import licensed, match, tells_habit

from .conftest import propose

TEMPERATURE = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"


@pytest.mark.parametrize(("text", "habit"), [
    ("just so you know, I really can't stand the cold", True),
    ("我这人天生怕冷", True),
    # a request beside it is still a request
    ("I always get cold in this car, turn the heat up", False),
    ("我这人怕冷，温度调高点", False),
    ("I'm cold", False),
])
def test_how_the_driver_usually_is_asks_for_nothing_now(text, habit):
    assert tells_habit(text) is habit
    assert licensed("adjust_comfort", {"feeling": "cold"}, text).ok is not habit


def test_a_habit_told_is_heard_and_moves_nothing(model, assistant):
    before = assistant.vehicle.get(TEMPERATURE)
    # the worst a model does: the nearest tool, twice
    propose(model, "adjust_comfort", feeling="cold")
    propose(model, "adjust_comfort", feeling="cold")
    reply = assistant.send("just so you know, I really can't stand the cold")
    assert reply.act == "inform" and assistant.vehicle.get(TEMPERATURE) == before


@pytest.mark.parametrize(("text", "ok", "fixed"), [
    ("别开前备箱啊，开后备箱", True, {"part": "trunk"}),
    ("don't open the frunk, open the trunk", True, {"part": "trunk"}),
    ("别开前备箱啊，开后面那个", False, {}),
    ("open the frunk", True, {}),
])
def test_a_part_named_only_where_it_is_forbidden_is_not_the_target(text, ok, fixed):
    licence = licensed("set_closure", {"part": "frunk", "open": True}, text)
    assert licence.ok is ok and dict(licence.fix) == fixed


@pytest.mark.parametrize(("text", "call"), [
    # a complaint that names only the part gives the part to the clause after it
    ("风太冲了，小一点", ("set_climate", {"fan_change": -10})),
    ("风太小了，大点", ("set_climate", {"fan_change": 10})),
    # the climate's neighbours still lend a bare "调高点" to the temperature
    ("有点冷，调高点", ("set_temperature", {"change": 1.0})),
])
def test_an_elided_clause_takes_the_part_a_complaint_names(text, call):
    understood = match(text)
    assert understood is not None and understood.calls == [call]


@pytest.mark.parametrize("text", ["远光太亮了，调低点", "座椅太烫了，调低点"])
def test_a_bare_change_after_another_systems_part_is_not_the_temperature(text):
    # What is lowered is the part said before; the temperature a bare "调低点" stands
    # for alone would be a move nobody asked for.
    understood = match(text)
    assert understood is None or all(tool != "set_temperature" for tool, _ in understood.calls)


@pytest.mark.parametrize(("text", "tool", "arguments"), [
    # the situation says which part: "前面" here is ahead, not the front windows
    ("前面就是洗车房了，马上开进去", "set_window", {"window": "all", "action": "close"}),
    # round the back is behind the car, where the trunk is
    ("I've got the trolley round the back with the whole weekly shop", "set_closure",
     {"part": "trunk", "open": True}),
])
def test_what_a_situation_implies_is_licensed_where_it_says(text, tool, arguments):
    assert licensed(tool, arguments, text).ok


@pytest.mark.parametrize(("text", "said"), [
    ("马上开进去", "马上驶进去"),  # driving in, not opening
    ("窗户开到一半", "窗户开到50%"),  # still opening
    ("后面的车瞅不着我", "后面车看不着我"),  # 瞅 is 看
])
def test_chinese_speech_is_read_as_meant(text, said):
    from incabin.agents.capabilities import catalogue
    assert catalogue().normalise(text, "zh") == said


@pytest.mark.parametrize(("text", "call"), [
    # the same as another zone: no change from that zone's temperature
    ("我这边也弄成跟副驾一样的温度", ("set_temperature", {"zone": "driver", "than": "passenger", "change": 0.0})),
    ("make my temperature the same as the passenger side",
     ("set_temperature", {"zone": "driver", "than": "passenger", "change": 0.0})),
    # 暖和 is one word, not 暖 "and" …; a knob is turned (拧), a row as a whole (整体)
    ("副驾那边稍微暖和一点", ("set_temperature", {"zone": "passenger", "change": 1})),
    ("温度再往上拧两度", ("set_temperature", {"change": 2})),
    ("后排温度整体升三度", ("set_temperature", {"zone": "rear", "change": 3})),
    ("make it a degree warmer for the folks in the back", ("set_temperature", {"zone": "rear", "change": 1})),
    # the wipers one speed from where they are
    ("the wipers could go a bit quicker", ("set_wipers", {"mode": "faster"})),
    ("雨刮器刮得太快了，降一档", ("set_wipers", {"mode": "slower"})),
])
def test_relative_requests_as_drivers_say_them(text, call):
    understood = match(text)
    assert understood is not None and understood.calls == [call]


def test_the_same_as_another_zone_takes_its_temperature(assistant):
    assistant.vehicle.set("Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature", 24.0)
    reply = assistant.send("我这边也弄成跟副驾一样的温度")
    assert reply.act == "done" and assistant.vehicle.get(TEMPERATURE) == 24.0


@pytest.mark.parametrize(("now", "text", "after"), [
    ("SLOW", "the wipers could go a bit quicker", "MEDIUM"),
    ("FAST", "雨刮器刮得太快了，降一档", "MEDIUM"),
    ("FAST", "wipers a bit quicker", "FAST"),  # already the fastest
    ("INTERVAL", "雨刮慢一点", "INTERVAL"),  # slower stops short of off
])
def test_the_wipers_go_one_speed_faster_or_slower(assistant, now, text, after):
    wipers = "Vehicle.Body.Windshield.Front.Wiping.Mode"
    assistant.vehicle.set(wipers, now)
    assistant.send(text)
    assert assistant.vehicle.get(wipers) == after


@pytest.mark.parametrize(("text", "calls"), [
    # two places back to back are two parts, as in a list; "两边" is both sides of one row
    ("主驾副驾座椅加热都开到中档", [("set_seat", {"seat": "driver", "heating": "medium"}),
                                ("set_seat", {"seat": "passenger", "heating": "medium"})]),
    ("后排两边座椅加热都开最低档，副驾的开中档", [("set_seat", {"seat": "rear", "heating": "low"}),
                                         ("set_seat", {"seat": "passenger", "heating": "medium"})]),
    # what to leave as it is asks for nothing
    ("kill the aircon but leave the fan running", [("set_climate", {"ac": False})]),
    ("don't open the sunroof itself, just slide the blind back", [("set_sunroof_shade", {"action": "open"})]),
    # casual and clipped names: the fan said off, 内循 for 内循环, a while (会儿), 屁屁
    ("风关了吧，呼呼的吵死了", [("set_climate", {"fan_percent": 0})]),
    ("给我切内循", [("set_climate", {"recirculation": True})]),
    ("空调先停会儿", [("set_climate", {"ac": False})]),
    ("把屁屁加热开到最高", [("set_seat", {"heating": "high"})]),
])
def test_lists_keeps_and_clipped_names(text, calls):
    understood = match(text)
    assert understood is not None and understood.calls == calls


def test_a_place_inside_a_longer_place_is_no_list():
    from incabin.agents.capabilities import catalogue
    assert catalogue().listed("司机后面车窗打开", "zh") == "司机后面车窗打开"


def test_a_situation_said_to_be_absent_is_not_told():
    from incabin.agents.capabilities import told
    understood = told("no streetlights on this lane and it's pitch black, and there's nobody "
                      "coming the other way")
    assert understood is not None and understood.calls == [("set_lights", {"light": "high_beam", "on": True})]


@pytest.mark.parametrize(("text", "call"), [
    # a place partly taken by a longer one is that one ("in the back on the right")
    ("make the back on the right 2 degrees warmer", ("set_temperature", {"zone": "rear_right", "change": 2})),
    # the place said of someone before is where the request for them acts
    ("Grandma's in the back on the right, make it a couple of degrees warmer for her",
     ("set_temperature", {"zone": "rear_right", "change": 2})),
    ("Noah's sitting right behind me and he's shivering, poor kid",
     ("adjust_comfort", {"feeling": "cold", "zone": "rear_left"})),
])
def test_where_someone_sits_is_where_the_request_for_them_acts(text, call):
    understood = match(text)
    assert understood is not None and understood.calls == [call]


def test_a_person_placed_before_is_never_read_as_the_passenger():
    understood = match("孩子在后排，给他温度调高两度")
    assert understood is None or understood.calls[0][1].get("zone") in ("rear", None)


@pytest.mark.parametrize("text", ["is the sunroof open?", "how far open is the roof right now?", "天窗开着吗"])
def test_a_question_about_the_roof_says_where_the_sunroof_is(assistant, text):
    assistant.vehicle.set("Vehicle.Cabin.Sunroof.Position", 40)
    reply = assistant.send(text)
    assert reply.act == "inform" and "40" in reply.text
    assert assistant.vehicle.get("Vehicle.Cabin.Sunroof.Position") == 40


def test_how_long_is_no_condition():
    # "for a minute" says how long; "in 5 minutes" would say when
    understood = match("just stop the fan for a minute")
    assert understood is not None and understood.calls == [("set_climate", {"fan_percent": 0})]
    assert match("turn the fan off in 5 minutes") is None


@pytest.mark.parametrize(("text", "call"), [
    # "plans have changed" tells; it asks for no change
    ("clear the destination please, plans have changed", ("cancel_navigation", {})),
    # no limit at all is the top
    ("充电上限那个取消了吧，这回给我充满", ("set_charge_limit", {"percent": 100})),
    # 还是 is "after all", no report
    ("窗户算了，还是关上吧，外头灰太大", ("set_window", {"action": "close"})),
])
def test_one_word_for_several_handlers_goes_to_the_one_the_clause_names(text, call):
    understood = match(text)
    assert understood is not None and understood.calls == [call]


@pytest.mark.parametrize(("text", "calls"), [
    # the verb after the part lends itself too, and one call says both defrosters
    ("front demister on, the back one as well, and the fan full blast",
     [("set_climate", {"front_defrost": True, "rear_defrost": True}), ("set_climate", {"fan_percent": 100})]),
    # what one would rather have is why, not a request of its own
    ("turn the AC off and put both front windows halfway down, I'd rather have real air",
     [("set_climate", {"ac": False}), ("set_window", {"window": "front", "action": "open", "percent": 50})]),
])
def test_several_requests_in_one_breath(text, calls):
    understood = match(text)
    assert understood is not None and understood.calls == calls


@pytest.mark.parametrize(("text", "said"), [
    ("还有多远", "950"),  # 多远 asks
    ("到地方还得多远啊", "950"),  # 地方 is where the route goes, no place of its own
    ("还能跑多远", "%"),  # the range
])
def test_how_far_asked_in_chinese_is_answered_from_the_route_or_the_battery(assistant, text, said):
    assistant.start_navigation("Kauppatori")
    reply = assistant.send(text)
    assert reply.act == "inform" and said in reply.text
    assert assistant.navigation.state()["active"]


def test_a_situation_before_lends_no_first_part_word_to_a_bare_request():
    # The rear glass told, then "除一下": never the windscreen that 挡风玻璃 inside
    # 后挡风玻璃 would name.
    understood = match("后挡风玻璃全是雾，除一下")
    assert understood is None or ("set_climate", {"front_defrost": True}) not in understood.calls


def test_a_blocked_call_on_a_part_the_car_has_is_asked_about(model, assistant):
    # The worst a model does: the wrong part, twice. The request names the seats, which the
    # car can heat: the driver is asked, not told the car cannot do it.
    propose(model, "set_steering_heating", on=True)
    propose(model, "set_steering_heating", on=True)
    reply = assistant.send("the seats, you know, the thing")
    assert reply.act == "clarify" and reply.actions == []


def test_a_blocked_call_for_nothing_the_car_has_is_refused(model, assistant):
    propose(model, "set_steering_heating", on=True)
    propose(model, "set_steering_heating", on=True)
    reply = assistant.send("make the car do a wheelie")
    assert reply.act == "refuse"
    assert assistant.vehicle.get("Vehicle.Chassis.SteeringWheel.HeatingCooling") == 0


def test_a_question_with_a_habit_word_is_still_a_question(assistant):
    reply = assistant.send("in general, how long does charging take?")
    assert "Understood" not in reply.text
