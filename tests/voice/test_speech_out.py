"""Speech out: piper English, espeak-ng Mandarin, and speaking a reply while it streams."""

from __future__ import annotations

import shutil
import threading
import time
import wave

import numpy as np
import pytest

from incabin.interfaces.voice import (
    AudioChunk,
    EspeakSynthesizer,
    SentenceBuffer,
    Speaker,
    Voices,
    VoiceUnavailable,
    WavFileSink,
    decode,
    is_silent,
    read_wav,
    synthesize_stream,
)


def test_piper_speaks_english(piper):
    chunks = list(piper.synthesize("Set the temperature to twenty one degrees."))
    assert len(chunks) == 1 and chunks[0].sample_rate == 22_050 and chunks[0].lang == "en"
    assert 1.2 < chunks[0].duration_s < 4.0
    assert not is_silent(decode(chunks[0].to_wav()))


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="apt-get install espeak-ng")
def test_espeak_speaks_mandarin_as_valid_audio():
    chunks = list(EspeakSynthesizer().synthesize("空调已打开，温度调到二十一度。"))
    assert len(chunks) == 1 and chunks[0].lang == "zh"
    audio = read_wav(chunks[0].to_wav())
    assert audio.sample_rate == chunks[0].sample_rate == 22_050
    assert 1.0 < audio.duration_s < 8.0
    assert not is_silent(audio)
    assert float(np.max(np.abs(audio.samples))) < 1.0  # valid, unclipped PCM


def test_sentence_buffer_cuts_at_sentence_ends_only():
    buf = SentenceBuffer()
    assert buf.feed("Set to 21.") == []  # the end mark needs a following space...
    assert buf.feed("5 degrees. Seat ") == ["Set to 21.5 degrees."]
    assert buf.feed("heating on! 空调已打开。好") == ["Seat heating on!", "空调已打开。"]
    assert buf.flush() == "好"
    assert buf.flush() == ""


def test_first_sentence_is_spoken_before_the_rest_is_generated(voices):
    events: list[str] = []

    def slow_reply():
        for piece in ["The trunk ", "is open. ", "It will close ", "when you drive off."]:
            events.append(f"generated {piece.strip()}")
            yield piece
            time.sleep(0.3)  # the model writing the next piece

    for chunk in synthesize_stream(slow_reply(), voices=voices):
        events.append(f"audio {len(chunk.pcm16)}")
    first_audio = next(i for i, e in enumerate(events) if e.startswith("audio"))
    assert events.index("generated It will close") > first_audio
    assert sum(e.startswith("audio") for e in events) == 2


def test_speaker_hands_audio_to_the_sink_while_text_is_still_coming(voices):
    heard = threading.Event()
    chunks: list[AudioChunk] = []

    def sink(chunk):
        chunks.append(chunk)
        heard.set()

    with Speaker(voices, sink) as speaker:
        speaker.feed("Doors locked. ")
        speaker.feed("Have a ")
        assert heard.wait(30), "the first sentence was not spoken before the reply ended"
        assert len(chunks) == 1
        speaker.feed("good trip.")
    assert [c.text for c in chunks] == ["Doors locked.", "Have a good trip."]


def test_speaker_reraises_a_missing_voice():
    speaker = Speaker(Voices({}), lambda chunk: None)
    speaker.feed("Hello there.")
    with pytest.raises(VoiceUnavailable, match="no voice for 'en'"):
        speaker.close()


def test_wav_file_sink_writes_one_playable_file(voices, tmp_path):
    sink = WavFileSink(tmp_path / "reply.wav")
    for chunk in synthesize_stream(["A/C on. ", "Fan at fifty percent."], voices=voices):
        sink(chunk)
    path = sink.close()
    with wave.open(str(path)) as f:
        assert f.getframerate() == 22_050 and f.getnchannels() == 1
        seconds = f.getnframes() / f.getframerate()
    assert seconds == pytest.approx(sum(c.duration_s for c in sink.chunks), abs=0.01)
    assert WavFileSink(tmp_path / "none.wav").close() is None


def test_missing_espeak_is_a_typed_error(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(VoiceUnavailable, match="apt-get install espeak-ng"):
        EspeakSynthesizer()


def test_mandarin_reply_is_spoken_with_the_mandarin_voice(voices):
    if "zh" not in voices:
        pytest.skip("apt-get install espeak-ng")
    chunks = list(synthesize_stream(["好的。", "Set to 21 degrees."], voices=voices))
    assert [(c.lang, c.engine) for c in chunks] == [("zh", "espeak-ng"), ("en", "piper")]
