"""Owner's-manual search: recall on the driver question sets and query speed.

Run: python benchmarks/manual_search.py   (prints markdown tables)
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

import yaml

from incabin.knowledge import Manual, detect_lang

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "knowledge"
SETS = {"tuned": "questions.yaml", "held-out": "questions_heldout.yaml"}
REPEATS = 50


def recall_row(manual: Manual, label: str, rows: list[dict[str, str]]) -> str:
    ranks = []
    for row in rows:
        ids = [h.section_id for h in manual.search(row["q"], k=3)]
        ranks.append(ids.index(row["section"]) + 1 if row["section"] in ids else None)
    at1 = sum(r == 1 for r in ranks) / len(rows)
    at3 = sum(r is not None for r in ranks) / len(rows)
    return f"| {label} | {len(rows)} | {at1:.2f} | {at3:.2f} |"


def speed_row(manual: Manual, label: str, queries: list[str]) -> str:
    times = []
    for _ in range(REPEATS):
        for query in queries:
            start = time.perf_counter()
            manual.search(query, k=3)
            times.append(time.perf_counter() - start)
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95)] * 1000
    return f"| {label} | {len(times) / sum(times):,.0f} | {p50:.3f} | {p95:.3f} |"


def main() -> None:
    start = time.perf_counter()
    manual = Manual.load()
    load_s = time.perf_counter() - start
    sets = {
        label: yaml.safe_load((QUESTIONS / name).read_text("utf-8")) for label, name in SETS.items()
    }

    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"Index build, both languages ({len(manual.sections('en'))} sections each, "
        f"incl. jieba start-up): {load_s:.2f} s\n"
    )
    print("| question set | n | recall@1 | recall@3 |")
    print("|---|---|---|---|")
    for label, rows in sets.items():
        print(recall_row(manual, label, rows))
        for lang in ("en", "zh"):
            subset = [row for row in rows if detect_lang(row["q"]) == lang]
            print(recall_row(manual, f"{label} · {lang}", subset))
    every = [row for rows in sets.values() for row in rows]
    print(recall_row(manual, "all", every))

    print("\n| queries | queries/s | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for lang in ("en", "zh"):
        print(speed_row(manual, lang, [r["q"] for r in every if detect_lang(r["q"]) == lang]))
    print(speed_row(manual, "10,000 chars", ["what pressure should my tyres be at? " * 270]))


if __name__ == "__main__":
    main()
