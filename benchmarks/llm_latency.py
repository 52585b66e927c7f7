"""Latency of the embedded Qwen models: cold vs warm prefix, tokens/s, tool-call turns, RSS.

    python benchmarks/llm_latency.py [--models 0.5b 1.5b] [--turns 10]

Each model runs in its own subprocess so that peak RSS is per model. Prints a
markdown table. Threads follow INCABIN_THREADS (default 2).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from incabin.llm import Message, ToolSpec, create_chat_model, ensure_model
from incabin.llm._embedded import EmbeddedModel

TOOLS = (
    ToolSpec(
        "set_temperature",
        "Set the driver's cabin temperature in degrees Celsius.",
        {
            "type": "object",
            "properties": {"celsius": {"type": "number", "minimum": 16, "maximum": 28}},
            "required": ["celsius"],
        },
    ),
    ToolSpec(
        "open_window",
        "Open a window to a percentage (0 closes it).",
        {
            "type": "object",
            "properties": {
                "window": {"enum": ["driver", "passenger", "rear_left", "rear_right"]},
                "percent": {"type": "integer", "minimum": 0, "maximum": 100},
            },
            "required": ["window", "percent"],
        },
    ),
    ToolSpec(
        "set_seat_heating",
        "Set seat heating level in percent.",
        {
            "type": "object",
            "properties": {
                "seat": {"enum": ["driver", "passenger"]},
                "percent": {"type": "integer", "minimum": 0, "maximum": 100},
            },
            "required": ["seat", "percent"],
        },
    ),
    ToolSpec("get_speed", "Read the current vehicle speed in km/h.", {"type": "object"}),
    ToolSpec(
        "lookup_dtc",
        "Explain an OBD-II diagnostic trouble code.",
        {
            "type": "object",
            "properties": {"code": {"type": "string", "pattern": "^[PCBU][0-9A-F]{4}$"}},
            "required": ["code"],
        },
    ),
)
REQUESTS = [
    "set the temperature to 21 degrees",
    "open the driver window halfway",
    "turn the seat heating on my seat to 60 percent",
    "make it 23 degrees please",
    "close the passenger window",
    "what does code P0A80 mean?",
    "heat the passenger seat to 30 percent",
    "把温度调到22度",
    "open the rear left window a quarter",
    "set it to 19 degrees",
]


def _system(tag: str) -> Message:
    return Message(
        "system",
        f"You are Car Genius ({tag}), the assistant of this car. Use the tools to act on the "
        "car and keep spoken answers short.",
    )


def measure(key: str, turns: int) -> dict[str, float | int | str]:
    """Run the measurements for one bundled model in this process."""
    path = ensure_model(key)
    started = time.perf_counter()
    model = create_chat_model(f"embedded:{key}")
    assert isinstance(model, EmbeddedModel)
    load_s = time.perf_counter() - started

    # Cold: a prefix never seen before (system prompt + tool schemas evaluated in full).
    cold_start = time.perf_counter()
    model.chat([_system("cold"), Message("user", REQUESTS[0])], TOOLS)
    cold_turn = time.perf_counter() - cold_start
    cold = model.last_stats
    assert cold is not None

    warm_times: list[float] = []
    evaluated: list[int] = []
    calls_ok = 0
    for request in (REQUESTS * 2)[1 : turns + 1]:
        begin = time.perf_counter()
        reply = model.chat([_system("cold"), Message("user", request)], TOOLS)
        warm_times.append(time.perf_counter() - begin)
        calls_ok += bool(reply.tool_calls)
        assert model.last_stats is not None
        evaluated.append(model.last_stats.evaluated_tokens)

    # Switching agents: another prefix, then back to the first one (restored from its state).
    model.chat([_system("other agent"), Message("user", REQUESTS[3])], TOOLS)
    begin = time.perf_counter()
    model.chat([_system("cold"), Message("user", REQUESTS[4])], TOOLS)
    switch_back = time.perf_counter() - begin

    # Streaming: cold and warm time to first token, generation speed.
    story = "Describe in a few sentences how regenerative braking works in an electric car."
    stream_system = Message("system", "You are the car's voice assistant. " + "Be concise. " * 40)
    begin = time.perf_counter()
    next(iter(model.stream([stream_system, Message("user", "hello")], max_tokens=1)))
    ttft_cold = time.perf_counter() - begin
    pieces = model.stream([stream_system, Message("user", story)], max_tokens=64)
    begin = time.perf_counter()
    first_at = 0.0
    for index, _ in enumerate(pieces):
        if index == 0:
            first_at = time.perf_counter() - begin
    stream_stats = model.last_stats
    assert stream_stats is not None
    generate_s = stream_stats.total_seconds - stream_stats.first_token_seconds
    return {
        "model": f"Qwen2.5-Coder-{key.upper()} Q4_K_M ({path.stat().st_size / 1e9:.2f} GB)",
        "load_s": load_s,
        "prefix_tokens": cold.evaluated_tokens,
        "prompt_tok_s": cold.evaluated_tokens / cold.prompt_seconds,
        "gen_tok_s": (stream_stats.completion_tokens - 1) / generate_s,
        "ttft_cold_s": ttft_cold,
        "ttft_warm_s": first_at,
        "tool_turn_cold_s": cold_turn,
        "tool_turn_warm_p50_s": statistics.median(warm_times),
        "tool_turn_warm_max_s": max(warm_times),
        "warm_evaluated_tokens": statistics.median(evaluated),
        "switch_back_s": switch_back,
        "turns_with_calls": f"{calls_ok}/{len(warm_times)}",
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
    }


ROWS = [
    ("load (s)", "load_s", "{:.1f}"),
    ("system+tools prefix (tokens)", "prefix_tokens", "{}"),
    ("prompt eval (tok/s)", "prompt_tok_s", "{:.0f}"),
    ("generation (tok/s)", "gen_tok_s", "{:.1f}"),
    ("time to first token, cold prefix (s)", "ttft_cold_s", "{:.2f}"),
    ("time to first token, warm prefix (s)", "ttft_warm_s", "{:.2f}"),
    ("tool-call turn, cold prefix (s)", "tool_turn_cold_s", "{:.2f}"),
    ("tool-call turn, warm prefix, p50 (s)", "tool_turn_warm_p50_s", "{:.2f}"),
    ("tool-call turn, warm prefix, max (s)", "tool_turn_warm_max_s", "{:.2f}"),
    ("tokens evaluated per warm turn (p50)", "warm_evaluated_tokens", "{:.0f}"),
    ("turn after switching agents (s)", "switch_back_s", "{:.2f}"),
    ("warm turns that called a tool", "turns_with_calls", "{}"),
    ("peak RSS (GB)", "peak_rss_gb", "{:.2f}"),
]


def main() -> None:
    """Measure each model in a subprocess and print the markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", nargs="+", default=["0.5b", "1.5b"])
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.turns)))
        return
    load_before = os.getloadavg()[0]
    results = []
    for key in args.models:
        out = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child", key, "--turns", str(args.turns)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print("| measure | " + " | ".join(str(r["model"]) for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for label, key, fmt in ROWS:
        print(f"| {label} | " + " | ".join(fmt.format(r[key]) for r in results) + " |")
    threads = os.environ.get("INCABIN_THREADS", "2")
    print(
        f"\n{os.cpu_count()} CPUs, {threads} llama.cpp threads, load average "
        f"{load_before:.1f} before / {os.getloadavg()[0]:.1f} after "
        f"(other jobs on the machine inflate every figure)."
    )


if __name__ == "__main__":
    main()
