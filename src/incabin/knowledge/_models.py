"""Typed values of the knowledge layer: manual sections and search hits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True)
class Section:
    """One section of the owner's manual; ``section_id`` is the same in every language."""

    section_id: str
    title: str
    text: str
    lang: Lang


@dataclass(frozen=True)
class ManualHit:
    """A section found by a search, with its BM25 score (higher is better) and the
    query's terms it contains (``matched``, in the query's language)."""

    section_id: str
    title: str
    text: str
    score: float
    lang: Lang = "en"
    matched: tuple[str, ...] = ()

    @property
    def citation(self) -> str:
        """How an answer names its source, e.g. ``Owner's manual, "AC charging"``."""
        if self.lang == "zh":
            return f"《用户手册》“{self.title}”"
        return f'Owner\'s manual, "{self.title}"'
