"""Generator behaviour a user relies on: determinism, counterfactuals, counts, search, SGP4-ready elements,
the cache, and file:line errors in the facts."""

from __future__ import annotations

import shutil
import time

import numpy as np
import pytest
from sgp4.api import WGS72, Satrec

from atlas.data import history
from atlas.data.history_facts import history_dir, load_facts
from atlas.model.content import ContentError
from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS, event_index
from atlas.model.population import EARTH_RADIUS_KM, KIND_KEYS, SRC_MODELED


def test_same_output_every_run():
    a, b = history.build().objects, history.build().objects
    assert len(a) > 40000 and a.tobytes() == b.tobytes()


def test_every_object_has_launch_and_sane_elements():
    o = history.build().objects
    assert not np.isnat(o["launch"]).any()
    assert (o["source"] == SRC_MODELED).all()
    assert ((o["ecc"] >= 0) & (o["ecc"] < 1)).all() and (o["mean_motion"] > 0.9).all()
    assert (o["perigee_km"] >= 99).all() and (o["bstar"] == 0).all()
    assert (o["launch"] >= np.datetime64("1957-10-04")).all()
    decayed = ~np.isnat(o["decay"])
    assert (o["decay"][decayed] > o["launch"][decayed]).all()
    assert len(np.unique(o["norad"])) == len(o)


def test_without_removes_only_that_events_fragments():
    full = history.build()
    cf = history.build(("fy1c-asat-2007",))
    fy = event_index("fy1c-asat-2007")
    assert (full.objects["event"] == fy).sum() == 3037 and (cf.objects["event"] == fy).sum() == 0
    assert len(full.objects) - len(cf.objects) == 3037
    others = full.objects[full.objects["event"] != fy]
    same = others[others["name"] != "FENGYUN 1C"]
    cf_same = cf.objects[cf.objects["name"] != "FENGYUN 1C"]
    assert same.tobytes() == cf_same.tobytes()
    parent = cf.objects[cf.objects["norad"] == 25730][0]
    assert np.isnat(parent["decay"]) or parent["decay"] > np.datetime64("2100-01-01")  # 850 km: centuries


def test_count_difference_and_shape():
    with_, without = history.count("2010-01-01"), history.count("2010-01-01", ("fy1c-asat-2007",))
    assert with_["source"] == "modeled" and set(with_["by_kind"]) == set(KIND_KEYS)
    assert with_["total"] == sum(with_["by_kind"].values())
    assert 2500 < with_["by_kind"]["debris"] - without["by_kind"]["debris"] <= 3037
    assert with_["by_kind"]["payload"] == without["by_kind"]["payload"] - 1  # Fengyun-1C itself survives
    assert history.count("1957-10-03")["total"] == 0


def test_count_matches_mask_and_is_fast():
    h = history.history()
    for d in ("1965-06-01", "2009-03-01", "2021-12-01"):
        assert history.count(d)["total"] == int(history.in_orbit(h, np.datetime64(d)).sum())
    t = time.perf_counter()
    for i in range(50):
        history.count(f"{1960 + i}-05-01")
    assert (time.perf_counter() - t) / 50 < 0.005


def test_unknown_event_lists_known_ids():
    with pytest.raises(ValueError) as err:
        history.count("2010-01-01", ("no-such-event",))
    assert "fy1c-asat-2007" in str(err.value) and "no-such-event" in str(err.value)


def test_event_ids_in_data_match_the_shared_tuple():
    ids = {e.id for e in load_facts().events}
    for required in ("fy1c-asat-2007", "iridium-cosmos-2009", "cosmos1408-asat-2021", "shakti-asat-2019", "usa193-2008"):
        assert required in ids
    assert ids <= set(FRAGMENTATION_EVENT_IDS)


