"""Reading OMM CSV/JSON, TLE and 3LE: decoding checked against sgp4, refusals with file and line."""

from __future__ import annotations

import io
import json
import math
import random

import numpy as np
import pytest
from tests.data.catalog_helpers import ISS_L1, ISS_L2, OMM_HEADER, omm_csv_line, rows, three_le, write
from sgp4 import omm
from sgp4.api import Satrec

from atlas.data.formats import (
    TRUNCATED,
    FormatError,
    decode_satnum,
    encode_satnum,
    format_tle,
    read_file,
    read_text,
    tle_checksum,
)
from atlas.model.population import CONSTELLATION_KEYS, DEBRIS, PAYLOAD, ROCKET_BODY, SRC_ELEMENTS, UNKNOWN
from atlas.paths import resource

XPDOTP = 1440.0 / (2.0 * math.pi)  # rev/day per rad/min


def _jd(epoch: np.datetime64) -> float:
    return (epoch - np.datetime64("1970-01-01T00:00", "us")) / np.timedelta64(1, "D") + 2440587.5


def assert_matches_sgp4(row, sat: Satrec) -> None:
    """Our row carries the same element set that sgp4 decoded (units converted back)."""
    assert row["norad"] == sat.satnum
    assert _jd(row["epoch"]) == pytest.approx(sat.jdsatepoch + sat.jdsatepochF, abs=2e-8)  # < 2 ms
    assert row["mean_motion"] == pytest.approx(sat.no_kozai * XPDOTP, rel=1e-12)
    assert row["ecc"] == pytest.approx(sat.ecco, abs=1e-12)
    for ours, theirs in (("incl", sat.inclo), ("raan", sat.nodeo), ("argp", sat.argpo), ("mean_anomaly", sat.mo)):
        assert math.radians(row[ours]) == pytest.approx(theirs, abs=1e-12), ours
    assert row["bstar"] == pytest.approx(sat.bstar, rel=1e-12, abs=1e-15)
    assert row["ndot"] == pytest.approx(sat.ndot * XPDOTP * 1440.0, rel=1e-9, abs=1e-15)
    assert row["nddot"] == pytest.approx(sat.nddot * XPDOTP * 1440.0 * 1440.0, rel=1e-9, abs=1e-15)


# ---------------------------------------------------------------------------------------------
# TLE and 3LE decoding
# ---------------------------------------------------------------------------------------------
def test_tle_pair_decodes_like_sgp4(tmp_path):
    parsed = read_file(write(tmp_path / "iss.tle", [ISS_L1, ISS_L2]))
    assert parsed.format == "tle" and parsed.refused == []
    (row,) = parsed.rows
    assert_matches_sgp4(row, Satrec.twoline2rv(ISS_L1, ISS_L2))
    assert row["name"] == "NORAD 25544"  # TLE without a name line
    assert row["cospar"] == "1998-067A"
    assert str(row["epoch"]) == "2008-09-20T12:25:40.104192"
    assert row["ndot"] == -0.00002182 and row["bstar"] == pytest.approx(-0.11606e-4)
    assert row["source"] == SRC_ELEMENTS and np.isnat(row["launch"]) and np.isnat(row["decay"])
    assert 330 < row["perigee_km"] < 360  # 2008: the ISS flew lower than today


def test_bundled_sample_is_valid_3le_and_matches_sgp4_record_by_record():
    path = resource("catalogs", "sample-3le.txt")
    parsed = read_file(path)
    assert parsed.format == "3le" and parsed.refused == [] and len(parsed.rows) == 60
    lines = path.read_text().splitlines()
    for k, row in enumerate(parsed.rows):
        assert row["name"] == lines[3 * k]
        assert_matches_sgp4(row, Satrec.twoline2rv(lines[3 * k + 1], lines[3 * k + 2]))
    r = parsed.rows
    starlink = r["constellation"] == CONSTELLATION_KEYS.index("starlink")
    assert starlink.sum() == 8 and set(r["owner"][starlink]) == {"US"}
    assert set(r["owner"][~(starlink | (r["constellation"] >= 0))]) == {""}
    assert set(np.unique(r["regime"])) == {0, 1, 2, 3}
    assert (r["kind"] == ROCKET_BODY).sum() == 2 and (r["kind"] == DEBRIS).sum() == 6
    assert not (r["kind"] == UNKNOWN).any() and (r["kind"] == PAYLOAD).sum() == 52


