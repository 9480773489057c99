"""Ids of the fragmentation events, shared by the modeled history and the events timeline.

The `event` column of a population is an index into FRAGMENTATION_EVENT_IDS, so the order is part of the
cached data format: append new ids at the end, never reorder or remove. The Iridium 33 / Cosmos 2251
collision is one event with two clouds; its fragments are told apart by owner (US for Iridium 33, CIS for
Cosmos 2251). Accidental break-ups are named "<parent>-breakup-<year>".
"""

from __future__ import annotations

FRAGMENTATION_EVENT_IDS: tuple[str, ...] = (
    "fy1c-asat-2007",
    "iridium-cosmos-2009",
    "cosmos1408-asat-2021",
    "shakti-asat-2019",
    "usa193-2008",
    "ov2-1-rb-breakup-1965",
    "nimbus4-rb-breakup-1970",
    "cosmos1275-breakup-1981",
    "spot1-rb-breakup-1986",
    "step2-rb-breakup-1996",
    "cosmos2421-breakup-2008",
    "noaa16-breakup-2015",
    "cz6a-rb-breakup-2022",
    "cz6a-rb-breakup-2024",
    "solwind-asat-1985",
)


def event_index(event_id: str) -> int:
    """Index of an event id in FRAGMENTATION_EVENT_IDS; ValueError naming the known ids otherwise."""
    try:
        return FRAGMENTATION_EVENT_IDS.index(event_id)
    except ValueError:
        known = ", ".join(FRAGMENTATION_EVENT_IDS)
        raise ValueError(f"unknown event id {event_id!r}; known ids: {known}") from None
