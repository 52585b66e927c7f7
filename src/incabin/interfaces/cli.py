"""The ``incabin`` command: one sub-command per interface module.

Each module ``incabin.interfaces.<name>_cmd`` listed in ``_COMMANDS`` exposes
``add_parser(subparsers)``, which sets ``func`` on its parser. The modules import
the assistant only when their command runs, so ``incabin --help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from importlib.metadata import PackageNotFoundError, version

_COMMANDS = ("chat", "eval", "drive", "serve", "llm_server")


class _OwnWarningsOnly(logging.Filter):
    """Without -v: incabin's own warnings, and only errors from libraries (bm25s logs its
    index builds at DEBUG, pint warns about units: nothing a driver can act on)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or record.name.partition(".")[0] == "incabin"


def _version() -> str:
    try:
        return version("incabin")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with ``command`` only (its module's imports take a while),
    or with every sub-command when none is given (help)."""
    parser = argparse.ArgumentParser(prog="incabin", description="An offline in-car AI assistant.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
    parser.add_argument("--version", action="version", version=f"incabin {_version()}")
    sub = parser.add_subparsers(dest="command")
    command = command.replace("-", "_") if command else command  # "llm-server"
    for name in _COMMANDS if command not in _COMMANDS else (command,):
        importlib.import_module(f"incabin.interfaces.{name}_cmd").add_parser(sub)
    return parser


def setup_logging(verbose: bool) -> None:
    """Log to stderr: everything with ``verbose``, else incabin's warnings and errors."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING)
    logging.captureWarnings(True)  # Python warnings (pint's) become log records, filtered too
    if not verbose:
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.WARNING)
            handler.addFilter(_OwnWarningsOnly())


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``incabin`` console script."""
    given = sys.argv[1:] if argv is None else argv
    parser = build_parser(next((word for word in given if not word.startswith("-")), None))
    args = parser.parse_args(given)
    if args.command is None:
        parser.print_help()
        return 0
    setup_logging(args.verbose)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
