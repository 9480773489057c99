"""`space-atlas events list|show`: the timeline's events (resources/events.toml).

JSON shapes (stable; other tools read them):
  events list --json  ->  {"events": [EVENT, ...]}   sorted by date
  events show ID --json -> EVENT
  EVENT = {"id", "date" ("YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SSZ" where the time is known),
           "precision" ("day"|"month"|"year"), "title", "category", "summary",
           "figures": [{"label", "value", "unit"[, "uncertain": true]}],
           "sources": [{"title", "url"}], "links": ["atlas://..."],
           "scene": {"date", "camera", "color"[, "filter"][, "highlight"]}}
A content error prints `file:line: message` on stderr and exits 1. No Qt is imported here.
"""

from __future__ import annotations

import argparse
import sys

from atlas.cli import emit


def register(subparsers) -> None:
    parser = subparsers.add_parser("events", help="legal and physical events, 1957 to today")
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
    sub = parser.add_subparsers(dest="events_action", metavar="ACTION")

    p_list = sub.add_parser("list", help="all events, by date")
    p_list.add_argument("--category", help="only this category (e.g. asat-breakups)")
    p_list.add_argument("--json", action="store_true", help='print {"events": [...]}')
    p_list.set_defaults(func=_list)

    p_show = sub.add_parser("show", help="one event in full")
    p_show.add_argument("id", help="event id, e.g. fy1c-asat-2007")
    p_show.add_argument("--json", action="store_true", help="print the event as one JSON object")
    p_show.set_defaults(func=_show)


def _load():
    from atlas.model.content import ContentError
    from atlas.model.events import load_events

    try:
        return load_events()
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return None


def _list(args: argparse.Namespace) -> int:
    from atlas.model.events import CATEGORIES

    events = _load()
    if events is None:
        return 1
    if args.category:
        if args.category not in CATEGORIES:
            print(f"unknown category {args.category!r} (known: {', '.join(CATEGORIES)})", file=sys.stderr)
            return 2
        events = tuple(e for e in events if e.category == args.category)
    text = "\n".join(f"{e.date_text():>22}  {e.id:<28} {e.title}" for e in events)
    emit({"events": [e.to_json() for e in events]}, args.json, text)
    return 0


def _show(args: argparse.Namespace) -> int:
    from atlas.model.events import event_by_id

    events = _load()
    if events is None:
        return 1
    event = event_by_id(args.id, events)
    if event is None:
        print(f"no event with id {args.id!r} (see `space-atlas events list`)", file=sys.stderr)
        return 1
    lines = [f"{event.title} ({event.date_text()}, {event.category})", "", event.summary, ""]
    lines += [f"  {f.label}: {f.value} {f.unit}".rstrip() + (" (uncertain)" if f.uncertain else "") for f in event.figures]
    lines += [f"  source: {s.title} <{s.url}>" for s in event.sources]
    lines += [f"  link: {link}" for link in event.links]
    emit(event.to_json(), args.json, "\n".join(lines))
    return 0
