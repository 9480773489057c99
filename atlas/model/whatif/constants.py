"""The what-if lab's constants: resources/model/whatif.toml and whatif-density.toml, validated.

Why a data file: a teacher (or a reviewer) must be able to see, and question, every number the
projection rests on, each with its source. Every problem is a ContentError naming file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from atlas.model.content import ContentError, TomlDoc
from atlas.paths import resource

SPECIES = ("active", "derelict", "rocket_body", "fragments")
ACTIVE, DERELICT, ROCKET_BODY, FRAGMENTS = range(4)

# name -> (lowest allowed, highest allowed); every one must be present
CONSTANT_RANGES: dict[str, tuple[float, float]] = {
    "start_year": (1957, 2200),
    "collision_velocity_km_s": (1.0, 20.0),
    "residual_active_vs_active": (0.0, 1.0),
    "residual_active_vs_other": (0.0, 1.0),
    "fragment_size_m": (0.001, 1.0),
    "catastrophic_threshold_j_per_g": (1.0, 1000.0),
    "explosion_coefficient": (0.1, 100.0),
    "explosion_exponent": (-3.0, 0.0),
    "collision_coefficient": (0.001, 10.0),
    "collision_mass_exponent": (0.1, 2.0),
    "collision_size_exponent": (-3.0, 0.0),
    "fragment_dv_sigma": (0.05, 1.0),
    "dv_collision_slope": (0.0, 2.0),
    "dv_collision_offset": (0.0, 5.0),
    "dv_explosion_slope": (0.0, 2.0),
    "dv_explosion_offset": (0.0, 5.0),
    "solar_min_year": (1900, 2100),
    "solar_cycle_years": (5.0, 20.0),
    "f107_min": (50.0, 300.0),
    "f107_max": (50.0, 300.0),
    "f107_moderate": (50.0, 300.0),
    "drag_coefficient": (1.0, 4.0),
    "reentry_km": (80.0, 200.0),
    "mission_years": (0.5, 50.0),
    "rocket_bodies_per_satellite": (0.0, 1.0),
    "explosion_rate_rocket_body": (0.0, 0.1),
    "explosion_rate_derelict": (0.0, 0.1),
    "asat_altitude_km": (200.0, 2000.0),
    "asat_target_mass_kg": (1.0, 100000.0),
    "adr_shell_min_km": (200.0, 2000.0),
}


@dataclass(frozen=True)
class Sourced:
    """A number with where it comes from, as the user can follow it."""

    value: float
    unit: str
    source: str
    url: str


@dataclass(frozen=True)
class Species:
    key: str
    label: str
    radius_m: float
    mass_kg: float
    area_to_mass: float  # m^2/kg
    source: str
    url: str


@dataclass(frozen=True)
class Constellation:
    name: str
    altitude_km: float
    additional: float
    start_year: float
    build_years: float
    source: str
    url: str


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it holds arrays
class Density:
    """log10 of mean mass density (kg/m^3) on a grid of F10.7 levels x altitudes."""

    f107: np.ndarray
    altitude_km: np.ndarray
    log10_rho: np.ndarray
    source: str
    url: str


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (a cache key for the model set-up)
class Constants:
    shell_edges_km: np.ndarray  # n_shells + 1 edges
    shells_source: str
    values: dict[str, Sourced]
    species: tuple[Species, ...]  # in SPECIES order
    default_counts: np.ndarray  # (4, n_shells), the documented starting state
    default_sources: tuple[tuple[str, str], ...]  # (source, url) per species
    constellations: tuple[Constellation, ...]
    density: Density

    def __getitem__(self, name: str) -> float:
        return self.values[name].value

    @property
    def shell_centres_km(self) -> np.ndarray:
        return 0.5 * (self.shell_edges_km[:-1] + self.shell_edges_km[1:])

    @property
    def n_shells(self) -> int:
        return len(self.shell_edges_km) - 1


def _text(doc: TomlDoc, entry: dict, array: str, i: int, key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise doc.error(f"{array} entry needs a non-empty text '{key}'", array, i, key)
    return value


def _number(doc: TomlDoc, entry: dict, array: str | None, i: int, key: str, lo: float, hi: float) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise doc.error(f"'{key}' must be a number", array, i, key)
    if not lo <= value <= hi:
        raise doc.error(f"'{key}' = {value} is outside the plausible range {lo} to {hi}", array, i, key)
    return float(value)


def _url(doc: TomlDoc, entry: dict, array: str, i: int) -> str:
    url = _text(doc, entry, array, i, "url")
    if not url.startswith("https://"):
        raise doc.error("'url' must be an https:// address the user can open", array, i, "url")
    return url


def _bell_counts(doc: TomlDoc, entry: dict, i: int, centres: np.ndarray) -> np.ndarray:
    """Spread a total over shells as a weighted sum of bell curves (see whatif.toml)."""
    lists = {}
    for key in ("peaks_km", "widths_km", "weights"):
        value = entry.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, (int, float)) for v in value):
            raise doc.error(f"'{key}' must be a non-empty list of numbers", "default_state", i, key)
        lists[key] = np.asarray(value, dtype=float)
    if not len(lists["peaks_km"]) == len(lists["widths_km"]) == len(lists["weights"]):
        raise doc.error("peaks_km, widths_km and weights must have the same length", "default_state", i, "weights")
    if np.any(lists["widths_km"] <= 0) or np.any(lists["weights"] < 0) or lists["weights"].sum() <= 0:
        raise doc.error("widths must be positive and weights non-negative", "default_state", i, "weights")
    total = _number(doc, entry, "default_state", i, "total", 0, 1e7)
    shape = np.exp(-0.5 * ((centres[None, :] - lists["peaks_km"][:, None]) / lists["widths_km"][:, None]) ** 2)
    shape = (lists["weights"][:, None] * shape / shape.sum(axis=1, keepdims=True)).sum(axis=0)
    return total * shape / shape.sum()


def _table_error(doc: TomlDoc, table: str, key: str, message: str) -> ContentError:
    """A ContentError at `key = ...` inside a plain `[table]` (TomlDoc locates array entries only)."""
    lines = doc.text.splitlines()
    header = next((no for no, text in enumerate(lines) if text.strip() == f"[{table}]"), None)
    line = None
    if header is not None:
        line = header + 1
        for no in range(header + 1, len(lines)):
            if lines[no].lstrip().startswith("["):
                break
            if lines[no].split("=", 1)[0].strip() == key:
                line = no + 1
                break
    return ContentError(doc.path, line, message)


def load_density(path: Path) -> Density:
    doc = TomlDoc.load(path)
    table = doc.data.get("density")
    if not isinstance(table, dict):
        raise ContentError(path, None, "missing [density] table")
    try:
        f107 = np.asarray(table["f107"], dtype=float)
        alt = np.asarray(table["altitude_km"], dtype=float)
        logr = np.asarray(table["log10_rho"], dtype=float)
    except (KeyError, ValueError, TypeError) as exc:
        raise _table_error(doc, "density", "log10_rho", f"[density] needs numeric f107, altitude_km and log10_rho ({exc})") from None
    if logr.shape != (len(f107), len(alt)):
        raise _table_error(doc, "density", "log10_rho", f"log10_rho must be {len(f107)} rows of {len(alt)} values")
    if np.any(np.diff(f107) <= 0) or np.any(np.diff(alt) <= 0):
        raise _table_error(doc, "density", "altitude_km", "f107 and altitude_km must increase")
    if np.any(np.diff(logr, axis=1) >= 0):
        raise _table_error(doc, "density", "log10_rho", "density must fall with altitude")
    return Density(f107, alt, logr, str(table.get("source", "")), str(table.get("url", "")))


def load_constants(path: Path, density_path: Path) -> Constants:
    """Load and check the constants; raises ContentError (file:line) on any problem."""
    doc = TomlDoc.load(path)
    data = doc.data
    shells = data.get("shells")
    if not isinstance(shells, dict):
        raise ContentError(path, None, "missing [shells] table")
    lo, hi, width = (shells.get(k) for k in ("min_km", "max_km", "width_km"))
    if not all(isinstance(v, (int, float)) for v in (lo, hi, width)) or not 100 <= lo < hi <= 40000 or width <= 0:
        raise _table_error(doc, "shells", "min_km", "[shells] needs numbers 100 <= min_km < max_km and width_km > 0")
    edges = np.arange(lo, hi + 0.5 * width, width, dtype=float)

    values: dict[str, Sourced] = {}
    for i, entry in enumerate(data.get("constant", [])):
        name = _text(doc, entry, "constant", i, "name")
        if name not in CONSTANT_RANGES:
            raise doc.error(f"unknown constant '{name}' (known: {', '.join(CONSTANT_RANGES)})", "constant", i, "name")
        if name in values:
            raise doc.error(f"constant '{name}' is given twice", "constant", i, "name")
        value = _number(doc, entry, "constant", i, "value", *CONSTANT_RANGES[name])
        values[name] = Sourced(value, _text(doc, entry, "constant", i, "unit"),
                               _text(doc, entry, "constant", i, "source"), _url(doc, entry, "constant", i))
    missing = [n for n in CONSTANT_RANGES if n not in values]
    if missing:
        raise ContentError(path, None, f"missing constant(s): {', '.join(missing)}")

    species: dict[str, Species] = {}
    for i, entry in enumerate(data.get("species", [])):
        key = _text(doc, entry, "species", i, "key")
        if key not in SPECIES or key in species:
            raise doc.error(f"species key must be one of {', '.join(SPECIES)}, each once", "species", i, "key")
        species[key] = Species(
            key, _text(doc, entry, "species", i, "label"),
            _number(doc, entry, "species", i, "radius_m", 0.01, 50.0),
            _number(doc, entry, "species", i, "mass_kg", 0.001, 1e6),
            _number(doc, entry, "species", i, "area_to_mass_m2_kg", 1e-4, 10.0),
            _text(doc, entry, "species", i, "source"), _url(doc, entry, "species", i),
        )
    if set(species) != set(SPECIES):
        raise ContentError(path, None, f"species missing: {', '.join(sorted(set(SPECIES) - set(species)))}")

    centres = 0.5 * (edges[:-1] + edges[1:])
    default = np.zeros((len(SPECIES), len(centres)))
    sources: dict[str, tuple[str, str]] = {}
    for i, entry in enumerate(data.get("default_state", [])):
        key = entry.get("species")
        if key not in SPECIES or key in sources:
            raise doc.error(f"default_state species must be one of {', '.join(SPECIES)}, each once",
                            "default_state", i, "species")
        default[SPECIES.index(key)] = _bell_counts(doc, entry, i, centres)
        sources[key] = (_text(doc, entry, "default_state", i, "source"), _url(doc, entry, "default_state", i))
    if set(sources) != set(SPECIES):
        raise ContentError(path, None, "default_state must give every species")

    constellations = []
    for i, entry in enumerate(data.get("constellation", [])):
        constellations.append(Constellation(
            _text(doc, entry, "constellation", i, "name"),
            _number(doc, entry, "constellation", i, "altitude_km", lo, hi),
            _number(doc, entry, "constellation", i, "additional", 0, 1e6),
            _number(doc, entry, "constellation", i, "start_year", 1957, 2200),
            _number(doc, entry, "constellation", i, "build_years", 0.5, 100),
            _text(doc, entry, "constellation", i, "source"), _url(doc, entry, "constellation", i),
        ))

    return Constants(
        shell_edges_km=edges,
        shells_source=str(shells.get("source", "")),
        values=values,
        species=tuple(species[k] for k in SPECIES),
        default_counts=default,
        default_sources=tuple(sources[k] for k in SPECIES),
        constellations=tuple(constellations),
        density=load_density(density_path),
    )


@lru_cache(maxsize=1)
def constants() -> Constants:
    """The shipped constants, loaded once."""
    return load_constants(resource("model", "whatif.toml"), resource("model", "whatif-density.toml"))
