"""Code-side checks on what the model proposes.

A small model sometimes answers a request it cannot map with some unrelated
action ("fly over the traffic" → set the temperature). A call that moves
something is only accepted when the request, or the tool the previous turn used
(for follow-ups like "a bit more"), is about the same part of the car.
Questions and look-ups are not gated: they change nothing.
"""

from __future__ import annotations

import re

_CLIMATE = (r"temp|degree|°|warm|cool|cold|hot|heat|chill|freez|boil|sweat|climate|lower|higher|"
            r"up\b|down\b|more|less|温度|度|冷|热|暖|凉|高|低")
_TOPICS: dict[str, re.Pattern[str]] = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in {
    "set_temperature": _CLIMATE,
    "adjust_comfort": _CLIMATE,
    "set_seat": r"seat|bum|butt|back|massage|heat|warm|cold|座椅|座位|按摩|加热",
    "set_steering_heating": r"steering|wheel|hands?\b|方向盘|手",
    "set_climate": r"a/?c\b|air|fan|blow|recirc|defrost|mist|fog|windscreen|windshield|climate|cool|"
                   r"stuffy|空调|风|循环|除霜|除雾",
    "set_window": r"window|air|breeze|stuffy|vent|窗",
    "set_sunroof": r"sunroof|roof|sky|天窗",
    "set_lights": r"light|beam|fog|dark|bright|lamp|灯",
    "set_closure": r"trunk|boot|hood|bonnet|frunk|charg|port|flap|door|tailgate|后备箱|尾门|"
                   r"引擎盖|前备箱|充电|门",
    "set_locks": r"lock|锁",
    "set_charge_limit": r"charg|limit|battery|%|percent|充电|电量|上限",
    "set_wipers": r"wiper|rain|windscreen|windshield|雨",
}.items()}


def plausible(tool: str, request: str, previous_tools: set[str]) -> bool:
    """Whether a model-proposed call of ``tool`` can be what ``request`` asks for."""
    topic = _TOPICS.get(tool)
    return topic is None or tool in previous_tools or bool(topic.search(request))


def target(tool: str, arguments: dict[str, object]) -> tuple[str, object]:
    """What a call sets, so that two calls of one reply never fight over it
    (a small model sometimes adds ``set_temperature`` to ``adjust_comfort``)."""
    if tool in ("adjust_comfort", "set_temperature"):
        return "temperature", arguments.get("zone") or "driver"
    return tool, repr(sorted(arguments.items()))
