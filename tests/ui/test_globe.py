"""The window opens, an object can be picked, the clock moves objects (pytest-qt under Xvfb)."""

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from atlas.model.links import LinkError


@pytest.fixture
def window(qtbot, small_population):
    from atlas.ui.app import build_window

    state, win = build_window(size=(1280, 800), population=small_population, load=False)
    qtbot.addWidget(win)
    state.set_time(datetime(2026, 7, 10, 1, tzinfo=timezone.utc))
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.globe.frames >= 2, timeout=15000)
    return state, win


def _visible_in_front(win):
    g = win.globe
    pos = g._positions
    idx = np.flatnonzero(np.any(pos != 0, axis=1))
    px, front = g.project(pos[idx])
    ok = front & (px[:, 0] > 10) & (px[:, 0] < g.width() - 10) & (px[:, 1] > 10) & (px[:, 1] < g.height() - 10)
    # nearest to the camera first, so the Earth cannot hide it
    cam = g.cameraPosition()
    c = np.array([cam.x(), cam.y(), cam.z()])
    order = np.argsort(np.linalg.norm(pos[idx] - c, axis=1))
    return [(int(idx[k]), px[k]) for k in order if ok[k]]


def test_window_opens_with_globe_legend_and_panels(window):
    state, win = window
    assert win.globe.frames >= 2
    assert "Payload" in win.globe.legend.text()
    assert win.docks["object"].isVisible()
    assert "180 objects" in win.source_label.text()
    img = win.globe.grabFramebuffer()
    centre = img.pixelColor(img.width() // 2, img.height() // 2)
    assert centre.red() + centre.green() + centre.blue() > 60, "the Earth should fill the centre of the view"


def test_clicking_an_object_selects_it_and_shows_its_card(window, qtbot):
    state, win = window
    i, px = _visible_in_front(win)[0]
    norad = int(state.population.objects["norad"][i])
    qtbot.mouseClick(win.globe, Qt.MouseButton.LeftButton, pos=QPoint(int(round(px[0])), int(round(px[1]))))
    assert state.selection == norad
    assert win.info.values["norad"].text() == str(norad)
    assert win.info.values["name"].text() == str(state.population.objects["name"][i])
    assert "km" in win.info.values["perigee"].text()
    assert win.globe.orbit_line.visible() and win.globe.marker.visible()
    # clicking empty space clears the selection
    qtbot.mouseClick(win.globe, Qt.MouseButton.LeftButton, pos=QPoint(3, win.globe.height() - 3))
    assert state.selection is None


def test_the_clock_moves_objects(window, qtbot):
    state, win = window
    before = win.globe._positions.copy()
    t0 = state.time
    state.set_rate(1000)
    state.set_playing(True)
    qtbot.waitUntil(lambda: state.time - t0 > timedelta(seconds=200), timeout=10000)
    state.set_playing(False)
    moved = np.linalg.norm(win.globe._positions - before, axis=1)
    leo = state.population.objects["regime"] == 0
    assert np.median(moved[leo]) > 0.02  # >120 km in >200 s: LEO objects move ~7.6 km/s


def test_links_drive_the_view(window):
    state, win = window
    state.open_link("atlas://view?date=2026-07-11&camera=geo&color=regime")
    assert state.time.date().isoformat() == "2026-07-11"
    assert win.globe.opts["distance"] == pytest.approx(21.0)
    assert "regime" in win.globe.legend.text()
    norad = int(state.population.objects["norad"][5])
    state.open_link(f"atlas://object/{norad}")
    assert state.selection == norad
    with pytest.raises(LinkError):
        state.open_link("atlas://object/123")  # not in the catalog


def test_guides_toggle(window):
    state, win = window
    assert not win.globe.leo_guide.visible()
    win.guide_actions["leo"].trigger()
    assert state.guide_shown("leo") and win.globe.leo_guide.visible()
    state.set_guide("geo", True)
    assert win.globe.geo_guide.visible() and win.guide_actions["geo"].isChecked()


def test_empty_sky_prompts_to_import(qtbot):
    from atlas.ui.app import build_window

    state, win = build_window(size=(1000, 700), population=None, load=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.globe.prompt.isVisible()
    assert "Import" in win.globe.prompt.text()


def test_dragging_turns_the_globe(window, qtbot):
    """A left-button drag orbits the camera (pyqtgraph calls self.orbit(): nothing may shadow it)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    state, win = window
    g = win.globe
    az = g.opts["azimuth"]
    start, end = QPointF(300, 300), QPointF(360, 310)
    for typ, pos, btn in ((QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseMove, end, Qt.MouseButton.LeftButton)):
        ev = QMouseEvent(typ, pos, g.mapToGlobal(pos), Qt.MouseButton.LeftButton if typ != QEvent.Type.MouseMove else Qt.MouseButton.NoButton, btn, Qt.KeyboardModifier.NoModifier)
        g.mouseMoveEvent(ev) if typ == QEvent.Type.MouseMove else g.mousePressEvent(ev)
    assert g.opts["azimuth"] != az
    assert state.selection is None
