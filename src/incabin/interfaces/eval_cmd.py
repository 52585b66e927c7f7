"""``incabin eval``: run scenario files through fresh Assistants and report."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from incabin import IncabinError
from incabin.agents import ScenarioResult, load_scenarios, run_scenario
from incabin.agents import scenario_assistant_factory


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``incabin eval``."""
    parser = sub.add_parser("eval", help="run scenario files (YAML)")
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    parser.add_argument("--llm", help="the model to evaluate (default: INCABIN_LLM or embedded)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--by-category", action="store_true",
                        help="also print the pass rate per category")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``incabin eval``; exit 1 when a scenario failed, 2 on unusable input."""
    try:
        scenarios = load_scenarios(args.paths)
        make = scenario_assistant_factory(args.llm)
    except IncabinError as err:
        print(f"incabin eval: {err}", file=sys.stderr)
        return 2
    results: list[ScenarioResult] = []
    for scenario, source in scenarios:
        result = run_scenario(scenario, make, source)
        results.append(result)
        if not args.json:
            status = "PASS" if result.passed else "FAIL"
            line = f"{status} {scenario.id} ({result.seconds:.1f} s)"
            if result.failures:
                line += ": " + "; ".join(result.failures)
            print(line, flush=True)
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    if args.json:
        print(json.dumps({
            "passed": passed, "failed": failed,
            "results": [{"id": r.scenario.id, "category": r.scenario.group, "lang": r.scenario.lang,
                         "passed": r.passed, "failures": r.failures, "seconds": round(r.seconds, 2),
                         "replies": [rep.to_dict() for rep in r.replies], "file": r.source}
                        for r in results],
        }, ensure_ascii=False, default=str, indent=1))
    else:
        if args.by_category:
            for line in category_table(results):
                print(line)
        print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def category_table(results: list[ScenarioResult]) -> list[str]:
    """Pass rate per category, as markdown table lines."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        groups[r.scenario.group].append(r.passed)
    lines = ["| category | passed | total | rate |", "|---|---|---|---|"]
    for name in sorted(groups):
        ok = sum(groups[name])
        lines.append(f"| {name} | {ok} | {len(groups[name])} | {100 * ok / len(groups[name]):.0f} % |")
    return lines
