"""``incabin chat``: talk to the assistant in the terminal (streamed), or one turn with --once.

The assistant is imported when the command runs, not when the parser is built, and
the model is loaded only when a turn needs it: a plain command (the fast path)
answers without it. In the interactive chat the model loads and evaluates its
prompts in the background while the driver types.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import threading
from typing import TYPE_CHECKING

from incabin import IncabinError

if TYPE_CHECKING:
    from incabin.agents import Assistant, Reply

_SURROGATE = re.compile("[\ud800-\udfff]")
_GOODBYE = {"exit", "quit", "bye", "退出"}


class UnreadableText(IncabinError):
    """Text from the command line or the terminal with bytes its encoding cannot read."""


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
    from incabin.agents import Assistant

    return Assistant.create(args.llm, args.vehicle, driver=args.driver, profiles=args.profiles)


def require_readable(text: str, what: str, encoding: str) -> None:
    """Raise ``UnreadableText`` when ``text`` (called ``what``) holds bytes not in ``encoding``.

    Python hands such bytes over as lone surrogates (surrogateescape), which fail later:
    when the reply quoting them is printed, or the profile store writes them. They are
    refused, not repaired: a guessed character could change what the driver asked for, or
    store a mangled name or address; the server refuses such text with a 422 too.
    """
    found = _SURROGATE.search(text)
    if found is not None:
        raise UnreadableText(f"{what} holds bytes that are not {encoding} text (character "
                             f"{found.start() + 1}); check the terminal's encoding and "
                             "type it again")


def run(args: argparse.Namespace) -> int:
    """Run ``incabin chat``."""
    argv_encoding = sys.getfilesystemencoding()  # what Python decoded the arguments with
    try:
        require_readable(args.driver, "--driver", argv_encoding)
        if args.once is not None:
            require_readable(args.once, "--once", argv_encoding)
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
    if isinstance(sys.stdin, io.TextIOWrapper):
        # A line with bytes that are not in the terminal's encoding would otherwise end the
        # chat with a UnicodeDecodeError; escaped, ``require_readable`` refuses just that line.
        sys.stdin.reconfigure(errors="surrogateescape")
    warm_up = threading.Thread(target=assistant.warm_up, name="warm-up", daemon=True)
    warm_up.start()
    try:
        print("incabin — type a request (exit, Ctrl-D or Ctrl-C to quit).", flush=True)
        while True:
            try:
                text = input("> ")
            except EOFError:
                print()
                return 0
            if text.strip().lower().rstrip(".!") in _GOODBYE:
                return 0
            if text.strip():
                _turn(assistant, text)
    except KeyboardInterrupt:
        print()
        return 0
    finally:
        # Leaving while llama.cpp still evaluates the prompt in the warm-up thread
        # crashes the interpreter's shutdown (a segfault after a prompt change).
        warm_up.join()


def _turn(assistant: Assistant, text: str) -> None:
    """Answer one line; Ctrl-C during the turn cancels that turn only."""
    try:
        require_readable(text, "that line", sys.stdin.encoding)
        reply = assistant.send(text, on_text=lambda piece: print(piece, end="", flush=True))
    except IncabinError as err:
        print(f"\n(error: {err})", flush=True)
        return
    except KeyboardInterrupt:
        print("\n(cancelled)", flush=True)
        return
    print(_footer(reply), flush=True)


def _footer(reply: Reply) -> str:
    extra = f"  [{reply.agent}, {reply.act}]"
    if reply.options:
        extra += "  options: " + " | ".join(reply.options)
    return "\n" + extra
