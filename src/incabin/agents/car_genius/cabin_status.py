"""Status answers for the cabin extras: what is playing, who called, the messages, and
whether the massage, ventilation, ambient light or mirrors are on."""

from __future__ import annotations

from typing import Literal

from incabin.agents.car_genius._actuate import SEATS, place_name
from incabin.agents.car_genius.climate import SEAT_LEVELS
from incabin.agents.car_genius.media import ACTION, MEDIA, PLAYED, PLAYING, SOURCE, VOLUME
from incabin.agents.context import TurnContext
from incabin.agents.speech import join_list, num, t
from incabin.agents.tools import Outcome, tool
from incabin.media import MediaError
from incabin.phone import PhoneError

Topic = Literal["media", "calls", "messages", "massage", "ventilation", "ambient_light",
                "mirrors", "reading_lights"]
# The profile feature each topic needs; without it the answer is that the car has none.
_NEEDS = {"media": "media", "calls": "phone", "messages": "phone", "massage": "seat_massage",
          "ventilation": "seat_ventilation", "ambient_light": "ambient_light",
          "mirrors": "folding_mirrors", "reading_lights": "reading_lights"}
_NAMES = {"media": ("music player", "音乐播放"), "calls": ("phone", "电话"),
          "messages": ("phone", "短信"), "massage": ("seat massage", "座椅按摩"),
          "ventilation": ("seat ventilation", "座椅通风"),
          "ambient_light": ("ambient lighting", "氛围灯"), "mirrors": ("folding mirrors", "电动折叠后视镜"),
          "reading_lights": ("reading lights", "阅读灯")}


@tool
def get_cabin_status(ctx: TurnContext, topic: Topic) -> Outcome:
    """Is the music on / what's playing, who called, new messages, massage, seat
    ventilation, ambient light, mirrors, reading lights."""
    if not ctx.vehicle.has(_NEEDS[topic]):
        en, zh = _NAMES[topic]
        return Outcome(ok=True, act="inform", say=t(ctx.lang, f"This car has no {en}.",
                                                    f"这辆车没有{zh}功能。"))
    try:
        say = _ANSWERS[topic](ctx)
    except (MediaError, PhoneError) as err:
        return Outcome(ok=False, act="inform", say=t(ctx.lang, f"I can't tell: {err}.",
                                                      f"暂时无法查询：{err}。"))
    return Outcome(ok=True, act="inform", say=say)


def _media(ctx: TurnContext) -> str:
    playing = ctx.vehicle.get(ACTION) in PLAYING
    volume = int(ctx.vehicle.get(VOLUME) or 0)
    if not playing:
        return t(ctx.lang, "The music is paused." if ctx.vehicle.get(PLAYED) else "No music is playing.",
                 "音乐已暂停。" if ctx.vehicle.get(PLAYED) else "现在没有播放音乐。")
    uri = str(ctx.vehicle.get(PLAYED) or "")
    track = None
    if uri:
        try:
            track = ctx.services.music.by_uri(uri)
        except MediaError:
            track = None
    muted = t(ctx.lang, ", muted", "，已静音") if volume == 0 else t(
        ctx.lang, f", volume {num(volume)} percent", f"，音量{num(volume)}%")
    if track is not None:
        return t(ctx.lang, f"Playing {track.title} by {track.artist}{muted}.",
                 f"正在播放{track.artist}的《{track.title}》{muted}。")
    # A head unit that reports the track's tags itself (VSS Played.Artist / Played.Track).
    title, artist = _reported(ctx, "Track"), _reported(ctx, "Artist")
    if title or artist:
        return t(ctx.lang, f"Playing {title or 'a track'}{f' by {artist}' if artist else ''}{muted}.",
                 f"正在播放{f'{artist}的' if artist else ''}《{title or '歌曲'}》{muted}。")
    source = str(ctx.vehicle.get(SOURCE) or "")
    return t(ctx.lang, f"The music is on ({source.lower()}){muted}.", f"正在播放（{source}）{muted}。")


def _reported(ctx: TurnContext, leaf: str) -> str:
    path = f"{MEDIA}Played.{leaf}"
    return str(ctx.vehicle.get(path) or "") if ctx.vehicle.store.has_value(path) else ""


