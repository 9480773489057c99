"""Colourings of the population: per-object RGBA plus the legend that explains them.

Okabe-Ito colours (readable with the common colour-vision deficiencies and on projectors).
Everything is vectorized: one numpy pass per colouring change, never per frame.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from atlas.model import population as P

OKABE_ITO = ("#56B4E9", "#E69F00", "#D55E00", "#009E73", "#F0E442", "#0072B2", "#CC79A7", "#FFFFFF")
GREY = "#8a8a8a"
DIM = "#7d8694"


def _rgba(hexcode: str, alpha: float = 0.9) -> tuple[float, float, float, float]:
    h = hexcode.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255, alpha)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Colours", text)


def kind_labels():
    return (_tr("Payload"), _tr("Rocket body"), _tr("Debris"), _tr("Unknown"))


def regime_labels():
    return (_tr("LEO (apogee below 2,000 km)"), _tr("MEO"), _tr("GEO (near-synchronous)"), _tr("HEO (eccentric)"))


def filter_label(spec: str) -> str:
    """A filter spec in words: "kind:debris" -> "Debris", "constellation:starlink" -> "Starlink"."""
    field, code = P.check_filter(spec)
    if field == "kind":
        return kind_labels()[code]
    if field == "regime":
        return regime_labels()[code]
    return P.CONSTELLATIONS[code][1]


def colour_population(objects: np.ndarray, colouring: str, event_names: tuple[str, ...] = ()):
    """Return (rgba float32 (n, 4), legend [(label, hexcode, count)])."""
    n = len(objects)
    if colouring == "kind":
        codes = objects["kind"].astype(np.int64)
        hexes = [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], GREY]
        labels = kind_labels()
    elif colouring == "regime":
        codes = objects["regime"].astype(np.int64)
        hexes = [OKABE_ITO[0], OKABE_ITO[3], OKABE_ITO[4], OKABE_ITO[6]]
        labels = regime_labels()
    elif colouring == "constellation":
        c = objects["constellation"].astype(np.int64)
        k = len(P.CONSTELLATIONS)
        codes = np.where(c < 0, k, c)
        palette = list(OKABE_ITO[:7]) + ["#9ecae1", "#fdae6b", "#a1d99b", "#bcbddc"]
        hexes = [palette[i % len(palette)] for i in range(k)] + [DIM]
        labels = tuple(disp for _key, disp, _p, _o in P.CONSTELLATIONS) + (_tr("None"),)
    elif colouring == "owner":
        owners = objects["owner"]
        uniq, inv, counts = np.unique(owners, return_inverse=True, return_counts=True)
        order = [i for i in np.argsort(-counts) if uniq[i] != ""][:7]
        codes = np.full(n, len(order), dtype=np.int64)  # "other"
        for slot, u in enumerate(order):
            codes[inv == u] = slot
        unknown_slot = len(order) + 1
        codes[owners == ""] = unknown_slot
        hexes = [OKABE_ITO[i] for i in range(len(order))] + [GREY, DIM]
        labels = tuple(str(uniq[i]) for i in order) + (_tr("Other owners"), _tr("Owner not known"))
    elif colouring == "event":
        # The six largest clouds in view get their own colours, the rest share one: a palette
        # cycled over every event would give two clouds the same colour.
        e = objects["event"].astype(np.int64)
        k = max(len(event_names), int(e.max()) + 1 if n else 0)
        names = tuple(event_names) + tuple(f"event {i}" for i in range(len(event_names), k))
        counts_by_event = np.bincount(e[e >= 0], minlength=k) if n else np.zeros(k, np.int64)
        ranked = [int(i) for i in np.argsort(-counts_by_event, kind="stable") if counts_by_event[i] > 0]
        top, rest = ranked[:6], ranked[6:]
        slot_of = np.full(k + 1, len(top), dtype=np.int64)  # "other break-ups"
        slot_of[top] = np.arange(len(top))
        slot_of[k] = len(top) + 1  # not from a break-up
        codes = slot_of[np.where(e < 0, k, e)]
        palette = [OKABE_ITO[2], OKABE_ITO[4], OKABE_ITO[6], OKABE_ITO[1], OKABE_ITO[0], OKABE_ITO[3]]
        hexes = palette[: len(top)] + [GREY, DIM]
        other = _tr("Other break-ups ({n})").format(n=len(rest))
        labels = tuple(names[i] for i in top) + (other, _tr("Not from a break-up"))
    else:
        raise ValueError(f"unknown colouring {colouring!r}")
    table = np.array([_rgba(h, 0.55 if h == DIM else 0.9) for h in hexes], dtype=np.float32)
    rgba = table[codes] if n else np.zeros((0, 4), dtype=np.float32)
    counts = np.bincount(codes, minlength=len(hexes)) if n else np.zeros(len(hexes), dtype=np.int64)
    legend = [(labels[i], hexes[i], int(counts[i])) for i in range(len(hexes)) if counts[i] > 0]
    return np.ascontiguousarray(rgba, dtype=np.float32), legend
