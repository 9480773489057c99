"""`space-atlas data status|import FILE...|reset [--json]`: the local catalog store.

JSON shapes (stable; other tools read them):

- `data import FILE... [--merge] --json` ->
  `{"loaded": N, "refused": [{"file", "line", "reason"}], "objects": N}`
  loaded = valid records read from the files; objects = size of the active catalog afterwards.
  Exit 0: all records loaded; 3: some refused, the import happened; 1: the import failed and
  the previous catalog is unchanged (message on stderr; with --json stdout carries
  `{"error": "...", "refused": [...]}`).
- `data status --json` ->
  `{"source", "modeled", "objects", "epoch_range": [first, last] | null, "from_elements",
  "from_satcat", "files", "imported_at", "store", "hint"}` (from_elements / from_satcat: objects
  placed by an element set / by a SATCAT orbit, 0 for the modeled history; epoch_range: of the
  element sets, null where there are none; hint: a sentence saying how to import, null once a
  catalog is active).
- `data reset --json` -> the status after the reset.
- `data update [--url BASE] [--force] [--timeout S] --json` ->
  `{"ok": true, "objects", "files": [{"name", "url", "bytes", "empty"}], "source", "elapsed_s",
  "loaded", "refused", "label"}` (source: the base URL; refused: how many records the import refused;
  label: the active catalog's label). Progress goes to stderr. Exit 0: imported; 1: failed, the previous
  catalog is unchanged (`{"ok": false, "error", "url", "refused"}`); 4: refused by the throttle, no
  request made (`{"ok": false, "throttled": true, "error", "last_attempt", "next_allowed"}`).

Exit 1 with a message on stderr wherever the store itself cannot be read (corrupt, other version).
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_THROTTLED = 0, 1, 3, 4


def register(subparsers: argparse._SubParsersAction) -> None:
    data = subparsers.add_parser("data", help="the local catalog store: status, import, reset")
    verbs = data.add_subparsers(dest="data_verb", metavar="ACTION", required=True)

    st = verbs.add_parser("status", help="what catalog the app shows, from which files")
    st.add_argument("--json", action="store_true", help="print one JSON document")
    st.set_defaults(func=_status)

    imp = verbs.add_parser(
        "import", help="import OMM CSV/JSON, TLE, 3LE and CelesTrak SATCAT CSV files as the new catalog"
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument(
        "--merge", action="store_true",
        help="merge into the current catalog (newer element sets win; a SATCAT adds launch and decay dates)",
    )
    imp.add_argument("--json", action="store_true", help="print one JSON document")
    imp.set_defaults(func=_import)

    up = verbs.add_parser(
        "update", help="download GP groups and the SATCAT from CelesTrak and import them (at most once per 2 hours)"
    )
    up.add_argument("--url", metavar="BASE", default=None, help="base URL instead of https://celestrak.org (a mirror)")
    up.add_argument("--force", action="store_true", help="ignore the 2-hour limit between rounds of requests")
    up.add_argument("--timeout", type=float, default=None, metavar="S", help="seconds to wait for a connection or data")
    up.add_argument("--json", action="store_true", help="print one JSON document (progress stays on stderr)")
    up.set_defaults(func=_update)

    rs = verbs.add_parser("reset", help="drop imported catalogs (back to the built-in default)")
    rs.add_argument("--json", action="store_true", help="print one JSON document")
    rs.set_defaults(func=_reset)


def _fail(args: argparse.Namespace, message: str, refused: list[dict] | None = None) -> int:
    from atlas.cli import emit

    print(f"space-atlas data: {message}", file=sys.stderr)
    for r in refused or []:
        print(f"{r['file']}:{r['line']}: {r['reason']}", file=sys.stderr)
    if args.json:
        emit({"error": message, "refused": refused or []}, True)
    return EXIT_FAILED


def _status_text(st: dict) -> str:
    if st["hint"]:
        return f"{st['source']}: {st['objects']} objects. {st['hint']}\nstore: {st['store']}"
    placed = f"{st['from_elements']} placed by element sets"
    if st["epoch_range"]:
        placed += f" (epochs {st['epoch_range'][0]} to {st['epoch_range'][1]})"
    if st["from_satcat"]:
        placed += f", {st['from_satcat']} by SATCAT orbits (positions along them illustrative)"
    return f"{st['source']}: {st['objects']} objects, {placed}, imported {st['imported_at']}\nstore: {st['store']}"


def _status(args: argparse.Namespace) -> int:
    from atlas.cli import emit
    from atlas.data import store

    from atlas.data.active import active_status

    try:
        st = active_status()
    except store.StoreError as exc:
        return _fail(args, str(exc))
    emit(st, args.json, _status_text(st))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from atlas.cli import emit
    from atlas.data import store

    try:
        result = store.import_files(args.files, merge=args.merge)
    except store.ImportFailed as exc:
        return _fail(args, str(exc), exc.refused)
    doc = {"loaded": result.loaded, "refused": result.refused, "objects": result.objects}
    lines = [
        f"imported {result.loaded} records from {len(args.files)} file(s), {len(result.refused)} refused; "
        f"the catalog now holds {result.objects} objects"
    ]
    lines += [f"{r['file']}:{r['line']}: {r['reason']}" for r in result.refused]
    emit(doc, args.json, "\n".join(lines))
    return EXIT_REFUSED if result.refused else EXIT_OK


def _reset(args: argparse.Namespace) -> int:
    from atlas.cli import emit
    from atlas.data import store

    from atlas.data.active import active_status

    try:
        store.reset()
        st = active_status()
    except (OSError, store.StoreError) as exc:
        return _fail(args, f"reset failed: {exc}")
    emit(st, args.json, "imported catalogs dropped. " + _status_text(st))
    return EXIT_OK


class _StderrProgress:
    """Progress lines on stderr: one per file once it arrived whole (and retries, and the import);
    on a terminal also a running byte count, redrawn at most 5 times a second."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = 0.0

    def __call__(self, p) -> None:
        import time

        where = f"[{p.index}/{p.count}] {p.name}"
        if p.stage == "retry":
            self._line(f"{where}: {p.note}")
        elif p.stage == "import":
            self._line(f"{p.note} into the catalog store (one transaction)")
        elif p.stage == "file":
            self._line(f"{where}: {p.done:,} bytes" + (f" ({p.note})" if p.note else ""))
        elif self.tty and time.monotonic() - self.shown > 0.2:
            self.shown = time.monotonic()
            of = f" of {p.total:,}" if p.total is not None else ""
            print(f"\r{where}: {p.done:,}{of} bytes", end="", file=sys.stderr, flush=True)

    def _line(self, text: str) -> None:
        print(("\r\033[K" if self.tty else "") + text, file=sys.stderr, flush=True)


