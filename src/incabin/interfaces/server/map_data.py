"""The map's GeoJSON as the server sends it: encoded and gzipped once per region."""

from __future__ import annotations

import functools
import gzip
import json

from incabin.travel import map_features


@functools.lru_cache(maxsize=4)
def map_geojson(region: str) -> tuple[bytes, bytes]:
    """``region``'s map features as (JSON, gzipped JSON) bytes; the travel layer's errors
    (``InvalidTravelRequest``, ``MapDataUnavailable``) pass through and nothing is kept."""
    plain = json.dumps(map_features(region), separators=(",", ":"),
                       ensure_ascii=False).encode()
    return plain, gzip.compress(plain, compresslevel=6)
