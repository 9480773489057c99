"""Builders for the SATCAT import tests: SATCAT CSV text from population rows, and a SATCAT-sized one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from atlas.data.satcat import COLUMNS

TYPES = ("PAY", "R/B", "DEB", "UNK")  # by population kind


def satcat_text(rows: np.ndarray) -> str:
    """A CelesTrak-style SATCAT CSV (header + one line per row) carrying the rows' identity, dates and
    orbit (period, inclination, apogee, perigee), as CelesTrak writes them."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)

    def day(v) -> str:
        return "" if np.isnat(v) else str(v)

    for r in rows:
        w.writerow([
            r["name"], r["cospar"], int(r["norad"]), TYPES[int(r["kind"])], "D" if not np.isnat(r["decay"]) else "+",
            r["owner"], day(r["launch"]), "AFETR", day(r["decay"]), f"{r['period_min']:.2f}", f"{abs(r['incl']):.2f}",
            f"{r['apogee_km']:.0f}", f"{r['perigee_km']:.0f}", "", "", "EA", "ORB",
        ])
    return out.getvalue()


def satcat_sized(n: int = 60_000) -> np.ndarray:
    """n rows shaped like a real SATCAT (the modeled history's objects, launched 1957 to today, most of
    them re-entered), tiled with fresh NORAD numbers up to n."""
    from atlas.data import history

    base = history.generate().objects
    rows = np.resize(base, n).copy()
    rows["norad"] = np.arange(1, n + 1)
    return rows


def write_satcat(path: Path, rows: np.ndarray) -> Path:
    path.write_text(satcat_text(rows), encoding="utf-8", newline="")
    return path
