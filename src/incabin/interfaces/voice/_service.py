"""The voice entry points for the server and the CLI: engines loaded once per process, audio
bytes in -> transcript, streamed text in -> audio chunks, and a whole spoken turn."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from incabin._config import setting
from incabin.agents import Assistant, Reply
from incabin.interfaces.voice._audio import decode
from incabin.interfaces.voice._certainty import did_you_say, unsure
from incabin.interfaces.voice._models import AudioChunk, Lang, Transcript
from incabin.interfaces.voice._recognizer import CascadeRecognizer, Recognizer
from incabin.interfaces.voice._remote import HttpRecognizer
from incabin.interfaces.voice._speaker import AudioSink, Speaker
from incabin.interfaces.voice._speaker import synthesize_stream as _synthesize_stream
from incabin.interfaces.voice._sphinx import CommandRecognizer
from incabin.interfaces.voice._tts import EspeakSynthesizer, PiperSynthesizer, Synthesizer
from incabin.interfaces.voice._whisper import WhisperRecognizer

log = logging.getLogger(__name__)

_load_lock = threading.Lock()
_recognizer: Recognizer | None = None


class Voices(Mapping[str, Synthesizer]):
    """Language -> synthesiser, each loaded on first use and then kept."""

    def __init__(self, factories: Mapping[str, Callable[[], Synthesizer]]) -> None:
        self._factories = dict(factories)
        self._loaded: dict[str, Synthesizer] = {}
        self._lock = threading.Lock()

    def __getitem__(self, lang: str) -> Synthesizer:
        with self._lock:
            if lang not in self._loaded:
                self._loaded[lang] = self._factories[lang]()
            return self._loaded[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)


_voices = Voices({"en": PiperSynthesizer, "zh": EspeakSynthesizer})


def default_voices() -> Voices:
    """The process-wide voices: piper (en) and espeak-ng cmn (zh)."""
    return _voices


def voice_languages() -> frozenset[str]:
    """The languages a spoken request can be recognised in, without loading any engine
    (the grammar and Whisper hear English; a speech server at ``INCABIN_STT_URL`` adds
    Chinese)."""
    if _recognizer is not None:
        return frozenset(_recognizer.languages)
    heard = CommandRecognizer.languages | frozenset({"en"})
    return heard | HttpRecognizer.default_languages if setting("stt_url", "") else heard


def default_recognizer() -> Recognizer:
    """The process-wide recogniser (loaded once): the command grammar, then Whisper, then the
    speech server at ``INCABIN_STT_URL`` when one is set (model ``INCABIN_STT_MODEL``)."""
    global _recognizer
    with _load_lock:
        if _recognizer is None:
            chain: list[Recognizer] = [CommandRecognizer(), WhisperRecognizer()]
            url = setting("stt_url", "")
            if url:
                chain.append(HttpRecognizer(url, model=setting("stt_model", "whisper-1")))
            _recognizer = CascadeRecognizer(*chain)
        return _recognizer


def transcribe(audio_bytes: bytes, content_type: str | None = None, *, lang: Lang = "en",
               recognizer: Recognizer | None = None) -> Transcript:
    """What was said in an uploaded recording (WAV, raw PCM, WebM/Ogg).

    Raises AudioFormatError / EmptyAudio / AudioTooLong for bad audio; silence gives an empty
    transcript.
    """
    audio = decode(audio_bytes, content_type)
    return (recognizer or default_recognizer()).transcribe(audio, lang)


def synthesize_stream(text_pieces: Iterable[str], *, lang: Lang | None = None,
                      voices: Mapping[str, Synthesizer] | None = None) -> Iterator[AudioChunk]:
    """Speech for streamed reply text, one chunk per sentence as soon as it is complete."""
    return _synthesize_stream(text_pieces, voices if voices is not None else _voices, lang)


@dataclass
class VoiceTurn:
    """One spoken turn: what was heard, the assistant's reply (None when nothing was heard),
    and the reply's speech."""

    transcript: Transcript
    reply: Reply | None
    audio: list[AudioChunk] = field(default_factory=list)
    question: str | None = None  # asked instead of acting when the hearing was unsure


def voice_turn(assistant: Assistant, audio_bytes: bytes, content_type: str | None = None, *,
               lang: Lang = "en", on_text: Callable[[str], None] | None = None,
               on_audio: AudioSink | None = None, recognizer: Recognizer | None = None,
               voices: Mapping[str, Synthesizer] | None = None,
               ask_when_unsure: bool = False) -> VoiceTurn:
    """Hear a request, answer it and speak the answer while it streams.

    Nothing is sent to the assistant when the audio is silent or unintelligible: the turn
    comes back with ``reply=None``. With ``ask_when_unsure``, neither is it when the
    hearing is unsure (``unsure``): ``question`` then asks "Did you say …?" and the
    caller sends the transcript once the driver says yes. Bad audio raises before
    anything runs.
    """
    transcript = transcribe(audio_bytes, content_type, lang=lang, recognizer=recognizer)
    turn = VoiceTurn(transcript=transcript, reply=None)
    if transcript.empty:
        return turn
    if ask_when_unsure and unsure(transcript):
        turn.question = did_you_say(transcript)
        return turn

    def sink(chunk: AudioChunk) -> None:
        turn.audio.append(chunk)
        if on_audio is not None:
            on_audio(chunk)

    def piece(text: str) -> None:
        speaker.feed(text)
        if on_text is not None:
            on_text(text)

    with Speaker(voices if voices is not None else _voices, sink) as speaker:
        turn.reply = assistant.send(transcript.text, on_text=piece)
    return turn
