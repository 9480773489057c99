"""The population: one numpy structured array, one row per object.

Every source (a CelesTrak file, the modeled history, a SATCAT) ends as a `Population`:
`objects` holds the rows; the rest says where they came from. Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

EARTH_RADIUS_KM = 6378.137  # WGS-84 equatorial radius
MU_KM3_S2 = 398600.4418  # Earth's gravitational parameter

# Object kinds (SATCAT OBJECT_TYPE: PAY, R/B, DEB, UNK)
PAYLOAD, ROCKET_BODY, DEBRIS, UNKNOWN = 0, 1, 2, 3
KIND_KEYS = ("payload", "rocket_body", "debris", "unknown")

# Orbit regimes
LEO, MEO, GEO, HEO = 0, 1, 2, 3
REGIME_KEYS = ("leo", "meo", "geo", "heo")

# Where an object's orbit comes from
SRC_ELEMENTS, SRC_SATCAT, SRC_MODELED = 0, 1, 2
SOURCE_KEYS = ("elements", "satcat", "modeled")

# Named constellations, recognised by a pattern in the object name. The owner is the
# SATCAT-style owner code of the operator's state, used where the file itself has none.
CONSTELLATIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    # key, display name, name patterns (upper case, any match), owner code
    ("starlink", "Starlink", ("STARLINK",), "US"),
    ("oneweb", "OneWeb", ("ONEWEB",), "UK"),
    ("kuiper", "Kuiper", ("KUIPER",), "US"),
    ("qianfan", "Qianfan", ("QIANFAN",), "PRC"),
    ("guowang", "Guowang", ("GUOWANG", "HULIANWANG"), "PRC"),
    ("iridium", "Iridium", ("IRIDIUM",), "US"),
    ("gps", "GPS", ("NAVSTAR", "GPS "), "US"),
    ("glonass", "GLONASS", ("GLONASS",), "CIS"),
    ("galileo", "Galileo", ("GALILEO",), "ESA"),
    ("beidou", "BeiDou", ("BEIDOU",), "PRC"),
)
CONSTELLATION_KEYS = tuple(c[0] for c in CONSTELLATIONS)

POPULATION_DTYPE = np.dtype(
    [
        ("norad", "i8"),  # NORAD catalog number, up to nine digits
        ("name", "U32"),
        ("cospar", "U12"),  # international designator, e.g. 1998-067A
        ("kind", "i1"),  # PAYLOAD .. UNKNOWN
        ("owner", "U8"),  # SATCAT owner code ("" where unknown)
        ("constellation", "i2"),  # index into CONSTELLATIONS, -1 none
        ("event", "i2"),  # index of the originating fragmentation event (modeled history), -1 none
        ("launch", "M8[D]"),  # launch date (NaT where unknown)
        ("decay", "M8[D]"),  # decay date (NaT while in orbit)
        ("epoch", "M8[us]"),  # epoch of the elements, UTC
        ("mean_motion", "f8"),  # rev/day (Kozai, as in TLE/OMM)
        ("ecc", "f8"),
        ("incl", "f8"),  # degrees
        ("raan", "f8"),  # degrees
        ("argp", "f8"),  # degrees
        ("mean_anomaly", "f8"),  # degrees
        ("bstar", "f8"),  # 1/earth radii
        ("ndot", "f8"),  # rev/day^2 (first derivative / 2, as in TLE)
        ("nddot", "f8"),  # rev/day^3 (second derivative / 6)
        ("perigee_km", "f4"),  # altitude above the equatorial radius
        ("apogee_km", "f4"),
        ("period_min", "f4"),
        ("regime", "i1"),
        ("source", "i1"),  # SRC_ELEMENTS .. SRC_MODELED
    ]
)


@dataclass
class Population:
    """Rows plus provenance. `label` is what the user sees ("CelesTrak GP file ...", "modeled")."""

    objects: np.ndarray
    label: str = ""
    modeled: bool = False
    files: list[str] = field(default_factory=list)
    imported_at: str = ""  # ISO 8601 UTC, when the store took it
    without: tuple[str, ...] = ()  # modeled history: the events left out (counterfactuals)

    def __len__(self) -> int:
        return len(self.objects)

    def epoch_range(self) -> tuple[str, str] | None:
        ep = self.objects["epoch"]
        ep = ep[~np.isnat(ep)]
        if len(ep) == 0:
            return None
        return (str(ep.min().astype("M8[s]")) + "Z", str(ep.max().astype("M8[s]")) + "Z")

    def index_of(self, norad: int) -> int | None:
        hits = np.flatnonzero(self.objects["norad"] == norad)
        return int(hits[0]) if len(hits) else None


def empty(n: int = 0) -> np.ndarray:
    """A population array of n rows with neutral defaults."""
    a = np.zeros(n, dtype=POPULATION_DTYPE)
    a["kind"] = UNKNOWN
    a["constellation"] = -1
    a["event"] = -1
    a["launch"] = np.datetime64("NaT")
    a["decay"] = np.datetime64("NaT")
    a["epoch"] = np.datetime64("NaT")
    return a


def semi_major_axis_km(mean_motion_rev_day: np.ndarray) -> np.ndarray:
    n = np.asarray(mean_motion_rev_day, dtype=np.float64) * 2.0 * np.pi / 86400.0  # rad/s
    with np.errstate(divide="ignore"):
        return np.cbrt(MU_KM3_S2 / (n * n))


def classify_regime(perigee_km, apogee_km, mean_motion, ecc) -> np.ndarray:
    """LEO: apogee at or below 2,000 km; GEO: near-synchronous (0.9-1.1 rev/day) and near-circular;
    HEO: eccentricity 0.25 or more; MEO: everything else."""
    apogee_km = np.asarray(apogee_km)
    reg = np.full(apogee_km.shape, MEO, dtype=np.int8)
    reg[np.asarray(ecc) >= 0.25] = HEO
    geo = (np.asarray(mean_motion) >= 0.9) & (np.asarray(mean_motion) <= 1.1) & (np.asarray(ecc) < 0.05)
    reg[geo] = GEO
    reg[apogee_km <= 2000.0] = LEO
    return reg


def fill_derived(a: np.ndarray) -> np.ndarray:
    """Compute perigee, apogee, period and regime from the mean elements, in place."""
    sma = semi_major_axis_km(a["mean_motion"])
    a["perigee_km"] = sma * (1.0 - a["ecc"]) - EARTH_RADIUS_KM
    a["apogee_km"] = sma * (1.0 + a["ecc"]) - EARTH_RADIUS_KM
    with np.errstate(divide="ignore"):
        a["period_min"] = 1440.0 / a["mean_motion"]
    a["regime"] = classify_regime(a["perigee_km"], a["apogee_km"], a["mean_motion"], a["ecc"])
    return a


def constellation_of(name: str) -> int:
    """Index of the constellation an object name belongs to, or -1."""
    up = name.upper()
    for i, (_key, _disp, patterns, _owner) in enumerate(CONSTELLATIONS):
        if any(p in up for p in patterns):
            return i
    return -1


def kind_from_name(name: str) -> int:
    """Kind from CelesTrak naming conventions where the file carries no object type."""
    up = name.upper()
    if " DEB" in up or up.endswith("DEB") or "(DEB" in up:
        return DEBRIS
    if "R/B" in up or "AKM" in up or "PKM" in up:
        return ROCKET_BODY
    return PAYLOAD


def launch_or_epoch(objects: np.ndarray) -> np.ndarray:
    """Launch dates, with the element epoch standing in where the launch date is unknown."""
    launch = objects["launch"].copy()
    missing = np.isnat(launch)
    launch[missing] = objects["epoch"][missing].astype("M8[D]")
    return launch


def in_orbit_mask(objects: np.ndarray, date: np.datetime64) -> np.ndarray:
    """Objects launched on or before `date` and not decayed by then (a boolean mask)."""
    d = np.datetime64(date, "D")
    launch = launch_or_epoch(objects)
    decay = objects["decay"]
    return (launch <= d) & (np.isnat(decay) | (decay > d))


def in_orbit_series(objects: np.ndarray, dates: np.ndarray) -> dict[str, np.ndarray]:
    """Objects in orbit on each of `dates`, by kind: {"payload": counts, ...} (vectorized with
    sorted launch and decay dates: counts = launched by d - decayed by d)."""
    dates = np.asarray(dates, dtype="M8[D]")
    launch = launch_or_epoch(objects)
    out: dict[str, np.ndarray] = {}
    for k, key in enumerate(KIND_KEYS):
        sel = objects["kind"] == k
        la = np.sort(launch[sel][~np.isnat(launch[sel])])
        de = objects["decay"][sel]
        de = np.sort(de[~np.isnat(de)])
        out[key] = np.searchsorted(la, dates, side="right") - np.searchsorted(de, dates, side="right")
    return out


# Filters: "field:value" specs that keep one kind, regime or constellation (scenes, view links)
FILTER_FIELDS: dict[str, tuple[str, ...]] = {
    "kind": KIND_KEYS,
    "regime": REGIME_KEYS,
    "constellation": CONSTELLATION_KEYS,
}


def check_filter(spec: str) -> tuple[str, int]:
    """("kind", 2) for "kind:debris"; ValueError saying what a filter may be otherwise."""
    field, _, value = str(spec).partition(":")
    if field not in FILTER_FIELDS or value not in FILTER_FIELDS[field]:
        raise ValueError(
            f"filter {spec!r} is not field:value with field one of {', '.join(FILTER_FIELDS)} "
            "(e.g. kind:debris, regime:geo, constellation:starlink)"
        )
    return field, FILTER_FIELDS[field].index(value)


def filter_mask(objects: np.ndarray, spec: str | None) -> np.ndarray | None:
    """The objects a filter keeps (boolean mask), or None for no filter."""
    if not spec:
        return None
    field, code = check_filter(spec)
    return objects[field] == code
