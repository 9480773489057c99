"""The modeled history against published counts (reference/facts.md) and the known fate of debris clouds."""

from __future__ import annotations

import numpy as np
import pytest

from atlas.data import history
from atlas.model.events_ids import event_index

# (date, published count, source) for cataloged objects in orbit, all regimes
ALL_REGIMES = [
    ("1980-01-01", 4500, "about 4,500 around 1980"),
    ("1989-07-01", 7000, "about 7,000 in 1989"),
    ("1997-07-01", 8500, "about 8,500 in 1997"),
    ("2007-01-10", 10000, "about 10,000 in early 2007, before Fengyun-1C"),
    ("2019-06-01", 17480, "17,480 well tracked, June 2019"),
    ("2023-10-01", 25717, "25,717 well tracked, Oct 2023"),
]
# objects above 3 rev/day in January (Space-Track history with ESA DISCOS classes)
ABOVE_3_REV = [("2000-01-01", 5958), ("2007-01-01", 6823), ("2008-01-01", 8456), ("2010-01-01", 10347),
               ("2015-01-01", 10588), ("2020-01-01", 14207), ("2023-01-01", 19245)]


@pytest.fixture(scope="module")
def h():
    return history.build()


def _in_orbit(h, date, extra=None):
    m = history.in_orbit(h, np.datetime64(date))
    return m if extra is None else m & extra


@pytest.mark.parametrize("date,published,what", ALL_REGIMES)
def test_count_in_orbit_within_15_percent(h, date, published, what):
    modeled = int(_in_orbit(h, date).sum())
    assert abs(modeled - published) <= 0.15 * published, f"{date}: modeled {modeled} vs {what}"


@pytest.mark.xfail(strict=True, reason="ESA's ~39,000 'tracked' at end 2024 includes objects outside the public "
                   "catalog the model reproduces; the modeled public catalog is about 28,500")
def test_end_2024_esa_tracked_count(h):
    modeled = int(_in_orbit(h, "2024-12-31").sum())
    assert abs(modeled - 39000) <= 0.15 * 39000


@pytest.mark.parametrize("date,published", ABOVE_3_REV)
def test_above_3_rev_per_day_within_15_percent(h, date, published):
    modeled = int(_in_orbit(h, date, h.objects["mean_motion"] > 3.0).sum())
    assert abs(modeled - published) <= 0.15 * published, f"{date}: modeled {modeled} vs {published}"


def test_payloads_above_3_rev_per_day_january_2023(h):
    modeled = int(_in_orbit(h, "2023-01-01", (h.objects["mean_motion"] > 3.0) & (h.objects["kind"] == 0)).sum())
    assert abs(modeled - 7970) <= 0.15 * 7970, modeled


def _cloud(h, event_id, date):
    ev = h.objects["event"] == event_index(event_id)
    return int(_in_orbit(h, date, ev).sum()), int((ev & (h.objects["launch"] <= np.datetime64(date))).sum())


def test_fy1c_cloud_at_the_right_orbit_and_mostly_still_up_in_2010(h):
    o = h.objects[h.objects["event"] == event_index("fy1c-asat-2007")]
    assert o["launch"].min() == np.datetime64("2007-01-11")
    assert abs(np.median(o["incl"]) - 98.6) < 0.5
    assert 700 < np.median(o["perigee_km"]) < 860 < np.median(o["apogee_km"]) < 1100
    up, cataloged = _cloud(h, "fy1c-asat-2007", "2010-09-01")
    assert cataloged > 2900 and up / cataloged >= 0.90  # ODQN Oct 2010: ~97% of 3,037 still in orbit
    before, _ = _cloud(h, "fy1c-asat-2007", "2007-01-10")
    assert before == 0


def test_usa193_debris_gone_within_weeks(h):
    first, _ = _cloud(h, "usa193-2008", "2008-02-22")
    after_a_month, _ = _cloud(h, "usa193-2008", "2008-03-25")
    assert first > 50 and after_a_month <= 0.2 * first
    assert _cloud(h, "usa193-2008", "2009-12-31")[0] == 0


def test_shakti_debris_gone_within_two_years(h):
    assert _cloud(h, "shakti-asat-2019", "2019-03-28")[0] > 30
    assert _cloud(h, "shakti-asat-2019", "2021-03-27")[0] == 0


def test_cosmos1408_mostly_decayed_by_2025(h):
    first, _ = _cloud(h, "cosmos1408-asat-2021", "2021-11-16")
    a_year, _ = _cloud(h, "cosmos1408-asat-2021", "2022-11-15")
    late, _ = _cloud(h, "cosmos1408-asat-2021", "2025-06-01")
    assert first > 1000 and 0.15 * first < a_year < 0.7 * first and late < 0.1 * first


def test_iridium_cosmos_two_clouds_told_apart_by_owner(h):
    o = h.objects[h.objects["event"] == event_index("iridium-cosmos-2009")]
    iri, cos = o[o["owner"] == "US"], o[o["owner"] == "CIS"]
    assert len(iri) + len(cos) == len(o) == 1632
    assert abs(np.median(iri["incl"]) - 86.4) < 0.5 and abs(np.median(cos["incl"]) - 74.0) < 0.5


def test_starlink_over_7000_by_march_2025_and_near_snapshot_in_2026(h):
    sl = h.objects["constellation"] == 0
    assert int(_in_orbit(h, "2025-03-15", sl).sum()) > 7000
    assert abs(int(_in_orbit(h, "2026-07-10", sl).sum()) - 10743) <= 0.15 * 10743
