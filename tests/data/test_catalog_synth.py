"""The synthetic population (bench, frame-rate test) and the bundled sample's generator."""

from __future__ import annotations

import importlib.util
import math
import time
from pathlib import Path

import numpy as np
from sgp4.api import WGS72, Satrec, SatrecArray

from atlas.data.synth import SYNTH_FIRST_NORAD, synthesize
from atlas.model.population import (
    CONSTELLATION_KEYS,
    DEBRIS,
    GEO,
    HEO,
    LEO,
    MEO,
    PAYLOAD,
    ROCKET_BODY,
    SRC_MODELED,
    fill_derived,
)
from atlas.paths import resource


def test_sizes_are_exact_and_output_is_deterministic():
    for n in (0, 1, 7, 1000, 12_345):
        assert len(synthesize(n)) == n
    assert synthesize(5000).tobytes() == synthesize(5000).tobytes()
    assert synthesize(5000, seed=1).tobytes() != synthesize(5000).tobytes()


def test_mix_has_every_regime_kind_and_the_big_constellations():
    a = synthesize(20_000)
    share = np.bincount(a["regime"], minlength=4) / len(a)
    assert share[LEO] > 0.8 and share[MEO] > 0.01 and share[GEO] > 0.02 and share[HEO] > 0.01
    assert set(np.unique(a["kind"])) == {PAYLOAD, ROCKET_BODY, DEBRIS}
    starlink = a["constellation"] == CONSTELLATION_KEYS.index("starlink")
    assert 0.35 < starlink.mean() < 0.45
    assert np.all((a["perigee_km"][starlink] > 520) & (a["apogee_km"][starlink] < 600))
    assert {43, 53, 70, 98} <= set(np.round(a["incl"][starlink]).astype(int))
    oneweb = a["constellation"] == CONSTELLATION_KEYS.index("oneweb")
    assert np.allclose(a["incl"][oneweb], 87.9, atol=0.2) and np.allclose(a["perigee_km"][oneweb], 1200, atol=20)
    gps = a["constellation"] == CONSTELLATION_KEYS.index("gps")
    assert np.allclose(a["mean_motion"][gps], 2.0056, atol=0.01)  # two revolutions per sidereal day
    assert np.allclose(a["mean_motion"][a["regime"] == GEO], 1.0027, atol=0.005)
    assert np.all(a["owner"] != "") and np.all(a["source"] == SRC_MODELED)
    assert len(np.unique(a["norad"])) == len(a) and a["norad"].min() == SYNTH_FIRST_NORAD


def test_derived_fields_are_consistent_and_orbits_are_valid_for_sgp4():
    a = synthesize(3000)
    again = a.copy()
    fill_derived(again)
    assert again.tobytes() == a.tobytes()
    assert np.all(a["bstar"] < 0.01) and np.all(a["ecc"] < 0.9) and np.all(a["perigee_km"] >= 150)
    sats = []
    for r in a[::10]:
        sat = Satrec()
        epoch = (r["epoch"] - np.datetime64("1949-12-31T00:00", "us")) / np.timedelta64(1, "D")
        sat.sgp4init(WGS72, "i", int(r["norad"]), epoch, r["bstar"], 0.0, 0.0, r["ecc"], math.radians(r["argp"]),
                     math.radians(r["incl"]), math.radians(r["mean_anomaly"]), r["mean_motion"] * 2 * math.pi / 1440,
                     math.radians(r["raan"]))
        sats.append(sat)
    jd = np.array([2461222.5])  # 2026-07-02
    err, pos, _ = SatrecArray(sats).sgp4(jd, np.zeros(1))
    assert not err.any()
    radius = np.linalg.norm(pos[:, 0, :], axis=1)
    assert np.all(radius > 6378 + 100) and np.all(radius < 6378 + 41_000)


def test_hundred_thousand_in_well_under_a_second():
    t0 = time.perf_counter()
    synthesize(100_000)
    assert time.perf_counter() - t0 < 1.0


def test_shipped_sample_matches_its_generator():
    path = Path(__file__).resolve().parents[2] / "packaging" / "make_sample_catalog.py"
    spec = importlib.util.spec_from_file_location("make_sample_catalog", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.sample_text() == resource("catalogs", "sample-3le.txt").read_text(encoding="ascii")
