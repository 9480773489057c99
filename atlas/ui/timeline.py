"""The timeline panel: events in lanes by category over the objects in orbit, 1957 to today.

x is UTC time in seconds since 1970 (pyqtgraph's DateAxisItem), zoomable with the wheel or a
drag down to about a month; y holds one lane per category in the main view, and a second view
behind it, with its own right-hand axis, holds the stacked counts of objects in orbit by kind
from the active population. The current date is a draggable line that drives the state.
Hover shows an event's title; a click opens atlas://event/<id>.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from atlas.model.events import CATEGORIES, Event, event_by_id, load_events
from atlas.model.links import Link
from atlas.model.population import KIND_KEYS, in_orbit_series
from atlas.model.timeutil import FIRST_DATE
from atlas.ui.state import AppState

LANES = tuple(CATEGORIES)  # top lane first
LANE_COLOURS = {
    "treaties-law": "#4e79a7",
    "soft-law": "#59a14f",
    "un-politics": "#b07aa1",
    "asat-breakups": "#e15759",
    "collisions": "#f28e2b",
    "industry": "#76b7b2",
    "institutions": "#edc948",
}
KIND_COLOURS = {"payload": "#4e79a780", "rocket_body": "#f28e2b80", "debris": "#e1575980", "unknown": "#bab0ac80"}
MIN_SPAN_S = 28 * 86400.0  # zoom limit: about a month
START = FIRST_DATE - timedelta(days=120)


def _tr(text: str) -> str:
    return QCoreApplication.translate("TimelinePanel", text)


def lane_y(category: str) -> float:
    """Lanes run top to bottom in CATEGORIES order."""
    return float(len(LANES) - 1 - LANES.index(category))


def timestamp(dt: datetime) -> float:
    return dt.astimezone(timezone.utc).timestamp()


class TimelinePanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.events: tuple[Event, ...] = load_events()
        self._syncing = False
        self.hover_text = ""

        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
        self.plot.setBackground("w")
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        self.view = item.getViewBox()
        end = timestamp(datetime.now(timezone.utc) + timedelta(days=365))
        self.view.setMouseEnabled(x=True, y=False)
        height = len(LANES) - 0.4 + 0.6
        self.view.setLimits(
            xMin=timestamp(START), xMax=end, minXRange=MIN_SPAN_S,
            yMin=-0.6, yMax=len(LANES) - 0.4, minYRange=height, maxYRange=height,
        )
        self.view.setYRange(-0.6, len(LANES) - 0.4, padding=0)
        self.view.setXRange(timestamp(START), end, padding=0)
        left = item.getAxis("left")
        left.setTicks([[(lane_y(c), _tr(CATEGORIES[c])) for c in LANES], []])
        left.setWidth(190)

        self._build_counts_view(item)
        self._build_markers()

        self.cursor = pg.InfiniteLine(
            pos=timestamp(state.time), angle=90, movable=True, pen=pg.mkPen("#222", width=2),
            hoverPen=pg.mkPen("#d00", width=3),
        )
        self.cursor.setZValue(20)
        self.view.addItem(self.cursor)
        self.cursor.sigPositionChanged.connect(self._cursor_moved)

        self.note = QLabel(self)
        self.note.setStyleSheet("color: #888; font-style: italic;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        layout.addWidget(self.note)

        state.time_changed.connect(self._time_changed)
        state.population_changed.connect(self.refresh_counts)
        state.link_opened.connect(self._link_opened)
        self.refresh_counts()

    # --- construction --------------------------------------------------------------------
    def _build_counts_view(self, item: pg.PlotItem) -> None:
        """A second view behind the lanes, x-linked, with its own right axis for the counts."""
        self.counts_view = pg.ViewBox(enableMouse=False)
        self.counts_view.setMouseEnabled(x=False, y=False)
        item.showAxis("right")
        right = item.getAxis("right")
        right.setLabel(_tr("objects in orbit"))
        item.scene().addItem(self.counts_view)
        right.linkToView(self.counts_view)
        self.counts_view.setXLink(self.view)
        self.counts_view.setZValue(-100)
        self.view.sigResized.connect(self._sync_geometry)
        self._sync_geometry()
        self.count_items: list[pg.GraphicsObject] = []

    def _sync_geometry(self) -> None:
        self.counts_view.setGeometry(self.view.sceneBoundingRect())
        self.counts_view.linkedViewChanged(self.view, self.counts_view.XAxis)

    def _stagger(self) -> dict[str, float]:
        """Each event's y: its lane, nudged up or down where it falls within a few months of the
        previous event in the same lane (the two 2024 Security Council votes, the treaty dates of a
        year), so that at the full 1957-today span neither marker hides the other."""
        ys: dict[str, float] = {}
        last: dict[str, tuple[datetime, int]] = {}
        for e in sorted(self.events, key=lambda e: e.date):
            prev = last.get(e.category)
            step = 0
            if prev is not None and (e.date - prev[0]).days < 150:
                step = prev[1] + 1
            last[e.category] = (e.date, step)
            ys[e.id] = lane_y(e.category) + (0.0 if step == 0 else (0.3 if step % 2 else -0.3))
        return ys

    def _build_markers(self) -> None:
        self.marker_y = self._stagger()
        self.markers = pg.ScatterPlotItem(hoverable=True, tip=None, pxMode=True, hoverSize=17, hoverBrush=pg.mkBrush("#ffdd55"))
        spots = [
            {
                "pos": (timestamp(e.date), self.marker_y[e.id]),
                "data": e.id,
                "size": 13,
                "symbol": "o" if e.precision == "day" else "s",
                "brush": pg.mkBrush(LANE_COLOURS[e.category]),
                "pen": pg.mkPen("#333", width=1),
            }
            for e in self.events
        ]
        self.markers.addPoints(spots)
        self.markers.setZValue(10)
        self.markers.sigClicked.connect(self._clicked)
        self.markers.sigHovered.connect(self._hovered)
        self.view.addItem(self.markers)

    # --- objects in orbit ----------------------------------------------------------------
    def refresh_counts(self) -> None:
        """Redraw the stacked areas from the active population (monthly samples, vectorized)."""
        for it in self.count_items:
            self.counts_view.removeItem(it)
        self.count_items = []
        pop = self.state.population
        if pop is None or len(pop) == 0:
            self.note.setText(_tr("No catalog loaded: the curve of objects in orbit is not shown."))
            self.counts = None
            return
        self.note.setText(_tr("Objects in orbit by kind: {0}").format(pop.label or _tr("active catalog")))
        months = np.arange(np.datetime64(FIRST_DATE.date(), "M"), np.datetime64("today", "M") + 1)
        dates = months.astype("M8[D]")
        series = in_orbit_series(pop.objects, dates)
        x = dates.astype("M8[s]").astype(np.int64).astype(float)
        base = np.zeros(len(x))
        previous = pg.PlotCurveItem(x, base, pen=None)
        self.counts_view.addItem(previous)
        self.count_items.append(previous)
        for key in KIND_KEYS:
            top = base + series[key]
            curve = pg.PlotCurveItem(x, top, pen=pg.mkPen(QColor(KIND_COLOURS[key]).darker(130), width=1))
            fill = pg.FillBetweenItem(previous, curve, brush=pg.mkBrush(KIND_COLOURS[key]))
            for it in (curve, fill):
                self.counts_view.addItem(it)
                self.count_items.append(it)
            previous, base = curve, top
        self.counts = {"dates": dates, "total": base, **series}
        self.counts_view.setYRange(0, max(1.0, float(base.max())) * 1.05, padding=0)

    # --- interaction ---------------------------------------------------------------------
    def marker_scene_pos(self, event_id: str) -> QPointF:
        """Where an event's marker is drawn, in scene coordinates (tests click there)."""
        e = event_by_id(event_id, self.events)
        return self.view.mapViewToScene(QPointF(timestamp(e.date), self.marker_y[e.id]))

    def _clicked(self, _item, points, _ev=None) -> None:
        if len(points):
            self.state.open_link(f"atlas://event/{points[0].data()}")

    def _hovered(self, _item, points, ev=None) -> None:
        if len(points):
            e = event_by_id(points[0].data(), self.events)
            self.hover_text = f"{e.title}\n{e.date_text()}"
            self.plot.setToolTip(self.hover_text)
            if ev is not None and hasattr(ev, "screenPos"):
                QToolTip.showText(ev.screenPos().toPoint(), self.hover_text, self.plot)
        else:
            self.hover_text = ""
            self.plot.setToolTip("")

    def _cursor_moved(self) -> None:
        if self._syncing:
            return
        self.state.set_time(datetime.fromtimestamp(self.cursor.value(), tz=timezone.utc))

    def _time_changed(self, t: datetime) -> None:
        # the clock ticks every frame: move the cursor only when it would move by a pixel
        x0, x1 = self.view.viewRange()[0]
        width = max(self.view.width(), 1.0)
        if abs(timestamp(t) - self.cursor.value()) < 0.5 * (x1 - x0) / width:
            return
        self._syncing = True
        try:
            self.cursor.setValue(timestamp(t))
        finally:
            self._syncing = False

    def _link_opened(self, link: Link) -> None:
        """For an event link, bring its date into view (keeping the zoom) and ring its marker."""
        if link.kind != "event":
            return
        e = event_by_id(link.parts[0], self.events)
        if e is None:
            return
        x0, x1 = self.view.viewRange()[0]
        t = timestamp(e.date)
        if not x0 <= t <= x1:
            half = (x1 - x0) / 2
            self.view.setXRange(t - half, t + half, padding=0)
        for spot in self.markers.points():
            selected = spot.data() == e.id
            spot.setPen(pg.mkPen("#000", width=3) if selected else pg.mkPen("#333", width=1))
        self.selected_id = e.id

    def zoom_to(self, start: datetime, end: datetime) -> None:
        self.view.setXRange(timestamp(start), timestamp(end), padding=0)

    def x_span_seconds(self) -> float:
        x0, x1 = self.view.viewRange()[0]
        return x1 - x0