def test_3le_with_space_track_zero_prefix_and_crlf_line_ends(tmp_path):
    text = "0 ISS (ZARYA)\r\n" + ISS_L1 + "  \r\n" + ISS_L2 + "\r\n"
    (tmp_path / "x.txt").write_bytes(text.encode())
    parsed = read_file(tmp_path / "x.txt")
    assert parsed.format == "3le" and parsed.refused == []
    assert parsed.rows["name"][0] == "ISS (ZARYA)"


def test_format_is_detected_from_content_not_extension(tmp_path):
    assert read_file(write(tmp_path / "looks.csv", three_le(rows(2)))).format == "3le"
    assert read_file(write(tmp_path / "looks.tle", [OMM_HEADER, omm_csv_line("A", "5")])).format == "omm-csv"
    with pytest.raises(FormatError, match="not a recognised catalog format"):
        read_file(write(tmp_path / "notes.txt", ["hello", "world"]))


def test_format_tle_writes_lines_sgp4_reads_back(tmp_path):
    r = rows(3)
    r["nddot"] = [0.0, 1.234e-9, -5.5e-7]
    r["ndot"] = [0.0, -2.5e-4, 0.01234567]
    for row in r:
        l1, l2 = format_tle(row)
        assert len(l1) == len(l2) == 69
        assert int(l1[68]) == tle_checksum(l1) and int(l2[68]) == tle_checksum(l2)
        assert_matches_sgp4(read_file(write(tmp_path / "one.tle", [l1, l2])).rows[0], Satrec.twoline2rv(l1, l2))


def test_checksum_counts_digits_and_minus_signs():
    assert tle_checksum(ISS_L1) == 7 and tle_checksum(ISS_L2) == 7
    assert tle_checksum("1" + " " * 66 + "-") == 2


# ---------------------------------------------------------------------------------------------
# Catalog numbers: Alpha-5 in TLEs, nine digits in OMM
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "field,number",
    [("00005", 5), ("25544", 25544), ("99999", 99999), ("A0000", 100000), ("H9999", 179999),
     ("J0000", 180000), ("N9999", 229999), ("P0000", 230000), ("T0001", 270001), ("Z9999", 339999)],
)
def test_alpha5_decoding_and_encoding(field, number):
    assert decode_satnum(field) == number
    assert encode_satnum(number) == field


def test_alpha5_numbers_load_and_i_and_o_are_refused(tmp_path):
    r = rows(4)
    r["norad"] = [100000, 40002, 339999, 40004]
    lines = three_le(r)
    lines[4] = lines[4][:2] + "I0002" + lines[4][7:]  # third record's line 1: I is not Alpha-5
    lines[5] = lines[5][:2] + "I0002" + lines[5][7:]
    lines[10] = lines[10][:2] + "O0004" + lines[10][7:]
    lines[11] = lines[11][:2] + "O0004" + lines[11][7:]
    parsed = read_file(write(tmp_path / "a5.txt", lines))
    assert list(parsed.rows["norad"]) == [100000, 339999]
    assert [(r["line"], "never uses" in r["reason"]) for r in parsed.refused] == [(5, True), (11, True)]
    assert "'I0002'" in parsed.refused[0]["reason"]
    with pytest.raises(ValueError):
        encode_satnum(340000)  # six digits above Z9999 exist only in OMM