def test_find_by_norad_name_and_cospar():
    assert history.find("25730")[0]["name"] == "FENGYUN 1C"
    deb = history.find("fengyun 1c deb")
    assert len(deb) == 50 and all("FENGYUN 1C DEB" == n for n in deb["name"])
    assert history.find("1982-092A")[0]["norad"] == 13552
    assert len(history.find("")) == 0


@pytest.mark.parametrize("date", ["1965-01-01", "2007-02-01", "2009-03-01", "2021-12-01"])
def test_population_at_gives_sgp4_valid_elements_near_the_date(date):
    rows = history.population_at(date)
    assert len(rows) == history.count(date)["total"]
    assert (rows["epoch"] == np.datetime64(date, "us")).all()
    rng = np.random.default_rng(1)
    for r in rows[rng.choice(len(rows), size=min(200, len(rows)), replace=False)]:
        sat = Satrec()
        epoch_days = (r["epoch"] - np.datetime64("1949-12-31T00:00", "us")).astype(np.float64) / 86400e6
        sat.sgp4init(WGS72, "i", 1, epoch_days, 0.0, 0.0, 0.0, r["ecc"], np.radians(r["argp"]), np.radians(r["incl"]),
                     np.radians(r["mean_anomaly"]), r["mean_motion"] * 2 * np.pi / 1440.0, np.radians(r["raan"]))
        jd, fr = sat.jdsatepoch, sat.jdsatepochF + 0.5  # half a day after the epoch
        err, pos, _vel = sat.sgp4(jd, fr)
        assert err == 0, (r["name"], err)
        alt = np.linalg.norm(pos) - EARTH_RADIUS_KM
        assert r["perigee_km"] - 60 < alt < r["apogee_km"] + 60


def test_population_at_follows_drag_down():
    rows_a = history.population_at("2021-11-20")
    rows_b = history.population_at("2022-06-01")
    key = "COSMOS 1408 DEB"
    a = {n: p for n, p, nm in zip(rows_a["norad"], rows_a["apogee_km"], rows_a["name"]) if nm == key}
    b = {n: p for n, p, nm in zip(rows_b["norad"], rows_b["apogee_km"], rows_b["name"]) if nm == key}
    both = [n for n in b if n in a]
    assert both and np.median([b[n] - a[n] for n in both]) < 0  # the apogee comes down first


def test_generation_is_fast_and_cached(_isolated_data_dir):
    t = time.perf_counter()
    history.build()
    assert time.perf_counter() - t < 1.0
    history._MEMORY.clear()
    first = history.history(("shakti-asat-2019",))
    files = list((_isolated_data_dir / "cache").glob("history-*.npz"))
    assert len(files) == 1
    history._MEMORY.clear()
    t = time.perf_counter()
    again = history.history(("shakti-asat-2019",))
    assert time.perf_counter() - t < 0.5 and first.objects.tobytes() == again.objects.tobytes()


def test_generate_labels_modeled():
    pop = history.generate(("usa193-2008",))
    assert pop.modeled and pop.label.startswith("modeled") and "usa193-2008" in pop.label


def _broken_copy(tmp_path, name, old, new):
    folder = tmp_path / "history"
    shutil.copytree(history_dir(), folder)
    p = folder / name
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    "name,old,new,message",
    [
        ("events.toml", "fragments = 3037", "fragments = -5", "fragments"),
        ("events.toml", 'id = "usa193-2008"', 'id = "made-up-2030"', "FRAGMENTATION_EVENT_IDS"),
        ("launches.toml", 'source = "model-calibration"\n\n# ---- orbit', 'source = "nowhere"\n\n# ---- orbit', "unknown source"),
        ("decay.toml", "peak_ssn = 116.4", 'peak_ssn = "high"', "peak_ssn"),
    ],
)
def test_bad_facts_give_file_and_line(tmp_path, name, old, new, message):
    folder, line = _broken_copy(tmp_path, name, old, new)
    with pytest.raises(ContentError) as err:
        load_facts(folder)
    assert err.value.file.endswith(name) and err.value.line == line and message in str(err.value)
