"""A small demo library of tagged, silent WAV files, so the simulated car has music to
play before its owner points ``INCABIN_MUSIC_DIR`` at their own."""

from __future__ import annotations

import hashlib
import wave
from pathlib import Path

from mutagen.id3 import TALB, TCON, TIT2, TPE1
from mutagen.wave import WAVE

# (artist, album, genre, title): English and Chinese names, so both languages can ask.
DEMO_TRACKS: tuple[tuple[str, str, str, str], ...] = (
    ("Miles Davis", "Kind of Blue", "Jazz", "So What"),
    ("Miles Davis", "Kind of Blue", "Jazz", "Blue in Green"),
    ("Adele", "25", "Pop", "Hello"),
    ("Adele", "21", "Pop", "Someone Like You"),
    ("Queen", "A Night at the Opera", "Rock", "Bohemian Rhapsody"),
    ("周杰伦 (Jay Chou)", "叶惠美", "Pop", "晴天"),
    ("周杰伦 (Jay Chou)", "七里香", "Pop", "七里香"),
    ("王菲 (Faye Wong)", "唱游", "Pop", "红豆 (Red Bean)"),
)
_RATE = 8000  # Hz; a tenth of a second of silence keeps each file under 2 kB


def write_silent_wav(path: Path, artist: str, album: str, genre: str, title: str) -> Path:
    """Write a short silent WAV file tagged (ID3) with the given names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        out.writeframes(b"\x00\x00" * (_RATE // 10))
    audio = WAVE(path)
    audio.add_tags()
    assert audio.tags is not None  # add_tags just made them
    for frame in (TIT2(encoding=3, text=title), TPE1(encoding=3, text=artist),
                  TALB(encoding=3, text=album), TCON(encoding=3, text=genre)):
        audio.tags.add(frame)
    audio.save()
    return path


def write_demo_library(base: Path) -> Path:
    """The demo library under ``base``, written once per version of ``DEMO_TRACKS`` (the
    folder is named by their digest, so an older demo is never mistaken for this one)."""
    digest = hashlib.sha256(repr(DEMO_TRACKS).encode()).hexdigest()[:10]
    folder = base / f"demo-{digest}"
    for number, (artist, album, genre, title) in enumerate(DEMO_TRACKS, 1):
        path = folder / f"{number:02d}.wav"
        if not path.exists():
            write_silent_wav(path, artist, album, genre, title)
    return folder
