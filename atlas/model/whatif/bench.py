"""`whatif_ms`: the figure `space-atlas bench` reports for the lab (issue 6 asks <= 20 ms)."""

from __future__ import annotations

import statistics
import time

from atlas.model.whatif.model import Params, run, setup


def whatif_ms(repeats: int = 20) -> float:
    """Median wall time in ms of a 100-year projection (after the one-off, cached set-up)."""
    setup()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run(Params(years=100))
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)
