"""Media through VSS ``Vehicle.Cabin.Infotainment.Media``: play/pause/skip, source,
volume, mute, and "play <artist / album / genre>" from the local music library.

VSS's allowed values are used as they are: pause is ``STOP``, next is ``SKIP_FORWARD``.
VSS has no mute; muting sets the volume to 0 and remembers the volume to return to.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Literal
from weakref import WeakKeyDictionary

from pydantic import Field

from incabin._config import home_dir, setting
from incabin.agents.car_genius._actuate import actuate_all, lacks, said_in
from incabin.agents.capabilities import catalogue
from incabin.agents.context import TurnContext
from incabin.agents.speech import num, t
from incabin.agents.tools import Outcome, tool
from incabin.media import MediaError, MusicLibrary, NothingToPlay, write_demo_library
from incabin.vehicle import Vehicle

log = logging.getLogger(__name__)
MEDIA = "Vehicle.Cabin.Infotainment.Media."
ACTION, VOLUME, SELECTED = MEDIA + "Action", MEDIA + "Volume", MEDIA + "SelectedURI"
SOURCE, PLAYED = MEDIA + "Played.Source", MEDIA + "Played.URI"
_ACTIONS = {"play": "PLAY", "pause": "STOP", "next": "SKIP_FORWARD", "previous": "SKIP_BACKWARD"}
# The VSS commands after which the player is playing.
PLAYING = frozenset({"PLAY", "SKIP_FORWARD", "SKIP_BACKWARD", "FAST_FORWARD", "FAST_BACKWARD"})
Source = Literal["FM", "AM", "DAB", "USB", "BLUETOOTH", "INTERNET", "AUX"]
_SOURCE_NAMES = {"FM": ("FM radio", "FM收音机"), "AM": ("AM radio", "AM收音机"),
                 "DAB": ("DAB radio", "数字广播"), "USB": ("USB music", "USB音乐"),
                 "BLUETOOTH": ("Bluetooth audio", "蓝牙音乐"), "INTERNET": ("online music", "在线音乐"),
                 "AUX": ("AUX input", "AUX输入")}
VOLUME_STEP = 10
DEFAULT_VOLUME = 30


@dataclass
class _Session:
    """What the player needs between turns: the queue and the volume before a mute."""

    queue: list[str] = field(default_factory=list)
    unmuted_volume: int = DEFAULT_VOLUME


# The queue is the car's player state, so it lives as long as the car does.
_SESSIONS: WeakKeyDictionary[Vehicle, _Session] = WeakKeyDictionary()


def session(vehicle: Vehicle) -> _Session:
    """The player state of ``vehicle``."""
    return _SESSIONS.setdefault(vehicle, _Session())


def open_library() -> MusicLibrary:
    """The music library of ``INCABIN_MUSIC_DIR``; without it, a small demo library (tagged
    silent files written once under the incabin home folder), so the demo car plays."""
    folder = setting("music_dir", "")
    if not folder:
        folder = str(write_demo_library(home_dir() / "music-demo"))
    return _indexed(str(Path(folder).expanduser().resolve()))


@cache
def _indexed(folder: str) -> MusicLibrary:
    # Indexing reads every file's tags: once per process and folder.
    library = MusicLibrary.index(folder)
    for path, reason in library.skipped:
        log.warning("music library: skipped %s: %s", path, reason)
    return library


@tool
def control_media(
    ctx: TurnContext,
    action: Literal["play", "pause", "next", "previous"] | None = None,
    source: Source | None = None,
    volume: Annotated[int | None, Field(description="percent")] = None,
    volume_step: Literal["up", "down"] | None = None,
    mute: bool | None = None,
) -> Outcome:
    """Media: play, pause, next/previous, source, volume, mute."""
    missing = lacks(ctx, "media", "media player", "媒体播放功能")
    if missing is not None:
        return missing
    player = session(ctx.vehicle)
    targets: list[tuple[str, object]] = []
    said_en: list[str] = []
    said_zh: list[str] = []
    current = int(ctx.vehicle.get(VOLUME) or 0)
    if mute is not None:
        if mute:
            player.unmuted_volume = current or player.unmuted_volume
            volume = 0
        elif current == 0:
            volume = player.unmuted_volume
        else:
            volume = current  # not muted: the sound is already on
    elif volume_step is not None and volume is None:
        volume = max(0, min(100, current + (VOLUME_STEP if volume_step == "up" else -VOLUME_STEP)))
    if source is not None:
        targets.append((SOURCE, source))
        en, zh = _SOURCE_NAMES[source]
        said_en.append(f"switched to {en}")
        said_zh.append(f"已切换到{zh}")
        action = action or "play"
    if action is not None:
        if action in ("next", "previous") and player.queue:
            uri = _neighbour(player.queue, str(ctx.vehicle.get(PLAYED) or ""), action)
            targets.append((SELECTED, uri))
        if action == "play" and source is None and not ctx.vehicle.get(SELECTED):
            first = _first_track(ctx)
            if first is not None:
                targets.append((SELECTED, first))
        targets.append((ACTION, _ACTIONS[action]))
        said_en.append({"play": "playing", "pause": "paused", "next": "next track",
                        "previous": "previous track"}[action])
        said_zh.append({"play": "开始播放", "pause": "已暂停", "next": "下一首", "previous": "上一首"}[action])
    if volume is not None:
        targets.append((VOLUME, volume))
        if mute:
            said_en.append("muted")
            said_zh.append("已静音")
        else:
            said_en.append(f"volume {num(volume)} percent")
            said_zh.append(f"音量{num(volume)}%")
    if not targets:
        return Outcome(ok=False, act="clarify", say=t(
            ctx.lang, "What should I do with the music?", "音乐要怎么调？"))
    text = ", ".join(said_en)
    say = t(ctx.lang, f"{text[0].upper()}{text[1:]}.", "，".join(said_zh) + "。")
    return actuate_all(ctx, "control_media", {"action": action, "source": source,
                                              "volume": volume, "volume_step": None,
                                              "mute": mute}, targets, say)


def _neighbour(queue: list[str], playing: str, direction: str) -> str:
    """The next or previous URI of the queue (wrapping around)."""
    here = queue.index(playing) if playing in queue else -1
    return queue[(here + (1 if direction == "next" else -1)) % len(queue)]


def _first_track(ctx: TurnContext) -> str | None:
    """Nothing chosen yet: "play some music" starts the library from the top."""
    try:
        library = ctx.services.music
    except MediaError as err:
        log.warning("no music library: %s", err)
        return None
    if not library.tracks:
        return None
    session(ctx.vehicle).queue = [tr.uri for tr in library.tracks]
    return library.tracks[0].uri


def _genre(query: str, ctx: TurnContext) -> str | None:
    """The genre tag a query names in either language ("爵士乐" is Jazz), from the
    capability file's genre words; the longest word said wins."""
    cap = catalogue().get("play_music")
    lists = cap.lists if cap is not None else {}
    words = sorted(((w, tag) for lang in ("en", "zh")
                    for tag, ws in lists.get(lang, {}).get("genre", {}).items() for w in ws),  # type: ignore[call-overload]
                   key=lambda pair: len(pair[0]), reverse=True)
    return next((tag for word, tag in words if said_in(word, query)
                 and word.casefold() in query.casefold()), None)


