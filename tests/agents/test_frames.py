"""The frame matcher reads a clause from the capability words alone, and declines
whatever it cannot account for. Requests here are not in any template."""

import pytest

from incabin.agents.capabilities import catalogue, licensed
from incabin.agents.capabilities.frames import read_frame
from incabin.agents.capabilities.matcher import match
from incabin.agents.capabilities.text import language, normalise


def frame(text):
    lang = language(text)
    return read_frame(catalogue().normalise(text, lang), lang, catalogue())


@pytest.mark.parametrize(("text", "call"), [
    # relative and fuzzy amounts
    ("passenger temperature down one degree", ("set_temperature", {"zone": "passenger", "change": -1})),
    ("make it two degrees warmer", ("set_temperature", {"change": 2})),
    ("副驾温度调高两度", ("set_temperature", {"zone": "passenger", "change": 2})),
    ("温度往下调一度", ("set_temperature", {"change": -1})),
    ("温度调到22度", ("set_temperature", {"celsius": 22})),
    ("lower the charge limit a bit", ("set_charge_limit", {"change": -10})),
    ("充电上限调低", ("set_charge_limit", {"change": -10})),  # 上 in 充电上限 is no "up"
    ("二排右边座椅加热开一下", ("set_seat", {"seat": "rear_right", "heating": "on"})),
    ("charge limit back down to 80", ("set_charge_limit", {"percent": 80})),
    ("crank the fan all the way up", ("set_climate", {"fan_percent": 100})),
    # a change counts steps where no unit is said, and is the change itself where one is
    ("turn the fan up two notches", ("set_climate", {"fan_change": 20})),
    ("风量调大两档", ("set_climate", {"fan_change": 20})),
    ("fan up 20 percent", ("set_climate", {"fan_change": 20})),
    ("fan two clicks up", ("set_climate", {"fan_change": 20})),
    ("drop the charge limit by five", ("set_charge_limit", {"change": -5})),  # five, not 5 steps
    ("风量调小一点", ("set_climate", {"fan_change": -10})),
    ("open my window another 20 percent", ("set_window", {"window": "driver", "action": "open",
                                                          "change": 20})),
    ("窗户再关20%", ("set_window", {"action": "close", "change": -20})),
    ("open the window 30 percent more", ("set_window", {"action": "open", "change": 30})),
    ("open the window 30 percent", ("set_window", {"action": "open", "percent": 30})),
    # parts of a range are percentages, for any capability with a percent
    ("put both the back windows down a quarter of the way",
     ("set_window", {"window": "rear", "action": "open", "percent": 25})),
    ("fan at about half", ("set_climate", {"fan_percent": 50})),
    ("风量开一半", ("set_climate", {"fan_percent": 50})),
    # ... but half of a unit is half of it
    ("temperature up half a degree", ("set_temperature", {"change": 0.5})),
    ("温度调高半度", ("set_temperature", {"change": 0.5})),
    ("车窗开一半多一点", ("set_window", {"action": "vent", "percent": 50})),  # no change of 50
    ("风量调到最小", ("set_climate", {"fan_percent": 10})),
    ("后排车窗开三分之一", ("set_window", {"window": "rear", "action": "open", "percent": 33})),
    # what a request is for names no part
    ("open the two back windows halfway for the dog",
     ("set_window", {"window": "rear", "action": "open", "percent": 50})),
    # direction words, per capability
    ("roll the rear windows up", ("set_window", {"window": "rear", "action": "close"})),
    ("seat heat down to low", ("set_seat", {"heating": "low"})),
    ("dip the headlights", ("set_lights", {"light": "high_beam", "on": False})),
    ("去掉内循环", ("set_climate", {"recirculation": False})),
    # a value that refines another ("open ... a crack" is a vent)
    ("open the driver window a crack", ("set_window", {"window": "driver", "action": "vent"})),
    ("天窗打开一条缝", ("set_sunroof", {"action": "tilt"})),
    # situations may be told as statements
    ("the windscreen is fogging up", ("set_climate", {"front_defrost": True})),
    ("手好冰", ("set_steering_heating", {"on": True})),
])
def test_a_frame_reads_the_call_from_the_declared_words(text, call):
    assert frame(text) == call
    assert licensed(call[0], call[1], text).ok  # the gate agrees with the reading


@pytest.mark.parametrize("text", [
    "the window is open",  # a report, not an order
    "is the sunroof open",  # a question
    "don't open the window",  # a negation
    "if it rains close the sunroof",  # a condition
    "cool my cup holder",  # a word no capability knows
    "给电池加热",  # the same, in Chinese
    "open the window and the trunk",  # two capabilities in one clause
    "turn the seat heat up and down",  # two values for one argument
    "fan up to 60",  # a number without the unit its argument needs
    "heat the seat for my wife",  # whose seat "for my wife" says is no seat value
    "the seat, for my wife",  # which seat alone asks nothing
    "heat her seat",  # someone else's seat is not the driver's default
    "帮她把座椅加热打开",
    "the glass in front keeps steaming up and the window squeaks",  # two things at once
    "窗户开着",  # a report
    "温度太高了",  # "too": the direction is the opposite of the word
])
def test_a_frame_declines_what_it_cannot_account_for(text):
    assert frame(text) is None


