"""What the media layer hands out: a track as its tags describe it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Field = Literal["artist", "album", "genre", "title"]
FIELDS: tuple[Field, ...] = ("artist", "album", "genre", "title")


@dataclass(frozen=True, slots=True)
class Track:
    """One audio file of the library, described by its tags (empty when a tag is missing)."""

    path: Path
    title: str
    artist: str = ""
    album: str = ""
    genre: str = ""
    duration_s: float = 0.0

    @property
    def uri(self) -> str:
        """The ``file://`` URI a head unit plays it by (VSS ``Media.SelectedURI``)."""
        return self.path.resolve().as_uri()

    def field(self, name: Field) -> str:
        """The value of one tag field."""
        return str(getattr(self, name))


@dataclass(frozen=True, slots=True)
class Selection:
    """What a request picked: the tracks in play order and what matched (``artist``…)."""

    tracks: tuple[Track, ...]
    matched: Field
    name: str  # the library's own spelling of what matched ("Miles Davis")
