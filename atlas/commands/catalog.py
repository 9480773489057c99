"""`space-atlas catalog count|find`: questions by date and by name about the active population.

count answers from the imported catalog where there is one (source = its label; with a SATCAT, every
cataloged object launched by the date and not decayed by it), from the modeled history otherwise or
when events are left out (`--without`, which only the model can answer; source "modeled").

JSON shapes:
  count -> {"date", "source", "total", "by_kind": {"payload", "rocket_body", "debris", "unknown"}, "without"}
  find  -> {"source", "query", "matches": [{"norad", "name", "cospar", "kind", "owner", "launch", "decay",
             "regime", "perigee_km", "apogee_km", "inclination", "event", "placed_by", "position_note"}]}
           placed_by: "elements" (an element set, SGP4), "satcat" (a SATCAT orbit) or "modeled";
           position_note: why the position along the orbit is illustrative (satcat.NOTE), null for element sets.
"""

from __future__ import annotations

import sys


def _count(args) -> int:
    from atlas.cli import emit
    from atlas.data.active import active_count
    from atlas.data.store import StoreError
    from atlas.model.timeutil import parse_datetime

    try:
        day = parse_datetime(args.date).date().isoformat()
        out = active_count(day, tuple(args.without or ()))
    except ValueError as exc:
        print(f"space-atlas catalog count: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"space-atlas catalog count: {exc}", file=sys.stderr)
        return 1
    out["without"] = sorted(set(args.without or ()))
    k = out["by_kind"]
    text = (
        f"{out['date']}: {out['total']:,} objects in orbit ({out['source']}): {k['payload']:,} payloads, "
        f"{k['rocket_body']:,} rocket bodies, {k['debris']:,} debris, {k['unknown']:,} unknown"
    )
    emit(out, args.json, text)
    return 0


MODELED_NOTE = "modeled, not an observation; the position along the orbit is illustrative"


def _find(args) -> int:
    import numpy as np

    from atlas.cli import emit
    from atlas.data import history
    from atlas.data.active import active_population
    from atlas.data.satcat import NOTE
    from atlas.data.store import StoreError
    from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS
    from atlas.model.population import KIND_KEYS, REGIME_KEYS, SOURCE_KEYS, SRC_MODELED, SRC_SATCAT

    try:
        pop = active_population()
    except StoreError as exc:
        print(f"space-atlas catalog find: {exc}", file=sys.stderr)
        return 1
    rows = history.find(args.text, limit=args.limit, objects=None if pop.modeled else pop.objects)
    source = "modeled" if pop.modeled else pop.label
    notes = {SRC_SATCAT: NOTE, SRC_MODELED: MODELED_NOTE}

    def day(v) -> str | None:
        return None if np.isnat(v) else str(v)

    matches = [
        {
            "norad": int(r["norad"]),
            "name": str(r["name"]),
            "cospar": str(r["cospar"]),
            "kind": KIND_KEYS[int(r["kind"])],
            "owner": str(r["owner"]),
            "launch": day(r["launch"]),
            "decay": day(r["decay"]),
            "regime": REGIME_KEYS[int(r["regime"])],
            "perigee_km": round(float(r["perigee_km"]), 1),
            "apogee_km": round(float(r["apogee_km"]), 1),
            "inclination": round(float(r["incl"]), 2),
            "event": FRAGMENTATION_EVENT_IDS[int(r["event"])] if r["event"] >= 0 else None,
            "placed_by": SOURCE_KEYS[int(r["source"])],
            "position_note": notes.get(int(r["source"])),
        }
        for r in rows
    ]
    out = {"source": source, "query": args.text, "matches": matches}
    lines = [f"{len(matches)} match(es) for {args.text!r} ({source}):"] + [
        f"  {m['norad']:>9}  {m['cospar']:<11} {m['name']:<32} {m['kind']:<11} {m['launch']} - {m['decay'] or 'in orbit'}"
        + (f"  [{m['placed_by']}: position illustrative]" if m["position_note"] and not pop.modeled else "")
        for m in matches
    ]
    emit(out, args.json, "\n".join(lines))
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("catalog", help="objects in orbit by date; search by name, NORAD or COSPAR id")
    sub = p.add_subparsers(dest="catalog_verb", metavar="SUBVERB")
    c = sub.add_parser("count", help="objects in orbit on a date, by kind")
    c.add_argument("--date", required=True, help="YYYY-MM-DD")
    c.add_argument("--without", action="append", metavar="EVENT_ID", help="leave out a fragmentation event (repeatable)")
    c.add_argument("--json", action="store_true", help="print one JSON document")
    c.set_defaults(func=lambda args: _count(args))
    f = sub.add_parser("find", help="search by name, NORAD number or COSPAR id")
    f.add_argument("text")
    f.add_argument("--limit", type=int, default=50)
    f.add_argument("--json", action="store_true", help="print one JSON document")
    f.set_defaults(func=lambda args: _find(args))
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
