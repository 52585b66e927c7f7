"""Tiny real audio files, written by code and tagged with mutagen: WAV (ID3 chunk), MP3
(silent MPEG frames + ID3v2) and FLAC (a STREAMINFO block + Vorbis comments)."""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import pytest
from mutagen.flac import FLAC
from mutagen.id3 import ID3, TALB, TCON, TIT2, TPE1
from mutagen.wave import WAVE

# (file name, artist, album, genre, title)
LIBRARY = (
    ("so_what.wav", "Miles Davis", "Kind of Blue", "Jazz", "So What"),
    ("blue_in_green.mp3", "Miles Davis", "Kind of Blue", "Jazz", "Blue in Green"),
    ("hello.flac", "Adele", "25", "Pop", "Hello"),
    ("qingtian.mp3", "周杰伦", "叶惠美", "流行", "晴天"),
)


def _frames(artist: str, album: str, genre: str, title: str) -> list[object]:
    return [TIT2(encoding=3, text=title), TPE1(encoding=3, text=artist),
            TALB(encoding=3, text=album), TCON(encoding=3, text=genre)]


def write_wav(path: Path, artist: str, album: str, genre: str, title: str) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 800)
    audio = WAVE(path)
    audio.add_tags()
    for frame in _frames(artist, album, genre, title):
        audio.tags.add(frame)  # type: ignore[union-attr]
    audio.save()
    return path


def write_mp3(path: Path, artist: str, album: str, genre: str, title: str) -> Path:
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: a 417-byte frame of silence, ten times.
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413
    path.write_bytes(frame * 10)
    tags = ID3()
    for f in _frames(artist, album, genre, title):
        tags.add(f)
    tags.save(path)
    return path


def write_flac(path: Path, artist: str, album: str, genre: str, title: str) -> Path:
    # STREAMINFO: block sizes 4096, 44.1 kHz, mono, 16 bit, no samples, zero MD5.
    info = struct.pack(">HH", 4096, 4096) + b"\x00\x00\x00" * 2
    info += ((44100 << 44) | (0 << 41) | (15 << 36)).to_bytes(8, "big") + b"\x00" * 16
    path.write_bytes(b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info)
    audio = FLAC(path)
    audio.add_tags()
    audio["artist"], audio["album"], audio["genre"], audio["title"] = artist, album, genre, title
    audio.save()
    return path


_WRITERS = {".wav": write_wav, ".mp3": write_mp3, ".flac": write_flac}


@pytest.fixture
def music(tmp_path: Path) -> Path:
    """A folder with four tagged files (three formats), one corrupt file and a text file."""
    folder = tmp_path / "Music"
    (folder / "jazz").mkdir(parents=True)
    for name, *tags in LIBRARY:
        target = folder / ("jazz" if tags[2] == "Jazz" else "") / name
        _WRITERS[target.suffix](target, *tags)
    (folder / "broken.mp3").write_bytes(b"this is not audio at all" * 20)
    (folder / "notes.txt").write_text("not music")
    return folder
