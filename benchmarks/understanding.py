"""The understanding benchmark: requests written from situations, not from the
capability templates (``benchmarks/understanding/{dev,test}``, scenario format
with a ``category`` per failure class of issue 12).

Prints, per class and language: accuracy, the share of turns answered without
the model, wrong actuations — any actuator that moved on a request whose
expected act is refuse or clarify (the things this car cannot do, and the
ambiguous ones) — and unasked moves: on a request that asks for a change, an
actuator moved on request (not as a safety rule's side effect) that the
scenario does not name.

    .venv/bin/python benchmarks/understanding.py --split test --llm embedded
    .venv/bin/python benchmarks/understanding.py --split test --llm embedded:0.5b --json
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import random
import sys
import time
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from adversarial_suite import actuator_paths, snapshot  # noqa: E402

from incabin.agents import Scenario, load_scenarios  # noqa: E402
from incabin.agents.scenarios import check_turn, current, scenario_assistant_factory  # noqa: E402
from incabin.llm import ChatModel, Message, ToolSpec, create_chat_model  # noqa: E402

HERE = Path(__file__).parent / "understanding"
# The car each request file was written for: the original classes assume a car without
# massage, ventilation, ambient light, media, phone or mirror control (car_profiles/
# basic.yaml); the files of the new capabilities (new_*.yaml) the default, full car.
# A scenario's own `given.car` wins over both.
BASIC_CAR = "basic"
FULL_CAR_FILES = "new_*.yaml"


def car_for(source: str) -> str | None:
    """The car profile of the requests in the file ``source`` (None: the default car)."""
    return None if Path(source).match(FULL_CAR_FILES) else BASIC_CAR


class CountingModel:
    """Passes calls to the real model and counts them, to tell model turns apart."""

    def __init__(self, model: ChatModel) -> None:
        self.model = model
        self.name = model.name
        self.calls = 0

    def chat(self, messages: Sequence[Message], tools: Sequence[ToolSpec] = (), *,
             max_tokens: int = 256, temperature: float = 0.0,
             allowed: Collection[str] | None = None) -> Message:
        """The wrapped model's answer."""
        self.calls += 1
        return self.model.chat(messages, tools, max_tokens=max_tokens, temperature=temperature,
                               allowed=allowed)

    def stream(self, messages: Sequence[Message], *, max_tokens: int = 200,
               temperature: float = 0.0) -> Iterator[str]:
        """The wrapped model's streamed text."""
        self.calls += 1
        return self.model.stream(messages, max_tokens=max_tokens, temperature=temperature)


@dataclass
class Row:
    """One scenario's outcome."""

    id: str
    category: str
    lang: str
    passed: bool
    turns: int = 0
    model_turns: int = 0
    wrong_actuations: list[str] = field(default_factory=list)
    # Paths moved on request that the scenario did not ask about (not a rule's side effect).
    unasked_moves: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)


def run_one(scenario: Scenario, make: Any, model: CountingModel) -> Row:
    """Run a scenario turn by turn, checking expectations and unrequested moves."""
    row = Row(scenario.id, scenario.group, scenario.lang, passed=False)
    assistant = make(scenario)
    paths = actuator_paths(assistant.vehicle)
    try:
        for turn in scenario.turns:
            before = {p: current(assistant, p) for p in turn.expect.unchanged}
            moved_before = snapshot(assistant.vehicle, paths)
            calls = model.calls
            reply = assistant.send(turn.user)
            assistant.vehicle.settle()
            row.turns += 1
            row.model_turns += model.calls > calls
            row.replies.append(f"[{reply.act}] {reply.text}")
            row.failures += check_turn(assistant, turn.expect, reply, before)
            allowed = [turn.expect.act] if isinstance(turn.expect.act, str) else turn.expect.act or []
            after = snapshot(assistant.vehicle, paths)
            if allowed and set(allowed) <= {"refuse", "clarify", "inform"}:
                row.wrong_actuations += [p for p in paths if after[p] != moved_before[p]]
            elif turn.expect.state:
                row.unasked_moves += [p for p in unasked(reply, turn.expect.state)
                                      if after.get(p) != moved_before.get(p)]
    except Exception as err:  # noqa: BLE001 - a crash fails this scenario, not the run
        row.failures.append(f"crashed: {type(err).__name__}: {err}")
    finally:
        assistant.close()
    row.passed = not row.failures
    return row


