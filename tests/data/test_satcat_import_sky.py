"""The sky of a past date from an imported SATCAT (+ element sets): counts by date, what places each object,
the propagators the globe uses, and the speed of a new day for a SATCAT-sized catalog."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SNAPSHOT
from tests.data.satcat_import_helpers import satcat_sized, write_satcat

from atlas.cli import main
from atlas.data import store
from atlas.data.active import active_count
from atlas.data.formats import read_file
from atlas.data.satcat import NOTE
from atlas.data.sky import SkySource, SplitPropagator
from atlas.model.population import EARTH_RADIUS_KM, SRC_ELEMENTS, SRC_SATCAT, Population
from atlas.model.propagate import Animator, _jd_of

FIXTURES = Path(__file__).parent / "fixtures" / "satcat_import"
SATCAT, GP = FIXTURES / "satcat.csv", FIXTURES / "gp.csv"


@pytest.fixture
def imported() -> Population:
    store.import_files([SATCAT, GP])
    return store.load_active()


def _json(capsys, *argv) -> tuple[int, dict]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


# Hand-checked against the fixture: launched on or before the day, not decayed by it. Debris appears when
# its catalog number was reached (FY-1C debris 29700-29701 after USA 193's launch, 2006-12-14; Cosmos 2251
# and Iridium 33 debris 33757/33760 after Koronas-Foton's, 2009-01-30), not on its parent's launch date.
EXPECTED = {
    "1958-01-01": (1, 0, 0, 0),  # Sputnik 1 (its rocket body re-entered on 1 Dec 1957)
    "1990-01-01": (3, 0, 0, 0),  # Vanguard 1, Syncom 3, Mir
    "2001-03-22": (8, 1, 0, 0),  # + HST, Cosmos 2251, Iridium 33, ISS, FY-1C, its CZ-4 rocket body
    "2001-03-23": (7, 1, 0, 0),  # Mir re-entered that day
    "2008-01-01": (9, 1, 2, 0),  # + Molniya 1-93, USA 193, two FY-1C fragments
    "2026-07-01": (9, 1, 2, 1),  # USA 193, Koronas-Foton and two fragments gone; Starlink-1007, Object Z
}


@pytest.mark.parametrize("date", sorted(EXPECTED))
def test_catalog_count_by_date_from_the_imported_satcat(imported, capsys, date):
    code, doc = _json(capsys, "catalog", "count", "--date", date, "--json")
    payload, rocket_body, debris, unknown = EXPECTED[date]
    assert code == 0 and doc["date"] == date
    assert doc["source"] == imported.label and doc["source"].startswith("CelesTrak SATCAT")
    assert doc["by_kind"] == {"payload": payload, "rocket_body": rocket_body, "debris": debris, "unknown": unknown}
    assert doc["total"] == payload + rocket_body + debris + unknown


def test_leaving_out_an_event_can_only_be_answered_by_the_model(imported):
    assert active_count("2008-01-01", ("fy1c-asat-2007",))["source"] == "modeled"


def test_the_sky_of_a_day_matches_the_count_and_places_every_visible_object(imported):
    src = SkySource(imported)
    for date, expected in EXPECTED.items():
        sky = src.at(date)
        assert int(sky.visible.sum()) == sum(expected), date
    sky = src.at("2008-01-01")
    objs = sky.objects
    # element sets first (SGP4), then SATCAT orbits (two-body + J2): one propagator over both
    n_el = int((objs["source"] == SRC_ELEMENTS).sum())
    assert (objs["source"][:n_el] == SRC_ELEMENTS).all() and (objs["source"][n_el:] == SRC_SATCAT).all()
    assert isinstance(sky.propagator, SplitPropagator) and sky.propagator.n == len(objs)
    jd = float(_jd_of(np.array([np.datetime64("2008-01-01T06:00")]))[0])
    r_km = np.linalg.norm(sky.propagator.positions_at(jd), axis=1) * EARTH_RADIUS_KM
    vis_satcat = sky.visible & (objs["source"] == SRC_SATCAT)
    assert vis_satcat.sum() >= 5 and np.isfinite(r_km[vis_satcat]).all()
    lo = EARTH_RADIUS_KM + objs["perigee_km"][vis_satcat] - 30  # J2 moves the perigee; a few km of slack
    hi = EARTH_RADIUS_KM + objs["apogee_km"][vis_satcat] + 30
    assert ((r_km[vis_satcat] >= lo) & (r_km[vis_satcat] <= hi)).all()
    molniya = sky.index_of(28163)  # a 12-hour orbit from a 2004 "epoch": placed, and quickly
    t = time.perf_counter()
    sky.propagator.positions_at(jd + 3650.0)
    assert time.perf_counter() - t < 0.5 and np.isfinite(r_km[molniya])


def test_deep_space_element_sets_use_sgp4_near_their_epoch_and_kepler_far_from_it(imported):
    from atlas.model.propagate import Propagator

    sky = SkySource(imported).at("1990-01-01")
    i = sky.index_of(858)  # Syncom 3: a GEO element set of 2026-07-08, in orbit since 1964
    row = sky.objects[i : i + 1]
    near = float(_jd_of(np.array([np.datetime64("2026-07-10T00:00")]))[0])
    exact = Propagator(row).positions_at(near)[0]
    assert np.allclose(sky.propagator.positions_at(near)[i], exact, atol=1e-9)  # SGP4 itself
    far = float(_jd_of(np.array([np.datetime64("1990-01-01T00:00")]))[0])
    t = time.perf_counter()
    r = np.linalg.norm(sky.propagator.positions_at(far)[i]) * EARTH_RADIUS_KM
    assert time.perf_counter() - t < 0.5 and abs(r - 42164.0) < 200.0  # on the GEO ring, 36 years back


def test_the_animator_runs_over_element_sets_and_satcat_orbits_alike(imported):
    sky = SkySource(imported).at("2026-07-10")
    anim = Animator(sky.propagator, step_s=300.0)
    jd0 = float(_jd_of(np.array([np.datetime64("2026-07-10T00:00")]))[0])
    for k in range(40):  # 40 frames at 60 simulated seconds each: crosses several keyframes
        jd = jd0 + k * 60.0 / 86400.0
        pos = anim.positions(jd, frame_dt_s=1 / 60, rate=3600.0)
    exact = np.nan_to_num(sky.propagator.positions_at(jd), nan=0.0)
    err_km = np.linalg.norm(pos - exact, axis=1) * EARTH_RADIUS_KM
    assert err_km[sky.visible].max() < 2.0


def test_find_says_which_positions_are_illustrative(imported, capsys):
    code, doc = _json(capsys, "catalog", "find", "MIR", "--json")
    assert code == 0 and doc["source"] == imported.label
    mir = next(m for m in doc["matches"] if m["norad"] == 16609)
    assert mir["placed_by"] == "satcat" and mir["position_note"] == NOTE and mir["decay"] == "2001-03-23"
    code, doc = _json(capsys, "catalog", "find", "25544", "--json")
    (iss,) = doc["matches"]
    assert iss["placed_by"] == "elements" and iss["position_note"] is None and iss["launch"] == "1998-11-20"


def test_a_new_day_for_a_satcat_sized_catalog_is_fast(tmp_path):
    """The figure the report quotes: SkySource.at() on a new day for 60,000 SATCAT rows (the in-orbit mask;
    the propagator is set up once per catalog), and the positions of all of them on that day."""
    pf = read_file(write_satcat(tmp_path / "satcat-60k.csv", satcat_sized(60_000)))
    assert len(pf.rows) == 60_000 and not pf.refused
    src = SkySource(Population(pf.rows, label="CelesTrak SATCAT satcat-60k.csv"))
    src.at("2000-01-01")  # set-up
    days = np.datetime64("1960-01-01") + np.arange(15) * np.timedelta64(1013, "D")
    at_s, pos_s = [], []
    for d in days:
        t = time.perf_counter()
        sky = src.at(d)
        at_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        sky.propagator.positions_at(float(_jd_of(np.array([d]))[0]))
        pos_s.append(time.perf_counter() - t)
    assert np.median(at_s) < 0.025 and np.median(pos_s) < 0.25


# ---- with a real SATCAT beside the checkout (never committed) -------------------------------------------------
_SATCATS = sorted(SNAPSHOT.parent.glob("*satcat*.csv")) if SNAPSHOT.parent.exists() else []
# Cataloged objects in orbit, ../shared/reference/facts.md (NASA ODPO / ESA figures): 1980 about 4,500;
# 1989 about 7,000; 1997 about 8,500; early 2007 about 10,000 (before the Fengyun-1C test).
PUBLISHED = {"1980-07-01": 4500, "1989-07-01": 7000, "1997-07-01": 8500, "2007-01-01": 10000}


@pytest.fixture
def real_satcat() -> Path:
    if not _SATCATS:
        pytest.skip(f"no real SATCAT (*satcat*.csv) in {SNAPSHOT.parent}")
    return _SATCATS[-1]


def test_a_real_satcat_counts_near_the_published_figures(real_satcat):
    pf = read_file(real_satcat)
    src = SkySource(Population(pf.rows, label="real SATCAT"))
    for date, published in PUBLISHED.items():
        n = int(src.at(date).visible.sum())
        assert abs(n - published) <= 0.15 * published, (date, n, published)
