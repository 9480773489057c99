"""The sky of a day: which objects are in orbit then, with elements valid then, and what places them.

An imported catalog keeps its element sets; objects launched after the day (or first seen after
it, where the catalog has no launch dates) or decayed before it are hidden, and SGP4 places the
rest. The modeled history has its elements rebuilt for each day (atlas.data.history.population_at:
orbits lowered by drag, nodes and perigees advanced), and a vectorized two-body + J2 propagator
places them, since their positions along the orbit are illustrative anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from atlas.model.population import Population, in_orbit_mask
from atlas.model.propagate import KeplerPropagator, Propagator


@dataclass
class Sky:
    day: np.datetime64
    objects: np.ndarray  # rows that can be shown this day (for a catalog: all rows)
    visible: np.ndarray  # boolean mask over `objects`: in orbit this day
    propagator: object  # Propagator or KeplerPropagator over `objects`
    modeled: bool

    def index_of(self, norad: int | None) -> int | None:
        if norad is None or not len(self.objects):
            return None
        hits = np.flatnonzero(self.objects["norad"] == norad)
        return int(hits[0]) if len(hits) else None


class SkySource:
    """Gives the Sky of any day for one population, reusing what does not change between days."""

    def __init__(self, population: Population | None):
        self.population = population
        self.modeled = bool(population is not None and population.modeled)
        self._prop: Propagator | None = None

    def at(self, day) -> Sky:
        day = np.datetime64(day, "D")
        pop = self.population
        if pop is None or not len(pop):
            from atlas.model.population import empty

            objs = empty(0)
            return Sky(day, objs, np.zeros(0, bool), Propagator(objs), False)
        if self.modeled:
            from atlas.data import history

            rows = history.population_at(day, without=pop.without)
            return Sky(day, rows, np.ones(len(rows), bool), KeplerPropagator(rows), True)
        if self._prop is None:  # SGP4 set-up once per catalog
            self._prop = Propagator(pop.objects)
        return Sky(day, pop.objects, in_orbit_mask(pop.objects, day), self._prop, False)
