"""Errors of the voice interface.

    IncabinError
    └── VoiceError                 any fault of speech in or out
        ├── AudioFormatError       the bytes are not audio we can read (wrong type, corrupt WAV)
        ├── EmptyAudio             no samples at all
        ├── AudioTooLong           longer than a spoken request can be
        └── VoiceUnavailable       an engine, model or sound device is missing

Silence is not an error: it gives an empty :class:`Transcript`.
"""

from __future__ import annotations

from incabin._errors import IncabinError


class VoiceError(IncabinError):
    """Base of the voice interface's errors."""


class AudioFormatError(VoiceError):
    """The audio is in a format that cannot be read; the message says which formats can."""


class EmptyAudio(VoiceError):
    """The audio holds no samples."""


class AudioTooLong(VoiceError):
    """The audio is longer than the limit for one spoken request."""


class VoiceUnavailable(VoiceError):
    """A speech engine, its model or an audio device is not installed or cannot be opened."""
