"""Offline voice: speech in (pocketsphinx command grammar, faster-whisper tiny.en), speech out
(piper en_US-joe-medium, espeak-ng cmn) and spoken turns with the assistant.

    from incabin.interfaces.voice import transcribe, synthesize_stream, voice_turn
    heard = transcribe(wav_bytes, "audio/wav")            # -> Transcript
    for chunk in synthesize_stream(reply_pieces):         # -> AudioChunk per sentence
        send(chunk.to_wav())
"""

from incabin.interfaces.voice._audio import MAX_AUDIO_S, decode, from_pcm16, is_silent, read_wav
from incabin.interfaces.voice._certainty import did_you_say, unsure
from incabin.interfaces.voice._chat import run_voice_chat
from incabin.interfaces.voice._devices import DeviceSink, Microphone
from incabin.interfaces.voice._errors import (
    AudioFormatError,
    AudioTooLong,
    EmptyAudio,
    VoiceError,
    VoiceUnavailable,
)
from incabin.interfaces.voice._grammar import jsgf, sample_commands
from incabin.interfaces.voice._models import (
    SAMPLE_RATE,
    Audio,
    AudioChunk,
    Lang,
    Transcript,
    joined_wav,
)
from incabin.interfaces.voice._recognizer import CascadeRecognizer, Recognizer
from incabin.interfaces.voice._remote import HttpRecognizer
from incabin.interfaces.voice._service import (
    Voices,
    VoiceTurn,
    default_recognizer,
    default_voices,
    synthesize_stream,
    transcribe,
    voice_languages,
    voice_turn,
)
from incabin.interfaces.voice._speaker import AudioSink, SentenceBuffer, Speaker, WavFileSink
from incabin.interfaces.voice._sphinx import CommandRecognizer
from incabin.interfaces.voice._text import normalize, spell, word_error_rate, word_errors
from incabin.interfaces.voice._tts import EspeakSynthesizer, PiperSynthesizer, Synthesizer
from incabin.interfaces.voice._whisper import WhisperRecognizer

__all__ = [
    "MAX_AUDIO_S",
    "SAMPLE_RATE",
    "Audio",
    "AudioChunk",
    "AudioFormatError",
    "AudioSink",
    "AudioTooLong",
    "CascadeRecognizer",
    "CommandRecognizer",
    "DeviceSink",
    "EmptyAudio",
    "EspeakSynthesizer",
    "HttpRecognizer",
    "Lang",
    "Microphone",
    "PiperSynthesizer",
    "Recognizer",
    "SentenceBuffer",
    "Speaker",
    "Synthesizer",
    "Transcript",
    "VoiceError",
    "VoiceTurn",
    "VoiceUnavailable",
    "Voices",
    "WavFileSink",
    "WhisperRecognizer",
    "decode",
    "default_recognizer",
    "default_voices",
    "did_you_say",
    "from_pcm16",
    "is_silent",
    "joined_wav",
    "jsgf",
    "normalize",
    "read_wav",
    "run_voice_chat",
    "sample_commands",
    "spell",
    "synthesize_stream",
    "transcribe",
    "unsure",
    "voice_languages",
    "voice_turn",
    "word_error_rate",
    "word_errors",
]
