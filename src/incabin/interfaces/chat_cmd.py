"""``incabin chat``: talk to the assistant in the terminal (streamed), or one turn with --once."""

from __future__ import annotations

import argparse
import json
import sys
import threading

from incabin import IncabinError
from incabin.agents import Assistant, Reply


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``incabin chat``."""
    parser = sub.add_parser("chat", help="talk to the assistant")
    parser.add_argument("--once", metavar="TEXT", help="answer one request and exit")
    parser.add_argument("--json", action="store_true", help="with --once: print the Reply as JSON")
    parser.add_argument("--voice", action="store_true",
                        help="talk: push-to-talk on the microphone, or WAV files with --voice-in")
    parser.add_argument("--voice-in", nargs="+", metavar="WAV",
                        help="with --voice: requests from WAV files (no microphone needed)")
    parser.add_argument("--voice-out", metavar="DIR|device",
                        help="with --voice: reply audio (default: sound card, else INCABIN_HOME/voice)")
    add_assistant_options(parser)
    parser.set_defaults(func=run)


def add_assistant_options(parser: argparse.ArgumentParser) -> None:
    """The flags that choose the assistant's backends (shared by chat and serve)."""
    parser.add_argument("--llm", help="embedded | embedded:0.5b | openai:<url>#<model> (INCABIN_LLM)")
    parser.add_argument("--vehicle", help="sim | obd:<port> | kuksa:<host>:<port> (INCABIN_VEHICLE)")
    parser.add_argument("--driver", default="driver", help="driver name or key identifier")
    parser.add_argument("--profiles", help="profile store: sqlite path/URL, postgresql URL, or guest")


def make_assistant(args: argparse.Namespace) -> Assistant:
    """An Assistant from the command-line flags."""
    return Assistant.create(args.llm, args.vehicle, driver=args.driver, profiles=args.profiles)


def run(args: argparse.Namespace) -> int:
    """Run ``incabin chat``."""
    try:
        assistant = make_assistant(args)
    except IncabinError as err:
        print(f"incabin: {err}", file=sys.stderr)
        return 2
    try:
        if args.voice:
            from incabin.interfaces.voice import run_voice_chat

            return run_voice_chat(assistant, inputs=args.voice_in, output=args.voice_out)
        if args.once is not None:
            reply = assistant.send(args.once)
            print(json.dumps(reply.to_dict(), ensure_ascii=False, default=str) if args.json
                  else reply.text)
            return 0
        return _interactive(assistant)
    finally:
        assistant.close()


def _interactive(assistant: Assistant) -> int:
    print("incabin — type a request (Ctrl-D to quit).", flush=True)
    threading.Thread(target=assistant.warm_up, name="warm-up", daemon=True).start()
    while True:
        try:
            text = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not text.strip():
            continue
        try:
            reply = assistant.send(text, on_text=lambda piece: print(piece, end="", flush=True))
        except IncabinError as err:
            print(f"\n(error: {err})", flush=True)
            continue
        print(_footer(reply), flush=True)


def _footer(reply: Reply) -> str:
    extra = f"  [{reply.agent}, {reply.act}]"
    if reply.options:
        extra += "  options: " + " | ".join(reply.options)
    return "\n" + extra
