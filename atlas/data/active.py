"""The population the app and the CLI answer from: the imported catalog when there is one,
otherwise the built-in modeled history. Every caller asks here, never a particular source."""

from __future__ import annotations

from atlas.data import history, store
from atlas.model.population import Population


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
