"""The music library read from real tagged files (WAV, MP3, FLAC) with mutagen."""

from __future__ import annotations

from pathlib import Path

import pytest

from incabin.media import (
    LibraryUnavailable,
    MusicLibrary,
    NothingToPlay,
    UnreadableAudio,
    read_track,
    write_demo_library,
)


def test_every_format_is_indexed_from_its_tags(music: Path) -> None:
    library = MusicLibrary.index(music)
    titles = {t.title: t for t in library.tracks}
    assert set(titles) == {"So What", "Blue in Green", "Hello", "晴天"}
    assert titles["Hello"].artist == "Adele" and titles["Hello"].path.suffix == ".flac"
    assert titles["Blue in Green"].album == "Kind of Blue"
    assert titles["Blue in Green"].duration_s > 0  # mutagen read the MPEG frames
    assert titles["晴天"].genre == "流行"
    assert library.names("artist") == ("Adele", "Miles Davis", "周杰伦")


def test_a_corrupt_file_is_skipped_with_its_reason(music: Path) -> None:
    library = MusicLibrary.index(music)
    assert [p.name for p, _ in library.skipped] == ["broken.mp3"]
    assert "not a readable audio file" in library.skipped[0][1]
    with pytest.raises(UnreadableAudio, match="broken.mp3"):
        read_track(music / "broken.mp3")


@pytest.mark.parametrize(("query", "matched", "name", "count"), [
    ("Miles Davis", "artist", "Miles Davis", 2),
    ("miles-davis", "artist", "Miles Davis", 2),
    ("kind of blue", "album", "Kind of Blue", 2),
    ("jazz", "genre", "Jazz", 2),
    ("some jazz music", "genre", "Jazz", 2),
    ("周杰伦", "artist", "周杰伦", 1),
    ("晴天", "title", "晴天", 1),
    ("hello", "title", "Hello", 1),
])
def test_find_by_artist_album_genre_or_title(music: Path, query: str, matched: str,
                                             name: str, count: int) -> None:
    chosen = MusicLibrary.index(music).find(query)
    assert (chosen.matched, chosen.name, len(chosen.tracks)) == (matched, name, count)
    assert chosen.tracks[0].uri.startswith("file://")


def test_nothing_to_play_names_the_closest(music: Path) -> None:
    library = MusicLibrary.index(music)
    with pytest.raises(NothingToPlay) as err:
        library.find("Adle")
    assert err.value.suggestions == ("Adele",)
    with pytest.raises(NothingToPlay):
        library.find("Metallica")
    with pytest.raises(NothingToPlay):
        library.find("  ")


def test_by_uri_finds_the_playing_track(music: Path) -> None:
    library = MusicLibrary.index(music)
    track = library.tracks[0]
    assert library.by_uri(track.uri) == track
    assert library.by_uri("file:///nowhere.mp3") is None


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryUnavailable, match="no such folder"):
        MusicLibrary.index(tmp_path / "nope")


def test_the_demo_library_is_real_tagged_audio(tmp_path: Path) -> None:
    folder = write_demo_library(tmp_path)
    assert write_demo_library(tmp_path) == folder  # written once
    library = MusicLibrary.index(folder)
    assert not library.skipped
    assert library.find("Kind of Blue").name == "Kind of Blue"
    assert library.find("jay chou").name == "周杰伦 (Jay Chou)"
