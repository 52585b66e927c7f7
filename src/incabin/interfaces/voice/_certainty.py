"""When the hearing is too unsure to act on: ask "Did you say …?" first.

The command grammar only accepts a transcript whose every frame scored well and that
reads as one of the car's own commands, so what it hears runs. Free speech (Whisper or a
speech server) can turn "take me to Vapiano" into another place's name: it is asked
about when its mean token probability is low, and always when it is a travel request,
where a misheard name starts navigation somewhere else.
"""

from __future__ import annotations

from incabin.agents import route
from incabin.interfaces.voice._models import Transcript
from incabin.interfaces.voice._sphinx import CommandRecognizer

# tiny.en on piper's clear speech gives 0.75-0.95; mishearings and mumbles under 0.6.
MIN_CONFIDENCE = 0.6


def unsure(transcript: Transcript) -> bool:
    """True when ``transcript`` should be confirmed before the assistant acts on it."""
    if transcript.engine == CommandRecognizer.name:
        return False
    if transcript.confidence is None or transcript.confidence < MIN_CONFIDENCE:
        return True
    return route(transcript.text, None) == "travel_companion"


def did_you_say(transcript: Transcript) -> str:
    """The question to ask, in the transcript's language."""
    if transcript.lang == "zh":
        return f"您是说“{transcript.text}”吗？"
    return f"Did you say “{transcript.text}”?"
