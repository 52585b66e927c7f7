"""Language tools shared by the layers, loaded once per process: the Snowball English
stemmer (PyStemmer), the jieba Chinese segmenter and bm25s's English function words."""

from __future__ import annotations

import functools
import logging

import jieba
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

from incabin._config import home_dir


@functools.cache
def stemmer() -> Stemmer.Stemmer:
    """The English Snowball stemmer."""
    return Stemmer.Stemmer("english")


@functools.cache
def segmenter() -> jieba.Tokenizer:
    """The jieba tokenizer, its dictionary loaded."""
    # jieba reports its dictionary loading on stderr at INFO/DEBUG; keep it quiet, and
    # keep its prefix-dictionary cache with incabin's other files.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(home_dir())
    tokenizer.initialize()
    return tokenizer


@functools.cache
def function_words() -> frozenset[str]:
    """English words that carry no topic ("the", "up", "over"): bm25s's list."""
    return frozenset(STOPWORDS_EN_PLUS)