def test_nine_digit_numbers_in_omm_csv_and_json(tmp_path):
    csv_text = [OMM_HEADER, omm_csv_line("BIG", "123456789"), omm_csv_line("TOO BIG", "1234567890"),
                omm_csv_line("SMALL", "7")]
    parsed = read_file(write(tmp_path / "big.csv", csv_text))
    assert list(parsed.rows["norad"]) == [123456789, 7]
    assert parsed.refused == [
        {"file": str(tmp_path / "big.csv"), "line": 3,
         "reason": "NORAD_CAT_ID must be a whole number of one to nine digits, found '1234567890'"}
    ]
    doc = [_omm_obj("BIG", 999999999), _omm_obj("X", "300000")]
    parsed = read_file(write(tmp_path / "big.json", [json.dumps(doc)]))
    assert list(parsed.rows["norad"]) == [999999999, 300000] and parsed.refused == []


# ---------------------------------------------------------------------------------------------
# OMM CSV and JSON decoding against sgp4.omm
# ---------------------------------------------------------------------------------------------
def _omm_obj(name: str, norad, epoch: str = "2026-07-10T03:44:00.383136") -> dict:
    return {"OBJECT_NAME": name, "OBJECT_ID": "2024-010B", "EPOCH": epoch, "MEAN_MOTION": 15.06,
            "ECCENTRICITY": 0.00012, "INCLINATION": 53.16, "RA_OF_ASC_NODE": 12.5, "ARG_OF_PERICENTER": 80.1,
            "MEAN_ANOMALY": 280.0, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": norad,
            "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 1234, "BSTAR": 0.00031, "MEAN_MOTION_DOT": 1.2e-5,
            "MEAN_MOTION_DDOT": 0}


def _check_against_sgp4_omm(parsed_rows, records: list[dict]) -> None:
    for row, fields in zip(parsed_rows, records):
        sat = Satrec()
        omm.initialize(sat, {k: str(v) for k, v in fields.items()})
        assert_matches_sgp4(row, sat)
        assert row["name"] == fields["OBJECT_NAME"] and row["cospar"] == fields["OBJECT_ID"]


def test_omm_csv_matches_sgp4_omm(tmp_path):
    text = "\n".join([OMM_HEADER, omm_csv_line("STARLINK-1007", "44713"), omm_csv_line('"SMALL, DEB"', "5")]) + "\n"
    path = tmp_path / "gp.csv"
    path.write_text(text)
    parsed = read_file(path)
    assert parsed.format == "omm-csv" and parsed.refused == []
    _check_against_sgp4_omm(parsed.rows, list(omm.parse_csv(io.StringIO(text))))
    assert parsed.rows["constellation"][0] == CONSTELLATION_KEYS.index("starlink")
    assert parsed.rows["owner"][0] == "US" and parsed.rows["owner"][1] == ""
    assert parsed.rows["kind"][1] == DEBRIS  # "SMALL, DEB": the quoted comma stays in the name


def test_omm_json_matches_sgp4_omm_and_quoted_numbers_work(tmp_path):
    records = [_omm_obj("ONEWEB-0012", 44057), _omm_obj("CZ-2C R/B", "43000")]
    records[1] = {k: str(v) for k, v in records[1].items()}  # Space-Track quotes every value
    parsed = read_file(write(tmp_path / "gp.json", [json.dumps(records, indent=1)]))
    assert parsed.format == "omm-json" and parsed.refused == []
    _check_against_sgp4_omm(parsed.rows, records)
    assert list(parsed.rows["kind"]) == [PAYLOAD, ROCKET_BODY]
    assert parsed.rows["owner"][0] == "UK"


def test_real_snapshot_rows_match_sgp4_omm(snapshot_csv):
    parsed = read_file(snapshot_csv)
    with open(snapshot_csv, newline="") as f:
        records = list(omm.parse_csv(f))
    picks = np.linspace(0, len(records) - 1, 40).astype(int)
    by_norad = {int(r["NORAD_CAT_ID"]): r for r in records}
    for k in picks:
        row = parsed.rows[k]
        sat = Satrec()
        omm.initialize(sat, by_norad[int(row["norad"])])
        assert_matches_sgp4(row, sat)