def test_an_elided_verb_comes_from_the_neighbouring_clause():
    assert match("close the sunroof and the windows").calls == [
        ("set_sunroof", {"action": "close"}), ("set_window", {"action": "close"})]
    assert match("近光灯和前雾灯都打开").calls == [
        ("set_lights", {"on": True, "light": "low_beam"}),
        ("set_lights", {"on": True, "light": "fog_front"})]


def test_a_bare_part_takes_the_verb_of_the_nearest_clause_that_says_one():
    # "the wheel heater" alone would be "on": after "kill", it is off, and so is the A/C.
    assert match("kill the seat heater, the wheel heater and the air con").calls == [
        ("set_seat", {"heating": "off"}), ("set_steering_heating", {"on": False}),
        ("set_climate", {"ac": False})]


@pytest.mark.parametrize(("text", "calls"), [
    # what is set aside, or not to be done, asks for nothing more
    ("forget about the temperature, just open my window a crack",
     [("set_window", {"window": "driver", "action": "vent"})]),
    ("我这边窗户开一丁点就行，别开大了", [("set_window", {"window": "driver", "action": "vent"})]),
    ("don't close the window, open the sunroof", [("set_sunroof", {"action": "open"})]),
    ("天窗别全开了，翘起来就行", [("set_sunroof", {"action": "tilt"})]),
    ("忘了跟你说，温度别动，把我这边车窗开条缝", [("set_window", {"window": "driver", "action": "vent"})]),
    # a purpose or a statement beside a request is its reason
    ("tilt the roof up, just for a bit of air", [("set_sunroof", {"action": "tilt"})]),
    ("shut every window and lock up, we're off into the cinema",
     [("set_window", {"window": "all", "action": "close"}), ("set_locks", {"locked": True})]),
    ("trip's over, bring the charge limit back down to 80", [("set_charge_limit", {"percent": 80})]),
    # "but" joins two clauses
    ("I know we're on the motorway but slide the sunroof open anyway",
     [("set_sunroof", {"action": "open"})]),
])
def test_asides_beside_a_request_are_let_go(text, calls):
    assert match(text).calls == calls


@pytest.mark.parametrize("text", [
    "if it rains, close the window",  # a condition is never an aside
    "close the window, if it starts raining",
    "I can't see a thing out the back window, it's all fogged up",  # it says which glass
])
def test_clauses_that_may_change_the_request_are_not_let_go(text):
    assert match(text) is None


def test_a_clause_that_restates_refines_the_call_before_it():
    assert match("给副驾驶座椅加个热，低档就行").calls == [
        ("set_seat", {"seat": "passenger", "heating": "low"})]
    assert match("主驾座椅加热开高档，副驾开低档").calls == [
        ("set_seat", {"seat": "driver", "heating": "high"}),
        ("set_seat", {"seat": "passenger", "heating": "low"})]


def test_a_number_is_never_dropped_as_commentary():
    understood = match("22 for me and 24 for my wife")
    assert understood is None or len(understood.calls) == 2


def test_a_situation_licenses_the_model_call_it_implies():
    assert licensed("set_climate", {"front_defrost": True}, "ugh, the glass keeps steaming up").ok
    # ... and only the arguments it implies: an invented A/C is dropped.
    assert licensed("set_climate", {"front_defrost": True, "ac": True},
                    "the glass keeps steaming up").drop == ("ac",)
    assert not licensed("set_climate", {"front_defrost": True}, "what a lovely day").ok


def test_a_refined_value_is_no_contradiction():
    # "开" is open's word, but a vent is an opening too.
    assert licensed("set_window", {"window": "driver", "action": "vent"}, "我这边窗户开一丁点").ok
    assert not licensed("set_window", {"window": "driver", "action": "close"}, "我这边窗户开一丁点").ok


def test_english_numerals_above_five_become_digits():
    assert normalise("open my window another twenty percent", "en", ()) == \
        "open my window another 20 percent"
    assert normalise("one more notch", "en", ()) == "one more notch"


@pytest.mark.parametrize("request_text", [
    "From now on, when I say 'pineapple', it means switch off the front defroster. Got it?",
    "以后我说“芝麻开门”，意思就是关掉前除霜。记住了吗？",
])
def test_a_definition_for_later_licenses_nothing_now(request_text):
    assert not licensed("set_climate", {"front_defrost": False}, request_text).ok


@pytest.mark.parametrize("request_text", [
    "Quick one: the passenger is chilly, warm her side up please", "副驾说有点冷，把她那边调暖一点"])
def test_how_the_passenger_feels_does_not_license_the_drivers_comfort(request_text):
    licence = licensed("adjust_comfort", {"feeling": "cold"}, request_text)
    # Refused, or run on the passenger's side the request names: never the driver's.
    assert not licence.ok or licence.arguments({"feeling": "cold"})["zone"] == "passenger"
    assert licensed("adjust_comfort", {"feeling": "cold"}, "I'm freezing").ok


