"""Turn latency of the Assistant: fast path (no model) and warm model turns.

    .venv/bin/python benchmarks/turn_latency.py [--llm embedded] [--turns 10]

Prints a markdown table: p50/p95 per path. The model turns are measured after a
warm-up turn per agent, so the cached system prefix is not counted (the cold
figure is printed separately).
"""

from __future__ import annotations

import argparse
import statistics
import time

from incabin.agents import Assistant
from incabin.agents.capabilities import match
from incabin.llm import create_chat_model

FAST = ["set 21 degrees", "seat heating max", "打开空调", "one degree lower", "close all windows",
        "turn on the low beams", "温度调到二十二度", "open the trunk", "lock the car",
        "make it two degrees warmer"]
# Requests the matcher (templates and frames) does not take: the model picks tools.
MODEL = ["I want it toasty in here", "switch the big lights on, it's pitch dark",
         "could you do something about the stale air for the kids in the back",
         "my wife says her side feels like a fridge",
         "can you sort the heating out so I don't fall asleep", "I'd like a bit more air on my feet",
         "get rid of the fog on the glass in front of my daughter",
         "set things up for a long motorway drive in the rain",
         "the little one behind me wants her seat warm",
         "it's a bit chilly for the passenger, warm her up",
         "we're loading the shopping, pop the back for me"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(assistant: Assistant, texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            assistant.send(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--llm", default="embedded")
    parser.add_argument("--turns", type=int, default=10, help="model turns to time")
    args = parser.parse_args()
    # The lists must stay what they claim as the matcher learns: a fast request that
    # needs the model, or a "model" request the matcher takes, would time the wrong path.
    wrong = [t for t in FAST if match(t) is None] + [t for t in MODEL if match(t) is not None]
    if wrong:
        raise SystemExit(f"requests on the wrong path, update the lists: {wrong}")
    model = create_chat_model(args.llm)
    assistant = Assistant.create(model, "sim", profiles="guest")
    fast = _measure(assistant, FAST, 20)
    start = time.perf_counter()
    assistant.send(MODEL[0])
    cold = time.perf_counter() - start
    warm = _measure(assistant, MODEL[1:args.turns + 1], 1)
    print(f"Model: {args.llm} ({model.name})\n")
    print("| path | turns | p50 | p95 |")
    print("|---|---|---|---|")
    print(f"| fast path (no model) | {len(fast)} | {_percentile(fast, .5):.1f} ms | "
          f"{_percentile(fast, .95):.1f} ms |")
    print(f"| model turn, warm prefix | {len(warm)} | {_percentile(warm, .5) / 1000:.2f} s | "
          f"{_percentile(warm, .95) / 1000:.2f} s |")
    print(f"| model turn, cold (first) | 1 | {cold:.1f} s | |")
    print(f"\nmean warm model turn: {statistics.mean(warm) / 1000:.2f} s")
    assistant.close()


if __name__ == "__main__":
    main()
