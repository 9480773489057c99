"""The local catalog store: one SQLite file in the user data directory.

Why SQLite: an import must be all-or-nothing (a half-written catalog would show a wrong sky
with no warning), and SQLite gives that with one transaction; the file also stays readable
with any SQLite tool (`SELECT * FROM object WHERE norad = 25544`).

Layout (schema version SCHEMA_VERSION):
- `meta(key, value)`: `schema_version`.
- `catalog(id, label, files, formats, imported_at, active)`: provenance of each catalog;
  exactly one is active after an import, none after `reset()` (the built-in default).
- `object(catalog_id, norad, ...)`: one row per object, one column per POPULATION_DTYPE
  field. Dates are integers in the field's own unit since 1970-01-01 (epoch: microseconds,
  launch/decay: days), NULL where unknown.

An import keeps only the new catalog (older ones are dropped in the same transaction).

Merge rule (one import of several files, and `--merge` onto the active catalog, follow the same rule):
- Element sets (OMM, TLE, 3LE): per NORAD number the newest epoch wins; on equal epochs the later file.
- A CelesTrak SATCAT makes every one of its rows an object. Where an element set exists for the same NORAD
  number, the element set places the object (elements override the SATCAT's apogee/perigee orbit) and the
  SATCAT supplies what element files do not carry: launch date, decay date, object type and owner (element
  files have none: their kind and owner are only guessed from the name), and the name and COSPAR id where
  the element set has none. Where there is no element set, the SATCAT's orbit places it (illustratively:
  atlas.data.satcat.NOTE).
- Element sets without a SATCAT row stay as they are. Between two SATCATs the later file wins.
A row with a launch date carries SATCAT facts (element files give none), which is how a later merge keeps
them: importing new element sets onto a SATCAT-merged catalog keeps each object's launch and decay dates.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import numpy as np

from atlas.data.formats import FormatError, ParsedFile, read_file
from atlas.model.population import (
    POPULATION_DTYPE,
    SRC_ELEMENTS,
    SRC_SATCAT,
    Population,
    constellation_of,
    empty,
)
from atlas.paths import user_data_dir

SCHEMA_VERSION = 1
STORE_FILE = "catalog.sqlite3"
DEFAULT_SOURCE = "built-in default"
NO_CATALOG_HINT = (
    "No catalog imported: the built-in modeled history is shown. Import GP elements and the SATCAT with "
    "`space-atlas data import FILE...` (OMM CSV/JSON, TLE or 3LE, and CelesTrak's SATCAT CSV, from celestrak.org)."
)
CHUNK = 4096  # rows per INSERT batch
_NAT = np.iinfo(np.int64).min  # datetime64 NaT as int64

# SQL column per population field; dates are stored as int64 in their own unit.
_COLUMNS = tuple(POPULATION_DTYPE.names)
_DATE_COLUMNS = frozenset(n for n in _COLUMNS if POPULATION_DTYPE[n].kind == "M")
_STORAGE_DTYPE = np.dtype(
    [(n, np.int64 if n in _DATE_COLUMNS else POPULATION_DTYPE[n]) for n in _COLUMNS]
)


def _sql_type(name: str) -> str:
    kind = POPULATION_DTYPE[name].kind
    return {"i": "INTEGER", "M": "INTEGER", "f": "REAL", "U": "TEXT"}[kind]


class StoreError(RuntimeError):
    """The store cannot be used (corrupt, from another version); the message says what to do."""


class ImportFailed(StoreError):
    """Nothing was imported and the previous catalog is unchanged. `refused` lists the
    refusals found before the failure (a file with no valid record explains itself there)."""

    def __init__(self, message: str, refused: list[dict] | None = None):
        super().__init__(message)
        self.refused = refused or []


@dataclass
class ImportResult:
    loaded: int  # valid records read from the files
    refused: list[dict] = field(default_factory=list)  # {"file", "line", "reason"}
    objects: int = 0  # objects in the active catalog afterwards


def store_path() -> Path:
    return user_data_dir() / STORE_FILE


# ----------------------------------------------------------------------------------------
# Opening
# ----------------------------------------------------------------------------------------
def _unusable(path: Path, why: str) -> StoreError:
    return StoreError(f"{path}: {why}; `space-atlas data reset` starts a fresh, empty store")


def _open(create: bool) -> sqlite3.Connection | None:
    """A connection to a store of this schema version; None if there is none and create is False."""
    path = store_path()
    if not path.exists() and not create:
        return None
    try:
        conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    except sqlite3.Error as exc:
        raise _unusable(path, f"cannot open the catalog store ({exc})") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            if not create:
                conn.close()
                return None
            _create_schema(conn)
            return conn
        if "meta" not in tables:
            raise _unusable(path, "not a Space Law Atlas catalog store (no schema version)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else None
        if version is None:
            raise _unusable(path, "the catalog store has no readable schema version")
        if version < SCHEMA_VERSION:
            raise _unusable(path, f"the catalog store was made by an older version (schema {version}, now {SCHEMA_VERSION})")
        if version > SCHEMA_VERSION:
            raise _unusable(
                path, f"the catalog store was made by a newer version (schema {version}, this one reads {SCHEMA_VERSION})"
            )
        if create:
            _add_new_columns(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _unusable(path, f"not a readable catalog store ({exc})") from exc
    except StoreError:
        conn.close()
        raise
    return conn


def _create_schema(conn: sqlite3.Connection) -> None:
    cols = ",\n  ".join(f"{n} {_sql_type(n)}" for n in _COLUMNS if n != "norad")
    conn.executescript(
        f"""
        BEGIN;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}');
        CREATE TABLE catalog (
          id INTEGER PRIMARY KEY,
          label TEXT NOT NULL,
          files TEXT NOT NULL,
          formats TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          active INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE object (
          catalog_id INTEGER NOT NULL REFERENCES catalog(id),
          norad INTEGER NOT NULL,
          {cols},
          PRIMARY KEY (catalog_id, norad)
        ) WITHOUT ROWID;
        COMMIT;
        """
    )


def _table_columns(conn: sqlite3.Connection) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(object)")]


def _add_new_columns(conn: sqlite3.Connection) -> None:
    """Fields added to POPULATION_DTYPE since the store was made become new (NULL) columns,
    so a grown population needs no schema bump; removed fields are ignored on load."""
    have = set(_table_columns(conn))
    for n in _COLUMNS:
        if n not in have:
            conn.execute(f"ALTER TABLE object ADD COLUMN {n} {_sql_type(n)}")


def _active(conn: sqlite3.Connection) -> tuple | None:
    return conn.execute(
        "SELECT id, label, files, formats, imported_at FROM catalog WHERE active = 1 ORDER BY id DESC LIMIT 1"
    ).fetchone()


# ----------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------
def _read_rows(conn: sqlite3.Connection, catalog_id: int) -> np.ndarray:
    present = [n for n in _COLUMNS if n in set(_table_columns(conn))]
    select = ", ".join(f"COALESCE({n}, {_NAT})" if n in _DATE_COLUMNS else n for n in present)
    records = conn.execute(f"SELECT {select} FROM object WHERE catalog_id = ? ORDER BY norad", (catalog_id,)).fetchall()
    stored = np.array(records, dtype=[(n, _STORAGE_DTYPE[n]) for n in present])
    rows = empty(len(stored))
    for n in present:
        col = stored[n]
        rows[n] = col.view(POPULATION_DTYPE[n]) if n in _DATE_COLUMNS else col
    return rows


def load_active() -> Population | None:
    """The active imported catalog, or None (the built-in default applies)."""
    conn = _open(create=False)
    if conn is None:
        return None
    try:
        active = _active(conn)
        if active is None:
            return None
        cid, label, files, _formats, imported_at = active
        return Population(_read_rows(conn, cid), label=label, modeled=False, files=json.loads(files), imported_at=imported_at)
    except sqlite3.DatabaseError as exc:
        raise _unusable(store_path(), f"cannot read the catalog ({exc})") from exc
    finally:
        conn.close()


def _iso(us: int | None) -> str | None:
    return None if us is None else str(np.datetime64(us, "us").astype("M8[s]")) + "Z"


def status() -> dict:
    """What the app shows now: source label, object count, how many are placed by element sets and how many
    by SATCAT orbits, the element sets' epoch range (SATCAT rows have no real epoch), files, store path."""
    out = {
        "source": DEFAULT_SOURCE,
        "modeled": True,
        "objects": 0,
        "epoch_range": None,
        "from_elements": 0,
        "from_satcat": 0,
        "files": [],
        "imported_at": None,
        "store": str(store_path()),
        "hint": NO_CATALOG_HINT,
    }
    conn = _open(create=False)
    if conn is None:
        return out
    try:
        active = _active(conn)
        if active is None:
            return out
        cid, label, files, _formats, imported_at = active
        count, first, last, from_elements, from_satcat = conn.execute(
            f"SELECT COUNT(*), MIN(CASE WHEN source = {SRC_ELEMENTS} THEN epoch END), "
            f"MAX(CASE WHEN source = {SRC_ELEMENTS} THEN epoch END), "
            f"COALESCE(SUM(source = {SRC_ELEMENTS}), 0), COALESCE(SUM(source = {SRC_SATCAT}), 0) "
            "FROM object WHERE catalog_id = ?",
            (cid,),
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise _unusable(store_path(), f"cannot read the catalog ({exc})") from exc
    finally:
        conn.close()
    out.update(
        source=label,
        modeled=False,
        objects=int(count),
        epoch_range=[_iso(first), _iso(last)] if first is not None else None,
        from_elements=int(from_elements),
        from_satcat=int(from_satcat),
        files=json.loads(files),
        imported_at=imported_at,
        hint=None,
    )
    return out


# ----------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------
def _last_per_norad(rows: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """One row per NORAD number, sorted by it: the last after ordering by `keys` (most significant last,
    as np.lexsort), then by position, so that of equal rows the later one wins."""
    if len(rows) == 0:
        return rows
    order = np.lexsort((np.arange(len(rows)), *keys, rows["norad"]))
    sorted_norad = rows["norad"][order]
    last = np.ones(len(rows), dtype=bool)
    last[:-1] = sorted_norad[1:] != sorted_norad[:-1]
    return rows[order[last]]


def newest_per_norad(rows: np.ndarray) -> np.ndarray:
    """One row per NORAD number: the newest epoch wins (unknown epochs lose); on equal
    epochs the later row wins, so a later file overrides an earlier one."""
    return _last_per_norad(rows, rows["epoch"].astype(np.int64))  # NaT is the smallest int64


def merge_rows(rows: np.ndarray) -> np.ndarray:
    """One row per NORAD number by the merge rule of the module docstring (rows in file order: later wins)."""
    if len(rows) == 0:
        return rows
    is_elements = rows["source"] == SRC_ELEMENTS
    placed = newest_per_norad(rows[is_elements])
    others = _last_per_norad(rows[~is_elements])
    others = others[~np.isin(others["norad"], placed["norad"])]
    facts = _last_per_norad(rows[~np.isnat(rows["launch"])])
    if len(facts) and len(placed):
        i = np.minimum(np.searchsorted(facts["norad"], placed["norad"]), len(facts) - 1)
        has = facts["norad"][i] == placed["norad"]
        f = facts[i[has]]
        for key in ("launch", "decay", "kind"):
            placed[key][has] = f[key]
        owner = placed["owner"][has]
        placed["owner"][has] = np.where(f["owner"] != "", f["owner"], owner)
        name = placed["name"][has]
        unnamed = (name == "") | np.char.startswith(name, "NORAD ")
        placed["name"][has] = np.where(unnamed, f["name"], name)
        cospar = placed["cospar"][has]
        placed["cospar"][has] = np.where(cospar == "", f["cospar"], cospar)
        renamed = np.flatnonzero(has)[unnamed]
        placed["constellation"][renamed] = [constellation_of(str(n)) for n in placed["name"][renamed]]
    out = np.concatenate([placed, others])
    return out[np.argsort(out["norad"], kind="stable")]


def _insert_chunk(conn: sqlite3.Connection, sql: str, records: list[tuple]) -> None:
    conn.executemany(sql, records)


def _insert_objects(conn: sqlite3.Connection, catalog_id: int, rows: np.ndarray) -> None:
    names = ", ".join(_COLUMNS)
    values = ", ".join(f"NULLIF(?, {_NAT})" if n in _DATE_COLUMNS else "?" for n in _COLUMNS)
    sql = f"INSERT INTO object (catalog_id, {names}) VALUES ({int(catalog_id)}, {values})"
    stored = np.empty(len(rows), dtype=_STORAGE_DTYPE)
    for n in _COLUMNS:
        stored[n] = rows[n].view(np.int64) if n in _DATE_COLUMNS else rows[n]
    for start in range(0, len(stored), CHUNK):
        _insert_chunk(conn, sql, stored[start : start + CHUNK].tolist())


def _now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def save_catalog(rows: np.ndarray, label: str, files: list[str], formats: list[str], merge: bool = False) -> int:
    """Make `rows` the active catalog in one transaction (or, with merge, combine them with the
    active one), one row per object by the merge rule (module docstring). Returns the number of objects
    now active. On any
    failure the previous catalog stays exactly as it was and ImportFailed is raised."""
    try:
        conn = _open(create=True)
    except ImportFailed:
        raise
    except StoreError as exc:
        raise ImportFailed(f"{exc}; nothing was imported") from exc
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = _active(conn) if merge else None
            if current is not None:
                cid, old_label, old_files, old_formats, _ = current
                rows = np.concatenate([_read_rows(conn, cid), rows])
                label = f"{old_label} + {label}"
                files = json.loads(old_files) + list(files)
                formats = json.loads(old_formats) + list(formats)
            rows = merge_rows(rows)
            cur = conn.execute(
                "INSERT INTO catalog (label, files, formats, imported_at, active) VALUES (?, ?, ?, ?, 0)",
                (label, json.dumps(files), json.dumps(formats), _now_utc()),
            )
            new_id = cur.lastrowid
            _insert_objects(conn, new_id, rows)
            conn.execute("DELETE FROM object WHERE catalog_id != ?", (new_id,))
            conn.execute("DELETE FROM catalog WHERE id != ?", (new_id,))
            conn.execute("UPDATE catalog SET active = 1 WHERE id = ?", (new_id,))
            conn.execute("COMMIT")
        except Exception as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise ImportFailed(
                f"{store_path()}: could not store the catalog ({exc}); the previous catalog is unchanged"
            ) from exc
    finally:
        conn.close()
    return len(rows)


def source_label(parsed: ParsedFile) -> str:
    """'CelesTrak GP (OMM CSV) celestrak-gp-active-2026-07-10.csv': CelesTrak is named only
    where the file name says so; the file itself does not tell us where it came from. A SATCAT
    is CelesTrak's own format: 'CelesTrak SATCAT satcat.csv'."""
    name = Path(parsed.path).name
    if parsed.format == "satcat":
        return f"CelesTrak SATCAT {name}"
    origin = "CelesTrak GP" if "celestrak" in name.lower() else "GP elements"
    return f"{origin} ({parsed.format_label}) {name}"


def import_files(paths: Iterable[str | Path], merge: bool = False) -> ImportResult:
    """Read every file and make them, together, the new active catalog (one object per NORAD number
    by the merge rule of the module docstring: element sets place, a SATCAT adds dates). A file with some refused records still loads; an unreadable file or
    one with no valid record fails the whole import and leaves the previous catalog."""
    paths = [str(p) for p in paths]
    if not paths:
        raise ImportFailed("no files given")
    parsed: list[ParsedFile] = []
    refused: list[dict] = []
    for p in paths:
        try:
            pf = read_file(p)
        except FormatError as exc:
            raise ImportFailed(f"{exc}; nothing was imported", refused) from exc
        refused.extend(pf.refused)
        if len(pf.rows) == 0:
            first = f" (first: line {pf.refused[0]['line']}: {pf.refused[0]['reason']})" if pf.refused else ""
            raise ImportFailed(
                f"{p}: no valid record in this {pf.format_label} file, {len(pf.refused)} refused{first}; "
                "nothing was imported",
                refused,
            )
        parsed.append(pf)
    rows = np.concatenate([pf.rows for pf in parsed])
    label = "; ".join(source_label(pf) for pf in parsed)
    objects = save_catalog(
        rows, label, [Path(pf.path).name for pf in parsed], [pf.format_label for pf in parsed], merge=merge
    )
    return ImportResult(loaded=len(rows), refused=refused, objects=objects)


def reset() -> None:
    """Drop every imported catalog (delete the store file, even a corrupt one): the built-in
    default applies again."""
    path = store_path()
    for p in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
              path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
