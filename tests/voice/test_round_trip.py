"""The real round trip: piper speaks a request, pocketsphinx or Whisper hears it, the assistant
acts on it. Word error rates are measured on tests/voice/phrases_en.txt (35 in-car phrases).

Thresholds: on clean synthetic speech the grammar recogniser gets commands word-perfect but for
plural slips ("fog light"), about 1% WER here, so 10% leaves room for another voice while still
failing when resampling or normalisation breaks (that gives > 50%). Whisper tiny.en is quoted at
about 5.6% WER on clean read speech (LibriSpeech test-clean); it makes 5-7% here, mostly proper
names and homophones ("tire" for "tyre"), so the cut is 15%.
"""

from __future__ import annotations

import numpy as np
import pytest

from incabin.interfaces.voice import (
    AudioFormatError,
    EmptyAudio,
    decode,
    default_recognizer,
    run_voice_chat,
    synthesize_stream,
    transcribe,
    voice_turn,
    word_error_rate,
)
from tests.voice.conftest import load_phrases

TEMPERATURE = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
TRUNK = "Vehicle.Body.Trunk.Rear.IsOpen"
LOCKED = "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked"
CHARGE_LIMIT = "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit"

COMMANDS = [t for kind, t in load_phrases() if kind == "command"]
FREE = [t for kind, t in load_phrases() if kind == "free"]


@pytest.fixture(scope="module")
def heard_commands(speak, command_recognizer):
    return [command_recognizer.transcribe(decode(speak(t), "audio/wav")) for t in COMMANDS]


@pytest.fixture(scope="module")
def heard_free_by_grammar(speak, command_recognizer):
    return [command_recognizer.transcribe(decode(speak(t), "audio/wav")) for t in FREE]


@pytest.fixture(scope="module")
def heard_by_whisper(speak, whisper):
    return [whisper.transcribe(decode(speak(t), "audio/wav")) for t in COMMANDS + FREE]


def test_phrase_set_is_big_enough():
    assert len(COMMANDS) >= 15 and len(COMMANDS) + len(FREE) >= 30


def test_grammar_recognizer_word_error_rate_on_commands(heard_commands):
    wer = word_error_rate(list(zip(COMMANDS, (t.text for t in heard_commands), strict=True)))
    assert wer <= 0.10, [(c, t.raw) for c, t in zip(COMMANDS, heard_commands, strict=True)]


def test_grammar_recognizer_declines_free_speech(heard_free_by_grammar):
    accepted = [(t.raw, t.confidence) for t in heard_free_by_grammar if not t.empty]
    assert len(accepted) <= len(FREE) // 10, accepted


def test_whisper_word_error_rate_on_all_phrases(heard_by_whisper):
    wer = word_error_rate(list(zip(COMMANDS + FREE, (t.text for t in heard_by_whisper), strict=True)))
    assert wer <= 0.15, [t.text for t in heard_by_whisper]


@pytest.mark.parametrize("spoken,path,value", [
    ("set the temperature to twenty one degrees", TEMPERATURE, 21),
    ("turn on the air conditioning", AC, True),
    ("lock the car", LOCKED, True),
])
def test_spoken_command_is_carried_out(spoken, path, value, assistant, speak, recognizer, voices):
    spoken_audio = []
    turn = voice_turn(assistant, speak(spoken), "audio/wav", recognizer=recognizer,
                      voices=voices, on_audio=spoken_audio.append)
    assert turn.transcript.engine == "pocketsphinx-grammar"  # the fast path, no Whisper
    assert turn.reply is not None and turn.reply.act == "done"
    assert assistant.vehicle.get(path) == value
    assert sum(c.duration_s for c in spoken_audio) > 0.5  # the reply was spoken
    assert spoken_audio == turn.audio


def test_free_speech_goes_through_whisper_to_the_assistant(assistant, speak, whisper, voices):
    turn = voice_turn(assistant, speak("Set the charge limit to eighty percent."), "audio/wav",
                      recognizer=whisper, voices=voices)
    assert "80" in turn.transcript.text  # Whisper writes numbers as digits
    assert turn.reply is not None and [a.tool for a in turn.reply.actions] == ["set_charge_limit"]
    assert assistant.vehicle.get(CHARGE_LIMIT) == 80


def test_bad_audio_executes_nothing(assistant, recognizer, voices):
    before = assistant.vehicle.get(TEMPERATURE)
    with pytest.raises(EmptyAudio):
        voice_turn(assistant, b"", "audio/wav", recognizer=recognizer, voices=voices)
    with pytest.raises(AudioFormatError):
        voice_turn(assistant, b"set the temperature to 30", "audio/wav", recognizer=recognizer,
                   voices=voices)
    silence = np.zeros(16_000 * 2, "<i2").tobytes()
    turn = voice_turn(assistant, silence, "audio/pcm;rate=16000", recognizer=recognizer,
                      voices=voices)
    assert turn.transcript.empty and turn.reply is None and turn.audio == []
    assert assistant.vehicle.get(TEMPERATURE) == before


def test_voice_chat_from_wav_files_writes_reply_wavs(assistant, speak, recognizer, voices,
                                                     tmp_path, capsys):
    (tmp_path / "1.wav").write_bytes(speak("open the trunk"))
    (tmp_path / "2.wav").write_bytes(np.zeros(8_000, "<i2").tobytes())  # not a WAV file
    (tmp_path / "3.wav").write_bytes(decode(np.zeros(16_000, "<i2").tobytes(), "audio/pcm")
                                     .to_wav())  # silence
    out = tmp_path / "replies"
    status = run_voice_chat(assistant, inputs=[tmp_path / n for n in ("1.wav", "2.wav", "3.wav")],
                            output=out, recognizer=recognizer, voices=voices)
    printed = capsys.readouterr().out
    assert status == 1  # one request could not be read
    assert "you said 'open the trunk'" in printed
    assert "2.wav: (error: cannot tell what audio this is" in printed
    assert "3.wav: (no request heard)" in printed
    assert sorted(p.name for p in out.iterdir()) == ["reply-001.wav"]
    reply = decode((out / "reply-001.wav").read_bytes(), "audio/wav")
    assert reply.duration_s > 0.5
    assert assistant.vehicle.get(TRUNK) is True


def test_voice_chat_reports_a_missing_file(assistant, recognizer, voices, tmp_path, capsys):
    status = run_voice_chat(assistant, inputs=[tmp_path / "nope.wav"], output=tmp_path,
                            recognizer=recognizer, voices=voices)
    assert status == 2
    assert "cannot read" in capsys.readouterr().err


def test_server_hooks_load_the_engines_once(speak):
    heard = transcribe(speak("open the trunk"), "audio/wav")  # the process-wide engines
    assert heard.text == "open the trunk" and heard.engine == "pocketsphinx-grammar"
    assert default_recognizer() is default_recognizer()
    chunks = list(synthesize_stream(iter(["Trunk open. ", "Mind the gap."])))
    assert [c.text for c in chunks] == ["Trunk open.", "Mind the gap."]
    assert all(decode(c.to_wav(), "audio/wav").duration_s > 0.3 for c in chunks)


def test_voice_chat_without_files_or_microphone_says_what_to_do(assistant, recognizer, voices,
                                                                 capsys):
    try:
        import sounddevice
        if any(d["max_input_channels"] > 0 for d in sounddevice.query_devices()):
            pytest.skip("this machine has a microphone")
    except OSError:
        pass  # no PortAudio at all: the headless case under test
    assert run_voice_chat(assistant, recognizer=recognizer, voices=voices) == 2
    assert "incabin: no " in capsys.readouterr().err
