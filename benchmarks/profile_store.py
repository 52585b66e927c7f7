"""Profile layer timings: store operations (SQLite on device, guest, optionally PostgreSQL)
and the rule-based recognisers. Prints a markdown table.

    python benchmarks/profile_store.py [--postgres postgresql+psycopg://user@host:port/db]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path

from incabin.profile import (
    Profiles,
    extract_statements,
    forget_request,
    is_profile_question,
    open_profiles,
)

UTTERANCES = [
    "I'm vegetarian and I usually like 21 degrees", "I don't eat spicy food",
    "my home is Mannerheimintie 1, Helsinki", "set 21 degrees", "find a charger on the way",
    "我不吃辣", "我家在北京市朝阳区", "把温度调到21度", "What do you know about me?",
    "forget my home address", "忘记所有", "open the passenger window",
]


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _store_rows(label: str, open_store: Callable[[], Profiles], repeat: int) -> list[str]:
    rows = []
    opened = _time(lambda: open_store().close(), 5)
    rows.append(f"| open store | {label} | {opened[0]:.2f} | {opened[1]:.2f} |")
    profiles = open_store()
    lin = profiles.driver("Lin")
    numbers = count()
    operations: list[tuple[str, Callable[[], object]]] = [
        ("set (one write transaction)",
         lambda: lin.set("climate.temperature", 16 + next(numbers) % 12)),
        ("get", lambda: lin.get("climate.temperature")),
        ("add to a list", lambda: lin.add("places.favourites", f"Place {next(numbers) % 40}")),
        ("describe (en)", lambda: lin.describe()),
        ("export_json", lambda: lin.export_json()),
        ("set + forget (erase, scrub)",
         lambda: (lin.set("places.home", "Kamppi"), lin.forget("places.home"))),
        ("switch driver by key", lambda: profiles.switch("Lin")),
    ]
    for name, fn in operations:
        median, p95 = _time(fn, repeat)
        rows.append(f"| {name} | {label} | {median:.3f} | {p95:.3f} |")
    profiles.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="also time a PostgreSQL store at this URL")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rows = ["| operation | store | median ms | p95 ms |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'profiles.sqlite'}"
        rows += _store_rows("sqlite", lambda: open_profiles(url), args.repeat)
    rows += _store_rows("guest", lambda: open_profiles("guest"), args.repeat)
    if args.postgres:
        rows += _store_rows("postgresql", lambda: open_profiles(args.postgres), args.repeat)
    for name, fn in [
        ("extract_statements (per utterance)", lambda: [extract_statements(u) for u in UTTERANCES]),
        ("forget_request (per utterance)", lambda: [forget_request(u) for u in UTTERANCES]),
        ("is_profile_question (per utterance)",
         lambda: [is_profile_question(u) for u in UTTERANCES]),
    ]:
        median, p95 = _time(fn, args.repeat)
        n = len(UTTERANCES)
        rows.append(f"| {name} | - | {median / n:.3f} | {p95 / n:.3f} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
