"""The baseline projection against published long-term projections (issue 6: "of plausible size").

Sources the envelope comes from:
  - IADC, "Stability of the Future LEO Environment", IADC-12-08 Rev. 1 (J.-C. Liou, study lead,
    with ASI, ESA, ISRO, JAXA and UKSA models), January 2013; summarised in NASA's Orbital Debris
    Quarterly News 17(1): with launches repeating recent traffic, 90% post-mission disposal and no
    explosions, all six models saw the LEO population of 10 cm and larger grow, by about 30% on
    average over 200 years, with a catastrophic collision every 5 to 9 years.
    https://orbitaldebris.jsc.nasa.gov/quarterly-news/pdfs/odqnv17i1.pdf
  - ESA Space Environment Report 2025: even without new launches the debris population keeps
    growing, because fragmentations add objects faster than drag removes them.
    https://www.esa.int/Space_Safety/Space_Debris/ESA_Space_Environment_Report_2025
  - History: one accidental catastrophic collision between intact objects among tracked objects
    (Iridium 33 / Cosmos 2251, 2009) and a handful of non-catastrophic hits of tracked debris on
    satellites and stages since 1991.
Our starting population (about 10,000 active satellites) is larger than the IADC study's (2009),
so the envelope is read loosely: growth by tens of percent up to a factor of a few in a century,
catastrophic collisions of order one every few years, and no runaway.
"""

from __future__ import annotations

import numpy as np

from atlas.model.whatif import Params, run


def test_baseline_grows_by_tens_of_percent_not_a_runaway():
    r = run(Params())
    total = r.total()
    growth = total[-1] / total[0]
    assert 1.05 < growth < 3.0  # IADC 2013: ~+30% in 200 years; BAU studies: up to a factor of a few
    assert np.all(total < 3.0 * total[0])  # never a runaway within the century
    assert r.by_species["fragments"][-1] < 3.0 * r.by_species["fragments"][0]
    assert r.collisions_per_year.max() < 3.0  # collisions stay of order one a year


def test_collision_rate_today_matches_history_and_legend_order():
    r = run(Params(years=10))
    # IADC/LEGEND: a catastrophic collision every 5-9 years (0.11-0.2 a year) in a smaller
    # environment; today's larger one may have somewhat more, but not one a year
    assert 0.1 < r.catastrophic_per_year[0] < 0.5
    # all collisions, counting tracked debris hitting a satellite or stage without destroying it:
    # a few a decade observed among tracked objects (most small hits go unseen), so below ~1 a year
    assert 0.2 < r.collisions_per_year[0] < 1.0


def test_without_launches_the_debris_does_not_clear_itself():
    # ESA 2025 and LEGEND: with no launches the 10 cm population does not fall away; collisions
    # keep making fragments about as fast as drag removes them
    r = run(Params(years=200, launch_scale=0.0))
    frag = r.by_species["fragments"]
    assert 0.75 * frag[0] < frag[-1] < 1.5 * frag[0]
    assert r.collisions_cumulative[-1] > 10  # still collisions every few decades or faster


def test_building_every_announced_megaconstellation_at_90_percent_disposal_runs_away():
    # the published runaway scenarios pair large constellations with imperfect disposal: tens of
    # thousands of satellites at 1,100-1,150 km leave about 10% of them dead there for millennia
    base = run(Params()).cycle_averaged()
    mega = run(Params(constellations=1.0)).cycle_averaged()
    assert mega["fragments"] > 10 * base["fragments"]
    assert mega["collisions_per_year"] > 10 * base["collisions_per_year"]
