"""The command recogniser: pocketsphinx's bundled US-English model constrained to the word
graph of plain commands. It only returns sentences the capability matcher understands without
the model; anything else (speech outside the grammar, or more speech than a command) is an
empty transcript so free speech can take over."""

from __future__ import annotations

import logging
import math
import threading
import time

import numpy as np

from incabin.agents.capabilities import Understood, match
from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._grammar import word_graph
from incabin.interfaces.voice._models import SAMPLE_RATE, Audio, Lang, Transcript
from incabin.interfaces.voice._text import normalize

log = logging.getLogger(__name__)

# Speech the best path puts down as silence or noise means the driver said more than the command
# it found ("is there a parking garage near the hotel" came out as "is there car unlocked" and
# 0.9 s of silence). A pause counts as speech from this long and this loud (against the words).
_UNHEARD_FRAMES = 15
_UNHEARD_LOUDNESS = 0.2


class CommandRecognizer:
    """Plain in-car commands ("set the temperature to twenty one degrees") in ~0.1 s."""

    name = "pocketsphinx-grammar"
    languages = frozenset({"en"})

    # On tests/voice/phrases_en.txt (7 syntheses) the commands heard right scored -43 a frame
    # or better, and the free speech the matcher would take and no loud pause gave away mostly
    # -51 or worse ("when will we arrive" as "one wheel heat" reached -43).
    def __init__(self, min_frame_score: float = -47.0) -> None:
        self.min_frame_score = min_frame_score
        try:
            from pocketsphinx import Decoder
        except ImportError as err:
            raise VoiceUnavailable("pocketsphinx is not installed: pip install 'incabin[voice]'") \
                from err
        # Scoring every senone, not just those the grammar keeps active, makes a frame's score
        # independent of the grammar's size, so the threshold holds as capabilities are added
        # (otherwise the same "close the sunroof" scored -15 under the old hand-written grammar
        # and -25 under the derived one).
        self._decoder = Decoder(lm=None, samprate=SAMPLE_RATE, loglevel="FATAL", compallsen=True)
        # The grammar keeps only words this decoder's dictionary can pronounce.
        graph = word_graph(known=lambda word: self._decoder.lookup_word(word) is not None)
        # Each state shares its probability among its ways on, as pocketsphinx does for JSGF:
        # with every arc at 1, optional words cost nothing and free speech was taken for a
        # command twice as often (4 in 45 phrases against 2), for the same word errors.
        final = len(graph.arcs)  # pocketsphinx wants one final state: every end leads there
        arcs: list[tuple[int, int, float] | tuple[int, int, float, str]] = []
        for state, moves in enumerate(graph.arcs):
            share = 1.0 / (len(moves) + (state in graph.ends))
            arcs += [(state, after, share, word) for word, after in moves.items()]
            if state in graph.ends:
                arcs.append((state, final, share))
        self._decoder.add_fsg("commands",
                              self._decoder.create_fsg("commands", graph.start, final, arcs))
        self._decoder.activate_search("commands")
        # The cepstral mean adapts to each utterance and would carry over to the next, so
        # what was said before could change what is heard now: every utterance starts
        # from the same estimate.
        self._cmn = self._decoder.get_cmn()
        self._lock = threading.Lock()  # one decoder, one utterance at a time

    def transcribe(self, audio: Audio, lang: Lang = "en") -> Transcript:
        """The command heard in ``audio``, or an empty transcript when it is not one."""
        start = time.perf_counter()
        with self._lock:
            self._decoder.set_cmn(self._cmn)
            self._decoder.start_stream()
            self._decoder.start_utt()
            self._decoder.process_raw(audio.pcm16(), full_utt=True)
            self._decoder.end_utt()
            hyp = self._decoder.hyp()
            frames = max(1, self._decoder.n_frames())
            unheard = hyp is not None and self._leaves_speech_out(audio.samples)
        raw = hyp.hypstr if hyp is not None else ""
        # pocketsphinx hands the path score back as logbase**score with logbase 1.0001
        score = math.log(hyp.score) / math.log(1.0001) / frames if hyp and hyp.score > 0 else -math.inf
        command = read_command(raw) if score >= self.min_frame_score and not unheard else None
        if command is None:
            log.debug("grammar hypothesis %r (score %.1f/frame) is not a command", raw, score)
        text = command[0] if command else ""
        return Transcript(text=text, lang=lang, engine=self.name, audio_s=audio.duration_s,
                          latency_s=time.perf_counter() - start, raw=raw,
                          confidence=score if math.isfinite(score) else None)

    def _leaves_speech_out(self, samples: np.ndarray) -> bool:
        """Whether the last utterance's best path has a pause as loud as speech."""
        step = SAMPLE_RATE // int(self._decoder.config["frate"])

        def loudness(first: int, last: int) -> float:
            part = samples[first * step:(last + 1) * step]
            return float(np.sqrt(np.mean(np.square(part)))) if part.size else 0.0

        segments = list(self._decoder.seg() or [])
        words = [seg for seg in segments if not _is_filler(seg.word)]
        if not words:
            return False
        voice = loudness(words[0].start_frame, words[-1].end_frame)
        return any(_is_filler(seg.word) and seg.end_frame - seg.start_frame + 1 >= _UNHEARD_FRAMES
                   and loudness(seg.start_frame, seg.end_frame) > _UNHEARD_LOUDNESS * voice
                   for seg in segments)


def _is_filler(word: str) -> bool:
    """pocketsphinx's non-words: <s>, </s>, <sil>, [NOISE], [SPEECH]."""
    return word.startswith(("<", "["))


def read_command(words: str) -> tuple[str, Understood] | None:
    """The text to hand on for a sentence of the grammar, and what the capability matcher
    makes of it; None when the matcher does not take it.

    Digits read best ("set it to 21 degrees"), but some synonyms exist only as words ("one
    degree cooler" is a list value, "1 degree cooler" is nothing), so the digits form is used
    only where the matcher reads it as it reads the words heard.
    """
    heard = match(words, "en")
    digits = normalize(words)
    as_digits = match(digits, "en")
    if as_digits is not None and heard in (None, as_digits):
        return digits, as_digits
    return (words, heard) if heard is not None else None
