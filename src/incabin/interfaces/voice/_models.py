"""The values that cross the voice interface: audio, transcripts and synthesised chunks."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Lang = Literal["en", "zh"]

SAMPLE_RATE = 16_000
"""The rate every recogniser works at; input audio is resampled to it."""


@dataclass(frozen=True)
class Audio:
    """Mono audio as float32 samples in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate

    def pcm16(self) -> bytes:
        """The samples as little-endian signed 16-bit PCM."""
        return (np.clip(self.samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()

    def to_wav(self) -> bytes:
        """A complete mono 16-bit WAV file."""
        return wav_bytes(self.pcm16(), self.sample_rate)


@dataclass(frozen=True)
class Transcript:
    """What a recogniser heard. ``text`` is empty when it heard no speech it accepts.

    ``text`` is normalised for the assistant (numbers as digits, "a c" as "ac");
    ``raw`` is the engine's own output.
    """

    text: str
    lang: Lang
    engine: str
    audio_s: float
    latency_s: float
    raw: str = ""
    confidence: float | None = None

    @property
    def empty(self) -> bool:
        """True when nothing was recognised (silence, or speech outside a grammar)."""
        return not self.text.strip()


@dataclass(frozen=True)
class AudioChunk:
    """Synthesised speech for one sentence: mono 16-bit PCM."""

    text: str
    pcm16: bytes
    sample_rate: int
    lang: Lang
    engine: str = field(default="")

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.pcm16) / 2 / self.sample_rate

    def to_wav(self) -> bytes:
        """The chunk as a complete WAV file (for an HTTP response or a browser <audio>)."""
        return wav_bytes(self.pcm16, self.sample_rate)


def wav_bytes(pcm16: bytes, sample_rate: int) -> bytes:
    """Wrap mono 16-bit PCM in a WAV header."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm16)
    return buf.getvalue()


def joined_wav(chunks: list[AudioChunk]) -> bytes | None:
    """The chunks of one reply as one WAV file (None for no chunks); chunks at another
    rate than the first are left out, as one file has one rate."""
    if not chunks:
        return None
    rate = chunks[0].sample_rate
    return wav_bytes(b"".join(c.pcm16 for c in chunks if c.sample_rate == rate), rate)
