"""``incabin chat --voice``: spoken turns in the terminal. Requests come from WAV files
(``--voice-in FILE``) or push-to-talk on a microphone; replies are played on the sound card,
or written as WAV files where there is none (headless machines, tests)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from incabin._config import home_dir
from incabin._errors import IncabinError
from incabin.agents import Assistant
from incabin.interfaces.voice._devices import DeviceSink, Microphone
from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._models import Lang
from incabin.interfaces.voice._recognizer import Recognizer
from incabin.interfaces.voice._service import default_recognizer, default_voices, voice_turn
from incabin.interfaces.voice._speaker import AudioSink, WavFileSink
from incabin.interfaces.voice._tts import Synthesizer

log = logging.getLogger(__name__)

DEVICE = "device"


def run_voice_chat(assistant: Assistant, *, inputs: Iterable[str | Path] | None = None,
                   input_device: int | str | None = None, output: str | Path | None = None,
                   lang: Lang = "en", recognizer: Recognizer | None = None,
                   voices: Mapping[str, Synthesizer] | None = None,
                   stdout: TextIO | None = None) -> int:
    """Hold a spoken conversation; returns the exit status.

    ``inputs``: WAV files, one request each (no microphone needed); without them, push-to-talk
    on ``input_device`` (Enter starts and stops recording, Ctrl-D quits).
    ``output``: a folder for ``reply-NNN.wav`` files, or ``"device"`` for the sound card; by
    default the sound card when there is one, else ``$INCABIN_HOME/voice``.
    """
    stdout = stdout or sys.stdout
    try:
        requests = _file_requests(inputs) if inputs is not None else _mic_requests(input_device,
                                                                                    stdout)
        recognizer = recognizer or default_recognizer()
        voices = voices if voices is not None else default_voices()
        target = _choose_output(output)
    except IncabinError as err:
        print(f"incabin: {err}", file=sys.stderr)
        return 2
    failures = 0
    for number, (label, data) in enumerate(requests, 1):
        wav = WavFileSink(target / f"reply-{number:03d}.wav") if isinstance(target, Path) else None
        sink: AudioSink = wav if wav is not None else target  # type: ignore[assignment]
        try:
            turn = voice_turn(assistant, data, None, lang=lang, recognizer=recognizer,
                              voices=voices, on_audio=sink)
        except IncabinError as err:
            print(f"{label}: (error: {err})", file=stdout, flush=True)
            failures += 1
            continue
        if turn.reply is None:
            print(f"{label}: (no request heard)", file=stdout, flush=True)
            continue
        saved = wav.close() if wav is not None else None
        print(f"{label}: you said {turn.transcript.text!r} ({turn.transcript.engine}, "
              f"{turn.transcript.latency_s * 1000:.0f} ms)\n{turn.reply.text}\n"
              f"  [{turn.reply.agent}, {turn.reply.act}]" + (f"  -> {saved}" if saved else ""),
              file=stdout, flush=True)
    return 1 if failures else 0


def _file_requests(inputs: Iterable[str | Path]) -> list[tuple[str, bytes]]:
    requests = []
    for path in map(Path, inputs):
        try:
            requests.append((path.name, path.read_bytes()))
        except OSError as err:
            raise VoiceUnavailable(f"cannot read {path}: {err.strerror}") from err
    return requests


def _mic_requests(device: int | str | None, stdout: TextIO) -> Iterator[tuple[str, bytes]]:
    mic = Microphone(device)  # raises VoiceUnavailable here, on a machine without one
    print("incabin voice — Enter to talk, Enter to stop (Ctrl-D quits). "
          "No microphone? Pass WAV files with --voice-in.", file=stdout, flush=True)
    return _push_to_talk(mic, stdout)


def _push_to_talk(mic: Microphone, stdout: TextIO) -> Iterator[tuple[str, bytes]]:
    turn = 0
    while True:
        try:
            input()
            mic.start()
            print("listening…", file=stdout, flush=True)
            input()
        except (EOFError, KeyboardInterrupt):
            return
        turn += 1
        yield f"turn {turn}", mic.stop().to_wav()


def _choose_output(output: str | Path | None) -> DeviceSink | Path:
    if output == DEVICE:
        return DeviceSink()
    if output is not None:
        return Path(output)
    try:
        return DeviceSink()
    except VoiceUnavailable:
        folder = home_dir() / "voice"
        log.info("no sound card: replies go to %s", folder)
        return folder
