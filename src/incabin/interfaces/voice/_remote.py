"""A server-side recogniser: any OpenAI-compatible ``/v1/audio/transcriptions`` endpoint
(a Whisper or SenseVoice server in the car or the fleet backend). This is how Chinese is
recognised, since no Mandarin recogniser ships in a registry package."""

from __future__ import annotations

import logging
import time

import httpx

from incabin.interfaces.voice._errors import VoiceError, VoiceUnavailable
from incabin.interfaces.voice._models import Audio, Lang, Transcript

log = logging.getLogger(__name__)


class HttpRecognizer:
    """Sends the audio as a 16 kHz WAV to ``{base_url}/audio/transcriptions``."""

    name = "http"
    default_languages = frozenset({"zh", "en"})

    def __init__(self, base_url: str, *, model: str = "whisper-1", api_key: str | None = None,
                 languages: frozenset[str] = default_languages, timeout_s: float = 20.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.languages = languages
        self.model = model
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers,
                                    timeout=timeout_s, transport=transport)

    def transcribe(self, audio: Audio, lang: Lang = "zh") -> Transcript:
        """What the server heard; VoiceUnavailable when it cannot be reached."""
        start = time.perf_counter()
        try:
            response = self._client.post(
                "/audio/transcriptions",
                files={"file": ("request.wav", audio.to_wav(), "audio/wav")},
                data={"model": self.model, "language": lang, "response_format": "json"})
        except httpx.TransportError as err:
            raise VoiceUnavailable(f"the speech server at {self._client.base_url} cannot be "
                                   f"reached: {err}") from err
        if response.is_error:
            raise VoiceError(f"the speech server answered {response.status_code}: "
                             f"{response.text[:200]}")
        try:
            text = str(response.json()["text"]).strip()
        except (ValueError, KeyError, TypeError) as err:
            raise VoiceError(f"the speech server's answer has no text: {response.text[:200]}") \
                from err
        return Transcript(text=text, lang=lang, engine=self.name, audio_s=audio.duration_s,
                          latency_s=time.perf_counter() - start, raw=text)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()
