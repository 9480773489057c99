"""`space-atlas` / `python -m atlas`: one entry point. Qt is imported only by GUI verbs.

Each verb group lives in atlas/commands/<name>.py with `register(subparsers)`, which adds its
parser and sets `func(args) -> int` on it. JSON shapes are documented in README.md.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

# Verb modules, in the order `--help` lists them.
COMMAND_MODULES = (
    "atlas.commands.gui",
    "atlas.commands.bench",
    "atlas.commands.law",
    "atlas.commands.events",
    "atlas.commands.data",
    "atlas.commands.whatif",
    "atlas.commands.catalog",
)


def emit(obj, as_json: bool, text: str | None = None) -> None:
    """Print one JSON document (with --json) or a human line."""
    if as_json:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        print(text if text is not None else json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="space-atlas",
        description="Space Law Atlas: the law and the orbital environment, 1957 to today.",
    )
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0].startswith("--") and argv[0] not in ("-h", "--help"):
        argv = ["gui", *argv]  # plain `space-atlas` starts the GUI
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `space-atlas ... | head`: the reader left; stop quietly
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
