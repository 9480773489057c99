"""`space-atlas data update`: one JSON document on stdout, progress on stderr, exit codes, the 2-hour
throttle (persisted, per base URL, --force overrides), and the group list as validated data."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.data.update_helpers import FixtureServer, Route, default_routes, route_path

from atlas.cli import main
from atlas.data import store, update
from atlas.model.content import ContentError
from atlas.paths import resource, user_data_dir

KEYS = {"ok", "objects", "files", "source", "elapsed_s", "loaded", "refused", "label"}


def _run(capsys, *argv) -> tuple[int, dict, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err  # json.loads fails on anything but exactly one document


def test_update_json_and_progress_on_stderr(capsys):
    with FixtureServer() as srv:
        code, doc, err = _run(capsys, "data", "update", "--url", srv.base, "--json")
    assert code == 0 and set(doc) == KEYS and doc["ok"] is True
    assert doc["source"] == srv.base and doc["objects"] == len(store.load_active()) == 12  # fixtures/update/README.md
    assert [f["name"] for f in doc["files"]][0] == "celestrak-gp-active.csv"
    assert doc["files"][-1] == {"name": "celestrak-satcat.csv", "url": f"{srv.base}/pub/satcat.csv",
                                "bytes": doc["files"][-1]["bytes"], "empty": False}
    assert isinstance(doc["elapsed_s"], float) and doc["elapsed_s"] < 5
    lines = err.splitlines()
    assert lines[0].startswith("[1/7] celestrak-gp-active.csv: ") and lines[-1].startswith("importing 6 files")


def test_a_failed_update_exits_1_with_the_url_and_keeps_the_catalog(capsys):
    store.import_files([resource("catalogs", "sample-3le.txt")])
    before = store.status()
    routes = default_routes()
    routes[route_path("iridium-33-debris")] = Route(status=404)
    with FixtureServer(routes) as srv:
        code, doc, err = _run(capsys, "data", "update", "--url", srv.base, "--json")
    url = f"{srv.base}{route_path('iridium-33-debris')}"
    assert code == 1 and doc["ok"] is False and doc["url"] == url and doc["error"].startswith(f"{url}: HTTP 404")
    assert "HTTP 404" in err and store.status() == before


def test_a_second_round_within_two_hours_is_refused_and_force_overrides(capsys):
    with FixtureServer() as srv:
        assert main(["data", "update", "--url", srv.base]) == 0
        first = dict(srv.hits)
        capsys.readouterr()
        code, doc, err = _run(capsys, "data", "update", "--url", srv.base, "--json")
        assert code == 4 and doc["throttled"] is True and dict(srv.hits) == first  # no request at all
        last = datetime.strptime(doc["last_attempt"], "%Y-%m-%dT%H:%M:%SZ")
        nxt = datetime.strptime(doc["next_allowed"], "%Y-%m-%dT%H:%M:%SZ")
        assert nxt - last == timedelta(hours=2) and "--force" in err and doc["next_allowed"] in err
        code, doc, _ = _run(capsys, "data", "update", "--url", srv.base, "--force", "--json")
        assert code == 0 and all(n == 2 for n in srv.hits.values())


def test_a_failed_round_counts_too_and_the_limit_is_per_base_url(capsys):
    routes = default_routes()
    routes[route_path("active")] = Route(status=404)
    with FixtureServer(routes) as bad, FixtureServer() as good:
        assert main(["data", "update", "--url", bad.base]) == 1
        assert main(["data", "update", "--url", bad.base]) == 4  # CelesTrak asks not to retry at once
        assert main(["data", "update", "--url", good.base]) == 0  # another server is another budget


def test_the_throttle_lifts_after_two_hours():
    base = "https://celestrak.org"
    plan = update.load_plan()
    t0 = datetime(2026, 7, 10, 12, 0, tzinfo=timezone.utc)
    (user_data_dir() / update.STATE_FILE).write_text(json.dumps({"attempts": {base: update.iso_utc(t0)}}))
    assert update.next_allowed(base, plan, t0 + timedelta(minutes=119))[1] == t0 + timedelta(hours=2)
    assert update.next_allowed(base, plan, t0 + timedelta(hours=2)) is None
    assert update.next_allowed(base, plan, t0 - timedelta(hours=1)) is None  # a clock set back blocks nothing
    assert update.next_allowed("http://127.0.0.1:1", plan, t0) is None


def test_a_corrupt_state_file_does_not_block_updates(capsys):
    (user_data_dir() / update.STATE_FILE).write_text("{not json")
    with FixtureServer() as srv:
        assert main(["data", "update", "--url", srv.base]) == 0
    assert srv.base in update.read_state()["attempts"]


def test_the_shipped_group_list():
    plan = update.load_plan()
    names = [g.name for g in plan.groups]
    assert names[0] == "active" and not plan.groups[0].may_be_empty and len(set(names)) == len(names)
    assert {"fengyun-1c-debris", "cosmos-2251-debris", "iridium-33-debris", "cosmos-1408-debris"} <= set(names)
    assert plan.min_interval_s == 2 * 3600 and update.DEFAULT_BASE.startswith("https://")
    urls = [d.url for d in update.downloads(update.DEFAULT_BASE, plan)]
    assert urls[0] == "https://celestrak.org/NORAD/elements/gp.php?GROUP=active&FORMAT=csv"
    assert urls[-1] == "https://celestrak.org/pub/satcat.csv"


@pytest.mark.parametrize(
    "old, new, needle, nth, message",
    [
        ("may_be_empty = false\n", "", "[[group]]", 0, "`may_be_empty` must be true or false"),
        ("min_interval_hours = 2.0", "min_interval_hours = 0.5", "min_interval_hours = 0.5", 0, "must be a number >= 2"),
        ('name = "last-30-days"', 'name = "active"', 'name = "active"', 1, "group 'active' is listed twice"),
        ('name = "last-30-days"', 'name = "last 30 days"', 'name = "last 30 days"', 0, "may hold only letters"),
        ('gp_path = "/NORAD', 'gp_path = "NORAD', 'gp_path = "NORAD/elements/gp.php"', 0, "a path starting with /"),
    ],
    ids=["missing-key", "too-often", "duplicate", "bad-name", "relative-path"],
)
def test_group_list_errors_name_file_and_line(tmp_path, old, new, needle, nth, message):
    text = update.groups_file().read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "groups.toml"
    path.write_text(text, encoding="utf-8")
    expected = [no for no, ln in enumerate(text.splitlines(), start=1) if ln.strip() == needle][nth]
    with pytest.raises(ContentError) as err:
        update.load_plan(path)
    assert str(err.value).startswith(f"{path}:{expected}: ") and message in str(err.value)
