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
from incabin.llm import create_chat_model

FAST = ["set 21 degrees", "seat heating max", "打开空调", "one degree lower", "close all windows",
        "turn on the low beams", "温度调到二十二度", "open the trunk", "lock the car", "warmer"]
# Requests neither the fast path nor the question path understands: the model picks tools.
MODEL = ["could you warm up my seat a little", "my hands are freezing on this wheel",
         "make the passenger side a bit cooler", "the windscreen is fogging up",
         "let some fresh air in from my side", "bump the fan up to half",
         "I want it toasty in here", "put the wipers on, it's pouring",
         "switch the big lights on, it's pitch dark", "warm up the passenger seat too"]


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
