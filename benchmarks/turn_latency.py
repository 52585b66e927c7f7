"""Turn latency of the Assistant: fast path (no model) and warm model turns.

    .venv/bin/python benchmarks/turn_latency.py [--llm embedded] [--turns 10]

Prints a markdown table per path: p50/p95 time to the first words the driver
hears (``on_text``) and to the complete reply, and for model turns the tokens
evaluated (prompt), decoded one by one and fast-forwarded (forced text appended
as a batch) per turn. The model turns are measured after a warm-up turn, so the
cached system prefix is not counted (the cold figure is printed separately).
For scale, the same run times raw llama-cpp-python decoding 22 tokens greedily
(no grammar) after the Car Genius prefix: the length of a typical tool call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from incabin.agents import Assistant
from incabin.agents.assistant import AGENTS
from incabin.agents.capabilities import match
from incabin.llm import Message, create_chat_model
from incabin.llm._embedded import EmbeddedModel, TurnStats
from llm_latency import raw_decode_seconds  # this folder's script, on sys.path when run

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
RAW_TOKENS = 22


@dataclass
class _Turns:
    """Per-turn measurements of one path."""

    first_word: list[float] = field(default_factory=list)
    complete: list[float] = field(default_factory=list)
    evaluated: list[int] = field(default_factory=list)
    decoded: list[int] = field(default_factory=list)
    forced: list[int] = field(default_factory=list)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _record_generations(model: EmbeddedModel) -> list[TurnStats]:
    """Collect the stats of every generation (a turn may run several: tool rounds, retries)."""
    seen: list[TurnStats] = []
    original: Callable[..., object] = model._reply

    def counted(*args: object, **kwargs: object) -> object:
        out = original(*args, **kwargs)
        if model.last_stats is not None:
            seen.append(model.last_stats)
        return out

    model._reply = counted  # type: ignore[method-assign]
    return seen


def _measure(assistant: Assistant, texts: list[str], rounds: int,
             generations: list[TurnStats] | None = None) -> _Turns:
    turns = _Turns()
    for _ in range(rounds):
        for text in texts:
            heard: list[float] = []
            start = time.perf_counter()
            if generations is not None:
                generations.clear()
            assistant.send(text, on_text=lambda _piece: heard.append(time.perf_counter()))
            end = time.perf_counter()
            turns.complete.append(end - start)
            turns.first_word.append((heard[0] if heard else end) - start)
            if generations is not None:
                turns.evaluated.append(sum(s.evaluated_tokens for s in generations))
                turns.decoded.append(sum(s.completion_tokens for s in generations))
                turns.forced.append(sum(s.forced_tokens for s in generations))
    return turns


def _row(name: str, turns: _Turns, scale: float, unit: str) -> str:
    def both(values: list[float]) -> str:
        return f"{_percentile(values, .5) * scale:.{1 if unit == 'ms' else 2}f} / " \
               f"{_percentile(values, .95) * scale:.{1 if unit == 'ms' else 2}f} {unit}"

    counts = " | ".join(f"{statistics.median(v):.0f}" if v else "–"
                        for v in (turns.evaluated, turns.decoded, turns.forced))
    return f"| {name} | {len(turns.complete)} | {both(turns.first_word)} | " \
           f"{both(turns.complete)} | {counts} |"


def main() -> None:
    """Time the fast path and warm model turns and print the markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--llm", default="embedded")
    parser.add_argument("--turns", type=int, default=10, help="model turns to time")
    args = parser.parse_args()
    # The lists must stay what they claim as the matcher learns: a fast request that
    # needs the model, or a "model" request the matcher takes, would time the wrong path.
    wrong = [t for t in FAST if match(t) is None] + [t for t in MODEL if match(t) is not None]
    if wrong:
        raise SystemExit(f"requests on the wrong path, update the lists: {wrong}")
    load_before = os.getloadavg()[0]
    model = create_chat_model(args.llm)
    if not isinstance(model, EmbeddedModel):
        raise SystemExit("this benchmark times the embedded llama.cpp backend")
    generations = _record_generations(model)
    assistant = Assistant.create(model, "sim", profiles="guest")
    fast = _measure(assistant, FAST, 20)
    cold = _measure(assistant, MODEL[:1], 1, generations)
    warm = _measure(assistant, MODEL[1:args.turns + 1], 1, generations)
    prompt, toolbox = AGENTS["car_genius"]
    raw = raw_decode_seconds(model, [Message("system", prompt), Message("user", "hello")],
                             toolbox.specs, RAW_TOKENS)
    print(f"Model: {args.llm} ({model.name})\n")
    print("| path | turns | first words p50 / p95 | complete reply p50 / p95 | "
          "tokens evaluated | decoded | fast-forwarded |")
    print("|---|---|---|---|---|---|---|")
    print(_row("fast path (no model)", fast, 1000, "ms"))
    print(_row("model turn, warm prefix", warm, 1, "s"))
    print(_row("model turn, first of the process", cold, 1, "s"))
    p50 = _percentile(warm.complete, .5)
    print(f"\nraw llama-cpp-python, {RAW_TOKENS} tokens greedy after the Car Genius prefix: "
          f"{raw:.2f} s; warm model turn p50 = {p50 / raw:.2f} × that")
    print(f"load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after "
          f"({os.cpu_count()} CPUs, other jobs on the machine inflate every figure)")
    assistant.close()


if __name__ == "__main__":
    main()