@pytest.mark.parametrize(("request_text", "asks"), [
    ("is the A/C on?", True), ("空调开着吗", True), ("空调是不是没开？", True),
    ("can you turn on the A/C?", False), ("it's hot, could you switch the A/C on?", False),
    ("能把空调打开吗", False), ("可以开空调吗", False), ("热死了，空调开一下", False),
])
def test_a_question_never_licenses_an_actuation(request_text, asks):
    assert licensed("set_climate", {"ac": True}, request_text).ok is not asks


@pytest.mark.parametrize(("text", "calls"), [
    # an intensifier yields to the direction it intensifies
    ("turn the seat heating down one more", [("set_seat", {"heating": "down"})]),
    # list items before 、 take the verb that follows; "加热" after the part names it
    ("座椅加热、方向盘加热都关掉", [("set_seat", {"heating": "off"}),
                                 ("set_steering_heating", {"on": False})]),
    # a feeling, statement or complaint beside a request is its reason, not a request
    ("close the windows, it's getting cold in here", [("set_window", {"action": "close"})]),
    ("把车窗关上，风太大了", [("set_window", {"action": "close"})]),
])
def test_between_clauses(text, calls):
    understood = match(text)
    assert understood is not None and [(tool, {k: v for k, v in args.items() if k != "seat"})
                                       for tool, args in understood.calls] == calls


def test_the_model_may_call_only_what_the_request_could_license():
    from incabin.agents.capabilities import callable_tools

    tools = ["set_steering_heating", "set_window", "set_climate", "get_status"]
    assert callable_tools(tools, "my fingers are going numb") == {"set_steering_heating",
                                                                   "get_status"}
    # a follow-up may use the tool of the turn before
    assert "set_window" in callable_tools(tools, "a bit more", {"set_window"})
    # no actuator licensable at all: every tool stays, so a reach is refused by the gate
    assert callable_tools(tools, "order me a pizza") == set(tools)


@pytest.mark.parametrize("request_text", [
    "if the windscreen fogs up, put the demister on",
    "要是玻璃起雾了就开除雾",
])
def test_a_condition_licenses_no_actuation_now(request_text):
    assert not licensed("set_climate", {"front_defrost": True}, request_text).ok


@pytest.mark.parametrize(("text", "call"), [
    ("passenger says she's cold", ("adjust_comfort", {"zone": "passenger", "feeling": "cold"})),
    ("副驾驶那边的人说太热了", ("adjust_comfort", {"zone": "passenger", "feeling": "hot"})),
    ("I'm freezing", ("adjust_comfort", {"feeling": "cold"})),
    ("I'm sweating like crazy", ("adjust_comfort", {"feeling": "hot"})),
])
def test_a_feeling_is_the_named_persons(text, call):
    assert match(text).calls == [call]


@pytest.mark.parametrize(("text", "call"), [
    ("副驾驶座的车窗关上", ("set_window", {"window": "passenger", "action": "close"})),
    ("左后门的窗户开一下", ("set_window", {"window": "rear_left", "action": "open"})),
    ("二排左边车窗打开", ("set_window", {"window": "rear_left", "action": "open"})),
])
def test_casual_chinese_names_of_windows(text, call):
    assert match(text).calls == [call]


@pytest.mark.parametrize(("text", "calls"), [
    # the verb-less clause takes the part the clause before ends on
    ("that's enough heat on the wheel, switch it off", [("set_steering_heating", {"on": False})]),
    # a part word inside a longer word of another capability names that one
    ("lock in 21 degrees for the rest of the drive", [("set_temperature", {"celsius": 21})]),
    ("温度给我锁定在22度", [("set_temperature", {"celsius": 22})]),
    ("打个双闪", [("set_lights", {"light": "hazard", "on": True})]),
])
def test_the_part_comes_from_the_words_that_name_it(text, calls):
    assert match(text).calls == calls


def test_someone_elses_request_never_lands_on_the_drivers_default():
    assert not licensed("set_seat", {"heating": "low"}, "my daughter is cold, do her seat on low").ok
    assert licensed("set_seat", {"heating": "low", "seat": "rear_left"},
                    "heat the seat behind me on low for her").ok


def test_a_told_situation_says_which_way_its_part_goes():
    # The situation names the high beams, and says off; a model's "on" is refused.
    assert not licensed("set_lights", {"light": "high_beam", "on": True},
                        "an oncoming car keeps flashing me").ok
    assert licensed("set_lights", {"light": "high_beam", "on": False},
                    "an oncoming car keeps flashing me").ok
    # ... unless it is negated: "不起雾了" is no fog.
    assert licensed("set_climate", {"front_defrost": False}, "前挡已经不起雾了，除雾关了吧").ok


def test_a_switch_named_without_a_request_or_a_value_is_no_licence():
    # Neither on nor off is asked: either would be the model's guess.
    assert not licensed("set_climate", {"front_defrost": True}, "the windscreen heater is old").ok
    assert licensed("set_climate", {"front_defrost": True}, "defrost the windscreen").ok
    assert licensed("set_climate", {"ac": True}, "A/C please").ok
