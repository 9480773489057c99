"""Shared builders for the catalog tests: small, hand-checkable files in every format."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from atlas.data.formats import format_tle
from atlas.model.population import empty

# The widely published ISS example TLE (epoch 2008-09-20), with negative ndot and B*.
ISS_L1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
ISS_L2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"

OMM_HEADER = (
    "OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,"
    "MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,"
    "MEAN_MOTION_DOT,MEAN_MOTION_DDOT"
)


def rows(n: int, first: int = 40001) -> np.ndarray:
    """n simple LEO rows with distinct numbers and epochs."""
    r = empty(n)
    r["norad"] = first + np.arange(n)
    r["name"] = [f"TEST SAT {i}" for i in range(n)]
    r["cospar"] = [f"2020-{100 + i:03d}A" for i in range(n)]
    r["epoch"] = np.datetime64("2026-07-01T00:00:00", "us") + np.arange(n) * np.timedelta64(3_600_000_123, "us")
    r["mean_motion"] = 15.1 + 0.01 * np.arange(n)
    r["ecc"] = 0.0012
    r["incl"] = 53.0
    r["raan"] = 10.0 * np.arange(n)
    r["argp"] = 90.0
    r["mean_anomaly"] = 45.0
    r["bstar"] = 1.2e-4
    r["ndot"] = 1.5e-5
    return r


def three_le(r: np.ndarray) -> list[str]:
    out = []
    for row in r:
        out.append(str(row["name"]))
        out.extend(format_tle(row))
    return out


def write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_text("\n".join(lines) + end, encoding="ascii", newline="")
    return path


def omm_csv_line(name: str, norad: str, epoch: str = "2026-07-10T03:44:00.383136", mm: str = "15.5",
                 ecc: str = ".0001", incl: str = "53.0") -> str:
    return f"{name},2020-001A,{epoch},{mm},{ecc},{incl},10.0,90.0,45.0,0,U,{norad},999,100,.1E-3,.1E-4,0"
