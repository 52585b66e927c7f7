"""Speaking to the server: real piper speech in, the offline recognisers, the assistant."""

from __future__ import annotations

import base64
import io
import wave

import pytest

from incabin.interfaces.voice import AudioChunk, PiperSynthesizer


@pytest.fixture(scope="module")
def spoken():
    piper = PiperSynthesizer(varied=False)  # the same audio every run

    def make(text: str) -> bytes:
        chunks = list(piper.synthesize(text))
        return AudioChunk(text, b"".join(c.pcm16 for c in chunks), chunks[0].sample_rate,
                          "en").to_wav()

    return make


def silence_wav(seconds: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * int(16000 * seconds))
    return buffer.getvalue()


def post(server, sid, body, media="audio/wav"):
    return server.client.post("/v1/voice", params={"session": sid}, content=body,
                              headers={"Content-Type": media})


def test_a_spoken_command_is_heard_and_done(server, spoken):
    sid = server.session("Voice")
    response = post(server, sid, spoken("lock the car"))
    assert response.status_code == 200, response.text
    body = response.json()
    # The grammar's article may come out as any its <the> rule allows ("lock a car").
    assert body["transcript"].split()[0] == "lock" and body["transcript"].endswith("car")
    assert body["reply"]["act"] == "done"
    assert server.read(sid, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked") is True


def test_silence_runs_nothing(server):
    sid = server.session("Quiet")
    response = post(server, sid, silence_wav())
    assert response.status_code == 200
    assert response.json()["reply"] is None


@pytest.mark.parametrize(("body", "media", "status"), [
    (b"this is not audio at all", "audio/wav", 415),
    (b"", "audio/wav", 400),
    (b'{"text": "lock the car"}', "application/json", 415),
])
def test_bad_audio_is_a_clear_json_error(server, body, media, status):
    sid = server.session("Bad")
    response = post(server, sid, body, media)
    assert response.status_code == status, response.text
    assert set(response.json()) >= {"error", "detail"}
    assert server.read(sid, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked") is False


def test_the_spoken_reply_comes_back_as_audio(server, spoken):
    sid = server.session("Voice")
    body = post(server, sid, spoken("turn on the air conditioning")).json()
    assert body["reply"]["act"] == "done"
    wav = base64.b64decode(body["audio"])
    assert wav[:4] == b"RIFF" and len(wav) > 10_000


def test_free_speech_that_would_navigate_is_asked_about_first(server, spoken):
    sid = server.session("Voice")
    response = post(server, sid, spoken("take me to Kampin kappeli please"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["engine"] != "pocketsphinx-grammar" and body["reply"] is None
    assert body["question"].startswith("Did you say") and body["transcript"] in body["question"]
    navigation = server.client.get("/v1/navigation", params={"session": sid}).json()
    assert navigation["active"] is False  # nothing ran: the driver confirms first
