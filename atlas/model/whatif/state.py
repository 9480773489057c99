"""The starting state: a catalog (population array) binned into altitude shells and species.

Judgement calls, documented because they shape every projection:
  - an object is counted when it is in orbit on the reference date and its mean altitude
    (semi-major axis minus the Earth's radius) lies within the model's shells, with apogee below
    the top shell (eccentric transfer orbits that only cross LEO are left out);
  - PAYLOAD is *active* when its elements are recent: epoch within ACTIVE_EPOCH_DAYS of the
    newest epoch in the catalog (operators and trackers refresh working satellites' elements
    often; dead ones keep being tracked too, so this is a proxy and errs towards 'active');
    otherwise *derelict*;
  - ROCKET_BODY -> rocket_body; DEBRIS and UNKNOWN -> fragments (unidentified tracked objects
    are mostly fragments).
A catalog that holds no object of a species (CelesTrak's "active" group holds only working
payloads) takes that species from the documented default starting state, and says so.
"""

from __future__ import annotations

import numpy as np

from atlas.model.population import (
    DEBRIS, EARTH_RADIUS_KM, PAYLOAD, ROCKET_BODY, SRC_MODELED, UNKNOWN, in_orbit_mask, semi_major_axis_km,
)
from atlas.model.whatif.constants import ACTIVE, DERELICT, FRAGMENTS, SPECIES, Constants, constants
from atlas.model.whatif.constants import ROCKET_BODY as RB_SPECIES

ACTIVE_EPOCH_DAYS = 30
# Modeled rows have no element sets to go stale (their epoch is the launch date), so a modeled payload
# counts as active for a typical mission life after launch. A judgement, not a published figure: LEO
# missions mostly last 5 to 10 years, Starlink satellites about 5; with 7 the modeled history of mid-2026
# gives about 15,500 active payloads below 2,000 km, near the 15,171 of CelesTrak's active list of
# 2026-07-10 (../shared/data).
MODELED_ACTIVE_YEARS = 7


def bin_population(objects: np.ndarray, date: np.datetime64 | None = None,
                   c: Constants | None = None) -> np.ndarray:
    """Counts per species and shell, (4, n_shells), from a population array (vectorized)."""
    c = c or constants()
    epochs = objects["epoch"]
    known = ~np.isnat(epochs)
    newest = epochs[known].max() if known.any() else None
    if date is None:
        date = newest.astype("M8[D]") if newest is not None else np.datetime64("today")
    alive = in_orbit_mask(objects, date)
    mean_alt = semi_major_axis_km(objects["mean_motion"]) - EARTH_RADIUS_KM
    edges = c.shell_edges_km
    inside = alive & (mean_alt >= edges[0]) & (mean_alt < edges[-1]) & (objects["apogee_km"] < edges[-1])
    shell = np.clip(np.searchsorted(edges, mean_alt, side="right") - 1, 0, c.n_shells - 1)

    kind = objects["kind"]
    species = np.full(len(objects), -1)
    recent = known & (epochs >= (newest - np.timedelta64(ACTIVE_EPOCH_DAYS, "D")) if newest is not None else False)
    modeled = objects["source"] == SRC_MODELED
    if modeled.any():
        life = np.timedelta64(int(MODELED_ACTIVE_YEARS * 365.25), "D")
        recent = np.where(modeled, objects["launch"] >= np.datetime64(date, "D") - life, recent)
    species[(kind == PAYLOAD) & recent] = ACTIVE
    species[(kind == PAYLOAD) & ~recent] = DERELICT
    species[kind == ROCKET_BODY] = RB_SPECIES
    species[(kind == DEBRIS) | (kind == UNKNOWN)] = FRAGMENTS
    use = inside & (species >= 0)
    counts = np.zeros((len(SPECIES), c.n_shells))
    np.add.at(counts, (species[use], shell[use]), 1.0)
    return counts


def starting_state(objects: np.ndarray | None, label: str = "the loaded catalog",
                   c: Constants | None = None) -> tuple[np.ndarray, str]:
    """The model's starting counts and a sentence saying where they come from."""
    c = c or constants()
    if objects is None or len(objects) == 0:
        return c.default_counts.copy(), "documented default starting state (ESA Space Environment Report 2025 totals)"
    counts = bin_population(objects, c=c)
    missing = [k for k, row in enumerate(counts) if row.sum() == 0]
    counts[missing] = c.default_counts[missing]
    text = f"binned from {label}"
    if missing:
        text += f"; {', '.join(SPECIES[k].replace('_', ' ') for k in missing)} from the documented default"
    return counts, text
