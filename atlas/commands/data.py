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

Exit 1 with a message on stderr wherever the store itself cannot be read (corrupt, other version).
"""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 3


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
