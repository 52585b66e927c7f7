"""Voice tests run the real engines: piper speaks, pocketsphinx and faster-whisper listen.
Each model is loaded once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from incabin.agents import Assistant
from incabin.interfaces.voice import (
    AudioChunk,
    CascadeRecognizer,
    CommandRecognizer,
    EspeakSynthesizer,
    PiperSynthesizer,
    Voices,
    WhisperRecognizer,
)
from incabin.llm import ScriptedModel

PHRASES = Path(__file__).with_name("phrases_en.txt")


def load_phrases() -> list[tuple[str, str]]:
    """(kind, text) rows: kind is "command" (a capability sentence) or "free" (free speech)."""
    rows = []
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, text = line.split("\t")
            rows.append((kind, text.strip()))
    return rows


@pytest.fixture(scope="session")
def piper() -> PiperSynthesizer:
    return PiperSynthesizer(varied=False)  # the same audio every run


@pytest.fixture(scope="session")
def command_recognizer() -> CommandRecognizer:
    return CommandRecognizer()


@pytest.fixture(scope="session")
def whisper() -> WhisperRecognizer:
    return WhisperRecognizer()


@pytest.fixture(scope="session")
def recognizer(command_recognizer, whisper) -> CascadeRecognizer:
    return CascadeRecognizer(command_recognizer, whisper)


@pytest.fixture(scope="session")
def voices(piper) -> Voices:
    factories = {"en": lambda: piper}
    if shutil.which("espeak-ng"):
        factories["zh"] = EspeakSynthesizer
    return Voices(factories)


@pytest.fixture(scope="session")
def speak(piper):
    """Text -> a WAV file (piper's 22.05 kHz, so every test also exercises resampling)."""
    cache: dict[str, bytes] = {}

    def make(text: str) -> bytes:
        if text not in cache:
            chunks = list(piper.synthesize(text))
            cache[text] = AudioChunk(text, b"".join(c.pcm16 for c in chunks),
                                     chunks[0].sample_rate, "en").to_wav()
        return cache[text]
    return make


@pytest.fixture
def assistant():
    a = Assistant.create(ScriptedModel(), "sim", profiles="guest")
    yield a
    a.close()
