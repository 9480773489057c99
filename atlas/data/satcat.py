"""CelesTrak SATCAT CSV -> population rows (source = SRC_SATCAT), with refusals that name file and line.

The format (https://celestrak.org/satcat/satcat-format.php): a header line naming the 17 COLUMNS, then one
row per cataloged object. Only Earth-orbiting rows with an orbit (ORBIT_CENTER EA, ORBIT_TYPE ORB or IMP,
apogee, perigee, inclination) become rows; every other row is refused with its line and the reason, so a
user sees why an object is missing (lunar and solar orbits, docked modules, rows without orbital data).

A SATCAT row has no element set, only apogee, perigee, inclination and period, so the orbit's size and
tilt are real but the position along it (mean anomaly), the node and the perigee direction are spread
deterministically from the NORAD number: positions drawn from these rows are illustrative (NOTE), and
atlas.data.sky places them with the two-body + J2 propagator rather than SGP4 (see there why). Epoch =
launch date and bstar = 0.

Fragments carry their parent's launch date in the SATCAT. So that a fragment does not appear in the sky
before the break-up that made it, a debris row's `launch` becomes the date its catalog number was reached
(estimated from the launch dates of the payloads and rocket bodies in the same file, which get numbers
within days of launch), if that is later.

How SATCAT rows combine with element sets for the same object is atlas.data.store's merge rule.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from atlas.model.content import ContentError
from atlas.model.population import (
    DEBRIS,
    EARTH_RADIUS_KM,
    MU_KM3_S2,
    PAYLOAD,
    ROCKET_BODY,
    SRC_SATCAT,
    UNKNOWN,
    constellation_of,
    empty,
    fill_derived,
)

COLUMNS = (
    "OBJECT_NAME", "OBJECT_ID", "NORAD_CAT_ID", "OBJECT_TYPE", "OPS_STATUS_CODE", "OWNER", "LAUNCH_DATE",
    "LAUNCH_SITE", "DECAY_DATE", "PERIOD", "INCLINATION", "APOGEE", "PERIGEE", "RCS", "DATA_STATUS_CODE",
    "ORBIT_CENTER", "ORBIT_TYPE",
)
KINDS = {"PAY": PAYLOAD, "R/B": ROCKET_BODY, "DEB": DEBRIS, "UNK": UNKNOWN}
NOTE = "SATCAT orbit (apogee, perigee, inclination, period); the position along the orbit is illustrative"
_GOLDEN = 0.6180339887498949
MAX_NORAD = 999_999_999  # the CSV carries up to nine digits
# A PERIOD whose semi-major axis differs from APOGEE/PERIGEE's by more than this is a broken row (both come
# from the same element set at CelesTrak, so they agree to rounding).
PERIOD_TOLERANCE = 0.05


@dataclass(frozen=True)
class Refusal:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class _Bad(ValueError):
    """A row problem (becomes a Refusal)."""


def _date(text: str, what: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise _Bad(f"{what} is not a date: {text!r}") from None


def _num(row: dict, key: str) -> float:
    text = (row.get(key) or "").strip()
    if not text:
        raise _Bad(f"no {key} (the SATCAT gives no orbit for this object)")
    try:
        v = float(text)
    except ValueError:
        raise _Bad(f"{key} is not a number: {text!r}") from None
    if not math.isfinite(v):
        raise _Bad(f"{key} is not finite: {text!r}")
    return v


def read_satcat(path: str | Path) -> tuple[np.ndarray, list[Refusal]]:
    """Rows for every Earth-orbiting SATCAT object with orbit parameters, and a refusal for every other row."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    return read_satcat_text(text, str(path))


def is_satcat_header(first_line: str) -> bool:
    """Whether a CSV header line is a SATCAT's (it has launch dates and apogee/perigee, and no elements)."""
    names = {h.strip().strip('"').upper() for h in first_line.split(",")}
    return {"NORAD_CAT_ID", "LAUNCH_DATE", "APOGEE", "PERIGEE"} <= names and "MEAN_MOTION" not in names


def read_satcat_text(text: str, name: str) -> tuple[np.ndarray, list[Refusal]]:
    """read_satcat on text already read. A row with the wrong number of columns is refused; a refused
    last row in text without a final newline is reported as a cut-off download (formats.TRUNCATED)."""
    from atlas.data.formats import TRUNCATED  # formats reads SATCATs through this module

    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ContentError(Path(name), 1, f"not a SATCAT CSV: missing columns {', '.join(missing)}")
    width = len(header)
    good: list[tuple] = []
    refusals: list[Refusal] = []
    line = 1
    for values in reader:
        line = reader.line_num
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        try:
            if len(values) != width:
                raise _Bad(f"the row has {len(values)} columns, the header has {width}")
            good.append(_parse(dict(zip(header, values))))
        except _Bad as exc:
            refusals.append(Refusal(name, line, str(exc)))
    if refusals and refusals[-1].line == line and not text.endswith(("\n", "\r")):
        last = refusals.pop()
        refusals.append(Refusal(name, last.line, f"{TRUNCATED}: {last.reason}"))
    return _rows(good), refusals


