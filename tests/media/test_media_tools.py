"""Media through the assistant: the tools write VSS Infotainment.Media and the simulator
records what would play; the library is real tagged files (no model: sentences match)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from incabin.agents import Assistant
from incabin.llm import ScriptedModel

MEDIA = "Vehicle.Cabin.Infotainment.Media."


@pytest.fixture
def car(music: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Assistant]:
    monkeypatch.setenv("INCABIN_MUSIC_DIR", str(music))
    a = Assistant.create(ScriptedModel(), "sim", profiles="guest")
    yield a
    a.close()


def test_play_an_artist_then_skip_pause_and_ask(car: Assistant) -> None:
    reply = car.send("play Miles Davis")
    assert reply.act == "done" and "Miles Davis" in reply.text
    played = car.vehicle.get(MEDIA + "Played.URI")
    assert played.endswith("blue_in_green.mp3") and car.vehicle.get(MEDIA + "Action") == "PLAY"
    assert "Blue in Green" in car.send("what's playing?").text
    assert car.send("next song").act == "done"
    assert car.vehicle.get(MEDIA + "Action") == "SKIP_FORWARD"
    assert car.vehicle.get(MEDIA + "Played.URI").endswith("so_what.wav")
    assert car.send("pause the music").act == "done"
    assert car.vehicle.get(MEDIA + "Action") == "STOP"  # VSS: pause is STOP
    assert "paused" in car.send("is the music on?").text.lower()
    assert car.vehicle.source.played[-2:] == [played, car.vehicle.get(MEDIA + "Played.URI")]


def test_a_genre_in_chinese_and_an_artist_in_chinese(car: Assistant) -> None:
    assert car.send("播放周杰伦的歌").act == "done"
    assert car.vehicle.get(MEDIA + "Played.URI").endswith("qingtian.mp3")
    assert car.send("放点爵士乐").act == "done"
    assert "/jazz/" in car.vehicle.get(MEDIA + "Played.URI")


def test_volume_mute_and_source(car: Assistant) -> None:
    car.send("set the volume to 50 percent")
    assert car.vehicle.get(MEDIA + "Volume") == 50
    car.send("turn the volume up")
    assert car.vehicle.get(MEDIA + "Volume") == 60
    car.send("mute")
    assert car.vehicle.get(MEDIA + "Volume") == 0
    car.send("unmute")
    assert car.vehicle.get(MEDIA + "Volume") == 60
    assert car.send("打开收音机").act == "done"
    assert car.vehicle.get(MEDIA + "Played.Source") == "FM"


def test_something_not_in_the_library_changes_nothing(car: Assistant) -> None:
    before = {leaf: car.vehicle.get(MEDIA + leaf) for leaf in ("Action", "SelectedURI", "Played.URI")}
    reply = car.send("play Metallica")
    assert reply.act in ("refuse", "clarify") and "metallica" in reply.text.lower()
    assert {leaf: car.vehicle.get(MEDIA + leaf) for leaf in before} == before

