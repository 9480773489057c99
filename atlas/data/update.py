"""`space-atlas data update`: download the tracked population from CelesTrak and import it atomically.

One round = one GP request (OMM CSV) per group listed in resources/catalogs/celestrak-groups.toml plus one
request for the whole SATCAT CSV. Everything is written to a temporary directory outside the data
directory; only when every file has arrived whole and looks like the CSV it should be are they imported,
together, by `store.import_files` (one SQLite transaction). So a 404, a cut-off body, a stalled server, an
HTML error page or a cancel leaves the previous catalog exactly as it was, and no partial file behind.

Why the care:
- CelesTrak refreshes its data at most every 2 hours and asks programs not to fetch more often; the
  time of every round's first request is kept in `update.json` in the user data directory (per base URL)
  and a new round within `min_interval_hours` is refused unless forced.
- A student's network is often poor: each request has a timeout (connect, and every read: a stalled
  connection fails after `timeout_s` with no data, it does not hang), failures that may pass (timeouts,
  dropped or cut-off connections, HTTP 5xx/408/429) are retried with exponential back-off, and the error
  names the URL and what happened. A 404 or a page that is not the expected CSV is not retried.
- Truncation is checked twice: the byte count against Content-Length, and the last CSV line against the
  header's number of fields (a body sent without Content-Length and cut mid-line).

No Qt here: the GUI runs `run_update` in a worker thread (atlas/ui/update_dialog.py).
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import shutil
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from atlas import __version__
from atlas.data import store
from atlas.model.content import ContentError, TomlDoc
from atlas.paths import resource, user_data_dir

DEFAULT_BASE = "https://celestrak.org"
STATE_FILE = "update.json"
USER_AGENT = f"space-law-atlas/{__version__} (data update; at most one round per 2 hours)"
CHUNK = 64 * 1024
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF_S = 2.0
NO_GP_DATA = "No GP data found"  # CelesTrak's plain-text answer (with HTTP 404 or 200) for a group with no objects

# Columns that make a download recognisably the file we asked for (a subset of what CelesTrak sends).
GP_COLUMNS = ("OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "NORAD_CAT_ID")
SATCAT_COLUMNS = (
    "OBJECT_NAME", "OBJECT_ID", "NORAD_CAT_ID", "OBJECT_TYPE", "LAUNCH_DATE", "DECAY_DATE",
    "PERIOD", "INCLINATION", "APOGEE", "PERIGEE",
)


# ----------------------------------------------------------------------------------------
# What to download (data: resources/catalogs/celestrak-groups.toml)
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Group:
    name: str
    title: str
    why: str
    may_be_empty: bool


@dataclass(frozen=True)
class Plan:
    gp_path: str
    satcat_path: str
    min_interval_s: float
    groups: tuple[Group, ...]


def groups_file() -> Path:
    return resource("catalogs", "celestrak-groups.toml")


def load_plan(path: str | Path | None = None) -> Plan:
    """The groups and paths to fetch; a ContentError (file:line) on anything malformed."""
    doc = TomlDoc.load(path or groups_file())
    top = doc.data.get("celestrak")
    if not isinstance(top, dict):
        raise doc.error("missing [celestrak] table (gp_path, satcat_path, min_interval_hours)")

    def text(table: dict, key: str, array: str | None, index: int) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            where = "[celestrak]" if array is None else f"[[{array}]] {index + 1}"
            raise doc.error(f"{where}: `{key}` must be a non-empty string", array, index, key)
        return value.strip()

    def celestrak_text(key: str) -> str:
        if not isinstance(top.get(key), str) or not top[key].startswith("/"):
            raise ContentError(doc.path, _top_key_line(doc, key), f"[celestrak]: `{key}` must be a path starting with /")
        return top[key]

    hours = top.get("min_interval_hours")
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or hours < 2:
        raise ContentError(
            doc.path, _top_key_line(doc, "min_interval_hours"),
            "[celestrak]: `min_interval_hours` must be a number >= 2 (CelesTrak's usage policy)",
        )
    entries = doc.data.get("group")
    if not isinstance(entries, list) or not entries:
        raise doc.error("no [[group]] entries: nothing to download")
    groups: list[Group] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        name = text(entry, "name", "group", i)
        if not all(c.isascii() and (c.isalnum() or c in "-_") for c in name):
            raise doc.error(f"group name {name!r} may hold only letters, digits, '-' and '_'", "group", i, "name")
        if name in seen:
            raise doc.error(f"group {name!r} is listed twice", "group", i, "name")
        seen.add(name)
        may_be_empty = entry.get("may_be_empty")
        if not isinstance(may_be_empty, bool):
            raise doc.error(f"[[group]] {name}: `may_be_empty` must be true or false", "group", i, "may_be_empty")
        text(entry, "source", "group", i)
        groups.append(Group(name, text(entry, "title", "group", i), text(entry, "why", "group", i), may_be_empty))
    return Plan(celestrak_text("gp_path"), celestrak_text("satcat_path"), float(hours) * 3600.0, tuple(groups))


def _top_key_line(doc: TomlDoc, key: str) -> int | None:
    """Line of `key =` inside the [celestrak] table."""
    inside = False
    for no, line in enumerate(doc.text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.split("#")[0].strip() == "[celestrak]"
        elif inside and stripped.split("=")[0].strip() == key:
            return no
    return None


@dataclass(frozen=True)
class Download:
    name: str  # file name in the temporary directory (and in the catalog's provenance)
    url: str
    kind: str  # "gp" or "satcat"
    group: Group | None = None


def downloads(base_url: str, plan: Plan) -> list[Download]:
    """Every request of one round, GP groups first, the SATCAT last."""
    base = base_url.rstrip("/")
    out = [
        Download(f"celestrak-gp-{g.name}.csv", f"{base}{plan.gp_path}?GROUP={g.name}&FORMAT=csv", "gp", g)
        for g in plan.groups
    ]
    out.append(Download("celestrak-satcat.csv", f"{base}{plan.satcat_path}", "satcat"))
    return out


# ----------------------------------------------------------------------------------------
# Errors, progress, results
# ----------------------------------------------------------------------------------------
class UpdateError(RuntimeError):
    """The update failed and the previous catalog is unchanged. `retry`: whether trying again soon
    may help (a timeout or cut connection), as opposed to a 404 or a wrong page."""

    def __init__(self, message: str, url: str | None = None, retry: bool = False, refused: list[dict] | None = None):
        super().__init__(message)
        self.url = url
        self.retry = retry
        self.refused = refused or []  # {"file", "line", "reason"} where the import refused records


class UpdateCancelled(UpdateError):
    """Cancelled by the user; nothing was imported."""


class UpdateThrottled(UpdateError):
    """Refused before any request: the last round against this base URL was too recent."""

    def __init__(self, message: str, last_attempt: datetime, next_allowed: datetime):
        super().__init__(message)
        self.last_attempt = last_attempt
        self.next_allowed = next_allowed


@dataclass(frozen=True)
class Progress:
    """One report to the progress callback. stage: "download" (done/total bytes of file `index`
    of `count`; total None when the server sends no Content-Length, as with chunked replies),
    "file" (that file arrived whole and passed the checks; done = total = its size; note says
    "no data" for an empty group), "retry" (note says why and when), "import" (all files arrived;
    the atomic import runs and cannot be cancelled any more)."""

    stage: str
    index: int  # 1-based
    count: int
    name: str
    done: int = 0
    total: int | None = None
    note: str = ""


@dataclass
class FileResult:
    name: str
    url: str
    bytes: int
    empty: bool = False  # CelesTrak had no data for this group (all re-entered); not imported


@dataclass
class UpdateResult:
    ok: bool
    objects: int  # objects in the active catalog afterwards
    files: list[FileResult]
    source: str  # the base URL the files came from
    elapsed_s: float
    loaded: int = 0  # valid records read from the files
    refused: int = 0  # records refused (file:line reasons via `data import` of the same files)
    label: str = ""  # the active catalog's label afterwards

    def to_json(self) -> dict:
        doc = asdict(self)
        doc["elapsed_s"] = round(self.elapsed_s, 3)
        return doc


ProgressFn = Callable[[Progress], None]
CancelLike = Callable[[], bool] | threading.Event | None


def _cancelled(cancel: CancelLike) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def _check_cancel(cancel: CancelLike) -> None:
    if _cancelled(cancel):
        raise UpdateCancelled("update cancelled; nothing was imported and the previous catalog is unchanged")


# ----------------------------------------------------------------------------------------
# Throttle (persisted in the user data directory)
# ----------------------------------------------------------------------------------------
def state_path() -> Path:
    return user_data_dir() / STATE_FILE


def read_state() -> dict:
    """The persisted update state; an unreadable file counts as empty (it only ever delays)."""
    try:
        doc = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _write_state(doc: dict) -> None:
    """Replace update.json atomically (a temporary file in the same directory, then rename)."""
    path = state_path()
    fd, tmp = tempfile.mkstemp(prefix=".update-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iso_utc(t: datetime) -> str:
    """2026-07-10T12:00:00Z."""
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(text: object) -> datetime | None:
    try:
        return datetime.strptime(str(text), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def next_allowed(base_url: str, plan: Plan | None = None, now: datetime | None = None) -> tuple[datetime, datetime] | None:
    """(last attempt, next allowed time) while a new round against base_url would be refused, else None."""
    plan = plan or load_plan()
    now = now or datetime.now(timezone.utc)
    last = _parse_iso(read_state().get("attempts", {}).get(base_url.rstrip("/")))
    if last is None or last > now:  # a clock set back must not block updates for ever
        return None
    allowed = last + timedelta(seconds=plan.min_interval_s)
    return (last, allowed) if now < allowed else None


def _record(base_url: str, now: datetime, **fields) -> None:
    doc = read_state()
    attempts = doc.get("attempts") if isinstance(doc.get("attempts"), dict) else {}
    attempts[base_url.rstrip("/")] = iso_utc(now)
    doc["attempts"] = attempts
    doc.update(fields)
    _write_state(doc)


# ----------------------------------------------------------------------------------------
# One file
# ----------------------------------------------------------------------------------------
def _fetch_once(dl: Download, dest: Path, timeout_s: float, cancel: CancelLike, report: Callable[[int, int | None], None]) -> int:
    """Download dl.url to dest; returns the byte count. Raises UpdateError (retry set where it may pass)."""
    request = urllib.request.Request(dl.url, headers={"User-Agent": USER_AGENT, "Accept": "text/csv, text/plain"})
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)
    except urllib.error.HTTPError as exc:
        with exc:
            body = _small_body(exc) if exc.code == 404 and dl.group is not None else b""
        if body.strip().startswith(NO_GP_DATA.encode()):
            # CelesTrak answers an empty group with 404 and this text: _check_csv decides if that is allowed
            dest.write_bytes(body)
            report(len(body), len(body))
            return len(body)
        transient = exc.code in (408, 429) or exc.code >= 500
        raise UpdateError(f"{dl.url}: HTTP {exc.code} {exc.reason}", dl.url, retry=transient) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise UpdateError(f"{dl.url}: no answer within {timeout_s:g} s (timed out)", dl.url, retry=True) from None
        permanent = isinstance(reason, ssl.SSLCertVerificationError)
        raise UpdateError(f"{dl.url}: cannot connect ({reason})", dl.url, retry=not permanent) from None
    except TimeoutError:
        raise UpdateError(f"{dl.url}: no answer within {timeout_s:g} s (timed out)", dl.url, retry=True) from None
    except (http.client.HTTPException, OSError) as exc:
        raise UpdateError(f"{dl.url}: connection failed ({exc or type(exc).__name__})", dl.url, retry=True) from None

    done = 0
    with response, open(dest, "wb") as out:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.strip().isdigit() else None
        report(0, total)
        while True:
            _check_cancel(cancel)
            try:
                chunk = response.read1(CHUNK)  # whatever has arrived: cancel stays responsive on slow links
            except TimeoutError:
                raise UpdateError(
                    f"{dl.url}: the server stopped sending for {timeout_s:g} s after {done:,} bytes (timed out)",
                    dl.url, retry=True,
                ) from None
            except http.client.IncompleteRead as exc:
                raise UpdateError(
                    f"{dl.url}: truncated body: the connection closed after {done + len(exc.partial):,} bytes",
                    dl.url, retry=True,
                ) from None
            except (http.client.HTTPException, OSError) as exc:
                raise UpdateError(f"{dl.url}: connection lost after {done:,} bytes ({exc})", dl.url, retry=True) from None
            if not chunk:
                break
            out.write(chunk)
            done += len(chunk)
            report(done, total)
    if total is not None and done != total:
        raise UpdateError(
            f"{dl.url}: truncated body: received {done:,} of {total:,} bytes (Content-Length)", dl.url, retry=True
        )
    return done


def _small_body(exc: urllib.error.HTTPError) -> bytes:
    """The first bytes of an error reply ("No GP data found" is 16), or b"" if it cannot be read."""
    try:
        return exc.read(256) or b""
    except (OSError, http.client.HTTPException):
        return b""


def _check_csv(dl: Download, path: Path) -> bool:
    """Whether the file is the CSV asked for; False for an allowed empty group ("No GP data found").
    Raises UpdateError for an empty body, an HTML page, a wrong header or a last line cut short."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(4096)
        f.seek(max(0, size - 65536))
        tail = f.read()
    text = head.decode("utf-8-sig", errors="replace")
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first:
        raise UpdateError(f"{dl.url}: empty response (0 data lines)", dl.url, retry=True)
    lowered = text.lstrip()[:512].lower()
    if lowered.startswith("<") or "<html" in lowered:
        raise UpdateError(f"{dl.url}: an HTML page, not CSV (an error page or a portal?): {first[:80]!r}", dl.url)
    if dl.group is not None and first.startswith(NO_GP_DATA):
        if dl.group.may_be_empty:
            return False
        raise UpdateError(f"{dl.url}: CelesTrak has no data for group {dl.group.name!r} ({first[:80]!r})", dl.url)
    header = next(csv.reader([first]))
    expected = GP_COLUMNS if dl.kind == "gp" else SATCAT_COLUMNS
    missing = [c for c in expected if c not in header]
    if missing:
        what = "GP (OMM CSV)" if dl.kind == "gp" else "SATCAT CSV"
        raise UpdateError(
            f"{dl.url}: not {what}: the first line lacks {', '.join(missing)} (it reads {first[:80]!r})", dl.url
        )
    last = [ln for ln in tail.decode("utf-8", errors="replace").splitlines() if ln.strip()][-1]
    fields = next(csv.reader([last]))
    if len(fields) != len(header):
        raise UpdateError(
            f"{dl.url}: truncated body: the last line has {len(fields)} of {len(header)} fields", dl.url, retry=True
        )
    return True


