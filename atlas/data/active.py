"""The population the app and the CLI answer from.

For now this is the modeled history (atlas.data.history); the imported catalog store will be preferred
here once it exists, so every caller asks `active_population()` rather than a particular source.
"""

from __future__ import annotations

from atlas.data import history
from atlas.model.population import Population


def active_population(without: tuple[str, ...] = ()) -> Population:
    """The population to show: the modeled history (label "modeled ..."), optionally without named events."""
    return history.generate(tuple(without))
