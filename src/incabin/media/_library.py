"""The local music library: every audio file under a folder, indexed by its tags."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from incabin.media._errors import LibraryUnavailable, NothingToPlay, UnreadableAudio
from incabin.media._models import FIELDS, Field, Selection, Track
from incabin.media._tags import AUDIO_SUFFIXES, read_track

_NOT_A_WORD = re.compile(r"[\W_]+", re.UNICODE)
# A name shorter than this (normalised) only matches in full: "a" is no artist.
_MIN_PART = 2
_PARENS = re.compile(r"[()（）]")


def _key(text: str) -> str:
    """A name as it is compared: case, spaces and punctuation do not count
    ("Miles Davis" = "miles-davis", "周杰伦" = "周 杰伦")."""
    return _NOT_A_WORD.sub("", text.casefold())


def _keys(value: str) -> tuple[str, ...]:
    """A tag's name and, for a bilingual tag such as "周杰伦 (Jay Chou)", each of its names."""
    parts = [p for p in _PARENS.split(value) if p.strip()]
    return tuple(dict.fromkeys(_key(p) for p in [value, *parts] if _key(p)))


def _fits(key: str, wanted: str, exact: bool) -> bool:
    """The whole name, or (not ``exact``) a name inside the request or the request inside it."""
    if exact:
        return key == wanted
    return len(key) >= _MIN_PART and len(wanted) >= _MIN_PART and (key in wanted or wanted in key)


@dataclass(frozen=True)
class MusicLibrary:
    """The tracks of one folder, sorted by artist, album and title."""

    folder: Path
    tracks: tuple[Track, ...]
    # Files that look like audio but could not be read, with the reason.
    skipped: tuple[tuple[Path, str], ...] = field(default=())

    @classmethod
    def index(cls, folder: str | Path) -> MusicLibrary:
        """Read the tags of every audio file under ``folder`` (recursively).

        ``LibraryUnavailable`` when the folder is missing or cannot be listed; a corrupt
        file is skipped (and listed in ``skipped``), it does not spoil the library.
        """
        root = Path(folder).expanduser()
        if not root.is_dir():
            raise LibraryUnavailable(str(root), "no such folder")
        try:
            files = sorted(p for p in root.rglob("*")
                           if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
        except OSError as err:
            raise LibraryUnavailable(str(root), str(err)) from err
        tracks: list[Track] = []
        skipped: list[tuple[Path, str]] = []
        for path in files:
            try:
                tracks.append(read_track(path))
            except UnreadableAudio as err:
                skipped.append((path, str(err)))
        tracks.sort(key=lambda t: (_key(t.artist), _key(t.album), _key(t.title)))
        return cls(root, tuple(tracks), tuple(skipped))

    def names(self, name: Field) -> tuple[str, ...]:
        """The distinct values of one tag field, in library order."""
        return tuple(dict.fromkeys(t.field(name) for t in self.tracks if t.field(name)))

    def by_uri(self, uri: str) -> Track | None:
        """The track a ``file://`` URI points at, if it is in the library."""
        return next((t for t in self.tracks if t.uri == uri), None)

    def find(self, query: str, only: Iterable[Field] = FIELDS) -> Selection:
        """The tracks ``query`` names: a whole artist, album, genre or title first (in
        that order), else one that contains the query or is contained in it ("play some
        jazz music" finds the genre Jazz). ``NothingToPlay`` with the closest names else."""
        wanted = _key(query)
        fields = tuple(only)
        if not wanted:
            raise NothingToPlay(query)
        for exact in (True, False):
            for name in fields:
                for value in self.names(name):
                    if any(_fits(key, wanted, exact) for key in _keys(value)):
                        tracks = tuple(t for t in self.tracks if t.field(name) == value)
                        return Selection(tracks, name, value)
        every = [v for name in fields for v in self.names(name)]
        close = difflib.get_close_matches(query, every, n=3, cutoff=0.5)
        raise NothingToPlay(query, tuple(close))
