"""Speaking a reply while it streams: text pieces are cut into sentences, and each sentence is
synthesised and handed to the audio sink as soon as it is complete, so the driver hears the
first sentence while the model is still writing the rest."""

from __future__ import annotations

import logging
import queue
import re
import threading
import wave
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

import numpy as np

from incabin.interfaces.voice._audio import resample
from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._models import AudioChunk, Lang
from incabin.interfaces.voice._tts import Synthesizer

log = logging.getLogger(__name__)

AudioSink = Callable[[AudioChunk], None]

# A sentence ends at . ! ? followed by a space (not "21.5"), or at Chinese end punctuation.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DONE = object()


class SentenceBuffer:
    """Collects streamed text and gives back whole sentences as they complete."""

    def __init__(self) -> None:
        self._text = ""

    def feed(self, piece: str) -> list[str]:
        """Add ``piece``; return the sentences it completed."""
        self._text += piece
        parts = _SENTENCE_END.split(self._text)
        self._text = parts.pop()
        return [p.strip() for p in parts if p.strip()]

    def flush(self) -> str:
        """The unfinished rest (the last sentence of a reply often has no end mark)."""
        rest, self._text = self._text.strip(), ""
        return rest


def sentence_lang(sentence: str, default: Lang = "en") -> Lang:
    """``zh`` for a sentence with Han characters, else ``default``."""
    return "zh" if _CJK.search(sentence) else default


def synthesize_stream(pieces: Iterable[str], voices: Mapping[str, Synthesizer],
                      lang: Lang | None = None) -> Iterator[AudioChunk]:
    """Speech for streamed text, one chunk per sentence, each yielded as soon as its sentence
    is complete. ``lang`` forces a voice; by default each sentence picks by its script."""
    buffer = SentenceBuffer()
    for piece in pieces:
        for sentence in buffer.feed(piece):
            yield from _speak(sentence, voices, lang)
    rest = buffer.flush()
    if rest:
        yield from _speak(rest, voices, lang)


def _speak(sentence: str, voices: Mapping[str, Synthesizer], lang: Lang | None) -> Iterator[AudioChunk]:
    chosen = lang or sentence_lang(sentence)
    synth = voices.get(chosen)
    if synth is None:
        raise VoiceUnavailable(f"no voice for {chosen!r} (have: {', '.join(sorted(voices))})")
    yield from synth.synthesize(sentence)


class Speaker:
    """Feeds a reply's streamed text (``assistant.send(text, on_text=speaker.feed)``) to a
    background thread that synthesises each sentence and hands it to ``sink``.

        with Speaker(voices, sink) as speaker:
            reply = assistant.send(text, on_text=speaker.feed)
    """

    def __init__(self, voices: Mapping[str, Synthesizer], sink: AudioSink,
                 lang: Lang | None = None) -> None:
        self._pieces: queue.Queue[object] = queue.Queue()
        self._error: BaseException | None = None
        self._ended = False  # the worker has taken the end marker off the queue
        self._voices, self._sink, self._lang = voices, sink, lang
        self._thread = threading.Thread(target=self._run, name="incabin-speaker", daemon=True)
        self._thread.start()

    def feed(self, piece: str) -> None:
        """Queue a piece of reply text (never blocks the generator)."""
        self._pieces.put(piece)

    def close(self) -> None:
        """Speak what is left and wait for it; re-raise a synthesis error."""
        self._pieces.put(_DONE)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _queued(self) -> Iterator[str]:
        while (piece := self._pieces.get()) is not _DONE:
            yield str(piece)
        self._ended = True

    def _run(self) -> None:
        try:
            for chunk in synthesize_stream(self._queued(), self._voices, self._lang):
                self._sink(chunk)
        except Exception as err:  # noqa: BLE001 - re-raised by close() in the caller's thread
            self._error = err
            if not self._ended:  # drain to the end marker so feed() and close() never block
                for _ in self._queued():
                    pass


class WavFileSink:
    """Collects a reply's chunks and writes them as one mono 16-bit WAV file on :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.chunks: list[AudioChunk] = []

    def __call__(self, chunk: AudioChunk) -> None:
        self.chunks.append(chunk)

    def close(self) -> Path | None:
        """Write the file (at the first chunk's rate); None when nothing was spoken."""
        if not self.chunks:
            return None
        rate = self.chunks[0].sample_rate
        parts = [resample(np.frombuffer(c.pcm16, "<i2").astype(np.float32), c.sample_rate, rate)
                 for c in self.chunks]
        pcm = np.clip(np.concatenate(parts), -32768, 32767).astype("<i2").tobytes()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(self.path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(pcm)
        return self.path

