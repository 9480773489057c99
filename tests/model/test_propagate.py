import math

import numpy as np
from sgp4.api import Satrec

from atlas.model import population as P
from atlas.model.propagate import Animator, Propagator
from tests.conftest import make_population

# The classic ISS element set from the SGP4 literature (Vallado et al. 2006 test cases style).
ISS_L1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
ISS_L2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"


def _row_from_satrec(s: Satrec):
    a = P.empty(1)
    a["norad"] = 25544
    jd = s.jdsatepoch + s.jdsatepochF
    us = round((jd - 2440587.5) * 86_400_000_000)
    a["epoch"] = np.datetime64(us, "us")
    a["mean_motion"] = s.no_kozai * 1440 / (2 * math.pi)
    a["ecc"] = s.ecco
    a["incl"] = math.degrees(s.inclo)
    a["raan"] = math.degrees(s.nodeo)
    a["argp"] = math.degrees(s.argpo)
    a["mean_anomaly"] = math.degrees(s.mo)
    a["bstar"] = s.bstar
    return P.fill_derived(a)


def test_population_elements_reproduce_sgp4_of_the_tle():
    ref = Satrec.twoline2rv(ISS_L1, ISS_L2)
    prop = Propagator(_row_from_satrec(ref))
    jd = ref.jdsatepoch + ref.jdsatepochF + 0.37
    e, r, _v = ref.sgp4(math.floor(jd - 0.5) + 0.5, jd - (math.floor(jd - 0.5) + 0.5))
    assert e == 0
    ours = prop.positions_at(jd)[0] * P.EARTH_RADIUS_KM
    assert np.linalg.norm(ours - np.array(r)) < 0.01  # km


def test_hermite_frames_stay_on_the_sgp4_orbit():
    objs = make_population()
    prop = Propagator(objs)
    anim = Animator(prop, step_s=300)
    jd0 = 2461231.5
    worst = 0.0
    for k in range(60):
        jd = jd0 + k * 17.3 / 1440.0
        got = anim.positions(jd, 1 / 30, 60).astype(np.float64)
        truth = prop.positions_at(jd)
        worst = max(worst, float(np.max(np.linalg.norm(got - truth, axis=1))) * P.EARTH_RADIUS_KM)
    assert worst < 1.0, f"interpolation strays {worst:.2f} km from SGP4"


def test_frames_do_not_propagate_everything_each_frame():
    objs = make_population(n_leo=3000, n_geo=100)
    prop = Propagator(objs)
    anim = Animator(prop, step_s=300)
    jd = 2461231.5
    for _ in range(600):  # 20 s of frames at 30 fps, 60x: 1200 simulated seconds, 4 keyframe steps
        jd += 60 / 30 / 86400
        anim.positions(jd, 1 / 30, 60)
    assert anim.full_propagations == 1  # only the first frame; the rest came in chunks


def test_reverse_time_and_large_jumps():
    objs = make_population()
    prop = Propagator(objs)
    anim = Animator(prop, step_s=300)
    jd = 2461231.5
    for _ in range(100):
        jd -= 600 / 30 / 86400
        got = anim.positions(jd, 1 / 30, -600)
    assert np.max(np.linalg.norm(got - prop.positions_at(jd), axis=1)) * P.EARTH_RADIUS_KM < 1.0
    jd += 12.0  # twelve days later, a date typed in
    got = anim.positions(jd, 1 / 30, 1)
    assert np.max(np.linalg.norm(got - prop.positions_at(jd), axis=1)) * P.EARTH_RADIUS_KM < 1.0
    got = anim.positions(jd + 0.5, 1 / 30, 100000)  # faster than a keyframe step per frame
    assert np.allclose(got, prop.positions_at(jd + 0.5), atol=1e-5)


def test_objects_sgp4_cannot_place_are_hidden_not_dropped():
    objs = make_population(n_leo=5, n_geo=0)
    objs["mean_motion"][0] = 16.6  # below the surface: SGP4 reports decay
    objs["bstar"][0] = 0.5
    prop = Propagator(objs)
    pos = Animator(prop).positions(2461231.5 + 30, 1 / 30, 1)
    assert len(pos) == 5
    assert np.all(pos[0] == 0) and np.all(np.linalg.norm(pos[1:], axis=1) > 1.05)


def test_orbit_path_is_one_closed_revolution():
    objs = make_population(n_leo=1, n_geo=0)
    prop = Propagator(objs)
    path = prop.orbit_path(0, 2461231.5, float(objs["period_min"][0]), points=200)
    radii = np.linalg.norm(path, axis=1) * P.EARTH_RADIUS_KM - P.EARTH_RADIUS_KM
    assert 500 < radii.min() and radii.max() < 600
    assert np.linalg.norm(path[0] - path[-1]) * P.EARTH_RADIUS_KM < 50