def _rows(good: list[tuple]) -> np.ndarray:
    """Population rows from parsed SATCAT tuples (see _parse), orbits and derived fields filled."""
    a = empty(len(good))
    if not good:
        return a
    cols = list(zip(*good))
    for key, values in zip(("norad", "name", "cospar", "kind", "owner", "launch", "decay", "incl"), cols):
        a[key] = values
    hp, ha, period = (np.array(c, dtype=np.float64) for c in cols[8:11])
    sma = EARTH_RADIUS_KM + 0.5 * (hp + ha)
    a["ecc"] = (ha - hp) / (2.0 * sma)
    from_sma = np.sqrt(MU_KM3_S2 / sma**3) * 86400.0 / (2.0 * np.pi)
    a["mean_motion"] = np.where(period > 0, 1440.0 / np.where(period > 0, period, 1.0), from_sma)
    n = a["norad"].astype(np.float64)
    a["raan"] = np.mod(n * _GOLDEN, 1.0) * 360.0
    a["argp"] = np.mod(n * _GOLDEN * 7.0, 1.0) * 360.0
    a["mean_anomaly"] = np.mod(n * _GOLDEN * 13.0, 1.0) * 360.0
    a["epoch"] = a["launch"].astype("M8[us]")
    a["source"] = SRC_SATCAT
    a["constellation"] = [constellation_of(str(x)) for x in a["name"]]
    a["launch"] = catalog_entry_dates(a)
    fill_derived(a)
    return a


def _sma_from_period(period_min: float) -> float:
    return (MU_KM3_S2 * (period_min * 60.0 / (2.0 * np.pi)) ** 2) ** (1.0 / 3.0)


def _parse(row: dict) -> tuple:
    if (row.get("ORBIT_CENTER") or "").strip() != "EA":
        raise _Bad(f"not in Earth orbit (ORBIT_CENTER {row.get('ORBIT_CENTER')!r})")
    otype = (row.get("ORBIT_TYPE") or "").strip()
    if otype not in ("ORB", "IMP"):
        raise _Bad(f"ORBIT_TYPE {otype!r} is not a free orbit (ORB)")
    try:
        norad = int((row.get("NORAD_CAT_ID") or "").strip())
    except ValueError:
        raise _Bad(f"NORAD_CAT_ID is not a number: {row.get('NORAD_CAT_ID')!r}") from None
    if not 0 < norad <= MAX_NORAD:
        raise _Bad(f"NORAD_CAT_ID {norad} is outside 1-{MAX_NORAD}")
    kind = KINDS.get((row.get("OBJECT_TYPE") or "").strip())
    if kind is None:
        raise _Bad(f"OBJECT_TYPE {row.get('OBJECT_TYPE')!r} is not PAY, R/B, DEB or UNK")
    launch = _date(row.get("LAUNCH_DATE") or "", "LAUNCH_DATE")
    decay_text = (row.get("DECAY_DATE") or "").strip()
    decay = _date(decay_text, "DECAY_DATE") if decay_text else None  # None: NaT in the rows
    if decay is not None and decay < launch:
        raise _Bad("DECAY_DATE is before LAUNCH_DATE")
    hp, ha = _num(row, "PERIGEE"), _num(row, "APOGEE")
    if hp > ha or hp <= 0.0:
        raise _Bad(f"PERIGEE {hp:g} km / APOGEE {ha:g} km is not an orbit (perigee at or below the surface, or above apogee)")
    incl = _num(row, "INCLINATION")
    if not 0.0 <= incl <= 180.0:
        raise _Bad(f"INCLINATION {incl:g} is outside 0-180 degrees")
    period = _num(row, "PERIOD") if (row.get("PERIOD") or "").strip() else 0.0
    if (row.get("PERIOD") or "").strip():
        if period <= 0.0:
            raise _Bad(f"PERIOD {period:g} min is not above 0")
        a_period, a_alt = _sma_from_period(period), EARTH_RADIUS_KM + 0.5 * (hp + ha)
        if abs(a_period - a_alt) > PERIOD_TOLERANCE * a_alt:
            raise _Bad(
                f"PERIOD {period:g} min (semi-major axis {a_period:,.0f} km) does not match APOGEE/PERIGEE "
                f"({a_alt:,.0f} km)"
            )
    return (
        norad, (row.get("OBJECT_NAME") or "").strip()[:32], (row.get("OBJECT_ID") or "").strip()[:12], kind,
        (row.get("OWNER") or "").strip()[:8], launch, decay, incl, hp, ha, period,
    )


def catalog_entry_dates(a: np.ndarray) -> np.ndarray:
    """Launch dates, with debris moved to when the catalog reached its number (see the module docstring)."""
    launch = a["launch"].copy()
    ref = (a["kind"] != DEBRIS) & ~np.isnat(launch)
    if ref.sum() < 2:
        return launch
    order = np.argsort(a["norad"][ref])
    nums = a["norad"][ref][order]
    dates = np.maximum.accumulate(launch[ref][order].astype(np.int64))  # the catalog only moves forward
    deb = a["kind"] == DEBRIS
    i = np.searchsorted(nums, a["norad"][deb], side="right") - 1
    reached = np.where(i >= 0, dates[np.clip(i, 0, None)], np.iinfo(np.int64).min)
    launch[deb] = np.maximum(launch[deb].astype(np.int64), reached).astype("M8[D]")
    return launch
