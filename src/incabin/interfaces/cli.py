"""The ``incabin`` command: one sub-command per interface module.

Each module ``incabin.interfaces.<name>_cmd`` listed in ``_COMMANDS`` exposes
``add_parser(subparsers)``, which sets ``func`` on its parser.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

_COMMANDS = ("chat", "eval", "drive", "serve")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(prog="incabin", description="An offline in-car AI assistant.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in _COMMANDS:
        importlib.import_module(f"incabin.interfaces.{name}_cmd").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``incabin`` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
