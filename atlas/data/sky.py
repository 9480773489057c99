"""The sky of a day: which objects are in orbit then, with elements valid then, and what places them.

An imported catalog keeps its rows; objects launched after the day (or first seen after it, where the
catalog has no launch dates) or decayed before it are hidden. Element sets are placed by SGP4. Rows
placed by a SATCAT orbit (apogee, perigee, inclination; positions along it illustrative) are placed by
the vectorized two-body + J2 propagator, not SGP4: their epoch is the launch date, often decades before
the day shown, and SGP4's deep-space branch integrates the resonance terms of 12- and 24-hour orbits step
by step from the epoch (seconds for a few thousand GEO rows, again whenever time runs towards the epoch),
and drops many long-propagated Molniya-type rows as errors. Kepler + J2 needs no per-object set-up and
costs the same for any date. The catalog's rows are reordered once (element sets first, then SATCAT
orbits) so that each propagator covers one contiguous block.

The modeled history has its elements rebuilt for each day (atlas.data.history.population_at: orbits
lowered by drag, nodes and perigees advanced), and the same two-body + J2 propagator places them, since
their positions along the orbit are illustrative anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from atlas.model.population import SRC_ELEMENTS, Population, empty, in_orbit_mask
from atlas.model.propagate import KeplerPropagator, Propagator


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


class SplitPropagator:
    """SGP4 for rows [0, split), two-body + J2 for rows [split, n): one propagator interface (chunks,
    chunk_at, at_jd, positions_at, orbit_path) over both, so the Animator needs no change."""

    def __init__(self, objects: np.ndarray, split: int):
        self.n = len(objects)
        self.parts = ((0, Propagator(objects[:split])), (split, KeplerPropagator(objects[split:])))
        # chunk -> (lo, hi, (part offset, part, the part's chunk index))
        self.chunks = [
            (off + lo, off + hi, (off, part, c))
            for off, part in self.parts
            for c, (lo, hi, _) in enumerate(part.chunks)
        ]

    def chunk_at(self, c: int, jd: float) -> tuple[np.ndarray, np.ndarray]:
        _off, part, pc = self.chunks[c][2]
        return part.chunk_at(pc, jd)

    def at_jd(self, jd, chunks=None):
        jd = np.atleast_1d(np.asarray(jd, dtype=np.float64))
        r = np.full((self.n, len(jd), 3), np.nan)
        v = np.full((self.n, len(jd), 3), np.nan)
        wanted = range(len(self.chunks)) if chunks is None else chunks
        for off, part in self.parts:
            mine = [self.chunks[c][2][2] for c in wanted if self.chunks[c][2][1] is part]
            if mine:
                pr, pv = part.at_jd(jd, chunks=mine)
                r[off : off + part.n], v[off : off + part.n] = pr, pv
        return r, v

    def positions_at(self, jd: float) -> np.ndarray:
        return self.at_jd(np.array([jd]))[0][:, 0, :]

    def orbit_path(self, index: int, jd: float, period_min: float, points: int = 240) -> np.ndarray:
        off, part = self.parts[1] if index >= self.parts[1][0] else self.parts[0]
        return part.orbit_path(index - off, jd, period_min, points)


def catalog_propagator(objects: np.ndarray) -> tuple[np.ndarray, object]:
    """The catalog's rows reordered (element sets first, in their order, then the rest) and the
    propagator over them: SGP4 for element sets, two-body + J2 for rows placed by SATCAT orbits
    (see the module docstring), a SplitPropagator where there are both."""
    not_elements = objects["source"] != SRC_ELEMENTS  # False (element sets) sorts first
    rows = objects[np.argsort(not_elements, kind="stable")]
    split = len(rows) - int(np.count_nonzero(not_elements))
    if split == len(rows):
        return rows, Propagator(rows)
    if split == 0:
        return rows, KeplerPropagator(rows)
    return rows, SplitPropagator(rows, split)


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
