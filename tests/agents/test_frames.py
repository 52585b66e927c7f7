"""The frame matcher reads a clause from the capability words alone, and declines
whatever it cannot account for. Requests here are not in any template."""

import pytest

from incabin.agents.capabilities import catalogue, licensed
from incabin.agents.capabilities.frames import read_frame
from incabin.agents.capabilities.matcher import match
from incabin.agents.capabilities.text import language, normalise


def frame(text):
    lang = language(text)
    return read_frame(normalise(text, lang, catalogue().common.fillers.of(lang)), lang, catalogue())


@pytest.mark.parametrize(("text", "call"), [
    # relative and fuzzy amounts
    ("passenger temperature down one degree", ("set_temperature", {"zone": "passenger", "change": -1})),
    ("make it two degrees warmer", ("set_temperature", {"change": 2})),
    ("副驾温度调高两度", ("set_temperature", {"zone": "passenger", "change": 2})),
    ("温度往下调一度", ("set_temperature", {"change": -1})),
    ("温度调到22度", ("set_temperature", {"celsius": 22})),
    ("lower the charge limit a bit", ("set_charge_limit", {"change": -10})),
    ("charge limit back down to 80", ("set_charge_limit", {"percent": 80})),
    ("crank the fan all the way up", ("set_climate", {"fan_percent": 100})),
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
    "open my window another 20 percent",  # a change the window cannot take
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


def test_a_bare_part_never_takes_a_templates_default():
    # "the wheel heater" alone would be "on": after "kill", it is off or nothing.
    understood = match("kill the seat heater, the wheel heater and the air con")
    assert understood is None or all(
        arguments.get("on") is not True and arguments.get("ac") is not True
        for _, arguments in understood.calls)


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
    assert not licensed("adjust_comfort", {"feeling": "cold"}, request_text).ok
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