# ---------------------------------------------------------------------------------------------
# Refusals: each kind of corrupt input, with file and line, neighbours still loaded
# ---------------------------------------------------------------------------------------------
def _three_records_with(tmp_path, change) -> tuple:
    """A 3LE file of three records (lines 1-9) where `change` edits the line list."""
    lines = three_le(rows(3))
    change(lines)
    path = write(tmp_path / "bad.txt", lines)
    parsed = read_file(path)
    return parsed, str(path)


def _set(lines: list[str], k: int, text: str) -> None:
    lines[k] = text


def _refit_checksum(line: str) -> str:
    return line[:68] + str(tle_checksum(line))


@pytest.mark.parametrize(
    "change,line,reason",
    [
        (lambda ls: _set(ls, 4, ls[4][:68] + str((int(ls[4][68]) + 1) % 10)), 5, "line 1 checksum is wrong"),
        (lambda ls: _set(ls, 5, ls[5][:60]), 6, "line 2 is too short: 60 characters, a TLE line has 69"),
        (lambda ls: _set(ls, 5, ls[5] + "7"), 6, "line 2 is too long: 70 characters"),
        (lambda ls: _set(ls, 5, _refit_checksum(ls[5][:9] + "5x.0000" + ls[5][16:])), 6,
         "line 2, columns 9-16 (inclination) should be a number, found '5x.0000'"),
        (lambda ls: _set(ls, 4, _refit_checksum(ls[4][:54] + "1O000-4" + ls[4][61:])), 5,
         "columns 54-61 (B* drag term)"),
        (lambda ls: _set(ls, 5, _refit_checksum(ls[5][:2] + "40009" + ls[5][7:])), 6,
         "line 2 is for catalog number '40009', line 1 for '40002'"),
        (lambda ls: _set(ls, 4, _refit_checksum(ls[4][:20] + "400.00000000" + ls[4][32:])), 5,
         "epoch day of year 400 is outside 1-366"),
        (lambda ls: _set(ls, 5, _refit_checksum(ls[5][:52] + " 0.00000000" + ls[5][63:])), 6,
         "mean motion (line 2, columns 53-63) is 0 rev/day; it must be above 0"),
        (lambda ls: ls.pop(5), 5, "line 1 has no line 2 after it"),  # lone line 1
        (lambda ls: ls.pop(4), 5, "line 2 has no line 1 before it"),  # lone line 2
    ],
    ids=["checksum", "short", "long", "letter", "letter-in-bstar", "pair-mismatch", "epoch", "mean-motion",
         "lone-line-1", "lone-line-2"],
)
def test_corrupt_tle_record_is_refused_with_line_and_neighbours_load(tmp_path, change, line, reason):
    parsed, path = _three_records_with(tmp_path, change)
    assert list(parsed.rows["norad"]) == [40001, 40003]
    assert len(parsed.refused) == 1, parsed.refused
    (ref,) = parsed.refused
    assert ref["file"] == path and ref["line"] == line
    assert reason in ref["reason"]


def test_truncated_tle_file_is_reported_not_half_loaded(tmp_path):
    lines = three_le(rows(3))
    parsed = read_file(write(tmp_path / "cut1.txt", lines[:8]))  # last pair lacks its line 2
    assert len(parsed.rows) == 2
    assert parsed.refused == [{"file": str(tmp_path / "cut1.txt"), "line": 8,
                               "reason": f"{TRUNCATED}: line 1 has no line 2"}]

    cut = "\n".join(lines)[:-30]  # the download stopped inside the last line
    (tmp_path / "cut2.txt").write_text(cut)
    parsed = read_file(tmp_path / "cut2.txt")
    assert len(parsed.rows) == 2
    (ref,) = parsed.refused
    assert ref["line"] == 9 and ref["reason"].startswith(TRUNCATED) and "too short" in ref["reason"]

    parsed = read_file(write(tmp_path / "cut3.txt", lines[:7]))  # only the name line of the last record
    assert len(parsed.rows) == 2 and parsed.refused[0]["line"] == 7
    assert parsed.refused[0]["reason"].startswith(TRUNCATED)


