"""Plain commands recognised without the model ("set 21 degrees", "seat heating max",
"打开空调"). Each becomes the same tool call the model would propose, so it runs
through the same validation and safety rules. A request is taken by the fast
path only when every clause of it is understood; anything else goes to the model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

Call = tuple[str, dict[str, Any]]

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10}
_WORD_NUMBERS = {"one": 1, "a": 1, "another": 1, "one more": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_SPLIT = re.compile(r"\s*(?:,|;|\band then\b|\band\b|\bthen\b|\bplus\b|，|；|并且|然后|再|和|并)\s*")
_POLITE = re.compile(
    r"^(please|can you|could you|would you|hey|okay|ok|car|assistant|no|nope|actually|"
    r"请|帮我|麻烦|给我|不|不对)[\s,，]*|"
    r"[\s,，]*(please|for me|thanks|thank you|吧|一下|谢谢)[.!?。！？]*$|[.!?。！？]+$"
)

_SEAT_LEVELS = {"off": "off", "low": "low", "medium": "medium", "mid": "medium", "high": "high",
                "max": "high", "maximum": "high", "full": "high", "on": "medium",
                "关": "off", "低": "low", "中": "medium", "高": "high", "最高": "high", "开": "medium",
                "打开": "medium", "关闭": "off"}
_WINDOWS = {"driver": "driver", "driver's": "driver", "my": "driver", "passenger": "passenger",
            "passenger's": "passenger", "rear left": "rear_left", "rear right": "rear_right",
            "back left": "rear_left", "back right": "rear_right", "all": "all", "all the": "all",
            "the": "any", "a": "any", "": "any",
            "主驾": "driver", "驾驶员": "driver", "副驾": "passenger", "左后": "rear_left",
            "右后": "rear_right", "所有": "all", "全部": "all"}


def _number(raw: str) -> float:
    raw = raw.strip()
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    if all(ch in _CN_DIGITS for ch in raw):
        if raw.startswith("十"):
            return 10.0 + (_CN_DIGITS[raw[1]] if len(raw) > 1 else 0)
        if len(raw) == 3 and raw[1] == "十":
            return _CN_DIGITS[raw[0]] * 10.0 + _CN_DIGITS[raw[2]]
        if len(raw) == 2 and raw[1] == "十":
            return _CN_DIGITS[raw[0]] * 10.0
        return float(_CN_DIGITS[raw[0]]) if len(raw) == 1 else float("nan")
    return float(raw)


_NUM = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十]{1,3})"
_EN_NUM = r"(\d+(?:\.\d+)?|one|a|another|one more|two|three|four|five)"

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Call]]


_ZONES = {"driver": "driver", "driver's": "driver", "passenger": "passenger",
          "passenger's": "passenger", "主驾": "driver", "副驾": "passenger", "全车": "all",
          "everyone": "all", "all": "all", "both": "all"}


def _temp(m: re.Match[str]) -> Call:
    args: dict[str, Any] = {"celsius": _number(m.group("n"))}
    zone = m.groupdict().get("zone")
    if zone:
        args["zone"] = _ZONES[zone]
    return "set_temperature", args


def _temp_change(sign: int) -> Callable[[re.Match[str]], Call]:
    def make(m: re.Match[str]) -> Call:
        raw = m.groupdict().get("n")
        return "set_temperature", {"change": sign * (_number(raw) if raw else 1.0)}
    return make


def _seat(m: re.Match[str]) -> Call:
    side = "passenger" if m.groupdict().get("side") in {"passenger", "passenger's", "副驾"} else "driver"
    level = _SEAT_LEVELS.get((m.groupdict().get("level") or "on").lower(), "medium")
    return "set_seat", {"seat": side, "heating": level}


def _const(name: str, args: dict[str, Any]) -> Callable[[re.Match[str]], Call]:
    return lambda m: (name, dict(args))


def _window(action: str) -> Callable[[re.Match[str]], Call]:
    def make(m: re.Match[str]) -> Call:
        which = _WINDOWS.get((m.groupdict().get("which") or "").strip().lower(), "any")
        args: dict[str, Any] = {"window": which, "action": action}
        if m.groupdict().get("pct"):
            args["percent"] = int(_number(m.group("pct")))
            args["action"] = "open"
        return "set_window", args
    return make


def _light(on: bool) -> Callable[[re.Match[str]], Call]:
    def make(m: re.Match[str]) -> Call:
        raw = m.group("light").lower()
        if "fog" in raw or "雾" in raw:
            light = "fog_rear" if "rear" in raw or "后" in raw else "fog_front"
        elif "high" in raw or "远" in raw:
            light = "high_beam"
        else:
            light = "low_beam"
        return "set_lights", {"light": light, "on": on}
    return make


_RULES: list[Rule] = [
    (re.compile(rf"^(?:set |change |make )?(?:the )?(?:cabin )?(?:temperature|temp|climate|it)?\s*(?:to |at )?(?P<n>{_NUM})\s*(?:degrees?|°c?|celsius)?$"), _temp),
    (re.compile(rf"^(?:把)?(?:温度|空调温度|空调)?(?:调到|调至|设为|设置为|设成|设置到|调成)?(?P<n>{_NUM})度$"), _temp),
    (re.compile(rf"^(?:set |make )?(?:it )?(?:the )?(?P<zone>driver's|driver|passenger's|passenger|everyone|both|all)(?: side| seat| zone)?(?:'s)? ?(?:temperature|temp|climate)? (?:to |at )?(?P<n>{_NUM}) ?(?:degrees?|°c?|celsius)?(?: for (?:the )?(?:driver|passenger|everyone))?$"), _temp),
    (re.compile(rf"^(?:set |make it )?(?P<n>{_NUM}) ?(?:degrees?|°c?|celsius)? for (?:the )?(?P<zone>driver|passenger|everyone)(?: side)?$"), _temp),
    (re.compile(rf"^(?:把)?(?P<zone>主驾|副驾|全车)(?:的)?(?:温度|空调)?(?:调到|调至|设为|设置为|设成|调成)(?P<n>{_NUM})度$"), _temp),
    (re.compile(rf"^(?:make it |turn it |set it |go )?(?P<n>{_EN_NUM})?\s*degrees? (?:warmer|higher|up|hotter)$"), _temp_change(+1)),
    (re.compile(rf"^(?:make it |turn it |set it |go )?(?P<n>{_EN_NUM})?\s*degrees? (?:cooler|lower|down|colder)$"), _temp_change(-1)),
    (re.compile(r"^(?:make it |a bit |a little )*(?:warmer|hotter)(?: please)?$"), _temp_change(+1)),
    (re.compile(r"^(?:make it |a bit |a little )*(?:cooler|colder)(?: please)?$"), _temp_change(-1)),
    (re.compile(rf"^(?:温度)?(?:调高|升高|提高)(?P<n>{_NUM})?度?$"), _temp_change(+1)),
    (re.compile(rf"^(?:温度)?(?:调低|降低)(?P<n>{_NUM})?度?$"), _temp_change(-1)),
    (re.compile(r"^(?:i'm|i am|i feel|feeling|it's|it is)? ?(?:a bit |a little |so |really |very |quite |too |kind of )*(?P<f>cold|freezing|chilly|frozen|hot|boiling|warm|roasting|sweating)(?: in here| back here)?$"),
     lambda m: ("adjust_comfort", {"feeling": "cold" if m.group("f") in ("cold", "freezing", "chilly", "frozen") else "hot"})),
    (re.compile(r"^(?:我)?(?:有点|好|太|很|感觉|觉得)*(?P<f>冷|热)(?:了|啊|死了)?$"),
     lambda m: ("adjust_comfort", {"feeling": "cold" if m.group("f") == "冷" else "hot"})),
    (re.compile(r"^(?:turn |switch |put |set )?(?:on )?(?:the )?(?:(?P<side>driver|passenger|driver's|passenger's|my) )?seat heat(?:ing|er)?(?: on)?(?: (?:to |on |at )?(?P<level>off|low|medium|mid|high|max|maximum|full|on))?$"), _seat),
    (re.compile(rf"^(?:set |put |turn )?(?:the )?fan (?:speed )?(?:to |at |on )?(?P<n>{_NUM}) ?(?:%|percent)$|^风量(?:调到|设为)?(?P<n2>{_NUM})%?$"),
     lambda m: ("set_climate", {"fan_percent": int(_number(m.group("n") or m.group("n2")))})),
    (re.compile(r"^(?:turn |switch )?on (?:the )?(?:air )?recirculation$|^recirculation on$|^(?:打开|开启)内循环$"), _const("set_climate", {"recirculation": True})),
    (re.compile(r"^(?:turn |switch )?off (?:the )?(?:air )?recirculation$|^recirculation off$|^(?:关闭|关掉)内循环$"), _const("set_climate", {"recirculation": False})),
    (re.compile(r"^heat (?:my|the) (?:(?P<side>driver|passenger)(?:'s)? )?seat$"), _seat),
    (re.compile(r"^(?:turn |switch )(?P<level>on|off) (?:the )?(?:(?P<side>driver|passenger|driver's|passenger's|my) )?seat heat(?:ing|er)$"), _seat),
    (re.compile(r"^(?:打开|开启)?(?P<side>主驾|副驾)?座椅加热(?:调到|开到)?(?P<level>最高|高|中|低|关)?(?:档)?$"), _seat),
    (re.compile(r"^(?:关闭|关掉)(?P<side>主驾|副驾)?座椅加热$"), _const("set_seat", {"seat": "driver", "heating": "off"})),
    (re.compile(r"^(?:turn |switch )?on (?:the )?(?:a/?c|air ?con(?:ditioning)?)$|^(?:a/?c|air ?con(?:ditioning)?) on$"), _const("set_climate", {"ac": True})),
    (re.compile(r"^(?:turn |switch )?off (?:the )?(?:a/?c|air ?con(?:ditioning)?)$|^(?:a/?c|air ?con(?:ditioning)?) off$"), _const("set_climate", {"ac": False})),
    (re.compile(r"^(?:打开|开启|开)空调$"), _const("set_climate", {"ac": True})),
    (re.compile(r"^(?:关闭|关掉|关)空调$"), _const("set_climate", {"ac": False})),
    (re.compile(r"^(?:turn |switch )?on (?:the )?(?:front )?defrost(?:er|ing)?$|^defrost (?:the )?(?:windscreen|windshield)$"), _const("set_climate", {"front_defrost": True})),
    (re.compile(r"^(?:打开|开启)(?:前)?除霜$"), _const("set_climate", {"front_defrost": True})),
    (re.compile(rf"^open (?:the )?(?P<which>driver's|driver|passenger's|passenger|rear left|rear right|back left|back right|all the|all|my|the|a)?\s*windows?(?: (?:to |by )?(?P<pct>{_NUM}) ?(?:%|percent))?$"), _window("open")),
    (re.compile(r"^close (?:the )?(?P<which>driver's|driver|passenger's|passenger|rear left|rear right|back left|back right|all the|all|my|the|a)?\s*windows?$"), _window("close")),
    (re.compile(r"^(?:打开|开)(?P<which>主驾|副驾|左后|右后|所有|全部)?(?:车)?窗(?:户)?$"), _window("open")),
    (re.compile(r"^(?:关闭|关上|关)(?P<which>主驾|副驾|左后|右后|所有|全部)?(?:车)?窗(?:户)?$"), _window("close")),
    (re.compile(r"^(?:turn |switch )on (?:the )?(?P<light>low beams?|headlights?|dipped beams?|high beams?|full beams?|(?:front |rear )?fog ?lights?)$"), _light(True)),
    (re.compile(r"^(?:turn |switch )off (?:the )?(?P<light>low beams?|headlights?|dipped beams?|high beams?|full beams?|(?:front |rear )?fog ?lights?)$"), _light(False)),
    (re.compile(r"^(?:打开|开启|开)(?P<light>近光灯|远光灯|前雾灯|后雾灯|雾灯|大灯)$"), _light(True)),
    (re.compile(r"^(?:关闭|关掉|关)(?P<light>近光灯|远光灯|前雾灯|后雾灯|雾灯|大灯)$"), _light(False)),
    (re.compile(r"^(?:open|pop) (?:the )?(?:trunk|boot|tailgate)$|^(?:打开|开)(?:后备箱|尾门)$"), _const("set_closure", {"part": "trunk", "open": True})),
    (re.compile(r"^close (?:the )?(?:trunk|boot|tailgate)$|^(?:关闭|关上)(?:后备箱|尾门)$"), _const("set_closure", {"part": "trunk", "open": False})),
    (re.compile(r"^(?:open|pop) (?:the )?(?:hood|bonnet)$|^(?:打开|开)引擎盖$"), _const("set_closure", {"part": "hood", "open": True})),
    (re.compile(r"^(?:open|pop) (?:the )?(?:frunk|front trunk)$|^(?:打开|开)前备箱$"), _const("set_closure", {"part": "frunk", "open": True})),
    (re.compile(r"^open (?:the )?charg(?:e|ing) (?:port|flap)$|^(?:打开|开)充电口(?:盖)?$"), _const("set_closure", {"part": "charge_port", "open": True})),
    (re.compile(r"^open (?:the )?(?:driver'?s?|front left) door$|^(?:打开|开)主驾(?:车)?门$"), _const("set_closure", {"part": "driver_door", "open": True})),
    (re.compile(r"^open (?:the )?(?:passenger'?s?|front right) door$|^(?:打开|开)副驾(?:车)?门$"), _const("set_closure", {"part": "passenger_door", "open": True})),
    (re.compile(r"^open (?:the )?sunroof$|^(?:打开|开)天窗$"), _const("set_sunroof", {"action": "open"})),
    (re.compile(r"^close (?:the )?sunroof$|^(?:关闭|关上|关)天窗$"), _const("set_sunroof", {"action": "close"})),
    (re.compile(r"^(?:turn |switch )?on (?:the )?steering wheel heat(?:ing|er)?$|^heat (?:the )?steering wheel$|^(?:打开|开启)方向盘加热$|^my hands are (?:so |really |very )?(?:cold|freezing)$"), _const("set_steering_heating", {"on": True})),
    (re.compile(r"^(?:turn |switch )?off (?:the )?steering wheel heat(?:ing|er)?$|^(?:关闭|关掉)方向盘加热$"), _const("set_steering_heating", {"on": False})),
    (re.compile(rf"^(?:set (?:the )?)?charge limit (?:to )?(?P<n>{_NUM}) ?(?:%|percent)?$|^充电上限(?:设为|调到|设置为)?(?P<n2>{_NUM})%?$"),
     lambda m: ("set_charge_limit", {"percent": int(_number(m.group("n") or m.group("n2")))})),
    (re.compile(r"^lock (?:the )?(?:car|doors)$|^(?:锁车|锁门)$"), _const("set_locks", {"locked": True})),
]


def parse(text: str) -> list[Call] | None:
    """The tool calls for ``text`` if every clause is a plain command, else None."""
    cleaned = text.strip().lower()
    cleaned = _POLITE.sub("", _POLITE.sub("", cleaned)).strip()
    if not cleaned or len(cleaned) > 120:
        return None
    calls: list[Call] = []
    for clause in filter(None, (c.strip() for c in _SPLIT.split(cleaned))):
        clause = _POLITE.sub("", clause).strip()
        for pattern, make in _RULES:
            match = pattern.match(clause)
            if match:
                call = make(match)
                if any(math.isnan(v) for v in call[1].values() if isinstance(v, float)):
                    return None  # a number we could not read
                calls.append(call)
                break
        else:
            return None
    return calls or None
