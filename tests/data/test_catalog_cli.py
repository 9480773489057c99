"""`space-atlas data status|import|reset`: JSON shapes and exit codes other tools rely on."""

from __future__ import annotations

import json

from tests.data.catalog_helpers import rows, three_le, write

from atlas.cli import main
from atlas.data import store
from atlas.paths import resource

SAMPLE = str(resource("catalogs", "sample-3le.txt"))
STATUS_KEYS = {
    "source", "modeled", "objects", "epoch_range", "from_elements", "from_satcat", "files", "imported_at", "store", "hint"
}


def _run(capsys, *argv) -> tuple[int, dict, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_status_without_a_catalog(capsys):
    code, doc, _ = _run(capsys, "data", "status", "--json")
    assert code == 0 and set(doc) == STATUS_KEYS
    # nothing imported: the built-in modeled history is what the app shows
    assert doc["source"] == "modeled history" and doc["modeled"] is True and doc["objects"] > 40000
    assert doc["epoch_range"] is None and "data import" in doc["hint"]


def test_import_then_status_then_reset(capsys):
    code, doc, _ = _run(capsys, "data", "import", SAMPLE, "--json")
    assert code == 0 and doc == {"loaded": 60, "refused": [], "objects": 60}
    code, doc, _ = _run(capsys, "data", "status", "--json")
    assert code == 0 and set(doc) == STATUS_KEYS
    assert doc["objects"] == 60 and doc["files"] == ["sample-3le.txt"] and doc["modeled"] is False
    assert doc["epoch_range"][0] == "2026-07-01T00:00:00Z" and doc["hint"] is None
    code, doc, _ = _run(capsys, "data", "reset", "--json")
    assert code == 0 and doc["modeled"] is True and doc["source"] == "modeled history" and doc["hint"]


def test_refused_records_exit_3_and_are_listed(tmp_path, capsys):
    lines = three_le(rows(3))
    lines[4] = lines[4][:68] + str((int(lines[4][68]) + 1) % 10)
    path = write(tmp_path / "some-bad.txt", lines)
    code, doc, _ = _run(capsys, "data", "import", str(path), "--json")
    assert code == 3 and doc["loaded"] == 2 and doc["objects"] == 2
    assert doc["refused"] == [{"file": str(path), "line": 5, "reason": doc["refused"][0]["reason"]}]
    assert "checksum" in doc["refused"][0]["reason"]
    code = main(["data", "import", str(path)])  # human form: a summary, then file:line: reason
    lines_out = capsys.readouterr().out.splitlines()
    assert code == 3 and lines_out[0].startswith("imported 2 records") and lines_out[1].startswith(f"{path}:5: ")


def test_failed_import_exits_1_and_keeps_the_catalog(tmp_path, capsys):
    main(["data", "import", SAMPLE])
    capsys.readouterr()
    empty_file = write(tmp_path / "junk.txt", ["not a catalog"])
    code, doc, err = _run(capsys, "data", "import", SAMPLE, str(empty_file), "--json")
    assert code == 1 and "junk.txt" in doc["error"] and "junk.txt" in err
    assert store.status()["objects"] == 60


def test_merge_flag(tmp_path, capsys):
    main(["data", "import", SAMPLE])
    capsys.readouterr()
    extra = write(tmp_path / "extra.txt", three_le(rows(2)))
    code, doc, _ = _run(capsys, "data", "import", "--merge", str(extra), "--json")
    assert code == 0 and doc == {"loaded": 2, "refused": [], "objects": 62}


def test_corrupt_store_exits_1_with_a_message(capsys):
    store.store_path().write_bytes(b"garbage" * 200)
    code = main(["data", "status"])
    err = capsys.readouterr().err
    assert code == 1 and "data reset" in err and str(store.store_path()) in err
    assert main(["data", "reset"]) == 0
