"""Finding places by what drivers call them, and naming the area around a point.

:class:`Gazetteer` answers a place query from the text index of
:mod:`incabin.travel.place_index` (all OSM names plus type words, English and
Chinese): the confident places, best first, or an error that says why there is no
single answer, so the caller asks instead of navigating to a weak match.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from scipy.spatial import cKDTree

from incabin.travel._errors import AmbiguousPlace, PlaceNotFound
from incabin.travel._models import LatLon, Place
from incabin.travel.network import to_xyz
from incabin.travel.place_index import GeocodeResult, PlaceIndex
from incabin.travel.place_text import check_query


class Gazetteer:
    """Place search over a list of places (see :mod:`incabin.travel.place_index`)."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = list(places)
        self._index = PlaceIndex(self.places)

    def find(
        self,
        query: str,
        near: LatLon | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 5,
    ) -> GeocodeResult:
        """The verdict on ``query`` (match, ambiguous or none) with its places."""
        return self._index.search(check_query(query), near=near, kinds=kinds, limit=limit)

    def search(
        self,
        query: str,
        near: LatLon | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 5,
    ) -> list[Place]:
        """Places confidently matching ``query``, best first.

        Raises :class:`AmbiguousPlace` when several different places fit equally well,
        :class:`PlaceNotFound` (with suggestions, maybe none) when nothing fits well
        enough, :class:`InvalidTravelRequest` when ``query`` is not text.
        """
        result = self.find(query, near=near, kinds=kinds, limit=limit)
        if result.verdict == "ambiguous":
            raise AmbiguousPlace(query, result.places)
        if result.verdict == "none":
            raise PlaceNotFound(query, [p.name for p in result.places])
        return list(result.places)


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
