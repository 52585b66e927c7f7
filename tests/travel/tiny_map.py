"""A hand-written OSM XML map for exact routing checks (parsed by the real osmium reader).

A ──Main St (two-way, 50)── B ──Main St── C ──Stub Rd (dead end)── S
│                                        │
Oneway St (A→D only)              Back Rd (two-way)
│                                        │
D ───────Ring Motorway (toll, D⇄C)───────┘
P: Private Lane B→P (access=private, not drivable)
Optionally a turn restriction at C from Back Rd onto Main St.
"""

from __future__ import annotations

from pathlib import Path

NODES = {
    1: (60.000, 25.000),  # A
    2: (60.000, 25.010),  # B
    3: (60.000, 25.020),  # C
    4: (59.990, 25.000),  # D
    5: (59.995, 25.020),  # shape point of Back Rd
    8: (60.000, 25.030),  # S, the dead end of Stub Rd
    6: (60.005, 25.010),  # P
    7: (59.990, 25.010),  # shape point of the motorway
}
WAYS = [
    (10, [1, 2, 3], {"highway": "primary", "name": "Main St", "maxspeed": "50"}),
    (11, [1, 4], {"highway": "residential", "name": "Oneway St", "oneway": "yes"}),
    (12, [3, 5, 7], {"highway": "tertiary", "name": "Back Rd"}),
    (
        13,
        [4, 7],
        {
            "highway": "motorway",
            "name": "Ring Motorway",
            "oneway": "no",
            "toll": "yes",
            "maxspeed": "100",
        },
    ),
    (14, [2, 6], {"highway": "service", "name": "Private Lane", "access": "private"}),
    (15, [3, 8], {"highway": "residential", "name": "Stub Rd"}),
]
POIS = [
    (
        100,
        60.0001,
        25.0101,
        {"amenity": "restaurant", "name": "Tiny Diner", "cuisine": "pizza", "name:zh": "小餐馆"},
    ),
    (101, 59.9951, 25.0201, {"amenity": "charging_station", "socket:type2_combo:output": "150 kW"}),
]


def write_tiny_map(folder: Path, restriction: str | None = None) -> Path:
    """Write the map as ``tiny.osm`` in ``folder`` and return its path.

    ``restriction`` (e.g. "no_left_turn", "only_straight_on") adds a relation from
    Back Rd via C: "no_*" onto Main St, "only_*" onto Stub Rd.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="incabin">']
    for ref, (lat, lon) in NODES.items():
        lines.append(f'<node id="{ref}" version="1" lat="{lat}" lon="{lon}"/>')
    for ref, lat, lon, tags in POIS:
        lines.append(f'<node id="{ref}" version="1" lat="{lat}" lon="{lon}">')
        lines.extend(f'  <tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append("</node>")
    for ref, nodes, tags in WAYS:
        lines.append(f'<way id="{ref}" version="1">')
        lines.extend(f'  <nd ref="{n}"/>' for n in nodes)
        lines.extend(f'  <tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append("</way>")
    if restriction:
        to_way = 15 if restriction.startswith("only_") else 10
        lines.extend(
            [
                '<relation id="900" version="1">',
                '  <member type="way" ref="12" role="from"/>',
                '  <member type="node" ref="3" role="via"/>',
                f'  <member type="way" ref="{to_way}" role="to"/>',
                '  <tag k="type" v="restriction"/>',
                f'  <tag k="restriction" v="{restriction}"/>',
                "</relation>",
            ]
        )
    lines.append("</osm>")
    path = folder / "tiny.osm"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
