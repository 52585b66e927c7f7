"""Reading one file's tags with mutagen, whatever the container (ID3, Vorbis, MP4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mutagen

from incabin.media._errors import UnreadableAudio
from incabin.media._models import Track

# The formats the library indexes; anything else in the folder is not music.
AUDIO_SUFFIXES = frozenset({".mp3", ".flac", ".ogg", ".opus", ".m4a", ".wav", ".aiff", ".aif"})
# Each field's key in ID3 frames, in Vorbis comments / EasyID3, and in MP4 atoms.
_KEYS = {
    "title": ("TIT2", "title", "\xa9nam"),
    "artist": ("TPE1", "artist", "\xa9ART"),
    "album": ("TALB", "album", "\xa9alb"),
    "genre": ("TCON", "genre", "\xa9gen"),
}


def read_track(path: Path) -> Track:
    """The ``Track`` of one audio file; ``UnreadableAudio`` when mutagen cannot read it.

    A file without a title tag is titled by its file name, as players show it.
    """
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError) as err:
        raise UnreadableAudio(str(path), str(err) or type(err).__name__) from err
    if audio is None:
        raise UnreadableAudio(str(path), "not a known audio format")
    tags = audio.tags or {}
    values = {name: _first(tags, keys) for name, keys in _KEYS.items()}
    length = float(getattr(audio.info, "length", 0.0) or 0.0)
    return Track(path=path, title=values["title"] or path.stem, artist=values["artist"],
                 album=values["album"], genre=values["genre"], duration_s=length)


def _first(tags: Any, keys: tuple[str, ...]) -> str:
    """The first text value under any of ``keys`` (tag containers differ in key names)."""
    for key in keys:
        try:
            value = tags[key]
        except (KeyError, ValueError, TypeError):
            continue
        # ID3 frames carry .text; Vorbis and MP4 give lists of strings.
        text = getattr(value, "text", value)
        if isinstance(text, (list, tuple)):
            text = text[0] if text else ""
        text = str(text).strip()
        if text:
            return text
    return ""
