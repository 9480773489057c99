"""`data import` with a CelesTrak SATCAT: detected by its header, merged with element sets by NORAD number
(elements place, the SATCAT dates), refusals with file:line, atomic, and --merge in both orders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from atlas.cli import main
from atlas.data import store
from atlas.data.formats import TRUNCATED, read_file
from atlas.model.population import DEBRIS, PAYLOAD, ROCKET_BODY, SRC_ELEMENTS, SRC_SATCAT, UNKNOWN

FIXTURES = Path(__file__).parent / "fixtures" / "satcat_import"
SATCAT = FIXTURES / "satcat.csv"  # 27 rows: 21 Earth orbits, 6 refused (lines 23-28)
GP = FIXTURES / "gp.csv"  # 6 element sets: 5 of them for objects in the SATCAT, one (99901) not
SHARED = (858, 20580, 25544, 25730, 44713)


def _run(capsys, *argv) -> tuple[int, dict]:
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def _by_norad(rows: np.ndarray) -> dict[int, np.void]:
    return {int(r["norad"]): r for r in rows}


def test_a_satcat_is_detected_by_its_header_and_refusals_name_file_and_line():
    pf = read_file(SATCAT)
    assert pf.format == "satcat" and pf.format_label == "SATCAT CSV"
    assert len(pf.rows) == 21 and (pf.rows["source"] == SRC_SATCAT).all()
    reasons = {r["line"]: r["reason"] for r in pf.refused}
    assert set(reasons) == {23, 24, 25, 26, 27, 28} and all(r["file"] == str(SATCAT) for r in pf.refused)
    assert "not in Earth orbit" in reasons[23] and "DOC" in reasons[24] and "NORAD_CAT_ID" in reasons[25]
    assert "APOGEE 0 km is not an orbit" in reasons[26]  # zero apogee and perigee
    assert "PERIOD 300 min" in reasons[27] and "does not match APOGEE/PERIGEE" in reasons[27]
    assert "no PERIGEE" in reasons[28]
    kinds = _by_norad(pf.rows)
    assert kinds[25731]["kind"] == ROCKET_BODY and kinds[29700]["kind"] == DEBRIS and kinds[43700]["kind"] == UNKNOWN


def test_import_both_elements_place_and_the_satcat_dates(capsys):
    code, doc = _run(capsys, "data", "import", str(SATCAT), str(GP), "--json")
    assert code == 3  # some SATCAT rows refused, the rest imported
    assert doc["loaded"] == 27 and doc["objects"] == 22  # 21 SATCAT objects + 1 element set without a row
    assert [(r["file"], r["line"]) for r in doc["refused"]] == [(str(SATCAT), n) for n in range(23, 29)]
    code, st = _run(capsys, "data", "status", "--json")
    assert st["from_elements"] == 6 and st["from_satcat"] == 16 and st["objects"] == 22
    assert st["source"].startswith("CelesTrak SATCAT satcat.csv; ") and st["files"] == ["satcat.csv", "gp.csv"]
    assert st["epoch_range"][0].startswith("2026-07-08")  # element sets only: SATCAT rows have no real epoch

    rows = _by_norad(store.load_active().objects)
    for n in SHARED:
        assert rows[n]["source"] == SRC_ELEMENTS, n  # the element set places it...
    iss = rows[25544]
    assert abs(iss["mean_motion"] - 15.501) < 1e-9 and str(iss["epoch"]).startswith("2026-07-10T03:44")
    # ...and the SATCAT supplies what element files lack
    assert str(iss["launch"]) == "1998-11-20" and iss["owner"] == "ISS" and iss["kind"] == PAYLOAD
    assert rows[858]["name"] == "SYNCOM 3" and rows[858]["cospar"] == "1964-047A"  # the GP row had no name
    assert str(rows[858]["launch"]) == "1964-08-19"
    only_gp = rows[99901]
    assert only_gp["source"] == SRC_ELEMENTS and np.isnat(only_gp["launch"]) and only_gp["name"] == "GP ONLY SAT"
    mir = rows[16609]
    assert mir["source"] == SRC_SATCAT and str(mir["decay"]) == "2001-03-23"


def test_merge_in_either_order_gives_the_same_catalog_as_one_import():
    fields = ("norad", "name", "cospar", "kind", "owner", "launch", "decay", "epoch", "mean_motion", "ecc", "source")

    def catalog(*steps: tuple[list[Path], bool]) -> np.ndarray:
        store.reset()
        for files, merge in steps:
            store.import_files(files, merge=merge)
        return store.load_active().objects[list(fields)]

    together = catalog(([SATCAT, GP], False))
    satcat_onto_gp = catalog(([GP], False), ([SATCAT], True))
    gp_onto_satcat = catalog(([SATCAT], False), ([GP], True))
    assert len(together) == 22
    assert satcat_onto_gp.tobytes() == together.tobytes()
    assert gp_onto_satcat.tobytes() == together.tobytes()
    assert store.status()["source"] == "CelesTrak SATCAT satcat.csv + GP elements (OMM CSV) gp.csv"


def test_newer_element_sets_merged_later_keep_the_satcat_dates(tmp_path):
    store.import_files([SATCAT, GP])
    newer = tmp_path / "gp-newer.csv"
    lines = GP.read_text().splitlines()
    newer.write_text(lines[0] + "\n" + lines[1].replace("2026-07-10T03:44", "2026-07-12T03:44").replace("15.501", "15.502") + "\n")
    store.import_files([newer], merge=True)
    iss = _by_norad(store.load_active().objects)[25544]
    assert abs(iss["mean_motion"] - 15.502) < 1e-9  # the newer element set places it
    assert str(iss["launch"]) == "1998-11-20" and iss["owner"] == "ISS"  # the SATCAT's facts stay


def test_a_failing_second_file_leaves_the_previous_catalog_intact(tmp_path, capsys):
    store.import_files([GP])
    before = store.load_active().objects.tobytes(), store.status()["source"]
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01 not a catalog")
    code, doc = _run(capsys, "data", "import", str(SATCAT), str(broken), "--json")
    assert code == 1 and "broken.csv" in doc["error"] and "nothing was imported" in doc["error"]
    assert (store.load_active().objects.tobytes(), store.status()["source"]) == before


def test_a_truncated_satcat_is_reported_and_the_rest_imported(tmp_path, capsys):
    text = "".join(SATCAT.read_text().splitlines(keepends=True)[:22])  # the 21 good rows
    cut = tmp_path / "satcat-cut.csv"
    cut.write_text(text[: text.rindex(",") - 3])  # the download stopped inside the last row
    code, doc = _run(capsys, "data", "import", str(cut), "--json")
    assert code == 3 and doc["objects"] == 20
    assert doc["refused"] == [{"file": str(cut), "line": 22, "reason": doc["refused"][0]["reason"]}]
    assert doc["refused"][0]["reason"].startswith(TRUNCATED)


def test_a_header_with_satcat_columns_missing_refuses_the_file_at_line_1(tmp_path):
    bad = tmp_path / "satcat-bad.csv"
    bad.write_text("OBJECT_NAME,NORAD_CAT_ID,LAUNCH_DATE,APOGEE,PERIGEE\nX,1,1957-10-04,900,200\n")
    with pytest.raises(store.ImportFailed) as exc:
        store.import_files([bad])
    assert exc.value.refused[0]["line"] == 1 and "missing columns" in exc.value.refused[0]["reason"]
    assert store.load_active() is None


def test_one_file_read_twice_is_one_object_each(tmp_path):
    copy = tmp_path / "satcat-again.csv"
    shutil.copy(SATCAT, copy)
    result = store.import_files([SATCAT, copy])
    assert result.objects == 21  # between two SATCATs the later row wins, one object per NORAD number
