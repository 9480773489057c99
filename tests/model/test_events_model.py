"""Events as data: the shipped file's facts, validation with file:line, links, highlights, CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from atlas.cli import main
from atlas.model.content import ContentError, TomlDoc
from atlas.model.events import (
    CATEGORIES,
    FRAGMENTATION_EVENT_IDS,
    FRAGMENTATIONS,
    event_by_id,
    events_linking_to,
    fragment_mask,
    load_events,
    parse_events,
)
from atlas.model.links import parse_link
from atlas.model.population import DEBRIS, PAYLOAD, empty

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = """sputnik-1957 copuos-1958 copuos-1959 declaration-1963 ost-adopted-1966 ost-1967 ost-in-force-1967
rescue-adopted-1967 rescue-1968 rescue-in-force-1968 liability-adopted-1971 liability-1972 liability-in-force-1972
registration-adopted-1974 registration-1975 registration-in-force-1976 moon-adopted-1979 moon-1979 moon-in-force-1984
cosmos954-1978 cosmos954-settlement-1981 solwind-asat-1985 iadc-1993 iadc-guidelines-2002 fy1c-asat-2007
sdm-guidelines-2007 unga-62-217-2007 usa193-2008 ppwt-2008 ppwt-2014 iridium-cosmos-2009 shakti-asat-2019
lts-guidelines-2019 us-space-force-2019 artemis-accords-2020 cosmos1408-asat-2021 us-asat-moratorium-2022
unga-77-41-2022 fcc-5-year-rule-2022 zero-debris-charter-2024 unsc-vote-2024-04 unsc-vote-2024-05
starlink-first-2019 eu-space-act-2025 moon-saudi-withdrawal-2024""".split()
LAW_IDS = {
    "ost", "rescue", "liability", "registration", "moon", "declaration-1963", "sdm-guidelines", "lts-guidelines",
    "unga-77-41", "unsc-2024-us-japan", "unsc-2024-russia", "ppwt", "artemis-accords", "us-cslca-2015",
    "luxembourg-2017", "fcc-5-year-rule", "zero-debris-charter", "eu-space-act",
}
ROMAN = re.compile(r"^[IVXL]+$")


def _figure(event_id: str, label_start: str):
    e = event_by_id(event_id)
    return next(f.value for f in e.figures if f.label.startswith(label_start))


def test_shipped_file_has_every_required_event_and_enough_of_them():
    events = load_events()
    ids = [e.id for e in events]
    assert len(events) >= 40
    assert len(set(ids)) == len(ids)
    assert not set(REQUIRED) - set(ids)
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert {e.category for e in events} == set(CATEGORIES)


def test_checked_dates_and_figures():
    d = {e.id: e.date.date() for e in load_events()}
    assert d["sputnik-1957"] == date(1957, 10, 4)
    assert d["ost-1967"] == date(1967, 1, 27) and d["ost-in-force-1967"] == date(1967, 10, 10)
    assert d["liability-1972"] == date(1972, 3, 29) and d["liability-in-force-1972"] == date(1972, 9, 1)
    assert d["unga-62-217-2007"] == date(2007, 12, 22)  # not 14 November
    assert d["unsc-vote-2024-04"] == date(2024, 4, 24) and d["unsc-vote-2024-05"] == date(2024, 5, 20)
    assert d["moon-saudi-withdrawal-2024"] == date(2024, 1, 5)
    assert event_by_id("iridium-cosmos-2009").date == datetime(2009, 2, 10, 16, 56, tzinfo=timezone.utc)
    assert _figure("shakti-asat-2019", "Cataloged fragments") == 101  # not "200+"
    assert _figure("fy1c-asat-2007", "Cataloged fragments") == 3037
    # one veto and one failed vote, with exact tallies
    assert [f.value for f in event_by_id("unsc-vote-2024-04").figures[:3]] == [13, 1, 1]
    assert [f.value for f in event_by_id("unsc-vote-2024-05").figures[:3]] == [7, 7, 1]
    assert [f.value for f in event_by_id("unga-77-41-2022").figures] == [155, 9, 9]


def test_every_event_is_sourced_and_scened_and_links_are_well_formed():
    for e in load_events():
        assert e.sources and all(s.url.startswith("https://") for s in e.sources), e.id
        assert e.scene.camera in ("leo", "meo", "geo", "system")
        for text in e.links:
            link = parse_link(text)
            if link.kind == "law":
                assert link.parts[0] in LAW_IDS, (e.id, text)
                if len(link.parts) == 2 and link.parts[0] in ("ost", "liability", "registration"):
                    assert ROMAN.match(link.parts[1]), (e.id, text)
                if len(link.parts) == 2 and link.parts[0] in ("rescue", "moon", "sdm-guidelines"):
                    assert link.parts[1].isdigit(), (e.id, text)
    for frag in FRAGMENTATIONS:  # every timeline fragmentation event highlights its own cloud
        assert event_by_id(frag.event_id).scene.highlight == frag.event_id


def test_events_linking_to_an_article_and_to_an_instrument():
    testing_art_ix = {e.id for e in events_linking_to("atlas://law/ost/IX")}
    assert {"fy1c-asat-2007", "iridium-cosmos-2009", "cosmos1408-asat-2021"} <= testing_art_ix
    assert "ost-1967" not in testing_art_ix
    whole = {e.id for e in events_linking_to("atlas://law/liability")}
    assert {"cosmos954-settlement-1981", "iridium-cosmos-2009"} <= whole
    assert [e.id for e in events_linking_to("atlas://event/ppwt-2014")] == ["ppwt-2008"]


def test_fragment_mask_uses_history_tags_parents_and_launch_designators():
    a = empty(6)
    a["norad"] = [24946, 22675, 33000, 33001, 24945, 40000]
    a["cospar"] = ["1997-051C", "1993-036A", "1993-036XY", "1997-051ZZ", "1997-051B", "2014-001A"]
    a["kind"] = [PAYLOAD, PAYLOAD, DEBRIS, DEBRIS, PAYLOAD, DEBRIS]
    a["event"][5] = FRAGMENTATION_EVENT_IDS.index("iridium-cosmos-2009")
    mask = fragment_mask(a, "iridium-cosmos-2009")
    # the intact Iridium from the same launch (1997-051B) is not part of the clouds
    assert mask.tolist() == [True, True, True, True, False, True]
    assert not fragment_mask(a, "fy1c-asat-2007").any()


GOOD = """
[[event]]
id = "a-2000"
date = 2000-01-01
title = "A"
category = "collisions"
summary = "Something happened."
figures = [ { label = "Mass", value = 1, unit = "kg" } ]
sources = [ { title = "Src", url = "https://example.org/a" } ]
links = ["atlas://law/ost/IX"]
scene = { camera = "leo", color = "kind" }
"""


def _write(tmp_path, text):
    frag = "".join(
        f'\n[[event]]\nid = "{eid}"\ndate = 2001-01-01\ntitle = "F"\ncategory = "asat-breakups"\nsummary = "S."\n'
        f'sources = [ {{ title = "S", url = "https://example.org" }} ]\nscene = {{ camera = "leo", color = "event" }}\n'
        for eid in FRAGMENTATION_EVENT_IDS
    )
    p = tmp_path / "events.toml"
    p.write_text(text + frag, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ('category = "collisions"', 'category = "crashes"', 6, "unknown category 'crashes'"),
        ("date = 2000-01-01", 'date = "yesterday"', 4, "not a date"),
        ("date = 2000-01-01", "date = 2000-01-01T10:00:00", 4, "time zone"),
        ("date = 2000-01-01", "date = 1950-01-01", 4, "outside 1957 to today"),
        ('sources = [ { title = "Src", url = "https://example.org/a" } ]', "", 2, "no source"),  # a missing key points at its [[event]] header
        ("https://example.org/a", "http://example.org/a", 9, "https://"),
        ('links = ["atlas://law/ost/IX"]', 'links = ["atlas://lw/ost"]', 10, "bad link"),
        ('links = ["atlas://law/ost/IX"]', 'links = ["atlas://event/nope-1999"]', 10, "no event with id 'nope-1999'"),
        ('camera = "leo"', 'camera = "moon"', 11, "camera must be one of"),
        ('color = "kind" }', 'color = "kind", highlight = "nope" }', 11, "not a fragmentation event"),
        ('color = "kind" }', 'color = "kind", filter = "kind:junk" }', 11, "filter"),
        ("value = 1,", "valu = 1,", 8, "lacks value"),
    ],
)
def test_bad_content_names_file_and_line(tmp_path, old, new, line, message):
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ContentError) as err:
        parse_events(TomlDoc.load(path))
    assert err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)


def test_duplicate_id_points_at_the_second_one(tmp_path):
    path = _write(tmp_path, GOOD + GOOD.replace('title = "A"', 'title = "B"'))
    with pytest.raises(ContentError, match=r":14: duplicate id 'a-2000' \(first used at line 3\)"):
        parse_events(TomlDoc.load(path))


def test_a_good_file_loads(tmp_path):
    events = parse_events(TomlDoc.load(_write(tmp_path, GOOD)))
    assert events[0].id == "a-2000" and events[0].line == 2
    assert events[0].to_json()["figures"] == [{"label": "Mass", "value": 1, "unit": "kg"}]


def test_cli_events_list_json(capsys):
    assert main(["events", "list", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["events"]) == len(load_events())
    first = doc["events"][0]
    for key in ("id", "date", "title", "category", "summary", "figures", "sources", "links", "scene"):
        assert key in first
    iridium = next(e for e in doc["events"] if e["id"] == "iridium-cosmos-2009")
    assert iridium["date"] == "2009-02-10T16:56:00Z"
    assert iridium["scene"]["highlight"] == "iridium-cosmos-2009"
    assert main(["events", "list", "--category", "collisions", "--json"]) == 0
    assert [e["id"] for e in json.loads(capsys.readouterr().out)["events"]] == ["iridium-cosmos-2009"]


def test_cli_show_and_unknown_id(capsys):
    assert main(["events", "show", "fy1c-asat-2007", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "fy1c-asat-2007"
    assert main(["events", "show", "no-such-event"]) == 1
    assert "no event with id" in capsys.readouterr().err


def test_cli_reports_content_errors_and_imports_no_qt(tmp_path):
    code = (
        "import sys, atlas.commands.events, atlas.model.events as m\n"
        "from atlas.cli import main\n"
        f"m.default_path = lambda: {str(tmp_path / 'bad.toml')!r}\n"
        "rc = main(['events', 'list'])\n"
        "print(rc, [k for k in sys.modules if k.startswith(('PySide6', 'pyqtgraph'))])\n"
    )
    (tmp_path / "bad.toml").write_text('[[event]]\nid = "x"\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "1 []"
    assert "bad.toml:1: event has no 'date'" in out.stderr