def _calls(ctx: TurnContext) -> str:
    log = ctx.services.phone.call_log()
    active = ctx.services.phone.active_call()
    if active is not None:
        return t(ctx.lang, f"You're on a call with {active.who}.", f"正在与{active.who}通话。")
    incoming = [c for c in log if c.direction in ("incoming", "missed")]
    if not incoming:
        return t(ctx.lang, "Nobody has called.", "没有来电。")
    last = incoming[0]
    when = last.started.strftime("%H:%M")
    missed = last.direction == "missed"
    return t(ctx.lang, f"{last.who} called at {when}{' (missed)' if missed else ''}.",
             f"{when}{last.who}来过电话{'（未接）' if missed else ''}。")


def _messages(ctx: TurnContext) -> str:
    unread = [m for m in ctx.services.phone.messages() if not m.outgoing and not m.read]
    if not unread:
        return t(ctx.lang, "You have no unread messages.", "没有未读短信。")
    who = join_list(list(dict.fromkeys(m.who for m in unread)), ctx.lang)
    return t(ctx.lang, f"You have {num(len(unread))} unread message{'s' if len(unread) > 1 else ''} "
                       f"from {who}.", f"有{num(len(unread))}条未读短信，来自{who}。")


def _seat_levels(ctx: TurnContext, leaf: str, sign: int) -> list[tuple[str, int]]:
    """(seat, percent) of each seat whose ``leaf`` is on, cooling counted as positive."""
    on = []
    for name, base in SEATS.items():
        path = f"{base}.{leaf}"
        if ctx.vehicle.is_available(path):
            value = int(ctx.vehicle.get(path) or 0) * sign
            if value > 0:
                on.append((name, value))
    return on


def _levels_said(ctx: TurnContext, what_en: str, what_zh: str, on: list[tuple[str, int]]) -> str:
    if not on:
        return t(ctx.lang, f"The {what_en} is off.", f"{what_zh}没有开。")
    level = {v: k for k, v in SEAT_LEVELS.items()}
    parts = [t(ctx.lang, f"{place_name(s, 'en')} seat at {level.get(p, f'{p} percent')}",
               f"{place_name(s, 'zh')}{num(p)}%") for s, p in on]
    return t(ctx.lang, f"The {what_en} is on: {join_list(parts, 'en')}.",
             f"{what_zh}开着：{join_list(parts, 'zh')}。")


def _massage(ctx: TurnContext) -> str:
    return _levels_said(ctx, "massage", "座椅按摩", _seat_levels(ctx, "Massage.Level", 1))


def _ventilation(ctx: TurnContext) -> str:
    return _levels_said(ctx, "seat ventilation", "座椅通风", _seat_levels(ctx, "HeatingCooling", -1))


def _ambient(ctx: TurnContext) -> str:
    base = "Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide."
    if not ctx.vehicle.get(base + "IsLightOn"):
        return t(ctx.lang, "The ambient lighting is off.", "氛围灯关着。")
    colour, level = ctx.vehicle.get(base + "Color"), ctx.vehicle.get(base + "Intensity")
    return t(ctx.lang, f"The ambient lighting is on, colour {colour}, at {num(level)} percent.",
             f"氛围灯开着，颜色{colour}，亮度{num(level)}%。")


def _mirrors(ctx: TurnContext) -> str:
    base = "Vehicle.Body.Mirrors.DriverSide."
    folded = bool(ctx.vehicle.get(base + "IsFolded"))
    heated = ctx.vehicle.is_available(base + "IsHeatingOn") and bool(ctx.vehicle.get(base + "IsHeatingOn"))
    return t(ctx.lang, f"The mirrors are {'folded' if folded else 'unfolded'}"
                       f"{' and heated' if heated else ''}.",
             f"后视镜{'已折叠' if folded else '已展开'}{'，加热开着' if heated else ''}。")


def _reading(ctx: TurnContext) -> str:
    on = [name for name in SEATS if ctx.vehicle.get(
        f"Vehicle.Cabin.Light.Spotlight.{SEATS[name].split('Seat.')[1]}.IsLightOn")]
    dome = bool(ctx.vehicle.get("Vehicle.Cabin.Light.IsDomeOn"))
    if not on and not dome:
        return t(ctx.lang, "The reading lights and the dome light are off.", "阅读灯和顶灯都关着。")
    parts = [t(ctx.lang, f"{place_name(n, 'en')} reading light", f"{place_name(n, 'zh')}阅读灯") for n in on]
    if dome:
        parts.append(t(ctx.lang, "dome light", "顶灯"))
    return t(ctx.lang, f"On: {join_list(parts, 'en')}.", f"开着的有：{join_list(parts, 'zh')}。")


_ANSWERS = {"media": _media, "calls": _calls, "messages": _messages, "massage": _massage,
            "ventilation": _ventilation, "ambient_light": _ambient, "mirrors": _mirrors,
            "reading_lights": _reading}
