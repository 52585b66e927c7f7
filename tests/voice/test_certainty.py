"""Which transcripts are asked about before the assistant acts on them."""

from __future__ import annotations

import pytest

from incabin.interfaces.voice import Transcript, did_you_say, unsure


def heard(text: str, engine: str = "faster-whisper", confidence: float | None = 0.9,
          lang: str = "en") -> Transcript:
    return Transcript(text=text, lang=lang, engine=engine, audio_s=2.0,  # type: ignore[arg-type]
                      latency_s=0.1, confidence=confidence)


@pytest.mark.parametrize(("transcript", "ask"), [
    (heard("lock the car", engine="pocketsphinx-grammar", confidence=-30.0), False),
    (heard("turn on the air conditioning"), False),
    (heard("turn on the air conditioning", confidence=0.4), True),
    (heard("turn on the air conditioning", confidence=None), True),
    (heard("take me to Vapiano"), True),
    (heard("navigate to Kampin kappeli", confidence=0.95), True),
])
def test_unsure_hearing_and_travel_requests_are_asked_about(transcript: Transcript,
                                                            ask: bool) -> None:
    assert unsure(transcript) is ask


def test_the_question_quotes_what_was_heard_in_its_language() -> None:
    assert did_you_say(heard("take me to Vapiano")) == "Did you say “take me to Vapiano”?"
    assert did_you_say(heard("带我去机场", lang="zh")) == "您是说“带我去机场”吗？"