def _update(args: argparse.Namespace) -> int:
    from atlas.cli import emit
    from atlas.data import update
    from atlas.model.content import ContentError

    base = args.url or update.DEFAULT_BASE
    kwargs = {"timeout_s": args.timeout} if args.timeout else {}
    try:
        result = update.run_update(base, force=args.force, progress=_StderrProgress(), **kwargs)
    except update.UpdateThrottled as exc:
        print(f"space-atlas data: {exc}", file=sys.stderr)
        if args.json:
            emit({"ok": False, "throttled": True, "error": str(exc),
                  "last_attempt": update.iso_utc(exc.last_attempt), "next_allowed": update.iso_utc(exc.next_allowed)}, True)
        return EXIT_THROTTLED
    except (update.UpdateError, ContentError) as exc:
        url, refused = getattr(exc, "url", None), getattr(exc, "refused", [])
        print(f"space-atlas data: {exc}", file=sys.stderr)
        if args.json:
            emit({"ok": False, "error": str(exc), "url": url, "refused": refused}, True)
        return EXIT_FAILED
    files = ", ".join(f.name + (" (no data)" if f.empty else "") for f in result.files)
    text = (
        f"updated from {result.source} in {result.elapsed_s:.1f} s: {result.loaded:,} records read, "
        f"{result.refused:,} refused; the catalog now holds {result.objects:,} objects\nfiles: {files}"
    )
    emit(result.to_json(), args.json, text)
    return EXIT_OK