def test_letter_in_numeric_field_is_refused_even_with_a_good_checksum(tmp_path):
    lines = [ISS_L1, _refit_checksum(ISS_L2[:52] + "15.7212S391" + ISS_L2[63:])]
    parsed = read_file(write(tmp_path / "s.tle", lines))
    assert len(parsed.rows) == 0
    assert parsed.refused[0]["line"] == 2
    assert "columns 53-63 (mean motion) should be a number, found '15.7212S391'" in parsed.refused[0]["reason"]


@pytest.mark.parametrize(
    "bad_row,reason",
    [
        (omm_csv_line("X", "40002", mm=""), "no value for MEAN_MOTION"),
        (omm_csv_line("X", "40002", incl="5e.1"), "INCLINATION is not a number: '5e.1'"),
        (omm_csv_line("X", "40002", ecc="1.2"), "ECCENTRICITY 1.2 is outside [0, 1): not a closed orbit"),
        (omm_csv_line("X", "40002", mm="-15.5"), "MEAN_MOTION is -15.5 rev/day; it must be above 0"),
        (omm_csv_line("X", "40002", epoch="2026-13-45T00:00:00"), "EPOCH '2026-13-45T00:00:00' is not a UTC"),
        (omm_csv_line("X", "40002", epoch="yesterday"), "EPOCH 'yesterday' is not a UTC date-time"),
        (omm_csv_line("X", "40A02"), "NORAD_CAT_ID must be a whole number"),
        ("X,2020-001A,2026-07-10T00:00:00,15.5", "the row has 4 columns, the header has 17"),
    ],
    ids=["missing", "non-numeric", "ecc", "mean-motion", "impossible-date", "epoch-text", "norad", "columns"],
)
def test_bad_omm_csv_row_is_refused_with_line(tmp_path, bad_row, reason):
    path = write(tmp_path / "gp.csv", [OMM_HEADER, omm_csv_line("A", "40001"), bad_row, omm_csv_line("C", "40003")])
    parsed = read_file(path)
    assert list(parsed.rows["norad"]) == [40001, 40003]
    (ref,) = parsed.refused
    assert ref["file"] == str(path) and ref["line"] == 3 and reason in ref["reason"]


def test_truncated_csv_last_row_is_reported(tmp_path):
    whole = "\n".join([OMM_HEADER, omm_csv_line("A", "40001"), omm_csv_line("B", "40002")])
    for cut_at in (-5, -40):  # inside the last field, several columns short
        (tmp_path / "cut.csv").write_text(whole[:cut_at])
        parsed = read_file(tmp_path / "cut.csv")
        assert list(parsed.rows["norad"]) == [40001]
        (ref,) = parsed.refused
        assert ref["line"] == 3 and ref["reason"].startswith(TRUNCATED), ref


def test_csv_without_required_columns_is_refused_at_the_header(tmp_path):
    parsed = read_file(write(tmp_path / "h.csv", ["OBJECT_NAME,NORAD_CAT_ID,EPOCH,MEAN_MOTION", "A,5,2026-01-01T00:00:00,15"]))
    assert len(parsed.rows) == 0 and parsed.refused[0]["line"] == 1
    assert "ECCENTRICITY" in parsed.refused[0]["reason"]