def _wait(seconds: float, cancel: CancelLike) -> None:
    """Sleep, waking at least every 0.1 s to honour a cancel."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        _check_cancel(cancel)
        time.sleep(min(0.1, left))


def _fetch(
    dl: Download, dest: Path, index: int, count: int, *, timeout_s: float, retries: int, backoff_s: float,
    cancel: CancelLike, progress: ProgressFn | None, sleep: Callable[[float], None] | None,
) -> bool:
    """Download and check one file, retrying transient failures (back-off backoff_s, 2x, 4x, ...)."""

    def report(done: int, total: int | None) -> None:
        if progress:
            progress(Progress("download", index, count, dl.name, done, total))

    attempt = 0
    while True:
        _check_cancel(cancel)
        try:
            _fetch_once(dl, dest, timeout_s, cancel, report)
            return _check_csv(dl, dest)
        except UpdateCancelled:
            raise
        except UpdateError as exc:
            if not exc.retry or attempt == retries:
                if attempt:
                    raise UpdateError(f"{exc} (after {attempt + 1} attempts)", exc.url) from None
                raise
            delay = backoff_s * 2**attempt
            if progress:
                note = f"attempt {attempt + 1} failed: {exc}; retrying in {delay:g} s"
                progress(Progress("retry", index, count, dl.name, note=note))
            (sleep or (lambda s: _wait(s, cancel)))(delay)
            attempt += 1


# ----------------------------------------------------------------------------------------
# One round
# ----------------------------------------------------------------------------------------
def run_update(
    base_url: str = DEFAULT_BASE,
    force: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelLike = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    retries: int = DEFAULT_RETRIES,
    workdir: str | Path | None = None,
    backoff_s: float = DEFAULT_BACKOFF_S,
    sleep: Callable[[float], None] | None = None,
    plan: Plan | None = None,
) -> UpdateResult:
    """Download every group and the SATCAT into a temporary directory (under workdir if given, never
    the data directory) and import them all in one atomic store.import_files call.

    Raises UpdateThrottled (no request made), UpdateCancelled or UpdateError; in every one of these
    cases the previous catalog is unchanged and the temporary files are gone."""
    plan = plan or load_plan()
    base = base_url.rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise UpdateError(f"{base_url}: the base URL must start with https:// (or http:// for a local mirror)")
    now = datetime.now(timezone.utc)
    if not force:
        blocked = next_allowed(base, plan, now)
        if blocked:
            last, allowed = blocked
            raise UpdateThrottled(
                f"the last update from {base} began at {iso_utc(last)}; CelesTrak refreshes its data at most every "
                f"{plan.min_interval_s / 3600:g} hours and asks for no more than one download per cycle: the next "
                f"update is allowed from {iso_utc(allowed)} (--force overrides)",
                last, allowed,
            )
    started = time.monotonic()
    _check_cancel(cancel)
    _record(base, now)  # the round begins: count it even if it fails, as CelesTrak asks
    todo = downloads(base, plan)
    files: list[FileResult] = []
    tmp = Path(tempfile.mkdtemp(prefix="space-atlas-update-", dir=workdir))
    try:
        keep: list[Path] = []
        for i, dl in enumerate(todo, start=1):
            dest = tmp / dl.name
            has_data = _fetch(
                dl, dest, i, len(todo), timeout_s=timeout_s, retries=retries, backoff_s=backoff_s,
                cancel=cancel, progress=progress, sleep=sleep,
            )
            size = dest.stat().st_size
            files.append(FileResult(dl.name, dl.url, size, empty=not has_data))
            if has_data:
                keep.append(dest)
            if progress:
                progress(Progress("file", i, len(todo), dl.name, size, size, "" if has_data else "no data"))
        _check_cancel(cancel)
        if progress:
            progress(Progress("import", len(todo), len(todo), "catalog", note=f"importing {len(keep)} files"))
        try:
            result = store.import_files(keep)
        except store.ImportFailed as exc:
            raise UpdateError(f"the downloads arrived but the import failed: {exc}", refused=exc.refused) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    label = store.status()["source"]
    done = UpdateResult(
        ok=True, objects=result.objects, files=files, source=base, elapsed_s=time.monotonic() - started,
        loaded=result.loaded, refused=len(result.refused), label=label,
    )
    _record(base, now, last_success={"base": base, "at": iso_utc(now), "objects": result.objects})
    return done