@tool
def play_music(ctx: TurnContext,
               query: Annotated[str, Field(description="artist, album, genre or song")]
               ) -> Outcome:
    """Play an artist, album, genre or song from the music library."""
    missing = lacks(ctx, "media", "media player", "媒体播放功能")
    if missing is not None:
        return missing
    query = query.strip()
    if not said_in(query, ctx.text):
        # The name must be the driver's own words, never one the model made up.
        return Outcome(ok=False, act="clarify", say=t(
            ctx.lang, "What would you like to hear?", "您想听什么？"))
    genre = _genre(query, ctx)
    try:
        chosen = (ctx.services.music.find(genre, only=("genre",)) if genre is not None
                  else ctx.services.music.find(query))
    except NothingToPlay as err:
        hint = t(ctx.lang, f" Did you mean {', '.join(err.suggestions)}?",
                 f"您是不是想听：{'、'.join(err.suggestions)}？") if err.suggestions else ""
        return Outcome(ok=False, act="clarify" if err.suggestions else "refuse",
                       options=err.suggestions,
                       say=t(ctx.lang, f"I can't find {query} in your music.{hint}",
                             f"音乐库里没有找到“{query}”。{hint}"))
    except MediaError as err:
        return Outcome(ok=False, act="refuse", say=t(
            ctx.lang, f"I can't reach the music library: {err}", f"无法读取音乐库：{err}"))
    first = chosen.tracks[0]
    session(ctx.vehicle).queue = [tr.uri for tr in chosen.tracks]
    count = len(chosen.tracks)
    say = t(ctx.lang, f"Playing {chosen.name}: {first.title}"
                      f"{f' and {count - 1} more' if count > 1 else ''}.",
            f"正在播放{chosen.name}：{first.title}" + (f"等{count}首" if count > 1 else "") + "。")
    return actuate_all(ctx, "play_music", {"query": query},
                       [(SELECTED, first.uri), (SOURCE, "USB"), (ACTION, "PLAY")], say)