def test_json_refusals_name_the_line_where_the_object_starts(tmp_path):
    good, bad = _omm_obj("A", 40001), _omm_obj("B", 40002)
    bad["ECCENTRICITY"] = "abc"
    text = json.dumps([good, bad, _omm_obj("C", 40003)], indent=1)
    path = write(tmp_path / "gp.json", [text])
    parsed = read_file(path)
    start_of_bad = text.splitlines().index(" {", 2) + 1
    assert list(parsed.rows["norad"]) == [40001, 40003]
    assert parsed.refused == [{"file": str(path), "line": start_of_bad, "reason": "ECCENTRICITY is not a number: 'abc'"}]


def test_truncated_json_keeps_whole_objects_and_reports_the_cut(tmp_path):
    text = json.dumps([_omm_obj("A", 40001), _omm_obj("B", 40002), _omm_obj("C", 40003)], indent=1)
    start_of_c = [i for i, s in enumerate(text.splitlines(), 1) if s == " {"][2]
    inside_c = text[:-40]
    before_bracket = text[: text.rindex("}") + 1]
    for cut, line, loaded in ((inside_c, start_of_c, 2), (before_bracket, len(before_bracket.splitlines()), 3)):
        (tmp_path / "cut.json").write_text(cut)
        parsed = read_file(tmp_path / "cut.json")
        assert list(parsed.rows["norad"]) == [40001, 40002, 40003][:loaded]
        assert parsed.refused == [{"file": str(tmp_path / "cut.json"), "line": line, "reason": TRUNCATED}]


def test_json_that_cannot_be_parsed_is_refused_whole_with_the_error_line(tmp_path):
    text = json.dumps([_omm_obj("A", 40001), _omm_obj("B", 40002)], indent=1).replace('"MEAN_ANOMALY"', "MEAN_ANOMALY", 2)
    path = write(tmp_path / "broken.json", [text])
    parsed = read_file(path)
    assert len(parsed.rows) == 0
    (ref,) = parsed.refused
    assert ref["line"] == next(i for i, s in enumerate(text.splitlines(), 1) if "MEAN_ANOMALY" in s)
    assert ref["reason"].startswith("not valid JSON, the whole file is refused")


def test_unreadable_and_binary_files_raise_format_error(tmp_path):
    with pytest.raises(FormatError, match="missing.txt: cannot read"):
        read_file(tmp_path / "missing.txt")
    (tmp_path / "gp.csv.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00")
    with pytest.raises(FormatError, match="binary file"):
        read_file(tmp_path / "gp.csv.gz")


def test_random_damage_never_crashes_the_reader():
    """Downloads get damaged in ways no list of cases foresees: whatever the damage, the reader
    returns rows and refusals (or a FormatError for the whole file), never another exception."""
    rng = random.Random(7)
    good = rows(8)
    obj = [{"OBJECT_NAME": str(x["name"]), "NORAD_CAT_ID": int(x["norad"]), "EPOCH": str(x["epoch"]),
            "MEAN_MOTION": float(x["mean_motion"]), "ECCENTRICITY": 0.001, "INCLINATION": 53.0,
            "RA_OF_ASC_NODE": 1.0, "ARG_OF_PERICENTER": 2.0, "MEAN_ANOMALY": 3.0, "BSTAR": 1e-4,
            "MEAN_MOTION_DOT": 1e-5, "MEAN_MOTION_DDOT": 0} for x in good]
    bases = ["\n".join(three_le(good)) + "\n",
             "\n".join([OMM_HEADER] + [omm_csv_line(f"S{i}", str(40000 + i)) for i in range(8)]) + "\n",
             json.dumps(obj, indent=1)]
    for base in bases:
        for _ in range(300):
            text = list(base)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(text))
                op = rng.random()
                if op < 0.6:
                    text[i] = rng.choice('0123456789 .-+,\n"{}[]AIOx:e')
                elif op < 0.8:
                    del text[i]
                else:
                    text = text[: max(i, 1)]
            try:
                parsed = read_text("".join(text), "damaged")
            except FormatError:
                continue
            assert len(parsed.rows) <= 8
            assert all(r["file"] == "damaged" and r["line"] >= 1 and r["reason"] for r in parsed.refused)
