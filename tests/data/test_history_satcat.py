"""SATCAT CSV reader: rows from apogee/perigee/inclination/period, refusals with file, line and reason."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from atlas.data.satcat import read_satcat
from atlas.model.content import ContentError
from atlas.model.population import DEBRIS, PAYLOAD, ROCKET_BODY, SRC_SATCAT, in_orbit_mask

FIXTURE = Path(__file__).parent / "fixtures" / "satcat_small.csv"


def test_reads_good_rows_with_orbits_from_satcat_parameters():
    rows, refusals = read_satcat(FIXTURE)
    assert len(rows) == 11 and len(refusals) == 6
    assert (rows["source"] == SRC_SATCAT).all()
    fy = rows[rows["norad"] == 25730][0]
    assert fy["kind"] == PAYLOAD and fy["owner"] == "PRC" and fy["cospar"] == "1999-025A"
    assert abs(fy["mean_motion"] - 1440.0 / 101.9) < 1e-9 and abs(fy["incl"] - 98.6) < 1e-9
    assert 830 < fy["perigee_km"] < 850 and 850 < fy["apogee_km"] < 870
    assert rows[rows["norad"] == 1][0]["kind"] == ROCKET_BODY
    assert str(rows[rows["norad"] == 2][0]["decay"]) == "1958-01-03"
    assert np.isnat(rows[rows["norad"] == 5][0]["decay"])


def test_refusals_name_file_line_and_reason():
    _rows, refusals = read_satcat(FIXTURE)
    by_line = {r.line: r.reason for r in refusals}
    assert "not in Earth orbit" in by_line[13]
    assert "DOC" in by_line[14]
    assert "NORAD_CAT_ID" in by_line[15]
    assert "LAUNCH_DATE" in by_line[16]
    assert "no PERIGEE" in by_line[17]
    assert "not an orbit" in by_line[18]
    assert str(refusals[0]).startswith(f"{FIXTURE}:13: ")


def test_positions_along_the_orbit_are_spread_deterministically():
    a, _ = read_satcat(FIXTURE)
    b, _ = read_satcat(FIXTURE)
    assert a.tobytes() == b.tobytes()
    assert len(np.unique(np.round(a["mean_anomaly"]))) == len(a)


def test_sky_of_a_past_date_holds_launched_and_not_decayed():
    rows, _ = read_satcat(FIXTURE)
    names = set(rows["name"][in_orbit_mask(rows, np.datetime64("1957-12-15"))])
    assert names == {"SPUTNIK 1"}  # the SL-1 rocket body re-entered on 1 Dec 1957
    assert "USA 193" not in set(rows["name"][in_orbit_mask(rows, np.datetime64("2009-01-01"))])


def test_debris_does_not_appear_before_its_catalog_number_existed():
    rows, _ = read_satcat(FIXTURE)
    deb = rows[(rows["kind"] == DEBRIS) & (rows["norad"] == 49863)][0]  # Cosmos 1408 debris, parent launched 1982
    assert deb["launch"] >= np.datetime64("2019-11-11")  # after the highest-numbered earlier payload's launch


def test_not_a_satcat_file_is_refused_with_line_1(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("NAME,NUMBER\nA,1\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        read_satcat(p)
    assert err.value.line == 1 and "missing columns" in str(err.value)
