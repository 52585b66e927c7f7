"""The car's owner's manual (English and Simplified Chinese) and its BM25 search."""

from ._errors import (
    InvalidQuery,
    KnowledgeError,
    ManualFormatError,
    UnknownSection,
    UnsupportedLanguage,
)
from ._manual import MAX_QUERY_CHARS, Manual
from ._models import LANGS, Lang, ManualHit, Section
from ._parse import parse_manual
from ._tokenize import detect_lang, tokenize

__all__ = [
    "LANGS",
    "MAX_QUERY_CHARS",
    "InvalidQuery",
    "KnowledgeError",
    "Lang",
    "Manual",
    "ManualFormatError",
    "ManualHit",
    "Section",
    "UnknownSection",
    "UnsupportedLanguage",
    "detect_lang",
    "parse_manual",
    "tokenize",
]
