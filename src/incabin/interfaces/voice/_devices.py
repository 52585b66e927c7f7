"""Sound cards through sounddevice (PortAudio): playing replies and push-to-talk recording.
Headless machines have neither; every entry point then raises VoiceUnavailable."""

from __future__ import annotations

import logging
import threading
from types import ModuleType
from typing import Any

import numpy as np

from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._models import SAMPLE_RATE, Audio, AudioChunk

log = logging.getLogger(__name__)


def _sounddevice() -> ModuleType:
    try:
        import sounddevice
    except (ImportError, OSError) as err:  # OSError: the PortAudio library is missing
        raise VoiceUnavailable(f"no sound system (sounddevice/PortAudio): {err}") from err
    return sounddevice


class DeviceSink:
    """Plays each chunk on the default (or given) output device."""

    def __init__(self, device: int | str | None = None) -> None:
        sd = _sounddevice()
        try:
            sd.check_output_settings(device=device, channels=1, dtype="int16")
        except (sd.PortAudioError, ValueError) as err:
            raise VoiceUnavailable(f"no audio output device: {err}") from err
        self._sd, self.device = sd, device

    def __call__(self, chunk: AudioChunk) -> None:
        self._sd.play(np.frombuffer(chunk.pcm16, "<i2"), chunk.sample_rate, device=self.device,
                      blocking=True)


class Microphone:
    """Push-to-talk recording: :meth:`start`, then :meth:`stop` returns what was said."""

    def __init__(self, device: int | str | None = None) -> None:
        sd = _sounddevice()
        try:
            sd.check_input_settings(device=device, channels=1, dtype="float32",
                                    samplerate=SAMPLE_RATE)
        except (sd.PortAudioError, ValueError) as err:
            raise VoiceUnavailable(f"no microphone: {err}") from err
        self._sd, self.device = sd, device
        self._frames: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._stream: Any = None

    def start(self) -> None:
        """Start recording."""
        self._frames = []
        self._stream = self._sd.InputStream(device=self.device, channels=1, dtype="float32",
                                            samplerate=SAMPLE_RATE, callback=self._collect)
        self._stream.start()

    def stop(self) -> Audio:
        """Stop recording and return the audio (16 kHz mono)."""
        self._stream.stop()
        self._stream.close()
        with self._lock:
            samples = np.concatenate(self._frames)[:, 0] if self._frames else np.zeros(0, "f4")
        return Audio(samples.astype(np.float32), SAMPLE_RATE)

    def _collect(self, data: np.ndarray, frames: int, time: Any, status: Any) -> None:
        if status:
            log.debug("microphone: %s", status)
        with self._lock:
            self._frames.append(data.copy())
