"""The command recogniser: pocketsphinx's bundled US-English model constrained to the grammar
of plain commands (its word graph). It only returns sentences the capability matcher understands without
the model; anything else (speech outside the grammar) is an empty transcript so free speech can
take over."""

from __future__ import annotations

import logging
import math
import threading
import time

from incabin.agents.capabilities import Understood, match
from incabin.interfaces.voice._errors import VoiceUnavailable
from incabin.interfaces.voice._grammar import word_graph
from incabin.interfaces.voice._models import SAMPLE_RATE, Audio, Lang, Transcript
from incabin.interfaces.voice._text import normalize

log = logging.getLogger(__name__)


class CommandRecognizer:
    """Plain in-car commands ("set the temperature to twenty one degrees") in ~50 ms."""

    name = "pocketsphinx-grammar"
    languages = frozenset({"en"})

    def __init__(self, min_frame_score: float = -28.0) -> None:
        self.min_frame_score = min_frame_score
        try:
            from pocketsphinx import Decoder
        except ImportError as err:
            raise VoiceUnavailable("pocketsphinx is not installed: pip install 'incabin[voice]'") \
                from err
        self._decoder = Decoder(lm=None, samprate=SAMPLE_RATE, loglevel="FATAL")
        # The grammar keeps only words this decoder's dictionary can pronounce.
        graph = word_graph(known=lambda word: self._decoder.lookup_word(word) is not None)
        # Every arc weighs 1: the grammar says what may be said, not how likely it is. Sharing
        # each state's probability among its arcs penalised sentences through long lists and
        # doubled the word errors on tests/voice/phrases_en.txt (9% against 5%).
        arcs: list[tuple[int, int, float] | tuple[int, int, float, str]] = [
            (state, after, 1.0, word)
            for state, moves in enumerate(graph.arcs) for word, after in moves.items()]
        final = len(graph.arcs)  # pocketsphinx wants one final state: every end leads there
        arcs += [(end, final, 1.0) for end in graph.ends]
        self._decoder.add_fsg("commands",
                              self._decoder.create_fsg("commands", graph.start, final, arcs))
        self._decoder.activate_search("commands")
        self._lock = threading.Lock()  # one decoder, one utterance at a time

    def transcribe(self, audio: Audio, lang: Lang = "en") -> Transcript:
        """The command heard in ``audio``, or an empty transcript when it is not one."""
        start = time.perf_counter()
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(audio.pcm16(), full_utt=True)
            self._decoder.end_utt()
            hyp = self._decoder.hyp()
            frames = max(1, self._decoder.n_frames())
        raw = hyp.hypstr if hyp is not None else ""
        # pocketsphinx hands the path score back as logbase**score with logbase 1.0001
        score = math.log(hyp.score) / math.log(1.0001) / frames if hyp and hyp.score > 0 else -math.inf
        command = read_command(raw) if score >= self.min_frame_score else None
        if command is None:
            log.debug("grammar hypothesis %r (score %.1f/frame) is not a command", raw, score)
        text = command[0] if command else ""
        return Transcript(text=text, lang=lang, engine=self.name, audio_s=audio.duration_s,
                          latency_s=time.perf_counter() - start, raw=raw,
                          confidence=score if math.isfinite(score) else None)


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
