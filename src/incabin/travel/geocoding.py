"""Finding places by name (fuzzy, English and Chinese) and naming the area around a point."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

import numpy as np
from rapidfuzz import fuzz, process, utils
from scipy.spatial import cKDTree

from incabin.travel._errors import PlaceNotFound
from incabin.travel._models import LatLon, Place
from incabin.travel.network import haversine_m, to_xyz

# Names under these keys are searchable besides ``name`` and ``name_zh``.
NAME_TAGS = (
    "name:en",
    "name:zh",
    "name:de",
    "name:fi",
    "name:sv",
    "name:fr",
    "official_name",
    "alt_name",
    "brand",
)
# With equal scores a city beats a street beats a shop of the same name.
KIND_BONUS = {"city": 6.0, "area": 4.0, "street": 3.0, "charging": 1.0}
MATCH_SCORE = 80.0  # the best hit must reach this, else the query is "not found"
SUGGEST_SCORE = 45.0


class Gazetteer:
    """A fuzzy name index over places (rapidfuzz WRatio on normalised names)."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = list(places)
        self._keys: list[str] = []
        self._owner: list[int] = []
        for index, place in enumerate(self.places):
            names = {place.name, place.name_zh or ""}
            names.update(place.tags.get(tag, "") for tag in NAME_TAGS)
            for name in names:
                key = utils.default_process(name)
                if key:
                    self._keys.append(key)
                    self._owner.append(index)

    def search(
        self,
        query: str,
        near: LatLon | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 5,
    ) -> list[Place]:
        """Places matching ``query`` best first; raises :class:`PlaceNotFound` with suggestions."""
        key = utils.default_process(query or "")
        if not key:
            raise PlaceNotFound(query or "", [])
        allowed = set(kinds) if kinds else None
        hits = process.extract(
            key,
            self._keys,
            scorer=fuzz.WRatio,
            processor=None,
            limit=400,
            score_cutoff=SUGGEST_SCORE,
        )
        best: dict[int, float] = {}
        for _, score, i in hits:
            score = _rescore(key, self._keys[i], score)
            owner = self._owner[i]
            place = self.places[owner]
            if allowed is not None and place.kind not in allowed:
                continue
            if self._keys[i] == key:
                score += 10.0  # an exact name beats any partial one
            best[owner] = max(best.get(owner, 0.0), float(score))
        found = [(score, owner) for owner, score in best.items() if score >= MATCH_SCORE]
        if not found:
            suggestions = sorted(best.items(), key=lambda item: -item[1])
            names = list(dict.fromkeys(self.places[o].name for o, _ in suggestions))[:5]
            raise PlaceNotFound(query, names)

        def rank(item: tuple[float, int]) -> float:
            score, owner = item
            place = self.places[owner]
            value = score + KIND_BONUS.get(place.kind, 0.0)
            if near is not None:
                km = haversine_m(near.lat, near.lon, place.lat, place.lon) / 1000.0
                value -= min(15.0, 3.0 * math.log1p(km))
            return value

        found.sort(key=rank, reverse=True)
        return [self.places[owner] for _, owner in found[: max(1, limit)]]


def _rescore(query: str, key: str, wratio: float) -> float:
    """WRatio lets a short name match inside a long query ("K&K" in "Kauppatori market");
    a name shorter than the query must instead match whole words of it."""
    if len(key) >= len(query):
        return wratio
    return max(fuzz.ratio(query, key), 0.9 * fuzz.token_set_ratio(query, key))


class AreaIndex:
    """Names the neighbourhood and city of a point from area and city places."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.areas = [p for p in places if p.kind == "area"]
        self.cities = [p for p in places if p.kind == "city"]
        self._area_tree = _tree(self.areas)
        self._city_tree = _tree(self.cities)

    def describe(self, point: LatLon) -> str:
        """ "Kamppi, Helsinki"-style text; empty when nothing is near."""
        xyz = to_xyz(np.array([point.lat]), np.array([point.lon]))[0]
        parts = []
        for tree, group, radius in (
            (self._area_tree, self.areas, 1500.0),
            (self._city_tree, self.cities, 30_000.0),
        ):
            if tree is not None:
                dist, i = tree.query(xyz)
                if dist <= radius:
                    parts.append(group[int(i)].name)
        return ", ".join(dict.fromkeys(parts))


def _tree(group: list[Place]) -> cKDTree | None:
    if not group:
        return None
    return cKDTree(to_xyz(np.array([p.lat for p in group]), np.array([p.lon for p in group])))
