"""A synthetic population of any size: benchmarks and frame-rate tests without real data.

Why: `space-atlas bench` and the 100,000-object frame-rate test need a plausible sky of a
chosen size that is the same on every machine, without shipping or downloading a catalog.
The mix imitates today's orbital environment in broad strokes (mega-constellation shells,
sun-synchronous Earth observation, navigation in MEO, the GEO ring, Molniya/GTO orbits,
debris and rocket bodies). It is NOT real data: rows are marked SRC_MODELED and named
"SYN ...", and catalog numbers start at SYNTH_FIRST_NORAD (the Alpha-5 range) so they never
collide with the five-digit numbers lessons refer to.
"""

from __future__ import annotations

import numpy as np

from atlas.model.population import (
    CONSTELLATION_KEYS,
    CONSTELLATIONS,
    DEBRIS,
    EARTH_RADIUS_KM,
    MU_KM3_S2,
    PAYLOAD,
    ROCKET_BODY,
    SRC_MODELED,
    empty,
    fill_derived,
)

SYNTH_FIRST_NORAD = 100_000
DEFAULT_EPOCH = np.datetime64("2026-07-01T00:00:00", "us")
OTHER_OWNERS = np.array(["US", "PRC", "CIS", "JPN", "IND", "FR", "ESA", "UK", "GER", "ISRA"])

# (group, share of the population, kind, constellation key or None, name prefix)
GROUPS = (
    ("starlink", 0.40, PAYLOAD, "starlink", "SYN STARLINK-LIKE"),
    ("oneweb", 0.04, PAYLOAD, "oneweb", "SYN ONEWEB-LIKE"),
    ("sso", 0.10, PAYLOAD, None, "SYN SSO SAT"),
    ("leo_other", 0.06, PAYLOAD, None, "SYN LEO SAT"),
    ("gps", 0.01, PAYLOAD, "gps", "SYN GPS-LIKE"),
    ("meo_other", 0.01, PAYLOAD, None, "SYN MEO SAT"),
    ("geo", 0.04, PAYLOAD, None, "SYN GEO SAT"),
    ("molniya", 0.01, PAYLOAD, None, "SYN MOLNIYA-LIKE"),
    ("rocket_body", 0.06, ROCKET_BODY, None, "SYN R/B"),
    ("gto_rocket_body", 0.02, ROCKET_BODY, None, "SYN GTO R/B"),
    ("debris", 0.25, DEBRIS, None, "SYN DEB"),
)
# Starlink-like shells: (altitude km, inclination deg, share of the Starlink group)
STARLINK_SHELLS = ((550.0, 53.0, 0.35), (540.0, 53.2, 0.25), (570.0, 70.0, 0.10), (560.0, 97.6, 0.10), (540.0, 43.0, 0.20))


def _group_sizes(n: int, shares: np.ndarray) -> np.ndarray:
    """Integer sizes summing exactly to n (largest remainders get the leftovers)."""
    raw = shares / shares.sum() * n
    sizes = np.floor(raw).astype(np.int64)
    leftover = n - sizes.sum()
    sizes[np.argsort(raw - sizes, kind="stable")[::-1][:leftover]] += 1
    return sizes


def _mean_motion(perigee_km: np.ndarray, apogee_km: np.ndarray) -> np.ndarray:
    """rev/day from perigee and apogee altitudes (two-body)."""
    a = EARTH_RADIUS_KM + (perigee_km + apogee_km) / 2.0
    return np.sqrt(MU_KM3_S2 / a**3) * 86400.0 / (2.0 * np.pi)


