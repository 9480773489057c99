"""`space-atlas catalog count|find --json`: one JSON document, labelled modeled."""

from __future__ import annotations

import json

from atlas.cli import main


def _run(capsys, *argv) -> tuple[int, str, str]:
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_count_json(capsys):
    rc, out, _ = _run(capsys, "catalog", "count", "--date", "2009-03-01", "--json")
    doc = json.loads(out)
    assert rc == 0 and doc["source"] == "modeled" and doc["date"] == "2009-03-01"
    assert doc["total"] == sum(doc["by_kind"].values()) > 9000


def test_count_without_event_is_smaller(capsys):
    _, full, _ = _run(capsys, "catalog", "count", "--date", "2012-01-01", "--json")
    rc, cf, _ = _run(capsys, "catalog", "count", "--date", "2012-01-01", "--without", "fy1c-asat-2007", "--json")
    assert rc == 0 and json.loads(full)["total"] - json.loads(cf)["total"] > 2500
    assert json.loads(cf)["without"] == ["fy1c-asat-2007"]


def test_unknown_event_is_a_clear_error(capsys):
    rc, out, err = _run(capsys, "catalog", "count", "--date", "2012-01-01", "--without", "bogus", "--json")
    assert rc == 2 and out == "" and "bogus" in err and "fy1c-asat-2007" in err


def test_find_json(capsys):
    rc, out, _ = _run(capsys, "catalog", "find", "IRIDIUM 33", "--json")
    doc = json.loads(out)
    assert rc == 0 and doc["source"] == "modeled"
    parent = [m for m in doc["matches"] if m["norad"] == 24946][0]
    assert parent["decay"] == "2009-02-10" and parent["regime"] == "leo"
    assert {"cospar", "kind", "launch", "perigee_km", "apogee_km", "inclination"} <= set(parent)
    assert any(m["event"] == "iridium-cosmos-2009" for m in doc["matches"])
