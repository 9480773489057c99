"""The population the app and the CLI answer from: the imported catalog when there is one,
otherwise the built-in modeled history. Every caller asks here, never a particular source."""

from __future__ import annotations

import numpy as np

from atlas.data import history, store
from atlas.model.population import Population, in_orbit_series


def active_population(without: tuple[str, ...] = ()) -> Population:
    """The imported catalog (store), or the modeled history (label "modeled ...").

    `without` names fragmentation events to leave out; only the modeled history can answer that,
    so asking it selects the modeled history even where a catalog is imported."""
    if not without:
        imported = store.load_active()
        if imported is not None and len(imported):
            return imported
    return history.generate(tuple(without))


def active_status() -> dict:
    """`data status`: the store's status, with the modeled history's figures where nothing is imported."""
    st = store.status()
    if st["hint"]:  # nothing imported: the modeled history is what the app shows
        pop = history.generate()
        st.update(source=pop.label, modeled=True, objects=len(pop), epoch_range=None)
    return st


def active_count(date, without: tuple[str, ...] = ()) -> dict:
    """`catalog count`: objects in orbit on `date` by kind, from the active population: every object of
    an imported catalog launched on or before the day and not decayed by it (a catalog with a SATCAT
    knows launch and decay dates; one of element sets alone counts an object from its epoch), with the
    catalog's label as "source"; the modeled history (source "modeled") otherwise or with `without`."""
    day = np.datetime64(date, "D")
    pop = active_population(tuple(without))
    if pop.modeled:
        return history.count(day, tuple(without))
    by_kind = {k: int(v[0]) for k, v in in_orbit_series(pop.objects, np.array([day])).items()}
    return {"date": str(day), "source": pop.label, "total": sum(by_kind.values()), "by_kind": by_kind}
