"""Place search as a text index: every name of a place and the words for what it is.

Each place is indexed under all its OSM names (``name``, ``name:en``, ``name:zh``,
``alt_name``, ``old_name``, ``official_name``, ``short_name``, ``brand`` …) and under
type words derived from its tags (``building=cathedral`` → "cathedral", "大教堂";
``amenity=charging_station`` → "charger", "充电站"), both declared in
``data/place_words.yaml``. Two BM25 indexes (bm25s) score a query: one over the name
variants (a place scores with its best variant, so a short exact name beats a long one
that merely contains the words) and one over the type words; the text score is their
sum. Query words that are not in the index are corrected to index words within one or
two edits (rapidfuzz, optimal string alignment), so "Mannerhiemintie" finds
"Mannerheimintie", and nothing else is fuzzy.

**Ranking**: a place the query names in full (every word of one of its names) comes
first, then higher text score (scores within 5 % of each other count as equal), then
cities before areas before streets before other places, then nearer the car.

**Confidence.** A place *accounts for* the part of the query whose words it matches,
each word weighted by its IDF (a word the index does not know weighs as the rarest);
a corrected word counts by its similarity, and a Chinese character counts when a
bigram holding it matches. Then:

- ``match``: the best place accounts for at least 75 % of the query, and either the
  query names it in full or no differently named place more than 200 m away (farther
  than one destination) scores within 15 % of it;
- ``ambiguous``: several differently named places account for the query and score
  alike (brand or part of a name: "Fazer"); the answer is the 2–3 nearest of them;
- ``none``: nothing accounts for 75 %; the places that account for at least 40 % are
  offered as suggestions (nearest first), and without any the answer is a refusal.

So a made-up name never navigates to a place that only shares some of its words
(the failure of string similarity: "a fuzzy match is not a place").

**Type-only queries** ("the station", "a museum", "充电站": the query is exactly one
declared type phrase) resolve to the *nearest* place of that type. The driver asks for
the handy one, and a list of equally unfamiliar names would not help at the wheel;
names that merely contain the word ("Kiasma city bike station") do not count, since
the phrase must be a type of the place. Without a car position there is no "nearest",
so several places of the type are ``ambiguous``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import bm25s
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from incabin.travel._models import LatLon, Place
from incabin.travel.network import haversine_m
from incabin.travel.place_text import (
    Terms,
    bigrams,
    fold,
    name_terms,
    place_words,
    query_terms,
)

MATCH_COVERAGE = 0.75  # share of the query a place must account for to be the answer
SUGGEST_COVERAGE = 0.40  # ... to be offered as "did you mean"
RIVAL_MARGIN = 0.15  # differently named places scoring within this share are comparable
SCORE_BAND = 0.05  # text scores within this share of the best count as equal
MAX_OPTIONS = 3
# Places this close are one destination for a car (a station building and its node).
SAME_DESTINATION_M = 200.0
# With equal text scores a city beats an area beats a street beats a shop of that name.
KIND_ORDER = {"city": 0, "area": 1, "street": 2}

Verdict = Literal["match", "ambiguous", "none"]


@dataclass(frozen=True)
class GeocodeResult:
    """The answer to a place query.

    ``match``: ``places`` ranked best first (the first is the answer); ``ambiguous``:
    the 2–3 comparable places, nearest first; ``none``: suggestions, maybe empty.
    """

    query: str
    verdict: Verdict
    places: tuple[Place, ...]


@dataclass(frozen=True)
class _Unit:
    """One thing the query says (a word, or a Chinese character) and what satisfies it."""

    tokens: dict[str, float]  # index tokens that match it -> similarity (1.0 exact)
    weight: float  # IDF of its rarest token; unknown words weigh as the rarest


@dataclass(frozen=True)
class _Candidate:
    index: int
    coverage: float
    score: float
    exact: bool
    distance_m: float


class PlaceIndex:
    """The search index over a fixed list of places."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = list(places)
        words = place_words()
        phrase_terms = {p: name_terms(p).tokens for ps in words.types.values() for p in ps}
        self._variants: list[list[frozenset[str]]] = []
        self._tokens: list[frozenset[str]] = []
        self._type_phrases: list[frozenset[frozenset[str]]] = []
        variant_docs: list[list[str]] = []
        self._variant_owner: list[int] = []
        type_docs: list[list[str]] = []
        for i, place in enumerate(self.places):
            variants = []
            for name in _names(place, words.name_keys):
                tokens = name_terms(name).tokens
                if tokens and frozenset(tokens) not in variants:
                    variants.append(frozenset(tokens))
                    variant_docs.append(list(tokens))
                    self._variant_owner.append(i)
            phrases = [p for tag in _tags(place) for p in words.types.get(tag, ())]
            type_tokens = list(dict.fromkeys(t for p in phrases for t in phrase_terms[p]))
            self._variants.append(variants)
            self._type_phrases.append(frozenset(frozenset(phrase_terms[p]) for p in phrases))
            self._tokens.append(frozenset(type_tokens).union(*variants))
            type_docs.append(type_tokens)
        self._variant_owner_array = np.asarray(self._variant_owner, dtype=np.int64)
        frequency = Counter(t for tokens in self._tokens for t in tokens)
        total = max(1, len(self.places))
        self._idf = {t: _idf(total, df) for t, df in frequency.items()}
        self._unknown_idf = _idf(total, 0)
        self._phrase_keys = frozenset(frozenset(t) for t in phrase_terms.values() if t)
        # Only Latin words of four letters or more are corrected; Chinese is not.
        self._correctable = sorted(t for t in frequency if len(t) >= 4 and t.isascii())
        self._names = bm25s.BM25()
        self._names.index(variant_docs, show_progress=False)
        self._types = bm25s.BM25()
        self._types.index(type_docs, show_progress=False)

    def search(
        self,
        query: str,
        near: LatLon | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 5,
    ) -> GeocodeResult:
        """Rank the places for ``query`` and say whether one of them is the answer."""
        terms = query_terms(query)
        allowed = set(kinds) if kinds else None
        if frozenset(terms.tokens) in self._phrase_keys:
            return self._by_type(query, frozenset(terms.tokens), near, allowed, limit)
        units = self._units(terms)
        if not units:
            return GeocodeResult(query, "none", ())
        candidates = self._candidates(units, near, allowed)
        confident = [c for c in candidates if c.coverage >= MATCH_COVERAGE]
        if not confident:
            hopeful = [c for c in candidates if c.coverage >= SUGGEST_COVERAGE]
            return GeocodeResult(query, "none", self._distinct(hopeful[: 4 * MAX_OPTIONS]))
        best = confident[0]
        rivals = [
            c
            for c in confident[1:]
            if self._name(c) != self._name(best)
            and c.score >= (1 - RIVAL_MARGIN) * best.score
            and self._apart(c, best) > SAME_DESTINATION_M
        ]
        if rivals and not best.exact:
            comparable = sorted([best, *rivals], key=lambda c: c.distance_m)
            return GeocodeResult(query, "ambiguous", self._distinct(comparable))
        return GeocodeResult(
            query, "match", tuple(self.places[c.index] for c in confident[: max(1, limit)])
        )

    # --- scoring -----------------------------------------------------------------------
    def _units(self, terms: Terms) -> list[_Unit]:
        units = [self._word(word) for word in dict.fromkeys(terms.words)]
        for run in terms.cjk_runs:
            pairs = bigrams(run)
            for k in range(len(run)):
                # A character is said by the bigrams that hold it: the pair that ends
                # with it and the pair that starts with it (a lone character by itself).
                around = pairs[max(0, k - 1) : k + 1]
                holders = {b: 1.0 for b in around if b in self._idf}
                weight = max((self._idf[b] for b in holders), default=self._unknown_idf)
                units.append(_Unit(holders, weight))
        return units

    def _word(self, word: str) -> _Unit:
        if word in self._idf:
            return _Unit({word: 1.0}, self._idf[word])
        # A short word is one edit from many others ("home" is "hope"): not corrected.
        edits = 2 if len(word) >= 8 else 1 if len(word) >= 6 else 0
        if not edits:
            return _Unit({}, self._unknown_idf)
        near = process.extract(
            word, self._correctable, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
        # Like a spelling corrector, keep only the closest words ("stokmann" is
        # "stockmann", one edit away, not "tokmanni", two).
        fewest = min((d for _, d, _ in near), default=0)
        tokens = {t: 1.0 - d / max(len(word), len(t)) for t, d, _ in near if d == fewest}
        weight = max((self._idf[t] for t in tokens), default=self._unknown_idf)
        return _Unit(tokens, weight)

    def _candidates(
        self, units: list[_Unit], near: LatLon | None, allowed: set[str] | None
    ) -> list[_Candidate]:
        query_tokens = list(dict.fromkeys(t for u in units for t in u.tokens))
        name_scores = self._names.get_scores_from_ids(self._names.get_tokens_ids(query_tokens))
        best_name = np.zeros(len(self.places))
        np.maximum.at(best_name, self._variant_owner_array, name_scores)
        type_ids = self._types.get_tokens_ids(query_tokens)
        type_scores = self._types.get_scores_from_ids(type_ids) if type_ids else 0.0
        text = best_name + type_scores
        total = sum(u.weight for u in units)
        found = []
        for i in np.flatnonzero(text > 0):
            place = self.places[int(i)]
            if allowed is not None and place.kind not in allowed:
                continue
            tokens = self._tokens[i]
            said = sum(u.weight * max((s for t, s in u.tokens.items() if t in tokens), default=0.0)
                       for u in units)
            matched = frozenset(t for t in query_tokens if t in tokens)
            exact = any(v <= matched for v in self._variants[i])
            found.append(
                _Candidate(int(i), said / total, float(text[i]), exact, _distance(near, place))
            )
        return self._ranked(found)

    def _ranked(self, found: list[_Candidate]) -> list[_Candidate]:
        top = max((c.score for c in found), default=0.0)

        def key(c: _Candidate) -> tuple[bool, int, int, float, float]:
            band = math.floor(c.score / top / SCORE_BAND + 1e-9) if top else 0
            kind = KIND_ORDER.get(self.places[c.index].kind, len(KIND_ORDER))
            return (not c.exact, -band, kind, c.distance_m, -c.score)

        return sorted(found, key=key)

    def _by_type(
        self,
        query: str,
        phrase: frozenset[str],
        near: LatLon | None,
        allowed: set[str] | None,
        limit: int,
    ) -> GeocodeResult:
        found = [
            (_distance(near, p), i)
            for i, p in enumerate(self.places)
            if phrase in self._type_phrases[i] and (allowed is None or p.kind in allowed)
        ]
        found.sort()
        places = tuple(self.places[i] for _, i in found)
        if not places:
            return GeocodeResult(query, "none", ())
        if near is None and len(places) > 1:
            return GeocodeResult(query, "ambiguous", places[:MAX_OPTIONS])
        return GeocodeResult(query, "match", places[: max(1, limit)])

    # --- helpers -----------------------------------------------------------------------
    def _apart(self, a: _Candidate, b: _Candidate) -> float:
        return _distance(self.places[a.index].point, self.places[b.index])

    def _name(self, c: _Candidate) -> str:
        return fold(self.places[c.index].name)

    def _distinct(self, found: list[_Candidate]) -> tuple[Place, ...]:
        """Up to three places with different names, in the given order."""
        chosen: dict[str, Place] = {}
        for c in found:
            chosen.setdefault(self._name(c), self.places[c.index])
        return tuple(chosen.values())[:MAX_OPTIONS]


def _names(place: Place, keys: Sequence[str]) -> list[str]:
    """Every name of a place: ``name``, ``name_zh`` and the declared name keys."""
    names = [place.name, place.name_zh or ""]
    for key in keys:
        names.extend(place.tags.get(key, "").split(";"))
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def _tags(place: Place) -> list[str]:
    """``key=value`` strings of a place's tags (a ``;`` list gives one per value)."""
    return [f"{k}={v.strip()}" for k, vs in place.tags.items() for v in vs.split(";")]


def _idf(total: int, df: int) -> float:
    # The BM25 (Lucene) IDF, so coverage weighs words as the text score does.
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _distance(near: LatLon | None, place: Place) -> float:
    return haversine_m(near.lat, near.lon, place.lat, place.lon) if near is not None else 0.0
