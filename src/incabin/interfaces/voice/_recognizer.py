"""The recogniser interface and the cascade that puts the command grammar in front of free
speech. A server-side recogniser (for Chinese, say) is one more class with ``transcribe``."""

from __future__ import annotations

import logging
import time
from typing import Protocol, runtime_checkable

from incabin.interfaces.voice._audio import is_silent
from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._models import Audio, Lang, Transcript

log = logging.getLogger(__name__)


@runtime_checkable
class Recognizer(Protocol):
    """Speech to text for one or more languages."""

    name: str
    languages: frozenset[str]

    def transcribe(self, audio: Audio, lang: Lang = "en") -> Transcript:
        """What was said in ``audio`` (16 kHz mono); an empty transcript when nothing was."""
        ...


def silent_transcript(audio: Audio, lang: Lang, engine: str) -> Transcript:
    """The empty transcript for audio with no speech in it."""
    return Transcript(text="", lang=lang, engine=engine, audio_s=audio.duration_s, latency_s=0.0)


class CascadeRecognizer:
    """Tries each recogniser that serves the language in turn and returns the first non-empty
    transcript: the command grammar (~50 ms) first, free speech only when it declines.
    Silence returns an empty transcript without running any engine."""

    name = "cascade"

    def __init__(self, *recognizers: Recognizer) -> None:
        self.recognizers = recognizers
        self.languages = frozenset().union(*(r.languages for r in recognizers))

    def transcribe(self, audio: Audio, lang: Lang = "en") -> Transcript:
        """The first recogniser's transcript that is not empty, or an empty one."""
        serving = [r for r in self.recognizers if lang in r.languages]
        if not serving:
            raise VoiceUnavailable(
                f"no speech recogniser for {lang!r} is installed (have: "
                f"{', '.join(sorted(self.languages)) or 'none'}); add a server-side one")
        if is_silent(audio):
            return silent_transcript(audio, lang, self.name)
        start = time.perf_counter()
        transcript = silent_transcript(audio, lang, self.name)
        for recognizer in serving:
            transcript = recognizer.transcribe(audio, lang)
            if not transcript.empty:
                break
            log.debug("%s declined; trying the next recogniser", recognizer.name)
        return _with_latency(transcript, time.perf_counter() - start)


def _with_latency(t: Transcript, latency_s: float) -> Transcript:
    return Transcript(text=t.text, lang=t.lang, engine=t.engine, audio_s=t.audio_s,
                      latency_s=latency_s, raw=t.raw, confidence=t.confidence)
