"""`data update` against a local stand-in for CelesTrak: every file of a round arrives and is imported
in one call, and every failure (404, cut-off body, stall, HTML page, cancel) leaves the previous catalog
exactly as it was, with no partial file left behind."""

from __future__ import annotations

import threading
import time

import pytest

from tests.data.update_helpers import (
    GP_ACTIVE,
    GP_DEBRIS,
    NO_DATA,
    SATCAT,
    FixtureServer,
    Route,
    default_routes,
    route_path,
)

from atlas.data import store, update
from atlas.paths import resource

SAMPLE = resource("catalogs", "sample-3le.txt")
FAST = {"timeout_s": 2.0, "retries": 0}  # failures in these tests are meant to fail at once


@pytest.fixture
def previous():
    """A catalog imported before the update (the sample 3LE); returns a snapshot to compare with."""
    store.import_files([SAMPLE])
    return _snapshot()


def _snapshot():
    pop = store.load_active()
    st = store.status()
    return st["source"], st["imported_at"], st["files"], pop.objects.copy()


def _assert_unchanged(before) -> None:
    source, imported_at, files, rows = _snapshot()
    assert (source, imported_at, files) == before[:3]
    assert rows.dtype == before[3].dtype and rows.tobytes() == before[3].tobytes()  # byte for byte (NaN == NaN)


@pytest.fixture
def workdir(tmp_path):
    """Where run_update keeps its temporary directory; must be empty after every round."""
    d = tmp_path / "work"
    d.mkdir()
    return d


@pytest.fixture
def imports(monkeypatch):
    """Record store.import_files calls (file names and contents, read while the files exist), then import."""
    calls: list[dict[str, bytes]] = []
    real = store.import_files

    def recording(paths, merge=False):
        calls.append({p.name: p.read_bytes() for p in paths})
        return real(paths, merge=merge)

    monkeypatch.setattr(store, "import_files", recording)
    return calls


def test_a_round_fetches_every_group_and_the_satcat_and_imports_them_in_one_call(imports, workdir):
    reports = []
    with FixtureServer() as srv:
        result = update.run_update(srv.base, progress=reports.append, workdir=workdir, **FAST)
    plan = update.load_plan()
    assert set(srv.hits) == set(default_routes()) and set(srv.hits.values()) == {1}  # one request each
    assert len(imports) == 1  # one atomic import
    files = imports[0]
    expected = {f"celestrak-gp-{g.name}.csv" for g in plan.groups if g.name != "cosmos-1408-debris"}
    assert set(files) == expected | {"celestrak-satcat.csv"}
    assert files["celestrak-gp-active.csv"] == GP_ACTIVE and files["celestrak-satcat.csv"] == SATCAT
    assert files["celestrak-gp-fengyun-1c-debris.csv"] == GP_DEBRIS
    # the group CelesTrak had no data for is reported, not imported
    empty = [f for f in result.files if f.empty]
    assert [f.name for f in empty] == ["celestrak-gp-cosmos-1408-debris.csv"] and empty[0].bytes == len(NO_DATA)
    assert result.ok and result.source == srv.base and result.objects == len(store.load_active())
    # progress: every file reaches its Content-Length, file i of n, then the import
    finished = [(p.index, p.name) for p in reports if p.stage == "file"]
    assert [i for i, _ in finished] == list(range(1, len(plan.groups) + 2))
    assert all(p.count == len(plan.groups) + 1 for p in reports) and reports[-1].stage == "import"
    assert list(workdir.iterdir()) == []


def test_a_round_imports_the_satcat_for_real(previous, workdir):
    with FixtureServer() as srv:
        result = update.run_update(srv.base, workdir=workdir, **FAST)
    norads = set(store.load_active().objects["norad"].tolist())
    # 6 payloads + 3 fragments with elements; parent, rocket body and a 1991 re-entry from the SATCAT only
    assert norads == set(range(90101, 90107)) | {90200, 90201, 90202, 90203, 90301, 90302}
    assert result.objects == 12 and "CelesTrak SATCAT" in store.status()["source"]


