"""Hybrid mode on the understanding benchmark: accuracy and latency of the local model
alone, the remote model alone, and hybrid (local first, remote within a deadline).

The remote is a llama.cpp server started here (``incabin llm-server``, the bundled
1.5B by default) or, when ``INCABIN_REMOTE_URL`` is set (``http://host:8000/v1``), that
server, with ``INCABIN_REMOTE_MODEL`` or else the first model it lists. Requests are
loaded, run and scored by ``benchmarks/understanding.py``.

    .venv/bin/python benchmarks/hybrid.py --split test --sample 40
    INCABIN_REMOTE_URL=http://gpu:8000/v1 .venv/bin/python benchmarks/hybrid.py --deadline 4
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import random
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import openai
from understanding import (
    BASIC_CAR,
    HERE,
    CountingModel,
    Row,
    car_for,
    run_one,
)

from incabin.agents import load_scenarios
from incabin.agents.scenarios import scenario_assistant_factory
from incabin.interfaces.llm_server_cmd import ServerProcess
from incabin.llm import ChatModel, HybridModel, create_chat_model
from incabin.llm._openai import api_key


@dataclass
class Result:
    """One mode's run: its rows, the seconds per request and what hybrid did."""

    mode: str
    rows: list[Row]
    seconds: list[float]
    hybrid: dict[str, int] | None = None


@contextlib.contextmanager
def remote_spec(model: str) -> Iterator[str]:
    """The ``openai:`` spec of the remote: INCABIN_REMOTE_URL, else a local llama.cpp server."""
    url = os.environ.get("INCABIN_REMOTE_URL")
    if url:
        name = os.environ.get("INCABIN_REMOTE_MODEL") or next(
            iter(openai.OpenAI(base_url=url, api_key=api_key()).models.list())).id
        yield f"openai:{url}#{name}"
        return
    with tempfile.TemporaryDirectory(prefix="hybrid-bench-") as folder:
        server = ServerProcess(model, log=Path(folder) / "llm-server.log", startup_s=600)
        try:
            yield server.spec
        finally:
            server.stop()


def run_mode(mode: str, model: ChatModel, loaded: list) -> Result:
    """Every request through fresh assistants on ``model``, timed one by one."""
    counting = CountingModel(model)
    makers = {car: scenario_assistant_factory(counting, car=car)  # type: ignore[arg-type]
              for car in (BASIC_CAR, None)}
    rows, seconds = [], []
    for scenario, source in loaded:
        started = time.perf_counter()
        rows.append(run_one(scenario, makers[car_for(source)], counting))
        seconds.append(time.perf_counter() - started)
        row = rows[-1]
        print(f"{mode}: {'PASS' if row.passed else 'FAIL'} {row.id} model={row.model_turns} "
              f"{seconds[-1]:.1f} s {row.replies}", file=sys.stderr, flush=True)
    stats = model.stats.__dict__.copy() if isinstance(model, HybridModel) else None
    return Result(mode, rows, seconds, stats)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def table(results: list[Result]) -> list[str]:
    """Markdown: accuracy and latency per mode, for all requests and the model's."""
    header = ("| mode | requests | accuracy | model requests | their accuracy | "
              "latency p50 / p95 (all) | latency p50 / p95 (model requests) | "
              "remote asked / used / offline |")
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for result in results:
        ok = sum(r.passed for r in result.rows)
        model = [(r, s) for r, s in zip(result.rows, result.seconds) if r.model_turns]
        model_ok = sum(r.passed for r, _ in model)
        model_s = [s for _, s in model]
        hybrid = result.hybrid
        routed = (f"{hybrid['remote_asked']} / {hybrid['remote_used']} / {hybrid['offline']}"
                  if hybrid else "")
        lines.append(
            f"| {result.mode} | {len(result.rows)} | {100 * ok / max(1, len(result.rows)):.0f} % "
            f"({ok}) | {len(model)} | {100 * model_ok / max(1, len(model)):.0f} % ({model_ok}) "
            f"| {percentile(result.seconds, 0.5):.2f} / {percentile(result.seconds, 0.95):.2f} s "
            f"| {percentile(model_s, 0.5):.1f} / {percentile(model_s, 0.95):.1f} s | {routed} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the modes and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "both"], default="test")
    parser.add_argument("--local", default="embedded:0.5b", help="the car's model (embedded:0.5b)")
    parser.add_argument("--remote-model", default="1.5b",
                        help="the bundled model the local llama.cpp server plays the remote "
                             "with, when INCABIN_REMOTE_URL is not set (1.5b)")
    parser.add_argument("--deadline", type=float,
                        default=float(os.environ.get("INCABIN_REMOTE_DEADLINE", "60")),
                        help="seconds hybrid waits for the remote (INCABIN_REMOTE_DEADLINE, 60: "
                             "the CPU server here is slow; a GPU server answers in about 1 s)")
    parser.add_argument("--modes", default="local,remote,hybrid")
    parser.add_argument("--limit", type=int, help="at most this many requests")
    parser.add_argument("--sample", type=int, help="a fixed-seed sample of this many requests")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    # A stopped run still stops the llama.cpp server it started (the `finally` runs).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # The remote alone waits INCABIN_LLM_TIMEOUT: on a CPU server the first prompt takes
    # minutes, and a timeout would be scored as a wrong answer.
    os.environ.setdefault("INCABIN_LLM_TIMEOUT", "900")
    folders = [HERE / "dev", HERE / "test"] if args.split == "both" else [HERE / args.split]
    loaded = load_scenarios(folders)[:args.limit]
    if args.sample:
        loaded = sorted(random.Random(12).sample(loaded, min(args.sample, len(loaded))),
                        key=lambda pair: pair[0].group)
    modes = args.modes.split(",")
    start = time.perf_counter()
    results = []
    with remote_spec(args.remote_model) as spec:
        # Built from its spec as --llm builds it: the deadline is read from the setting.
        os.environ["INCABIN_REMOTE_DEADLINE"] = str(args.deadline)
        specs = {"local": args.local, "remote": spec, "hybrid": f"hybrid:{args.local},{spec}"}
        for mode in modes:
            results.append(run_mode(mode, create_chat_model(specs[mode]), loaded))
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"local": args.local, "remote": spec, "deadline_s": args.deadline,
                          "seconds": round(seconds, 1),
                          "modes": [{"mode": r.mode, "hybrid": r.hybrid,
                                     "rows": [row.__dict__ for row in r.rows],
                                     "seconds": [round(s, 2) for s in r.seconds]}
                                    for r in results]}, ensure_ascii=False, indent=1))
        return 0
    print(f"hybrid benchmark, {args.split} split, {len(loaded)} requests, local={args.local}, "
          f"remote={spec}, deadline {args.deadline:g} s, {seconds:.0f} s on "
          f"{platform.machine()} ({time.strftime('%Y-%m-%d')})")
    for line in table(results):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
