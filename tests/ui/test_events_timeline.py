"""The timeline and the event card as a user drives them: hover, click, drag, links."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from atlas.model.events import FRAGMENTATION_EVENT_IDS, event_by_id
from atlas.model.population import DEBRIS, PAYLOAD, Population, empty
from atlas.ui.event_card import EventCard
from atlas.ui.state import AppState
from atlas.ui.timeline import TimelinePanel


def _population() -> Population:
    """Three Fengyun-1C fragments (one tagged by the history generator, two by designator), an
    unrelated payload, and an intact object from another launch."""
    a = empty(5)
    a["norad"] = [25730, 29700, 29701, 25544, 30000]
    a["cospar"] = ["1999-025A", "1999-025E", "1999-025F", "1998-067A", "2000-001A"]
    a["kind"] = [PAYLOAD, DEBRIS, DEBRIS, PAYLOAD, DEBRIS]
    a["event"] = [-1, -1, FRAGMENTATION_EVENT_IDS.index("fy1c-asat-2007"), -1, -1]
    a["launch"] = np.array(["1999-05-10", "2007-01-11", "2007-01-11", "1998-11-20", "2000-01-01"], "M8[D]")
    a["decay"] = np.array(["NaT", "NaT", "2012-01-01", "NaT", "NaT"], "M8[D]")
    return Population(a, label="test catalog")


@pytest.fixture
def ui(qtbot):
    state = AppState()
    state.set_population(_population())
    panel = TimelinePanel(state)
    card = EventCard(state)
    qtbot.addWidget(panel)
    qtbot.addWidget(card)
    panel.resize(1400, 360)
    panel.show()
    qtbot.waitExposed(panel)
    return state, panel, card


def _widget_pos(panel: TimelinePanel, scene_pos: QPointF) -> QPoint:
    return panel.plot.mapFromScene(scene_pos)


def _send(panel, kind, pos: QPoint, buttons):
    vp = panel.plot.viewport()
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, ev)


def test_clicking_a_marker_opens_the_card_with_that_event(ui, qtbot):
    state, panel, card = ui
    panel.zoom_to(datetime(2006, 1, 1, tzinfo=timezone.utc), datetime(2010, 1, 1, tzinfo=timezone.utc))
    QApplication.processEvents()
    opened = []
    state.link_opened.connect(opened.append)
    pos = _widget_pos(panel, panel.marker_scene_pos("fy1c-asat-2007"))
    qtbot.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert [str(link) for link in opened] == ["atlas://event/fy1c-asat-2007"]
    assert card.current is not None and card.current.id == "fy1c-asat-2007"
    html = card.body.toHtml()
    assert "3,037" in html and "odqnv14i4.pdf" in html and "atlas://law/ost/IX" in html


def test_hover_shows_the_title(ui, qtbot):
    state, panel, card = ui
    panel.zoom_to(datetime(2008, 6, 1, tzinfo=timezone.utc), datetime(2009, 6, 1, tzinfo=timezone.utc))
    QApplication.processEvents()
    pos = _widget_pos(panel, panel.marker_scene_pos("iridium-cosmos-2009"))
    qtbot.mouseMove(panel.plot.viewport(), pos)
    qtbot.waitUntil(lambda: panel.hover_text != "", timeout=2000)
    assert panel.hover_text.startswith("Iridium 33 and Cosmos 2251 collide")


def test_dragging_the_cursor_moves_the_app_time(ui, qtbot):
    state, panel, card = ui
    panel.zoom_to(datetime(2000, 1, 1, tzinfo=timezone.utc), datetime(2010, 1, 1, tzinfo=timezone.utc))
    state.set_time(datetime(2003, 1, 1, tzinfo=timezone.utc))
    QApplication.processEvents()
    assert panel.cursor.value() == pytest.approx(datetime(2003, 1, 1, tzinfo=timezone.utc).timestamp())
    y = 0.5  # between lanes, away from markers
    start = _widget_pos(panel, panel.view.mapViewToScene(QPointF(panel.cursor.value(), y)))
    target = datetime(2007, 1, 1, tzinfo=timezone.utc).timestamp()
    end = _widget_pos(panel, panel.view.mapViewToScene(QPointF(target, y)))
    left = Qt.MouseButton.LeftButton
    _send(panel, QEvent.Type.MouseMove, start, Qt.MouseButton.NoButton)
    qtbot.wait(25)
    _send(panel, QEvent.Type.MouseButtonPress, start, left)
    for i in range(1, 11):
        p = start + (end - start) * (i / 10)
        ev = QMouseEvent(QEvent.Type.MouseMove, QPointF(p), QPointF(panel.plot.viewport().mapToGlobal(p)),
                         Qt.MouseButton.NoButton, left, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(panel.plot.viewport(), ev)
        qtbot.wait(25)  # pyqtgraph drops mouse moves that come faster than its frame rate
    _send(panel, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert abs(state.time.timestamp() - target) < 40 * 86400  # within a couple of pixels
    assert state.time.year in (2006, 2007)


def test_zoom_goes_down_to_about_a_month_and_only_in_x(ui):
    state, panel, card = ui
    y_before = panel.view.viewRange()[1]
    panel.zoom_to(datetime(2009, 2, 1, tzinfo=timezone.utc), datetime(2009, 2, 2, tzinfo=timezone.utc))
    assert 27 * 86400 <= panel.x_span_seconds() <= 32 * 86400
    panel.view.scaleBy(x=0.5, y=0.5)
    assert panel.view.viewRange()[1] == pytest.approx(y_before)


def test_event_link_applies_the_scene(ui):
    state, panel, card = ui
    state.open_link("atlas://event/fy1c-asat-2007")  # the state applies the event's scene
    scene = event_by_id("fy1c-asat-2007").scene
    assert state.time == scene.date
    assert state.camera == "leo" and state.colouring == "event"
    assert state.highlight == "fy1c-asat-2007"
    assert state.highlight_mask(state.population.objects).tolist() == [True, True, True, False, False]
    assert panel.cursor.value() == pytest.approx(scene.date.timestamp())
    assert card.current.id == "fy1c-asat-2007"


def test_counts_curve_follows_the_population(ui):
    state, panel, card = ui
    counts = panel.counts
    jan2008 = np.flatnonzero(counts["dates"] == np.datetime64("2008-01-01"))[0]
    assert counts["payload"][jan2008] == 2 and counts["debris"][jan2008] == 3
    state.set_population(Population(empty(0)))
    assert panel.counts is None and "No catalog" in panel.note.text()


def test_card_links_go_to_the_state_and_whatif_is_opt_in(ui, monkeypatch):
    state, panel, card = ui
    state.open_link("atlas://event/iridium-cosmos-2009")
    assert card.whatif.isHidden()
    card.set_counterfactual_ids({"iridium-cosmos-2009"})
    assert not card.whatif.isHidden()
    opened = []
    state.link_opened.connect(opened.append)
    card.whatif.click()
    assert str(opened[-1]) == "atlas://compare?without=iridium-cosmos-2009"
    card.follow(__import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl("atlas://law/liability/III"))
    assert str(opened[-1]) == "atlas://law/liability/III"
    browsed = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", browsed.append)
    card.follow(__import__("PySide6.QtCore", fromlist=["QUrl"]).QUrl(card.current.sources[0].url))
    assert [u.toString() for u in browsed] == [card.current.sources[0].url]


def test_close_events_in_one_lane_do_not_hide_each_other(ui):
    _state, panel, _card = ui
    a = panel.marker_scene_pos("unsc-vote-2024-04")
    b = panel.marker_scene_pos("unsc-vote-2024-05")
    assert abs(a.y() - b.y()) >= 8, "the two 2024 Security Council votes are a month apart: markers stagger"
    lone = panel.marker_y["sputnik-1957"]
    from atlas.ui.timeline import lane_y

    assert lone == lane_y("industry"), "an event with no close neighbour sits on its lane"
