"""Offline voice: TTS real-time factor and time to first audio, STT latency for 4 s of audio,
and word error rate on the 35 in-car phrases of tests/voice/phrases_en.txt.

    python benchmarks/voice.py [--repeats 5]

The requests are spoken by piper's bundled voice, so the WER is for clean synthetic speech
(an upper bound on what a cabin microphone gives). Prints markdown tables; timings depend on
the machine and its load and are not tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from incabin.interfaces.voice import (
    SAMPLE_RATE,
    Audio,
    CommandRecognizer,
    EspeakSynthesizer,
    PiperSynthesizer,
    Synthesizer,
    WhisperRecognizer,
    from_pcm16,
    synthesize_stream,
    word_error_rate,
)

PHRASES = Path(__file__).resolve().parents[1] / "tests" / "voice" / "phrases_en.txt"
REPLY_EN = ["The nearest fast charger is ", "twelve kilometres ahead on your route. ",
            "You will arrive with 35 percent. ", "Shall I add it as a stop?"]
REPLY_ZH = ["前方十二公里有一个快充站。", "到达时电量约为百分之三十五。", "要把它加为途经点吗？"]


def phrases() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in PHRASES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(kind, text.strip()) for kind, text in rows]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def tts_row(name: str, synth: Synthesizer, reply: list[str], repeats: int) -> str:
    """Real-time factor over a whole reply, and time to the first sentence's audio when the
    reply streams in pieces."""
    rtfs, firsts = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        stream: Iterator = synthesize_stream(iter(reply), voices={synth.lang: synth})
        first = next(stream)
        firsts.append(time.perf_counter() - start)
        seconds = first.duration_s + sum(c.duration_s for c in stream)
        rtfs.append((time.perf_counter() - start) / seconds)
    return (f"| {name} | {seconds:.1f} | {statistics.median(rtfs):.3f} | "
            f"{statistics.median(firsts) * 1000:.0f} |")


def four_seconds(piper: PiperSynthesizer, text: str) -> Audio:
    chunks = list(piper.synthesize(text))
    audio = from_pcm16(b"".join(c.pcm16 for c in chunks), chunks[0].sample_rate)
    pad = np.zeros(max(0, 4 * SAMPLE_RATE - len(audio.samples)), np.float32)
    return Audio(np.concatenate([pad[: len(pad) // 2], audio.samples, pad[len(pad) // 2:]])
                 [: 4 * SAMPLE_RATE], SAMPLE_RATE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    load_piper, piper = timed(PiperSynthesizer)
    load_sphinx, sphinx = timed(CommandRecognizer)
    load_whisper, whisper = timed(WhisperRecognizer)
    assert isinstance(piper, PiperSynthesizer) and isinstance(sphinx, CommandRecognizer)
    assert isinstance(whisper, WhisperRecognizer)

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, "
          f"load average {os.getloadavg()[0]:.1f} at start.\n")
    print("| engine | load (s) |\n|---|---|")
    print(f"| piper en_US-joe-medium | {load_piper:.2f} |\n| pocketsphinx grammar | "
          f"{load_sphinx:.2f} |\n| faster-whisper tiny.en int8 | {load_whisper:.2f} |\n")

    print("| TTS | reply audio (s) | real-time factor | time to first audio (ms) |")
    print("|---|---|---|---|")
    print(tts_row("piper (en)", piper, REPLY_EN, args.repeats))
    if shutil.which("espeak-ng"):
        print(tts_row("espeak-ng cmn (zh)", EspeakSynthesizer(), REPLY_ZH, args.repeats))
    print()

    command = four_seconds(piper, "set the temperature to twenty one degrees")
    free = four_seconds(piper, "find a vegetarian restaurant on the way to the airport")
    print("| STT, 4 s of audio | median latency (ms) | heard |\n|---|---|---|")
    for name, rec, audio in [("pocketsphinx grammar", sphinx, command),
                             ("faster-whisper tiny.en", whisper, command),
                             ("faster-whisper tiny.en", whisper, free)]:
        times = []
        for _ in range(args.repeats):
            seconds, transcript = timed(lambda r=rec, a=audio: r.transcribe(a))  # type: ignore[misc]
            times.append(seconds)
        print(f"| {name} | {statistics.median(times) * 1000:.0f} | {transcript.text!r} |")  # type: ignore[attr-defined]
    print()

    rows = phrases()
    audios = []
    for _, text in rows:
        chunks = list(piper.synthesize(text))
        audios.append(from_pcm16(b"".join(c.pcm16 for c in chunks), chunks[0].sample_rate))
    grammar = [sphinx.transcribe(a) for a in audios]
    free_speech = [whisper.transcribe(a) for a in audios]
    cascade = [g if not g.empty else w for g, w in zip(grammar, free_speech, strict=True)]
    cmd = [i for i, (kind, _) in enumerate(rows) if kind == "command"]
    frees = [i for i, (kind, _) in enumerate(rows) if kind == "free"]

    def wer(idx: list[int], heard: list) -> str:
        return f"{word_error_rate([(rows[i][1], heard[i].text) for i in idx]) * 100:.1f}%"

    print(f"| recogniser | commands ({len(cmd)}) WER | free speech ({len(frees)}) WER | "
          "all WER | notes |\n|---|---|---|---|---|")
    declined = sum(grammar[i].empty for i in frees)
    print(f"| pocketsphinx grammar | {wer(cmd, grammar)} | n/a | n/a | declined "
          f"{declined}/{len(frees)} free-speech requests, accepted "
          f"{sum(not grammar[i].empty for i in cmd)}/{len(cmd)} commands |")
    print(f"| faster-whisper tiny.en | {wer(cmd, free_speech)} | {wer(frees, free_speech)} | "
          f"{wer(cmd + frees, free_speech)} | |")
    print(f"| cascade (grammar, then Whisper) | {wer(cmd, cascade)} | {wer(frees, cascade)} | "
          f"{wer(cmd + frees, cascade)} | grammar served "
          f"{sum(not g.empty for g in grammar)}/{len(rows)} |")


if __name__ == "__main__":
    main()
