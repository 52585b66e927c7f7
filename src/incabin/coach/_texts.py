"""Short spoken texts in English and Chinese.

Alerts are voice-first and glanceable: at most 15 words in English (30
characters in Chinese), one number with its unit, one thing to do. Each kind
has candidates from the most to the least detailed; the first that fits wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from incabin.coach._models import CoachEvent, EventKind, Lang, Tip, TripSummary

MAX_WORDS_EN = 15
MAX_CHARS_ZH = 30

_WHEEL_ZH = {"front left": "左前", "front right": "右前", "rear left": "左后", "rear right": "右后"}


def word_count(text: str, lang: Lang) -> int:
    """Words in English; characters (without spaces and punctuation) in Chinese."""
    if lang == "zh":
        return len(re.sub(r"[\s，。、；：！？,.;:!?]", "", text))
    return len(text.split())


def _n(x: float | None, digits: int = 0) -> str:
    if x is None:
        return "?"
    return f"{x:.{digits}f}" if digits else str(round(x))


def _duration_en(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h {m} min" if h and m else f"{h} h" if h else f"{m} min"


def _duration_zh(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h}小时{m}分钟" if h and m else f"{h}小时" if h else f"{m}分钟"


def _en(e: CoachEvent) -> list[str]:
    v, lim = e.value, e.limit
    match e.kind:
        case EventKind.HARSH_BRAKE:
            return [f"Hard braking, {_n(v, 1)} m/s². Leave more distance ahead."]
        case EventKind.HARSH_ACCELERATION:
            return [f"Strong acceleration, {_n(v, 1)} m/s². Gentler starts save energy."]
        case EventKind.SHARP_CORNER:
            return [f"Sharp cornering, {_n(v, 1)} m/s² sideways. Slow down before bends."]
        case EventKind.SPEEDING:
            return [f"You're at {_n(v)} km/h; the limit is {_n(lim)} km/h."]
        case EventKind.FATIGUE:
            head = f"{_duration_en(v or 0)} at the wheel."
            out = []
            if e.next_stop:
                s = e.next_stop
                out.append(f"{head} Take a break at {s.name}, {_n(s.km_ahead)} km ahead.")
                out.append(f"{head} Next stop in {_n(s.km_ahead)} km: take a break.")
            return [*out, f"{head} Time for a break."]
        case EventKind.HIGH_CONSUMPTION:
            pct = e.figure("above_percent")
            return [f"Using {_n(v, 1)} kWh/100 km, {_n(pct)}% above usual. Ease off a little."]
        case EventKind.LOW_ARRIVAL_SOC:
            return [f"You'd arrive with {_n(v)}% battery, below {_n(lim)}%. Consider charging."]
        case EventKind.BATTERY_HOT:
            if e.critical:
                return [f"Battery overheating at {_n(v)} °C. Stop safely and switch off."]
            return [f"Battery is hot, {_n(v)} °C. Drive gently for a while."]
        case EventKind.BATTERY_COLD:
            return [f"Battery is cold, {_n(v)} °C. Range and regeneration are reduced."]
        case EventKind.TYRE_LEAK:
            drop = e.figure("drop_kpa")
            tail = "Stop safely and check it." if e.critical else "Check it soon."
            wheel = e.subject.capitalize()
            return [f"{wheel} tyre losing pressure: {_n(v)} kPa, down {_n(drop)} kPa. {tail}"]
        case EventKind.LOW_12V:
            return [f"12-volt battery low, {_n(v, 1)} V. Have it checked soon."]
        case EventKind.NEW_DTC:
            meaning = e.info.rstrip(". ")
            if e.critical:
                return [f"Serious fault {e.subject}: {meaning}. Stop safely.",
                        f"Serious fault {e.subject}. Stop safely as soon as possible."]
            return [f"Fault {e.subject}: {meaning}. Ask me for details.",
                    f"New fault code {e.subject}. Ask me what it means."]
    return [e.kind.value.replace("_", " ")]


def _zh(e: CoachEvent) -> list[str]:
    v, lim = e.value, e.limit
    match e.kind:
        case EventKind.HARSH_BRAKE:
            return [f"急刹车，{_n(v, 1)} m/s²。请保持车距。"]
        case EventKind.HARSH_ACCELERATION:
            return [f"急加速，{_n(v, 1)} m/s²。平缓起步更省电。"]
        case EventKind.SHARP_CORNER:
            return [f"急转弯，横向{_n(v, 1)} m/s²。入弯前请减速。"]
        case EventKind.SPEEDING:
            return [f"当前{_n(v)} km/h，限速{_n(lim)} km/h。"]
        case EventKind.FATIGUE:
            head = f"已连续驾驶{_duration_zh(v or 0)}。"
            out = []
            if e.next_stop:
                s = e.next_stop
                out.append(f"{head}前方{_n(s.km_ahead)} km {s.name}可休息。")
                out.append(f"{head}前方{_n(s.km_ahead)} km可休息。")
            return [*out, f"{head}请休息一下。"]
        case EventKind.HIGH_CONSUMPTION:
            pct = e.figure("above_percent")
            return [f"能耗{_n(v, 1)} kWh/100 km，比平时高{_n(pct)}%。请放缓。"]
        case EventKind.LOW_ARRIVAL_SOC:
            return [f"到达时电量约{_n(v)}%，低于{_n(lim)}%。建议充电。"]
        case EventKind.BATTERY_HOT:
            if e.critical:
                return [f"电池过热，{_n(v)} °C。请安全停车并熄火。"]
            return [f"电池温度高，{_n(v)} °C。请平缓驾驶。"]
        case EventKind.BATTERY_COLD:
            return [f"电池温度低，{_n(v)} °C。续航和回收减少。"]
        case EventKind.TYRE_LEAK:
            wheel = _WHEEL_ZH.get(e.subject, e.subject)
            tail = "请安全停车检查。" if e.critical else "请尽快检查。"
            return [f"{wheel}轮胎漏气：{_n(v)} kPa。{tail}"]
        case EventKind.LOW_12V:
            return [f"12伏电池电压低，{_n(v, 1)} V。请尽快检查。"]
        case EventKind.NEW_DTC:
            if e.critical:
                return [f"严重故障{e.subject}。请尽快安全停车。"]
            return [f"新故障码{e.subject}。可以问我详情。"]
    return [e.kind.value]


_CANDIDATES: dict[str, Callable[[CoachEvent], list[str]]] = {"en": _en, "zh": _zh}


def alert_text(event: CoachEvent, lang: Lang = "en") -> str:
    """The spoken alert for ``event``: short, with the number and its unit."""
    limit = MAX_CHARS_ZH if lang == "zh" else MAX_WORDS_EN
    candidates = _CANDIDATES[lang](event)
    for text in candidates:
        if word_count(text, lang) <= limit:
            return text
    return candidates[-1]


TIPS: dict[str, Tip] = {
    "harsh_brake": Tip(
        "harsh_brake",
        "Look further ahead and lift off early: gentle braking also regenerates more energy.",
        "看远一点，提前松开电门：平缓制动还能回收更多电能。",
    ),
    "harsh_acceleration": Tip(
        "harsh_acceleration",
        "Press the accelerator gradually when pulling away; it is smoother and saves energy.",
        "起步时缓慢踩下电门，更平顺也更省电。",
    ),
    "sharp_corner": Tip(
        "sharp_corner",
        "Brake before bends, not in them, and keep a steady speed through the curve.",
        "在入弯前减速，不要在弯中刹车，过弯时保持匀速。",
    ),
    "speeding": Tip(
        "speeding",
        "Set cruise control at the limit: speeding saved you only {saved} seconds.",
        "把定速巡航设在限速：超速只为你节省了{saved}秒。",
    ),
    "fatigue": Tip(
        "fatigue",
        "Plan a 15-minute break every 2 hours; you drove {hours} without one.",
        "每2小时安排15分钟休息；你连续驾驶了{hours_zh}。",
    ),
    "high_speed": Tip(
        "high_speed",
        "On the motorway, 100 instead of 120 km/h uses about 20% less energy.",
        "高速上以100而不是120 km/h行驶，能耗约低20%。",
    ),
    "smooth": Tip(
        "smooth",
        "Smooth and safe: keep anticipating traffic and coasting to lights.",
        "驾驶平稳安全：继续预判路况，提前滑行到红绿灯。",
    ),
}


def tip_for(code: str, **figures: str) -> Tip:
    """The tip for ``code`` with its figures filled in."""
    tip = TIPS[code]
    return Tip(tip.code, tip.en.format(**figures), tip.zh.format(**figures))


def hours_text(seconds: float, lang: Lang) -> str:
    """A duration as spoken, e.g. "2 h 30 min" / "2小时30分钟"."""
    return _duration_zh(seconds / 60) if lang == "zh" else _duration_en(seconds / 60)


_MOMENTS = frozenset({
    EventKind.HARSH_BRAKE, EventKind.HARSH_ACCELERATION, EventKind.SHARP_CORNER, EventKind.SPEEDING,
})


def _clock(e: CoachEvent) -> str:
    """Trip time h:mm:ss of the moment (a brake's onset) or of the detection (a break reminder)."""
    moment = e.started_at if e.kind in _MOMENTS and e.started_at is not None else e.t
    h, rest = divmod(int(moment), 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}"


def summary_text(s: TripSummary, lang: Lang = "en") -> str:
    """The trip summary as a few plain lines."""
    energy = "-" if s.kwh_per_100km is None else f"{s.kwh_per_100km:.1f} kWh/100 km"
    if lang == "zh":
        lines = [
            (f"行程：{s.distance_km:.1f} km，{_duration_zh(s.duration_min)}，能耗{energy}"
             f"（共{s.energy_kwh:.2f} kWh）。"),
            f"平顺性{s.smoothness}/100，安全性{s.safety}/100。",
        ]
        for c in s.costly_events:
            lines.append(f"{_clock(c.event)} 扣{c.points:.0f}分：{alert_text(c.event, 'zh')}")
        lines.append(f"建议：{s.tip.zh}")
    else:
        lines = [
            (f"Trip: {s.distance_km:.1f} km in {_duration_en(s.duration_min)}, {energy} "
             f"({s.energy_kwh:.2f} kWh)."),
            f"Smoothness {s.smoothness}/100, safety {s.safety}/100.",
        ]
        for c in s.costly_events:
            what = alert_text(c.event, "en")
            lines.append(f"At {_clock(c.event)}, -{c.points:.0f} points: {what}")
        lines.append(f"Tip: {s.tip.en}")
    return "\n".join(lines)
