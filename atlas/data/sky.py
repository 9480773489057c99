"""The sky of a day: which objects are in orbit then, with elements valid then, and what places them.

An imported catalog keeps its rows; objects launched after the day (or first seen after it, where the
catalog has no launch dates) or decayed before it are hidden. Element sets are placed by SGP4. Rows
placed by a SATCAT orbit (apogee, perigee, inclination; positions along it illustrative) are placed by
the vectorized two-body + J2 propagator, not SGP4: their epoch is the launch date, often decades before
the day shown, and SGP4's deep-space branch integrates the resonance terms of 12- and 24-hour orbits step
by step from the epoch (seconds for a few thousand GEO rows, again whenever time runs towards the epoch),
and drops many long-propagated Molniya-type rows as errors. Kepler + J2 needs no per-object set-up and
costs the same for any date. The catalog's rows are reordered once (element sets first, then SATCAT
orbits) so that each propagator covers one contiguous block. Deep-space element sets (periods of 225
minutes or more) are SGP4-propagated only within SGP4_WINDOW_DAYS of their epochs and by two-body + J2
beyond, for the same reason (WindowedPropagator): a current GEO element set shown in 1990 would otherwise
cost seconds per keyframe.

The modeled history has its elements rebuilt for each day (atlas.data.history.population_at: orbits
lowered by drag, nodes and perigees advanced), and the same two-body + J2 propagator places them, since
their positions along the orbit are illustrative anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from atlas.model.population import SRC_ELEMENTS, Population, empty, in_orbit_mask
from atlas.model.propagate import KeplerPropagator, Propagator, _jd_of


@dataclass
class Sky:
    day: np.datetime64
    objects: np.ndarray  # rows that can be shown this day (for a catalog: all rows)
    visible: np.ndarray  # boolean mask over `objects`: in orbit this day
    propagator: object  # Propagator, KeplerPropagator or SplitPropagator over `objects`
    modeled: bool

    def index_of(self, norad: int | None) -> int | None:
        if norad is None or not len(self.objects):
            return None
        hits = np.flatnonzero(self.objects["norad"] == norad)
        return int(hits[0]) if len(hits) else None


DEEP_SPACE_MIN = 225.0  # SGP4 switches to its deep-space branch (SDP4) at periods of 225 minutes and longer
SGP4_WINDOW_DAYS = 30.0  # how far from its epoch a deep-space element set is propagated by SGP4


class WindowedPropagator:
    """Deep-space element sets: SGP4 within SGP4_WINDOW_DAYS of their epochs, two-body + J2 beyond.

    Why: SGP4's deep-space branch integrates the resonance terms of 12- and 24-hour orbits in 720-minute
    steps from the epoch, so a GEO element set of 2026 shown in 1990 costs about a millisecond per object
    (seconds for a catalog's GEO belt) on every keyframe, and an element set says little about where an
    object was decades from its epoch anyway. Rows should come sorted by epoch, so that a chunk (the
    unit of the choice) holds element sets of similar epochs."""

    def __init__(self, objects: np.ndarray):
        self.n = len(objects)
        self.sgp4 = Propagator(objects)
        self.chunks = self.sgp4.chunks
        self._kepler = [KeplerPropagator(objects[lo:hi]) for lo, hi, _ in self.chunks]
        jd = _jd_of(objects["epoch"]) if self.n else np.zeros(0)
        self._epochs = [(float(jd[lo:hi].min()), float(jd[lo:hi].max())) for lo, hi, _ in self.chunks]

    def _near(self, c: int, jd: float) -> bool:
        first, last = self._epochs[c]
        return jd - last >= -SGP4_WINDOW_DAYS and jd - first <= SGP4_WINDOW_DAYS

    def chunk_at(self, c: int, jd: float) -> tuple[np.ndarray, np.ndarray]:
        return self.sgp4.chunk_at(c, jd) if self._near(c, jd) else self._kepler[c].chunk_at(0, jd)

    def at_jd(self, jd, chunks=None):
        jd = np.atleast_1d(np.asarray(jd, dtype=np.float64))
        r = np.full((self.n, len(jd), 3), np.nan)
        v = np.full((self.n, len(jd), 3), np.nan)
        for c in range(len(self.chunks)) if chunks is None else chunks:
            lo, hi, _ = self.chunks[c]
            for k, t in enumerate(jd):
                r[lo:hi, k], v[lo:hi, k] = self.chunk_at(c, float(t))
        return r, v

    def positions_at(self, jd: float) -> np.ndarray:
        return self.at_jd(np.array([jd]))[0][:, 0, :]

    def orbit_path(self, index: int, jd: float, period_min: float, points: int = 240) -> np.ndarray:
        c = index // Propagator.CHUNK
        if self._near(c, jd):
            return self.sgp4.orbit_path(index, jd, period_min, points)
        return self._kepler[c].orbit_path(index - self.chunks[c][0], jd, period_min, points)


class SplitPropagator:
    """Several propagators over consecutive blocks of rows, as one propagator (chunks, chunk_at, at_jd,
    positions_at, orbit_path), so the Animator needs no change."""

    def __init__(self, parts: list[tuple[int, object]]):
        self.parts = [(off, part) for off, part in parts if part.n]  # (first row, propagator over its block)
        self.n = sum(part.n for _off, part in self.parts)
        # chunk -> (lo, hi, (part, the part's chunk index))
        self.chunks = [
            (off + lo, off + hi, (part, c)) for off, part in self.parts for c, (lo, hi, _) in enumerate(part.chunks)
        ]

    def chunk_at(self, c: int, jd: float) -> tuple[np.ndarray, np.ndarray]:
        part, pc = self.chunks[c][2]
        return part.chunk_at(pc, jd)

    def at_jd(self, jd, chunks=None):
        jd = np.atleast_1d(np.asarray(jd, dtype=np.float64))
        r = np.full((self.n, len(jd), 3), np.nan)
        v = np.full((self.n, len(jd), 3), np.nan)
        wanted = range(len(self.chunks)) if chunks is None else chunks
        for off, part in self.parts:
            mine = [self.chunks[c][2][1] for c in wanted if self.chunks[c][2][0] is part]
            if mine:
                r[off : off + part.n], v[off : off + part.n] = part.at_jd(jd, chunks=mine)
        return r, v

    def positions_at(self, jd: float) -> np.ndarray:
        return self.at_jd(np.array([jd]))[0][:, 0, :]

    def orbit_path(self, index: int, jd: float, period_min: float, points: int = 240) -> np.ndarray:
        off, part = next((off, part) for off, part in reversed(self.parts) if index >= off)
        return part.orbit_path(index - off, jd, period_min, points)


def catalog_propagator(objects: np.ndarray) -> tuple[np.ndarray, object]:
    """The catalog's rows reordered into blocks, and one propagator over them: near-Earth element sets
    (SGP4, in their order), deep-space element sets by epoch (WindowedPropagator), then rows placed by
    SATCAT orbits (two-body + J2; see the module docstring)."""
    elements = objects["source"] == SRC_ELEMENTS
    deep = elements & (objects["period_min"] >= DEEP_SPACE_MIN)
    block = np.where(elements, np.where(deep, 1, 0), 2)
    rows = objects[np.lexsort((np.where(deep, objects["epoch"].astype(np.int64), 0), block))]
    n0, n1 = int(np.count_nonzero(block == 0)), int(np.count_nonzero(block == 1))
    if n0 == len(rows):
        return rows, Propagator(rows)
    return rows, SplitPropagator([
        (0, Propagator(rows[:n0])),
        (n0, WindowedPropagator(rows[n0 : n0 + n1])),
        (n0 + n1, KeplerPropagator(rows[n0 + n1 :])),
    ])


class SkySource:
    """Gives the Sky of any day for one population, reusing what does not change between days."""

    def __init__(self, population: Population | None):
        self.population = population
        self.modeled = bool(population is not None and population.modeled)
        self._rows: np.ndarray | None = None
        self._prop = None

    def at(self, day) -> Sky:
        day = np.datetime64(day, "D")
        pop = self.population
        if pop is None or not len(pop):
            objs = empty(0)
            return Sky(day, objs, np.zeros(0, bool), Propagator(objs), False)
        if self.modeled:
            from atlas.data import history

            rows = history.population_at(day, without=pop.without)
            return Sky(day, rows, np.ones(len(rows), bool), KeplerPropagator(rows), True)
        if self._prop is None:  # propagator set-up once per catalog
            self._rows, self._prop = catalog_propagator(pop.objects)
        return Sky(day, self._rows, in_orbit_mask(self._rows, day), self._prop, False)