def _orbits(group: str, m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(perigee km, apogee km, inclination deg) for m objects of one group."""
    u = rng.random
    if group == "starlink":
        shell = rng.choice(len(STARLINK_SHELLS), size=m, p=[s[2] for s in STARLINK_SHELLS])
        alt = np.array([s[0] for s in STARLINK_SHELLS])[shell] + rng.normal(0.0, 2.0, m)
        inc = np.array([s[1] for s in STARLINK_SHELLS])[shell] + rng.normal(0.0, 0.02, m)
        return alt - 0.5, alt + 0.5, inc
    if group == "oneweb":
        alt = 1200.0 + rng.normal(0.0, 3.0, m)
        return alt - 1.0, alt + 1.0, 87.9 + rng.normal(0.0, 0.02, m)
    if group == "sso":
        alt = 500.0 + 300.0 * u(m)
        # sun-synchronous inclination grows with altitude: ~97.4 deg at 500 km, ~98.6 at 800 km
        return alt - 5.0 * u(m), alt + 5.0 * u(m), 97.4 + (alt - 500.0) * 0.004
    if group == "leo_other":
        alt = 350.0 + 1100.0 * u(m)
        return alt - 10.0 * u(m), alt + 10.0 * u(m), rng.choice([28.5, 41.0, 51.6, 65.0, 74.0, 82.5], m) + rng.normal(0, 0.3, m)
    if group == "gps":
        return np.full(m, 20_100.0) + 50 * u(m), np.full(m, 20_250.0) + 50 * u(m), 55.0 + rng.normal(0.0, 0.5, m)
    if group == "meo_other":
        alt = 19_100.0 + 4_100.0 * u(m)  # GLONASS to Galileo heights
        return alt - 20.0, alt + 20.0, rng.choice([56.0, 64.8], m) + rng.normal(0.0, 0.3, m)
    if group == "geo":
        alt = 35_786.0 + rng.normal(0.0, 15.0, m)
        return alt - 10.0, alt + 10.0, np.abs(rng.normal(0.0, 1.5, m))
    if group == "molniya":
        return 600.0 + 900.0 * u(m), 39_000.0 + 1_500.0 * u(m), 62.8 + u(m)
    if group == "rocket_body":
        peri = 400.0 + 1200.0 * u(m)
        return peri, peri + 400.0 * u(m), rng.choice([51.6, 63.0, 71.0, 74.0, 82.9, 98.0], m) + rng.normal(0, 0.5, m)
    if group == "gto_rocket_body":
        return 180.0 + 400.0 * u(m), 35_000.0 + 1_500.0 * u(m), rng.choice([5.0, 18.0, 27.0, 28.5], m)
    if group == "debris":
        # clustered where breakups happened: 750-900 km heavily, the rest spread over LEO
        centre = np.where(u(m) < 0.6, 780.0 + 120.0 * u(m), 400.0 + 1_100.0 * u(m))
        spread = 80.0 * u(m)
        return centre - spread, centre + spread, rng.choice([65.0, 74.0, 82.9, 86.4, 98.6, 99.0], m) + rng.normal(0, 0.3, m)
    raise ValueError(f"unknown group {group!r}")


def synthesize(n: int, seed: int = 0, epoch: np.datetime64 = DEFAULT_EPOCH) -> np.ndarray:
    """n synthetic objects (population rows, derived fields filled), deterministic in (n, seed, epoch)."""
    if n < 0:
        raise ValueError("n must be zero or more")
    rng = np.random.default_rng(seed)
    sizes = _group_sizes(n, np.array([g[1] for g in GROUPS]))
    a = empty(n)
    start = 0
    slices = {}
    for (group, _share, kind, const_key, prefix), m in zip(GROUPS, sizes):
        sl = slices[group] = slice(start, start + m)
        start += m
        if m == 0:
            continue
        perigee, apogee, incl = _orbits(group, int(m), rng)
        perigee = np.maximum(perigee, 160.0)
        apogee = np.maximum(apogee, perigee)
        a["mean_motion"][sl] = _mean_motion(perigee, apogee)
        a["ecc"][sl] = (apogee - perigee) / (2.0 * EARTH_RADIUS_KM + perigee + apogee)
        a["incl"][sl] = np.clip(incl, 0.0, 180.0)
        a["kind"][sl] = kind
        if const_key is not None:
            c = CONSTELLATION_KEYS.index(const_key)
            a["constellation"][sl] = c
            a["owner"][sl] = CONSTELLATIONS[c][3]
        else:
            a["owner"][sl] = OTHER_OWNERS[rng.integers(0, len(OTHER_OWNERS), m)]
        numbers = np.char.zfill(np.arange(1, m + 1).astype("U7"), 5)
        a["name"][sl] = np.char.add(prefix + " ", numbers)
        # drag term: larger for small, light debris low down; negligible above LEO
        low = perigee < 2000.0
        bstar = np.where(low, 10.0 ** rng.uniform(-5.0, -3.3, m), 0.0)
        a["bstar"][sl] = np.where(kind == DEBRIS, bstar * 3.0, bstar)
    a["raan"] = rng.uniform(0.0, 360.0, n)
    a["argp"] = rng.uniform(0.0, 360.0, n)
    a["mean_anomaly"] = rng.uniform(0.0, 360.0, n)
    molniya = slices["molniya"]  # apogee high over the northern hemisphere
    a["argp"][molniya] = 270.0 + rng.normal(0.0, 2.0, molniya.stop - molniya.start)
    a["norad"] = SYNTH_FIRST_NORAD + np.arange(n)
    a["epoch"] = np.datetime64(epoch, "us") - (rng.uniform(0.0, 2.0, n) * 86_400e6).astype("m8[us]")
    a["source"] = SRC_MODELED
    return fill_derived(a)