def test_a_404_for_one_group_fails_the_whole_update_and_keeps_the_previous_catalog(previous, workdir, monkeypatch):
    routes = default_routes()
    routes[route_path("fengyun-1c-debris")] = Route(status=404)
    called = []
    monkeypatch.setattr(store, "import_files", lambda *a, **k: called.append(a))
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, timeout_s=2.0, retries=3, sleep=lambda s: None)
    url = f"{srv.base}{route_path('fengyun-1c-debris')}"
    assert str(err.value).startswith(f"{url}: HTTP 404") and err.value.url == url
    assert srv.hits[route_path("fengyun-1c-debris")] == 1  # a 404 is not retried
    assert srv.hits[route_path("satcat")] == 0 and called == []
    _assert_unchanged(previous)
    assert list(workdir.iterdir()) == []


def test_a_body_shorter_than_its_content_length_is_truncated(previous, workdir):
    routes = default_routes()
    routes[route_path("satcat")] = Route(SATCAT, length=len(SATCAT) + 500)
    sleeps = []
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, timeout_s=2.0, retries=1, sleep=sleeps.append)
    msg = str(err.value)
    assert f"{srv.base}/pub/satcat.csv: truncated body: received {len(SATCAT):,} of {len(SATCAT) + 500:,} bytes" in msg
    assert "(after 2 attempts)" in msg and srv.hits[route_path("satcat")] == 2 and len(sleeps) == 1
    _assert_unchanged(previous)
    assert list(workdir.iterdir()) == []


def test_a_chunked_reply_arrives_whole_and_a_cut_chunked_reply_is_truncated(imports, workdir):
    big = GP_ACTIVE * 4  # several 1 KiB chunks
    routes = default_routes()
    routes[route_path("active")] = Route(big, chunked=True)
    reports = []
    with FixtureServer(routes) as srv:
        update.run_update(srv.base, workdir=workdir, progress=reports.append, **FAST)
    assert imports[0]["celestrak-gp-active.csv"] == big
    sizes = [p.total for p in reports if p.stage == "download" and p.index == 1]
    assert set(sizes) == {None}  # no Content-Length: the byte count runs without a total
    routes[route_path("active")] = Route(big, chunked=True, cut=2500)
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, force=True, **FAST)
    assert "GROUP=active&FORMAT=csv: truncated body: the connection closed after" in str(err.value)
    assert len(imports) == 1 and list(workdir.iterdir()) == []


def test_a_csv_cut_mid_line_without_content_length_is_truncated(previous, workdir):
    routes = default_routes()
    routes[route_path("active")] = Route(GP_ACTIVE, length=None, cut=len(GP_ACTIVE) - 40)
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, **FAST)
    assert "GROUP=active&FORMAT=csv: truncated body: the last line has" in str(err.value)
    assert srv.hits[route_path("satcat")] == 0
    _assert_unchanged(previous)


@pytest.mark.parametrize(
    "route, what",
    [(Route(hang=True), "no answer within 0.3 s"), (Route(SATCAT, stall_after=200), "stopped sending for 0.3 s after 200 bytes")],
    ids=["no-answer", "stall-mid-body"],
)
def test_a_stalled_connection_fails_within_the_timeout(previous, workdir, route, what):
    routes = default_routes()
    routes[route_path("satcat")] = route
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        start = time.monotonic()
        try:
            update.run_update(srv.base, workdir=workdir, timeout_s=0.3, retries=0)
        finally:
            elapsed = time.monotonic() - start
    assert elapsed < 2.0
    assert str(err.value).startswith(f"{srv.base}/pub/satcat.csv: ") and what in str(err.value)
    assert "timed out" in str(err.value)
    _assert_unchanged(previous)
    assert list(workdir.iterdir()) == []


def test_transient_failures_are_retried_with_exponential_back_off(imports, workdir):
    routes = default_routes()
    routes[route_path("active")] = Route(GP_ACTIVE, fail_first=2, status_on_fail=503)
    sleeps, reports = [], []
    with FixtureServer(routes) as srv:
        result = update.run_update(
            srv.base, workdir=workdir, timeout_s=2.0, retries=3, backoff_s=0.5, sleep=sleeps.append,
            progress=reports.append,
        )
    assert srv.hits[route_path("active")] == 3 and sleeps == [0.5, 1.0]
    retries = [p.note for p in reports if p.stage == "retry"]
    assert len(retries) == 2 and "HTTP 503" in retries[0] and "retrying in 0.5 s" in retries[0]
    assert result.ok and imports[0]["celestrak-gp-active.csv"] == GP_ACTIVE