def unasked(reply: Any, expected: dict[str, Any]) -> list[str]:
    """Paths a call moved on request when none of that call's paths is one the scenario
    asks about ("close my window" that also sets the fan); a rule's side effects and
    the other doors of "lock the doors" do not count."""
    moved = []
    for action in reply.actions:
        changes = action.result if isinstance(action.result, list) else []
        requested = [c.get("path") for c in changes
                     if isinstance(c, dict) and c.get("kind") == "REQUESTED"]
        if requested and not set(requested) & set(expected):
            moved += requested
    return moved


def table(rows: list[Row]) -> list[str]:
    """Markdown: accuracy, share without the model, wrong actuations per class × language."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(row.category, row.lang)].append(row)
        groups[(row.category, "all")].append(row)
        groups[("all", "all")].append(row)
        groups[("all", row.lang)].append(row)
    lines = ["| class | lang | requests | accuracy | without model | wrong actuations "
             "| unasked moves |", "|---|---|---|---|---|---|---|"]
    for (category, lang), members in sorted(groups.items(), key=lambda kv: (kv[0][0] == "all", kv[0])):
        ok = sum(r.passed for r in members)
        turns = sum(r.turns for r in members) or 1
        plain = turns - sum(r.model_turns for r in members)
        wrong = sum(bool(r.wrong_actuations) for r in members)
        unasked = sum(bool(r.unasked_moves) for r in members)
        lines.append(f"| {category} | {lang} | {len(members)} | {100 * ok / len(members):.0f} % "
                     f"({ok}) | {100 * plain / turns:.0f} % | {wrong} | {unasked} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "both"], default="test")
    parser.add_argument("--llm", default="embedded", help="embedded, embedded:0.5b, scripted, openai:…")
    parser.add_argument("--category", help="only this class")
    parser.add_argument("--limit", type=int, help="at most this many requests")
    parser.add_argument("--sample", type=int, help="a fixed-seed sample of this many requests, "
                        "spread over the classes (for a quick look)")
    parser.add_argument("--ids", help="only these comma-separated scenario ids (re-running "
                        "failures without reading the held-out requests)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--failures", action="store_true", help="print each failed request")
    args = parser.parse_args(argv)
    # Calls the licence gate refused are worth seeing next to the failures.
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    logging.getLogger("incabin.agents.loop").setLevel(logging.INFO)
    folders = [HERE / "dev", HERE / "test"] if args.split == "both" else [HERE / args.split]
    loaded = [(s, src) for s, src in load_scenarios(folders)
              if (args.category is None or s.group == args.category)
              and (args.ids is None or s.id in args.ids.split(","))][:args.limit]
    if args.sample:
        rng = random.Random(12)
        loaded = sorted(rng.sample(loaded, min(args.sample, len(loaded))),
                        key=lambda pair: pair[0].group)
    model = CountingModel(create_chat_model(args.llm))
    makers = {car: scenario_assistant_factory(model, car=car)  # type: ignore[arg-type]
              for car in (BASIC_CAR, None)}
    start = time.perf_counter()
    rows = []
    for scenario, source in loaded:
        rows.append(run_one(scenario, makers[car_for(source)], model))
        row = rows[-1]
        # Progress on stderr, so a long run can be watched (and the JSON stays clean).
        print(f"{'PASS' if row.passed else 'FAIL'} {row.id} model={row.model_turns} "
              f"wrong={row.wrong_actuations} unasked={row.unasked_moves} {row.replies} "
              f":: {'; '.join(row.failures)[:240]}",
              file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"llm": args.llm, "split": args.split, "seconds": round(seconds, 1),
                          "rows": [r.__dict__ for r in rows]}, ensure_ascii=False, indent=1))
        return 0
    print(f"understanding benchmark, {args.split} split, llm={args.llm}, {len(rows)} requests, "
          f"{seconds:.0f} s on {platform.machine()} ({time.strftime('%Y-%m-%d')})")
    for line in table(rows):
        print(line)
    if args.failures:
        for row in rows:
            if not row.passed:
                print(f"FAIL {row.id}: {row.replies} :: {'; '.join(row.failures)[:300]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
