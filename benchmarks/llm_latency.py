"""Latency of the embedded Qwen models: cold vs warm prefix, tokens/s, tool-call turns, RSS.

    python benchmarks/llm_latency.py [--models 0.5b 1.5b] [--turns 10]

Each model runs in its own subprocess so that peak RSS is per model. Prints a
markdown table. Threads follow INCABIN_THREADS (default 2).

Decoding with and without fast-forward (forced text appended as a batch, see
``llm/_constrained.py``) is compared request by request in the same process, each
run starting from the same cached prefix, so that a change in the machine's load
hits both alike; raw llama-cpp-python decoding 22 tokens without a grammar is
timed in the same process as the yardstick.
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

import numpy as np
from incabin.llm import Message, ToolSpec, create_chat_model, ensure_model
from incabin.llm._embedded import EmbeddedModel
from incabin.llm._prompting import render

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

    plain_s, fast_s, plain_tokens, fast_tokens, forced_tokens, same = _compare_fast_forward(
        model, (REQUESTS * 2)[1 : turns + 1])
    raw_s = raw_decode_seconds(model, [_system("cold"), Message("user", REQUESTS[0])], TOOLS)

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
        "plain_p50_s": statistics.median(plain_s),
        "fast_p50_s": statistics.median(fast_s),
        "plain_decoded": statistics.median(plain_tokens),
        "fast_decoded": statistics.median(fast_tokens),
        "fast_forced": statistics.median(forced_tokens),
        "same_calls": f"{same}/{len(plain_s)}",
        "raw22_s": raw_s,
        "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
    }


def _compare_fast_forward(
    model: EmbeddedModel, requests: list[str]
) -> tuple[list[float], list[float], list[int], list[int], list[int], int]:
    """Each request decoded without and with fast-forward from the same cached prefix."""
    seconds: dict[bool, list[float]] = {False: [], True: []}
    decoded: dict[bool, list[int]] = {False: [], True: []}
    forced: list[int] = []
    same = 0
    for request in requests:
        messages = [_system("cold"), Message("user", request)]
        replies = []
        for fast in (False, True):
            _forget_turns(model, messages)
            model.fast_forward = fast
            begin = time.perf_counter()
            replies.append(model.chat(messages, TOOLS))
            seconds[fast].append(time.perf_counter() - begin)
            assert model.last_stats is not None
            decoded[fast].append(model.last_stats.completion_tokens)
        forced.append(model.last_stats.forced_tokens)
        same += _said(replies[0]) == _said(replies[1])
    model.fast_forward = True
    return seconds[False], seconds[True], decoded[False], decoded[True], forced, same


def _said(reply: Message) -> tuple[str, list[tuple[str, object]]]:
    """A reply without its random call ids."""
    return reply.content, [(call.name, call.arguments) for call in reply.tool_calls]


def _forget_turns(model: EmbeddedModel, messages: list[Message]) -> None:
    """Keep only the system prefix in the KV cache, so each run evaluates its turn anew."""
    shared = model._shared
    with shared.lock:
        shared.llama.n_tokens = len(shared.tokenize(render(messages, TOOLS).prefix))


def raw_decode_seconds(model: EmbeddedModel, messages: list[Message], tools: tuple[ToolSpec, ...]
                       | list[ToolSpec], tokens: int = 22) -> float:
    """Seconds raw llama-cpp-python takes to decode ``tokens`` greedily, with no grammar,
    after the prompt of ``messages`` and ``tools`` (22: a short tool call, the yardstick)."""
    shared = model._shared
    prompt = render(messages, tools)
    with shared.lock:
        llama = shared.llama
        shared.prepare_prefix(shared.tokenize(prompt.prefix))
        llama.eval(shared.tokenize(prompt.turns))
        begin = time.perf_counter()
        for _ in range(tokens):
            logits = np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(llama.n_vocab(),))
            llama.eval([int(np.argmax(logits))])
        return time.perf_counter() - begin


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
    ("warm turn without fast-forward, p50 (s)", "plain_p50_s", "{:.2f}"),
    ("warm turn with fast-forward, p50 (s)", "fast_p50_s", "{:.2f}"),
    ("tokens decoded per turn without / with fast-forward (p50)", "plain_decoded", "{:.0f}"),
    ("… with fast-forward (p50)", "fast_decoded", "{:.0f}"),
    ("tokens fast-forwarded per turn (p50)", "fast_forced", "{:.0f}"),
    ("turns with identical replies both ways", "same_calls", "{}"),
    ("raw llama-cpp-python, 22 tokens, no grammar (s)", "raw22_s", "{:.2f}"),
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
