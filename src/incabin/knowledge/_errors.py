"""Errors of the knowledge layer.

IncabinError
└── KnowledgeError
    ├── UnsupportedLanguage     a language with no manual text
    ├── UnknownSection          a section id the manual does not have
    ├── InvalidQuery            a search call with a bad query or k
    └── ManualFormatError       a manual data file that cannot be parsed
"""

from __future__ import annotations

from incabin._errors import IncabinError


class KnowledgeError(IncabinError):
    """Base of the errors raised by the owner's manual and its search."""


class UnsupportedLanguage(KnowledgeError):
    """The manual has no text in the requested language."""


class UnknownSection(KnowledgeError):
    """No section has the requested id."""


class InvalidQuery(KnowledgeError):
    """A search was called with something other than a text query or with k < 1."""


class ManualFormatError(KnowledgeError):
    """A manual data file is malformed (missing ids, duplicates, empty sections)."""
