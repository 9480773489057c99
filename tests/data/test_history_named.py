"""Real named objects in the modeled history (resources/history/named.toml): the sky of 1957 holds exactly
the real objects, each named object is up between its real launch and decay dates, the search finds them,
and a broken named.toml entry is reported with file and line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from atlas.cli import main
from atlas.data import history
from atlas.data.history_facts import load_facts
from atlas.model.content import ContentError
from atlas.model.population import KIND_KEYS
from tests.data.test_history_generator import _broken_copy


@pytest.fixture(scope="module")
def h():
    return history.build()


def _up(h, date) -> dict[int, str]:
    """NORAD number -> name of everything in orbit on `date`."""
    o = h.objects[history.in_orbit(h, np.datetime64(date))]
    return dict(zip(o["norad"].tolist(), o["name"].tolist()))


def test_sputnik_day_holds_sputnik_1_and_its_core_stage_only(h):
    assert _up(h, "1957-10-05") == {1: "SL-1 R/B", 2: "SPUTNIK 1"}
    assert _up(h, "1957-10-03") == {}


def test_core_stage_down_and_sputnik_2_up_in_december_1957(h):
    assert _up(h, "1957-12-15") == {2: "SPUTNIK 1", 3: "SPUTNIK 2"}
    assert 1 in _up(h, "1957-11-30") and 1 not in _up(h, "1957-12-02")


def test_1957_launches_are_exactly_the_real_catalog(h):
    o = h.objects
    launched_1957 = o[o["launch"] < np.datetime64("1958-01-01")]
    assert sorted(launched_1957["norad"].tolist()) == [1, 2, 3]
    assert (launched_1957["kind"] == [KIND_KEYS.index("rocket_body"), 0, 0]).all()


def test_sputnik_1_gone_after_4_january_1958(h):
    assert 2 in _up(h, "1958-01-03") and 2 not in _up(h, "1958-01-05")


def test_vanguard_1_and_its_stage_still_in_orbit_today(h):
    today = _up(h, "2026-06-01")
    assert today.get(5) == "VANGUARD 1" and today.get(16) == "VANGUARD R/B"
    row = h.objects[h.objects["norad"] == 5][0]
    assert np.isnat(row["decay"]) and row["cospar"] == "1958-002B"
    assert 600 < row["perigee_km"] < 700 and 3700 < row["apogee_km"] < 4000 and abs(row["incl"] - 34.25) < 0.1


def test_cosmos_954_gone_after_24_january_1978(h):
    assert _up(h, "1978-01-23").get(10361) == "COSMOS 954"
    assert 10361 not in _up(h, "1978-01-25")


def test_decayed_named_objects_come_down_along_the_drag_model(h):
    """Skylab sinks from its 434 x 442 km orbit and is near re-entry height just before 11 July 1979."""
    early = history.population_at("1974-01-01", h=h)
    late = history.population_at("1979-07-05", h=h)
    sky_early = early[early["norad"] == 6633][0]
    sky_late = late[late["norad"] == 6633][0]
    assert sky_early["perigee_km"] > 400 and sky_late["perigee_km"] < 250


def test_named_objects_in_orbit_keep_their_listed_orbit(h):
    rows = history.population_at("2020-01-01", h=h)
    hst = rows[rows["norad"] == 20580][0]
    syncom = rows[rows["norad"] == 858][0]
    assert abs(hst["perigee_km"] - 581) < 2 and 23.0 < 24.0 / syncom["mean_motion"] < 24.5  # hours: near-synchronous


def test_event_parent_is_the_named_row_not_a_duplicate(h):
    o = h.objects
    for norad in (25730, 24946, 22675, 13552, 43947, 29651):
        assert (o["norad"] == norad).sum() == 1, norad
    microsat = o[o["norad"] == 43947][0]
    assert microsat["name"] == "MICROSAT-R" and microsat["decay"] == np.datetime64("2019-03-27")


def test_named_payloads_replace_modeled_ones(h):
    """A year's named payloads are taken from the modeled count, so the year's total stays the same."""
    facts = load_facts()
    o = h.objects
    in_1958 = (o["launch"] >= np.datetime64("1958-01-01")) & (o["launch"] < np.datetime64("1959-01-01"))
    payloads_1958 = int((in_1958 & (o["kind"] == 0) & (o["event"] < 0) & (o["constellation"] < 0)).sum())
    assert payloads_1958 == round(np.interp(1958, [a.year for a in facts.anchors], [a.payloads for a in facts.anchors]))


def test_catalog_find_vanguard_1(capsys):
    rc = main(["catalog", "find", "Vanguard 1", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 0 and doc["source"] == "modeled"
    match = [m for m in doc["matches"] if m["norad"] == 5]
    assert match and match[0]["cospar"] == "1958-002B" and match[0]["launch"] == "1958-03-17"


@pytest.mark.parametrize(
    "old,new,message",
    [
        ('kind = "rocket_body"', 'kind = "stage"', "kind must be"),
        ("decay = 1958-01-04", "decay = 1957-09-01", "decay must be after launch"),
        ('cospar = "1958-001A"', 'cospar = "58001A"', "cospar must look like"),
        ('source = "nssdca-1957-002A"', 'source = "nowhere"', "unknown source"),
        ('event = "shakti-asat-2019"', 'event = "usa193-2008"', "no cloud"),
        ("launch = 2006-12-14", "launch = 2006-12-15", "does not match its cloud"),
        ("apogee_km = 442", "apogee_km = 400", "apogee_km"),
    ],
)
def test_malformed_named_entry_names_file_and_line(tmp_path, old, new, message):
    folder, line = _broken_copy(tmp_path, "named.toml", old, new)
    with pytest.raises(ContentError) as err:
        load_facts(folder)
    assert err.value.file.endswith("named.toml") and err.value.line == line and message in str(err.value)
