"""Benchmarks of the modeled history for `space-atlas bench` (each returns the median of several runs)."""

from __future__ import annotations

import numpy as np

from atlas.data import history
from atlas.model.propagate import KeplerPropagator
from atlas.model.timeutil import median_seconds

SCRUB_OBJECTS = 60_000


def history_generate_s(runs: int = 5) -> float:
    """Full generation from the facts, without any cache (seconds)."""
    return median_seconds(lambda: history.build(), runs)


def scrub_ms_60k(runs: int = 9) -> float:
    """Population at a new date for 60,000 historical objects, positions included (ms): the in-orbit
    mask, per-date elements, the propagator the globe uses for them, and every object's position.

    The modeled history is tiled to 60,000 rows so the figure does not depend on its size."""
    h = history.history()
    reps = int(np.ceil(SCRUB_OBJECTS / len(h.objects)))
    take = lambda a: np.tile(a, reps)[:SCRUB_OBJECTS]  # noqa: E731
    big = history.History(objects=take(h.objects), without=(), **{k: take(getattr(h, k)) for k in history.History.AUX})
    dates = iter(np.datetime64("1990-01-01") + np.arange(runs) * np.timedelta64(397, "D"))

    def scrub():
        day = next(dates)
        rows = history.population_at(day, h=big)
        jd = (day - np.datetime64("1970-01-01")).astype("m8[D]").astype(float) + 2440587.5 + 0.25
        KeplerPropagator(rows).positions_at(jd)

    return 1000.0 * median_seconds(scrub, runs)


def count_ms(runs: int = 21) -> float:
    """One count by date, with the history already loaded (ms)."""
    history.count("2000-01-01")
    dates = iter(str(np.datetime64("1960-01-01") + np.timedelta64(int(i) * 1013, "D")) for i in range(runs))
    return 1000.0 * median_seconds(lambda: history.count(next(dates)), runs)
