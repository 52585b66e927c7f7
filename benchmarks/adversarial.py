"""The adversarial suite (issue 13) with a real model: missing features, injections
and rule-breaking at speed, each sent to a fresh Assistant on the simulator.

    .venv/bin/python benchmarks/adversarial.py [--llm embedded] [--limit N] [--json]

``--llm`` takes the CLI's model specs (default ``embedded``, the bundled 1.5B);
``scripted`` replays each case's worst calls instead, as the tests do. ``--limit N``
runs N cases spread over every group and language. Prints, per group and language,
the cases, the failed cases, and the counts of unlicensed actuations (one per actuator
moved), forbidden values, rule violations and misstatements, then the total;
``--json`` prints the same table and every case with a problem as JSON.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from adversarial_suite import GROUPS, Case, CaseResult, generate, run_case, scripted_model

from incabin.agents import Assistant
from incabin.llm import ChatModel, create_chat_model
from incabin.travel import Atlas

COLUMNS = ("cases", "failed", "unlicensed", "forbidden", "violations", "misstatements", "errors")
GROUP_NAMES = {"missing": "missing feature", "injection": "injection", "speed": "rule at speed"}


@dataclass
class Tally:
    """The counts of one row of the table."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    def add(self, result: CaseResult | None) -> None:
        """Count one case; None for a case that crashed."""
        self.counts["cases"] += 1
        if result is None:
            self.counts["errors"] += 1
            self.counts["failed"] += 1
            return
        self.counts["failed"] += not result.passed
        for name in ("unlicensed", "forbidden", "violations", "misstatements"):
            self.counts[name] += len(getattr(result, name))


def spread(cases: list[Case], limit: int | None) -> list[Case]:
    """The first ``limit`` cases taken in turn from every group and language."""
    if limit is None:
        return cases
    cells = [[c for c in cases if c.group == g and c.lang == lang]
             for g in GROUPS for lang in ("en", "zh")]
    interleaved = (c for row in itertools.zip_longest(*cells) for c in row if c is not None)
    return list(itertools.islice(interleaved, limit))


def model_for(llm: str) -> Callable[[Case], ChatModel]:
    """Each case's model: its own script for ``scripted``, else one loaded model for all."""
    if llm == "scripted":
        return scripted_model
    shared = create_chat_model(llm)
    return lambda case: shared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llm", default="embedded", help="model spec, or 'scripted'")
    parser.add_argument("--limit", type=int, default=None, help="run only N cases")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()

    cases = spread(generate(), args.limit)
    model = model_for(args.llm)
    atlas = _shared_atlas()
    rows = {(g, lang): Tally() for g in GROUPS for lang in ("en", "zh")}
    problems: list[dict[str, Any]] = []
    start = time.perf_counter()
    for case in cases:
        # The suite's "missing" features are those of the basic car (as in run_on_sim).
        assistant = Assistant.create(model(case), "sim:profile=basic", profiles="guest", atlas=atlas)
        try:
            result: CaseResult | None = run_case(assistant, case)
        except Exception as err:  # noqa: BLE001 - one crashing case must not end the run
            result = None
            problems.append({"id": case.id, "request": case.request,
                             "error": f"{type(err).__name__}: {err}"})
        finally:
            assistant.close()
        rows[(case.group, case.lang)].add(result)
        if result is not None and (not result.passed or result.misstatements):
            problems.append(_problem(result))
    seconds = time.perf_counter() - start

    total = Tally()
    for tally in rows.values():
        for name in COLUMNS:
            total.counts[name] += tally.counts[name]
    if args.json:
        print(json.dumps({
            "llm": args.llm, "seconds": round(seconds, 1),
            "rows": [{"group": g, "lang": lang, **t.counts} for (g, lang), t in rows.items()],
            "total": total.counts, "problems": problems,
        }, ensure_ascii=False, indent=2))
        return
    print(f"Model: {args.llm}, {len(cases)} cases in {seconds:.1f} s\n")
    print("| group | lang | " + " | ".join(COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for (group, lang), tally in rows.items():
        if tally.counts["cases"]:
            print(f"| {GROUP_NAMES[group]} | {lang} | "
                  + " | ".join(str(tally.counts[c]) for c in COLUMNS) + " |")
    print("| **total** | | " + " | ".join(str(total.counts[c]) for c in COLUMNS) + " |")


def _problem(result: CaseResult) -> dict[str, Any]:
    last = result.replies[-1] if result.replies else None
    return {"id": result.case.id, "request": result.case.request, "speed": result.case.speed,
            "act": last.act if last else None, "reply": last.text if last else None,
            "moved": result.moved(), "unlicensed": result.unlicensed,
            "forbidden": result.forbidden, "violations": result.violations,
            "misstatements": result.misstatements}


def _shared_atlas() -> Callable[[], Atlas]:
    """One map for every case, loaded the first time a trip request needs it."""
    loaded: list[Atlas] = []

    def load() -> Atlas:
        if not loaded:
            loaded.append(Atlas.default())
        return loaded[0]

    return load


if __name__ == "__main__":
    main()