def test_retries_give_up_after_the_last_attempt(previous, workdir):
    routes = default_routes()
    routes[route_path("active")] = Route(GP_ACTIVE, fail_first=99, status_on_fail=503)
    sleeps = []
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, timeout_s=2.0, retries=2, backoff_s=0.25, sleep=sleeps.append)
    assert srv.hits[route_path("active")] == 3 and sleeps == [0.25, 0.5]
    assert "HTTP 503" in str(err.value) and "(after 3 attempts)" in str(err.value)
    _assert_unchanged(previous)


def test_an_html_page_is_not_csv_and_is_not_retried(previous, workdir):
    routes = default_routes()
    routes[route_path("satcat")] = Route(b"<!DOCTYPE html><html><title>Captive portal</title></html>", content_type="text/html")
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, timeout_s=2.0, retries=3, sleep=lambda s: None)
    assert "/pub/satcat.csv: an HTML page, not CSV" in str(err.value) and srv.hits[route_path("satcat")] == 1
    _assert_unchanged(previous)


def test_a_wrong_csv_names_its_missing_columns(previous, workdir):
    routes = default_routes()
    routes[route_path("satcat")] = Route(GP_ACTIVE)  # a GP file where the SATCAT should be
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, **FAST)
    assert "/pub/satcat.csv: not SATCAT CSV: the first line lacks OBJECT_TYPE, LAUNCH_DATE" in str(err.value)
    _assert_unchanged(previous)


@pytest.mark.parametrize("status", [404, 200])
def test_no_data_is_allowed_for_a_group_that_may_be_empty_only(previous, workdir, imports, status):
    routes = default_routes()
    routes[route_path("cosmos-1408-debris")] = Route(NO_DATA, status=status, content_type="text/plain")
    with FixtureServer(routes) as srv:
        result = update.run_update(srv.base, workdir=workdir, **FAST)
    assert [f.name for f in result.files if f.empty] == ["celestrak-gp-cosmos-1408-debris.csv"]
    assert "celestrak-gp-cosmos-1408-debris.csv" not in imports[0]
    before = _snapshot()
    routes[route_path("active")] = Route(NO_DATA, status=status, content_type="text/plain")
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateError) as err:
        update.run_update(srv.base, workdir=workdir, **FAST)
    assert "CelesTrak has no data for group 'active'" in str(err.value) and len(imports) == 1
    _assert_unchanged(before)


def test_cancel_mid_download_stops_at_once_and_keeps_the_previous_catalog(previous, workdir, monkeypatch):
    cancel = threading.Event()
    called = []
    monkeypatch.setattr(store, "import_files", lambda *a, **k: called.append(a))

    def progress(p):
        if p.index == 3 and p.done > 0:
            cancel.set()

    with FixtureServer() as srv, pytest.raises(update.UpdateCancelled):
        update.run_update(srv.base, workdir=workdir, progress=progress, cancel=cancel, **FAST)
    requested = [update.downloads(srv.base, update.load_plan())[i] for i in range(7)]
    assert [srv.hits[r.url.removeprefix(srv.base)] for r in requested] == [1, 1, 1, 0, 0, 0, 0]
    assert called == []
    _assert_unchanged(previous)
    assert list(workdir.iterdir()) == []


def test_cancel_accepts_a_callable_and_interrupts_a_slow_body(previous, workdir):
    routes = default_routes()
    routes[route_path("active")] = Route(GP_ACTIVE * 40, trickle=0.02)  # about 0.9 s in 1 KiB pieces
    seen = []
    with FixtureServer(routes) as srv, pytest.raises(update.UpdateCancelled):
        start = time.monotonic()
        update.run_update(srv.base, workdir=workdir, progress=seen.append, cancel=lambda: len(seen) > 3, **FAST)
    assert time.monotonic() - start < 0.5 and 0 < seen[-1].done < seen[-1].total
    _assert_unchanged(previous)
