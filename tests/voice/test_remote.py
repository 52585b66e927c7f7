"""The server-side recogniser against a real speech server on 127.0.0.1: a small
OpenAI-style /v1/audio/transcriptions endpoint backed by faster-whisper, the way a car's
Chinese recogniser would be served."""

from __future__ import annotations

import json
import threading
from email import message_from_bytes
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from incabin.interfaces.voice import (
    CascadeRecognizer,
    HttpRecognizer,
    VoiceError,
    VoiceUnavailable,
    decode,
    normalize,
)


@pytest.fixture(scope="module")
def speech_server(whisper):
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            form = message_from_bytes(
                f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body, policy=HTTP)
            parts = {p.get_param("name", header="content-disposition"): p.get_payload(decode=True)
                     for p in form.iter_parts()}
            seen.append({k: v.decode() for k, v in parts.items() if k != "file"})
            if self.path != "/v1/audio/transcriptions" or parts.get("model") != b"whisper-tiny":
                self.send_response(404)
                self.end_headers()
                self.wfile.write(b'{"error": "unknown model"}')
                return
            heard = whisper.transcribe(decode(parts["file"], "audio/wav"))
            answer = json.dumps({"text": heard.text}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    server.shutdown()
    server.server_close()


def test_server_side_recognizer_round_trip(speech_server, speak):
    url, seen = speech_server
    remote = HttpRecognizer(url, model="whisper-tiny", languages=frozenset({"en"}))
    heard = remote.transcribe(decode(speak("set the temperature to twenty one degrees"),
                                     "audio/wav"), "en")
    assert heard.engine == "http"
    assert normalize(heard.text) == "set the temperature to 21 degrees"
    assert seen[-1] == {"model": "whisper-tiny", "language": "en", "response_format": "json"}
    remote.close()


def test_server_errors_are_typed(speech_server, speak):
    url, _ = speech_server
    audio = decode(speak("lock the car"), "audio/wav")
    with pytest.raises(VoiceError, match="answered 404"):
        HttpRecognizer(url, model="nope").transcribe(audio, "zh")
    with pytest.raises(VoiceUnavailable, match="cannot be reached"):
        HttpRecognizer("http://127.0.0.1:9/v1", timeout_s=2).transcribe(audio, "zh")


def test_chinese_needs_a_server_side_recognizer(command_recognizer, whisper):
    local = CascadeRecognizer(command_recognizer, whisper)
    speech = decode((np.sin(np.arange(16_000) / 5) * 9000).astype("<i2").tobytes(), "audio/pcm")
    with pytest.raises(VoiceUnavailable, match="no speech recogniser for 'zh'"):
        local.transcribe(speech, "zh")
