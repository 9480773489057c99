"""Data > Update from CelesTrak: the dialog runs the round off the GUI thread, reloads the population on
success, and on Cancel (or a failure) leaves the previous catalog both in the store and on screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tests.data.update_helpers import GP_ACTIVE, FixtureServer, Route, default_routes, route_path

from atlas.data import store
from atlas.paths import resource
from atlas.ui.state import AppState
from atlas.ui.update_dialog import UpdateDialog


@pytest.fixture
def state():
    store.import_files([resource("catalogs", "sample-3le.txt")])
    s = AppState()
    s.set_population(store.load_active())
    return s


def _dialog(qtbot, state, base, **options) -> UpdateDialog:
    dlg = UpdateDialog(state, None, base_url=base, timeout_s=2.0, retries=0, **options)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_the_dialog_finishes_and_the_app_shows_the_new_catalog(qtbot, state):
    reloaded = []
    state.population_changed.connect(lambda: reloaded.append(len(state.population)))
    with FixtureServer() as srv:
        dlg = _dialog(qtbot, state, srv.base)
        with qtbot.waitSignal(dlg.finished_update, timeout=10000) as sig:
            dlg.start()
            assert dlg.isVisible()  # the GUI thread is free while the worker downloads
    result = sig.args[0]
    assert reloaded == [12] and result.objects == 12 and len(state.population) == 12
    assert "CelesTrak SATCAT" in state.population.label and not dlg.running()
    assert "12 objects" in dlg.file_label.text() and "celestrak-gp-cosmos-1408-debris.csv" in dlg.file_label.text()
    assert dlg.bar.value() == dlg.bar.maximum() == 1
    assert dlg.buttons.button(QDialogButtonBox.StandardButton.Close) is not None


def test_cancel_keeps_the_previous_catalog(qtbot, state):
    before = state.population
    before_status = store.status()
    routes = default_routes()
    routes[route_path("active")] = Route(GP_ACTIVE * 200, trickle=0.01)  # about 2 s in 1 KiB pieces
    changed = []
    state.population_changed.connect(lambda: changed.append(1))
    with FixtureServer(routes) as srv:
        dlg = _dialog(qtbot, state, srv.base)
        dlg.start()
        qtbot.waitUntil(lambda: dlg.bar.value() > 0, timeout=5000)  # bytes of file 1 are arriving
        with qtbot.waitSignal(dlg.update_failed, timeout=5000) as sig:
            dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        assert srv.hits[route_path("satcat")] == 0
    assert "cancelled" in sig.args[0] and dlg.file_label.text().startswith("Cancelled.")
    assert state.population is before and changed == [] and store.status() == before_status
    assert dlg.isVisible()  # the dialog stays to say what happened; Close then closes it
    dlg.buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert not dlg.isVisible()


def test_a_throttled_update_says_when_and_changes_nothing(qtbot, state):
    with FixtureServer() as srv:
        first = _dialog(qtbot, state, srv.base)
        with qtbot.waitSignal(first.finished_update, timeout=10000):
            first.start()
        hits = dict(srv.hits)
        population = state.population
        second = _dialog(qtbot, state, srv.base)
        with qtbot.waitSignal(second.update_failed, timeout=5000) as sig:
            second.start()
        assert dict(srv.hits) == hits
    assert "next update is allowed from" in sig.args[0] and state.population is population
    assert "at most one download every 2 hours" in second.file_label.text()


def test_the_data_menu_opens_the_dialog_and_the_window_reloads(qtbot, monkeypatch, small_population):
    from atlas.data import update
    from atlas.ui.app import build_window

    state, win = build_window(size=(900, 600), population=small_population, load=False)
    qtbot.addWidget(win)
    data_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Data")
    action = next(a for a in data_menu.actions() if a.text() == "&Update from CelesTrak\u2026")
    with FixtureServer() as srv:
        monkeypatch.setattr(update, "DEFAULT_BASE", srv.base)  # the menu uses the default base: point it here
        action.trigger()
        dlg = win.findChild(UpdateDialog)
        assert dlg is not None and dlg.isModal()
        with qtbot.waitSignal(dlg.finished_update, timeout=10000):
            pass
    assert len(state.population) == 12 and "CelesTrak" in win.source_label.text()
