"""A request that tells a situation and names no control ("the back glass has gone
all misty", "方向盘冰得要命") is read from the situations the capabilities declare;
anything that may mean more or other declines, so nothing moves unasked."""

import pytest

from incabin.agents.capabilities import told
from incabin.agents.capabilities.text import mentions, spans


@pytest.mark.parametrize(("text", "call"), [
    ("ugh, this steering wheel feels like a block of ice, my fingers are numb",
     ("set_steering_heating", {"on": True})),
    ("the back window has gone completely misty, I can't see a thing behind",
     ("set_climate", {"rear_defrost": True})),
    ("we've broken down, people need to see us", ("set_lights", {"light": "hazard", "on": True})),
    ("座椅坐上去冰冰凉的", ("set_seat", {})),
    ("车窗上全是雾气，看不清了", ("set_climate", {"front_defrost": True})),
    ("明天要出远门", ("set_charge_limit", {"percent": 100})),
    ("it's like a sauna in here", ("adjust_comfort", {"feeling": "hot"})),
    # the rear glass, not the windscreen that "全是雾气" alone implies
    ("后面玻璃全是雾气", ("set_climate", {"rear_defrost": True})),
    # a final 呢 after what is still going on states it, it does not ask
    ("雨都停了，还在那刮呢", ("set_wipers", {"mode": "OFF"})),
    ("I need to pay at the toll booth", ("set_window", {"window": "driver", "action": "open"})),
    ("it's really humid and sticky in here", ("set_climate", {"ac": True})),
    ("玻璃上全是哈气", ("set_climate", {"front_defrost": True})),  # 哈 is no filler in 哈气
    ("we're stuck behind a bus blowing fumes", ("set_climate", {"recirculation": True})),
    ("雨越下越大了", ("set_wipers", {"mode": "FAST"})),
])
def test_a_told_situation_is_the_call_it_implies(text, call):
    understood = told(text)
    assert understood is not None and understood.calls == [call]


@pytest.mark.parametrize("text", [
    "is the windscreen fogged up?",  # a question
    "the glass is misting up but leave the defroster off",  # a negation beside it
    "my hands are cold, close the window",  # it asks for something else too
    "车坏了要拖走，能不能直接用绳子拖",  # a question about towing
    "it's pouring and the roof is leaking",  # two capabilities: which, or both?
    "when the fog gets thick switch on the fog lights",  # a condition
    "turn on the radio",  # no situation at all
    "the back seat is freezing",  # not the driver's seat the default would heat
    "后排座椅冰凉",
    "后备箱呢",  # 呢 after a bare noun asks where it is
])
def test_anything_else_is_not_read_from_the_situation(text):
    assert told(text) is None


def test_english_words_match_in_any_inflection_but_values_only_as_written():
    assert mentions("the side windows are steaming", ["window", "steams"], "en") == [
        "window", "steams"]
    # "heating" names the heater; it does not say "heat" it.
    assert spans("the seat heating", ["heat"], "en", inflected=False) == []


def test_a_gapped_word_finds_its_parts_in_order_a_few_words_apart():
    assert spans("屁股底下好凉", ["屁股…凉"], "zh") == [(0, 6)]
    assert spans("the fog out here is thick", ["fog … thick"], "en") == [(4, 25)]
    assert spans("thick fog", ["fog … thick"], "en") == []
    assert spans("the fog is a long long long long way from thick", ["fog … thick"], "en") == []


@pytest.mark.parametrize(("text", "call"), [
    # A part said with any word of a shared state: no phrase lists this pairing.
    ("this seat feels like a block of ice under me", ("set_seat", {})),
    ("the back window's completely white with frost", ("set_climate", {"rear_defrost": True})),
    ("both side mirrors are frosted over", ("set_mirrors", {"heating": True})),
    ("my knuckles are numb", ("set_steering_heating", {"on": True})),
    ("后面那块玻璃白茫茫的", ("set_climate", {"rear_defrost": True})),
    ("坐垫冻得慌", ("set_seat", {})),
    ("方向盘烫手", ("set_steering_heating", {"on": False})),
    # said twice over, said once; how long it went on names no zone
    ("屁股底下冰凉冰凉的", ("set_seat", {})),
    ("it's like an oven in here after sitting in the sun all afternoon",
     ("adjust_comfort", {"feeling": "hot"})),
])
def test_a_part_said_in_a_shared_state_is_its_situation(text, call):
    understood = told(text)
    assert understood is not None and understood.calls == [call]


@pytest.mark.parametrize("text", [
    "方向盘给我热一下",  # 热 is the verb here: heat it, not "it is hot"
    "it's cold in the back",  # the rear of the cabin, not the seat's back
    "哎副驾那边雨都飘进来了，座椅都湿了",  # wet from the rain, not sweat
])
def test_a_state_word_that_says_something_else_is_not_that_situation(text):
    understood = told(text)
    assert understood is None or understood.calls[0][0] not in (
        "set_steering_heating", "set_seat", "set_seat_ventilation")


def test_a_situation_needs_a_state_the_common_words_declare():
    from incabin.agents._errors import CapabilityError
    from incabin.agents.capabilities._models import Capability
    from incabin.agents.capabilities.catalogue import _composed, catalogue

    cap = Capability.model_validate({
        "tool": "set_seat", "agent": "car_genius", "kind": "actuate",
        "situations": [{"felt": "sleepy", "of": {"en": ["seat"]}}]})
    with pytest.raises(CapabilityError, match="sleepy"):
        _composed(cap, catalogue().common)


@pytest.mark.parametrize(("text", "call"), [
    ("I'm leaving it on this street overnight, it's a sketchy area", ("set_locks", {"locked": True})),
    ("东西都拿下来了，这片看着不太平", ("set_locks", {"locked": True})),
    ("I think we've got a flat, I'm pulling over onto the shoulder",
     ("set_lights", {"light": "hazard", "on": True})),
    ("爆胎了，我靠边停了", ("set_lights", {"light": "hazard", "on": True})),
    ("进地库了，黑乎乎的", ("set_lights", {"light": "low_beam", "on": True})),
    ("we're next in line for the car wash", ("set_window", {"window": "all", "action": "close"})),
    ("这雨下得哗哗的", ("set_wipers", {"mode": "FAST"})),
])
def test_everyday_situations_drivers_tell(text, call):
    understood = told(text)
    assert understood is not None and understood.calls == [call]


def test_a_place_inside_a_gap_says_which_part():
    # "the seat behind me is freezing" is that seat's, not the driver's by default
    understood = told("the seat behind me is freezing")
    assert understood is not None and understood.calls == [("set_seat", {"seat": "rear_left"})]
