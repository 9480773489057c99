"""`space-atlas law list|show|search`: the law library from the command line (no Qt).

JSON shapes (one document on stdout with --json):
  law list    {"instruments": [{"id", "title", "short_title", "kind", "binding", "articles": [numbers],
               "adopted", "opened_for_signature", "entry_into_force", "in_force", "status", "symbol", "unts",
               "parties", "parties_as_of", "official_url", "link"}]}
  law show I  {"instrument": {...as in list, plus "summary", "sources"}, "articles": [article...],
               "annotations": [annotation...]}
  law show I A  {"instrument": {...}, "article": {"number", "title", "plain", "quotes", "url", "links",
               "link", "events"}, "annotations": [{"title", "text", "links", "sources"}]}
  law search Q  {"query", "results": [{"instrument", "article", "annotation", "title", "score", "snippet"}],
               "elapsed_ms"}   (snippet marks matched words with **...**)
Errors (unknown instrument or article, invalid content) print {"error": message} and exit 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from typing import Any

from atlas.cli import emit


def register(subparsers) -> None:
    parser = subparsers.add_parser("law", help="the law library: list, show, search")
    verbs = parser.add_subparsers(dest="law_verb", metavar="list|show|search", required=True)

    p = verbs.add_parser("list", help="every instrument, with kind, dates and article numbers")
    p.add_argument("--date", help="report in-force status on this date (YYYY-MM-DD; default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda args: _run(_list, args))

    p = verbs.add_parser("show", help="an instrument, or one of its articles with annotations")
    p.add_argument("instrument")
    p.add_argument("article", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda args: _run(_show, args))

    p = verbs.add_parser("search", help="ranked full-text search over articles and annotations")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda args: _run(_search, args))


class _Failure(Exception):
    """A user-facing error: printed (as JSON with --json) and exit code 1."""


def _run(verb, args: argparse.Namespace) -> int:
    from atlas.model.content import ContentError

    try:
        return verb(args)
    except (_Failure, ContentError) as exc:
        if args.json:
            emit({"error": str(exc)}, True)
        else:
            print(f"space-atlas law: {exc}", file=sys.stderr)
        return 1


def _library():
    from atlas.model.law import default_library

    return default_library()


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _instrument_json(inst, today: date) -> dict[str, Any]:
    return {
        "id": inst.id,
        "title": inst.title,
        "short_title": inst.short_title,
        "kind": inst.kind,
        "binding": inst.binding,
        "articles": [a.number for a in inst.articles],
        "adopted": _iso(inst.adopted),
        "opened_for_signature": _iso(inst.opened_for_signature),
        "entry_into_force": _iso(inst.entry_into_force),
        "other_dates": {k: _iso(v) for k, v in inst.other_dates.items()},
        "in_force": inst.in_force_on(today),
        "status": inst.status_on(today),
        "symbol": inst.symbol,
        "unts": inst.unts,
        "parties": inst.parties,
        "parties_as_of": _iso(inst.parties_as_of),
        "official_url": inst.official_url,
        "link": inst.link,
    }


def _sources(sources) -> list[dict[str, str]]:
    return [{"title": s.title, "url": s.url} for s in sources]


def _article_json(lib, art) -> dict[str, Any]:
    return {
        "number": art.number,
        "title": art.title,
        "plain": art.plain,
        "quotes": list(art.quotes),
        "url": art.url,
        "links": list(art.links),
        "link": art.link,
        "events": lib.events_of(art.instrument, art.number),
    }


def _annotation_json(ann) -> dict[str, Any]:
    return {"article": ann.article, "title": ann.title, "text": ann.text, "links": list(ann.links),
            "sources": _sources(ann.sources)}


def _list(args) -> int:
    from atlas.model.timeutil import parse_datetime

    lib = _library()
    try:
        day = parse_datetime(args.date).date() if args.date else date.today()
    except ValueError as exc:
        raise _Failure(str(exc)) from None
    rows = [_instrument_json(i, day) for group in lib.by_kind().values() for i in group]
    lines = [f"{r['id']:<22} {r['kind']:<22} {'binding' if r['binding'] else 'soft':<8} {r['status']:<9} "
             f"{len(r['articles']):>3}  {r['short_title']}" for r in rows]
    emit({"instruments": rows, "as_of": day.isoformat()}, args.json, "\n".join(lines))
    return 0


def _show(args) -> int:
    lib = _library()
    inst = lib.get(args.instrument)
    if inst is None:
        raise _Failure(f"no instrument {args.instrument!r} (known: {', '.join(sorted(lib.instruments))})")
    head = _instrument_json(inst, date.today()) | {"summary": inst.summary, "sources": _sources(inst.sources)}
    if args.article is None:
        out = {"instrument": head, "articles": [_article_json(lib, a) for a in inst.articles],
               "annotations": [_annotation_json(a) for a in inst.annotations]}
        text = f"{inst.title}\n{inst.summary}\n\n" + "\n".join(
            f"  {inst.article_label} {a.number}: {a.title}" for a in inst.articles)
        emit(out, args.json, text)
        return 0
    art = inst.article(args.article)
    if art is None:
        raise _Failure(f"{inst.short_title} has no {inst.article_label.lower()} {args.article!r} "
                       f"(it has {', '.join(a.number for a in inst.articles)})")
    anns = inst.annotations_on(art.number)
    out = {"instrument": head, "article": _article_json(lib, art), "annotations": [_annotation_json(a) for a in anns]}
    text = "\n".join([f"{inst.short_title}, {inst.article_label} {art.number}: {art.title}", "", art.plain, ""]
                     + [f'  "{q}"' for q in art.quotes] + [f"  {art.url}"]
                     + [f"\n## {a.title}\n{a.text}" for a in anns])
    emit(out, args.json, text)
    return 0


def _search(args) -> int:
    lib = _library()
    query = " ".join(args.query)
    lib.search(query, 1)  # build the index outside the timing
    t0 = time.perf_counter()
    hits = lib.search(query, args.limit)
    elapsed = (time.perf_counter() - t0) * 1000.0
    out = {"query": query, "results": [h.as_json() for h in hits], "elapsed_ms": round(elapsed, 3)}
    text = "\n".join(f"{h.score:7.2f}  {h.instrument}/{h.article}{'  [' + h.annotation + ']' if h.annotation else ''}"
                     f"\n         {h.marked('[', ']')}" for h in hits) or "no results"
    emit(out, args.json, text)
    return 0
