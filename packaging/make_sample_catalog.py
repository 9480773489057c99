"""Write resources/catalogs/sample-3le.txt: a small SYNTHETIC 3LE catalog shipped with the app.

Why: the self-test and first-time users need a catalog to import that works offline and
covers every regime and kind, without shipping (or pretending to be) real tracking data.
Every record is invented here from round numbers; nothing is derived from real element
sets. Deterministic: running it twice gives the same bytes (a test checks the shipped file).

    python packaging/make_sample_catalog.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from atlas.data.formats import format_tle  # noqa: E402
from atlas.model.population import EARTH_RADIUS_KM, MU_KM3_S2, empty  # noqa: E402

OUT = ROOT / "resources" / "catalogs" / "sample-3le.txt"
EPOCH = np.datetime64("2026-07-01T00:00:00", "us")
FIRST_NORAD = 90001  # above every number assigned by 2026; two Alpha-5 records follow


def _mean_motion(perigee_km: float, apogee_km: float) -> float:
    a = EARTH_RADIUS_KM + (perigee_km + apogee_km) / 2.0
    return float(np.sqrt(MU_KM3_S2 / a**3) * 86400.0 / (2.0 * np.pi))


def _specs() -> list[tuple[str, float, float, float, float]]:
    """(name, perigee km, apogee km, inclination deg, argument of perigee deg) per record."""
    s = [("SYNTHETIC STATION TEST", 415.0, 422.0, 51.64, 90.0)]
    s += [(f"STARLINK-TEST-{i}", 549.0 + i * 0.4, 551.0 + i * 0.4, 53.05, 90.0) for i in range(1, 9)]
    s += [(f"ONEWEB-TEST-{i}", 1198.0, 1202.0, 87.9, 90.0) for i in range(1, 4)]
    s += [(f"SYNTHETIC EO TEST {i}", 495.0 + 30 * i, 505.0 + 30 * i, 97.4 + 0.12 * i, 90.0) for i in range(1, 11)]
    s += [(f"SYNTHETIC NAV TEST {i}", 20_150.0, 20_250.0, 55.0, 0.0) for i in range(1, 7)]
    s += [(f"SYNTHETIC GEO TEST {i}", 35_780.0, 35_792.0, 0.05 * i, 0.0) for i in range(1, 9)]
    s += [("SYNTHETIC MOLNIYA TEST", 1_000.0, 39_700.0, 63.4, 270.0)]
    s += [("SYNTHETIC TEST R/B", 640.0, 690.0, 98.2, 45.0)]
    s += [("SYNTHETIC GTO TEST R/B", 250.0, 35_800.0, 27.0, 180.0)]
    s += [(f"SYNTHETIC TEST DEB {i}", 740.0 + 15 * i, 860.0 + 12 * i, 98.6, 30.0 * i) for i in range(1, 7)]
    s += [(f"SYNTHETIC LEO TEST {i}", 380.0 + 50 * i, 395.0 + 52 * i, (28.5, 41.0, 65.0, 74.0, 82.5)[i % 5], 10.0 * i)
          for i in range(1, 14)]
    s += [(f"SYNTHETIC ALPHA5 TEST {i}", 600.0 + 10 * i, 610.0 + 10 * i, 97.8, 0.0) for i in range(1, 3)]
    return s


def sample_rows() -> np.ndarray:
    specs = _specs()
    rows = empty(len(specs))
    for i, (name, perigee, apogee, incl, argp) in enumerate(specs):
        r = rows[i]
        alpha5 = name.startswith("SYNTHETIC ALPHA5")
        r["norad"] = 270_000 + int(name[-1]) if alpha5 else FIRST_NORAD + i
        r["name"] = name
        r["cospar"] = f"2026-{901 + i}A"
        r["epoch"] = EPOCH + np.timedelta64(i * 1_234_567_891, "us")  # spread over ~20 hours
        geo = "GEO" in name
        r["mean_motion"] = 1.0027 if geo else _mean_motion(perigee, apogee)
        r["ecc"] = 0.0002 if geo else (apogee - perigee) / (2 * EARTH_RADIUS_KM + perigee + apogee)
        r["incl"] = incl
        r["raan"] = (37.0 * i) % 360.0
        r["argp"] = argp
        r["mean_anomaly"] = (53.0 * i) % 360.0
        low = perigee < 1000.0
        r["bstar"] = 4.0e-5 * (600.0 / perigee) ** 3 if low else 0.0
        r["ndot"] = 2.0e-6 * (600.0 / perigee) ** 3 if low else 0.0
    return rows


def sample_text() -> str:
    out = []
    for r in sample_rows():
        out.append(str(r["name"]))
        out.extend(format_tle(r))
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(sample_text(), encoding="ascii", newline="\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
