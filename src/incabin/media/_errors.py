"""Errors of the media layer.

    MediaError
    ├── LibraryUnavailable  the music folder is missing or cannot be listed
    ├── UnreadableAudio     a file is not audio mutagen can read, or its tags are corrupt
    └── NothingToPlay       a request matched no track (carries the closest names)

A corrupt file found while indexing is skipped and listed in ``MusicLibrary.skipped``;
only reading that one file on purpose (``read_track``) raises ``UnreadableAudio``.
"""

from __future__ import annotations

from incabin._errors import IncabinError


class MediaError(IncabinError):
    """Base of every error of the media layer."""


class LibraryUnavailable(MediaError):
    """The music folder does not exist or cannot be read."""

    def __init__(self, folder: str, reason: str) -> None:
        self.folder = folder
        super().__init__(f"the music library {folder} cannot be read: {reason}")


class UnreadableAudio(MediaError):
    """A file is not audio that mutagen can read, or its tags are corrupt."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"{path} is not a readable audio file: {reason}")


class NothingToPlay(MediaError):
    """Nothing in the library matches ``query``; ``suggestions`` are the closest names."""

    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"nothing in the music library matches {query!r}{hint}")
