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
