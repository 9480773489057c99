"""Time helpers: UTC datetimes, parsing what people type, Earth rotation and the Sun direction."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import numpy as np

FIRST_DATE = datetime(1957, 10, 4, tzinfo=timezone.utc)  # Sputnik 1


def parse_datetime(text: str) -> datetime:
    """Parse YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.f]][Z] or 'now' into an aware UTC datetime."""
    t = text.strip()
    if t.lower() == "now":
        return datetime.now(timezone.utc)
    t = t.replace(" ", "T")
    if t.endswith("Z"):
        t = t[:-1]
    try:
        dt = datetime.fromisoformat(t)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def to_jd(dt: datetime) -> tuple[float, float]:
    """Julian date split into (whole + .5 part, fraction) as sgp4 wants it (UTC)."""
    dt = dt.astimezone(timezone.utc)
    a = (14 - dt.month) // 12
    y = dt.year + 4800 - a
    m = dt.month + 12 * a - 3
    jdn = dt.day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045
    jd = jdn - 0.5
    fr = (dt.hour * 3600 + dt.minute * 60 + dt.second + dt.microsecond / 1e6) / 86400.0
    return float(jd), fr


def datetime64_to_jd(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized: numpy datetime64 array -> (jd, fr) arrays."""
    us = t.astype("M8[us]").astype(np.int64)
    days = np.floor_divide(us, 86_400_000_000)
    rem = us - days * 86_400_000_000
    jd = days.astype(np.float64) + 2440587.5
    fr = rem.astype(np.float64) / 86_400_000_000.0
    return jd, fr


_TS = None


def timescale():
    """skyfield's timescale from its built-in files (no download)."""
    global _TS
    if _TS is None:
        from skyfield.api import load

        _TS = load.timescale(builtin=True)
    return _TS


def earth_rotation_angle(dt: datetime) -> float:
    """Greenwich sidereal angle (radians) at dt: the angle from the TEME/true-equator x axis to
    the Greenwich meridian, from skyfield (GMST from UT1 with its built-in Delta T and UT1 tables)."""
    t = timescale().from_datetime(dt.astimezone(timezone.utc))
    return math.radians(float(t.gmst) * 15.0)


def sun_direction_eci(dt: datetime) -> np.ndarray:
    """Unit vector to the Sun in the true-equator frame (the frame SGP4's TEME approximates).

    Low-precision solar coordinates (Astronomical Almanac, 'Sun' section: about 0.01 deg
    from 1950 to 2050), which is far finer than a day/night terminator needs and needs no
    ephemeris download."""
    jd, fr = to_jd(dt)
    n = (jd - 2451545.0) + fr
    L = math.radians((280.460 + 0.9856474 * n) % 360.0)
    g = math.radians((357.528 + 0.9856003 * n) % 360.0)
    lam = L + math.radians(1.915) * math.sin(g) + math.radians(0.020) * math.sin(2 * g)
    eps = math.radians(23.439 - 0.0000004 * n)
    v = np.array([math.cos(lam), math.cos(eps) * math.sin(lam), math.sin(eps) * math.sin(lam)])
    return v / np.linalg.norm(v)


def median_seconds(fn, runs: int) -> float:
    """Median wall time of `runs` calls of fn(), in seconds (the figures `space-atlas bench` reports)."""
    import statistics
    import time

    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
