"""The what-if lab's model (no Qt): a source-sink debris model, orbital lifetimes and the
starting state. See model.py for the physics and resources/model/whatif.toml for the constants."""

from atlas.model.whatif.atmosphere import Lifetime, lifetime
from atlas.model.whatif.constants import SPECIES, constants
from atlas.model.whatif.model import Params, Result, run, summary

__all__ = ["SPECIES", "Lifetime", "Params", "Result", "constants", "lifetime", "run", "summary"]
