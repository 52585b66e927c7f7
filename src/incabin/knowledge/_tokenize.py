"""Turn manual text and driver questions into BM25 terms, per language."""

from __future__ import annotations

import re

from bm25s.stopwords import STOPWORDS_CHINESE

from incabin._language import function_words, segmenter, stemmer

from ._models import Lang

# CJK Unified Ideographs (basic block and extension A): enough to tell Chinese from English.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
# "A/C" would split into two stop words; the manual and drivers also write "AC".
_A_C = re.compile(r"\ba/c\b")
_EN_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_ZH_KEEP = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9]")
# Question words carry no topic; the bm25s list misses these common ones.
_ZH_QUESTION_WORDS = ("吗", "呢", "吧", "啊", "怎么", "怎样", "什么", "我", "的")
_ZH_STOPWORDS = frozenset(STOPWORDS_CHINESE) | frozenset(_ZH_QUESTION_WORDS)


def detect_lang(text: str) -> Lang:
    """``"zh"`` when the text holds any Chinese character, else ``"en"``."""
    return "zh" if _CJK.search(text) else "en"


def tokenize_en(text: str) -> list[str]:
    """Lower-cased, stop-word-free, Snowball-stemmed English terms."""
    text = _A_C.sub("ac", text.lower())
    words = [w for w in _EN_WORD.findall(text) if w not in function_words()]
    return list(stemmer().stemWords(words))


def tokenize_zh(text: str) -> list[str]:
    """Chinese words (jieba search mode), Latin terms (``kPa``, ``ISOFIX``) and
    character bigrams.

    Bigrams match where jieba splits a question and the manual differently
    (拔不下来 / 拔下, 拖走 / 拖车).
    """
    terms: list[str] = []
    for word in segmenter().cut_for_search(text):
        word = word.strip().lower()
        if word and _ZH_KEEP.search(word) and word not in _ZH_STOPWORDS:
            terms.append(word)
    for run in _CJK_RUN.findall(text):
        terms.extend(f"#{run[i : i + 2]}" for i in range(len(run) - 1))
    return terms


def tokenize(text: str, lang: Lang) -> list[str]:
    """The BM25 terms of ``text`` for a manual in ``lang``."""
    return tokenize_zh(text) if lang == "zh" else tokenize_en(text)
