"""'What if this had not happened?': the modeled sky with and without named events, side by side.

Two globes, each on its own mirror of the app state (so each has its own population and sky), follow
the main state's date, clock, camera preset, colouring and guides; dragging either globe turns both.
Below them, the two curves of objects in orbit and a sentence that reads the difference on the shown
date. Both sides are the modeled history (only it can leave an event out), and say so.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from atlas.data import history
from atlas.model.population import in_orbit_series
from atlas.ui.globe import GlobeView, fragmentation_event_titles
from atlas.ui.state import AppState

_CAMERA_KEYS = ("azimuth", "elevation", "distance")


def event_title(event_id: str) -> str:
    from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS

    return fragmentation_event_titles()[FRAGMENTATION_EVENT_IDS.index(event_id)]


class CompareView(QWidget):
    """The comparison for one set of left-out events; `closed` asks the window to show the globe again."""

    closed = Signal()

    def __init__(self, state: AppState, without: tuple[str, ...], parent=None):
        super().__init__(parent)
        self.state = state
        self.without = tuple(without)
        self.factual = self._mirror(history.generate())
        self.counter = self._mirror(history.generate(self.without))
        if len(self.without) == 1:  # the cloud that would be missing, picked out on the left
            self.factual.set_highlight(self.without[0])
        names = " + ".join(event_title(e) for e in self.without)

        head = QHBoxLayout()
        title = QLabel(self.tr("<b>What if this had not happened?</b> {names}").format(names=names), self)
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 15px")
        back = QPushButton(self.tr("Back to the globe"), self)
        back.clicked.connect(self.closed.emit)
        head.addWidget(title, 1)
        head.addWidget(back)

        self.globes = (GlobeView(self.factual, self), GlobeView(self.counter, self))
        self.captions = (QLabel(self), QLabel(self))
        cols = QHBoxLayout()
        for caption, globe in zip(self.captions, self.globes):
            caption.setTextFormat(Qt.TextFormat.RichText)
            caption.setWordWrap(True)
            col = QVBoxLayout()
            col.addWidget(caption)
            col.addWidget(globe, 1)
            cols.addLayout(col, 1)
            globe.frame_rendered.connect(lambda g=globe: self._sync_camera(g))

        self.plot = pg.PlotWidget(self, background=None)
        self.plot.setFixedHeight(190)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setTitle(self.tr("Objects in orbit, modeled history"), size="10pt")
        self.plot.addLegend(offset=(60, 10), labelTextSize="10pt")
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        years, with_event, without_event = self._series()
        self.plot.plot(years, with_event, pen=pg.mkPen("#E69F00", width=2), name=self.tr("as modeled"))
        self.plot.plot(years, without_event, pen=pg.mkPen("#56B4E9", width=2), name=self.tr("without the event"))
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#f3f5fa", width=1))
        self.plot.addItem(self.cursor)
        self.reading = QLabel(self)
        self.reading.setWordWrap(True)
        self.reading.setStyleSheet("font-size: 14px")

        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addLayout(cols, 1)
        lay.addWidget(self.plot)
        lay.addWidget(self.reading)

        state.time_changed.connect(self._on_time)
        state.playing_changed.connect(self._on_playing)
        state.rate_changed.connect(self._on_rate)
        state.camera_changed.connect(self._on_camera)
        state.colouring_changed.connect(self._on_colouring)
        state.guides_changed.connect(self._on_guide)
        self._on_time(state.time)

    def _mirror(self, population) -> AppState:
        m = AppState(self)
        st = self.state
        m.set_rate(st.rate)
        m.set_playing(st.playing)
        m.set_camera(st.camera)
        m.set_colouring(st.colouring)
        for g in ("leo", "geo"):
            m.set_guide(g, st.guide_shown(g))
        m.set_time(st.time)
        m.set_population(population)
        return m

    def _series(self):
        """Objects in orbit on the first of each month, 1957 to the shown date's year + 1, both ways."""
        last = max(datetime.now().year, self.state.time.year) + 1
        months = np.arange(np.datetime64("1957-10", "M"), np.datetime64(f"{last}-01", "M")).astype("M8[D]")
        years = 1970 + months.astype("M8[D]").astype(np.int64) / 365.2425
        total = [sum(in_orbit_series(m.population.objects, months).values()) for m in (self.factual, self.counter)]
        return years, total[0], total[1]

    # --- following the main state ----------------------------------------------------------
    def _each(self, fn) -> None:
        for m in (self.factual, self.counter):
            fn(m)

    def _on_time(self, t: datetime) -> None:
        self._each(lambda m: m.set_time(t))
        day = str(np.datetime64(t.replace(tzinfo=None), "D"))
        a = history.count(day)
        b = history.count(day, self.without)
        self.captions[0].setText(self.tr("<b>As it happened</b> (modeled): {n:,} objects in orbit on {day}").format(n=a["total"], day=day))
        self.captions[1].setText(self.tr("<b>Without it</b> (modeled): {n:,} objects in orbit").format(n=b["total"]))
        diff = a["total"] - b["total"]
        if diff > 0:
            share = 100.0 * diff / a["total"]
            text = self.tr(
                "On {day}, the modeled sky holds {a:,} objects of 10 cm and more; without the event it would hold {b:,}: "
                "{d:,} fewer ({p:.0f}% of all objects in orbit), {deb:,} of them debris."
            ).format(day=day, a=a["total"], b=b["total"], d=diff, p=share, deb=a["by_kind"]["debris"] - b["by_kind"]["debris"])
        else:
            text = self.tr("On {day} the two skies are the same: the event has not happened yet, or its debris has re-entered.").format(day=day)
        self.reading.setText(text + " " + self.tr("Counts are from the modeled history, not a catalog."))
        self.cursor.setValue(1970 + np.datetime64(day, "D").astype(np.int64) / 365.2425)

    def _on_playing(self, on: bool) -> None:
        self._each(lambda m: m.set_playing(on))

    def _on_rate(self, rate: float) -> None:
        self._each(lambda m: m.set_rate(rate))

    def _on_camera(self, name: str) -> None:
        self._each(lambda m: m.set_camera(name))

    def _on_colouring(self, name: str) -> None:
        self._each(lambda m: m.set_colouring(name))

    def _on_guide(self, name: str, shown: bool) -> None:
        self._each(lambda m: m.set_guide(name, shown))

    def _sync_camera(self, source: GlobeView) -> None:
        """After a frame of one globe, give the other the same view (mouse turns and zooms both)."""
        for other in self.globes:
            if other is source:
                continue
            if any(other.opts[k] != source.opts[k] for k in _CAMERA_KEYS) or other.opts["center"] != source.opts["center"]:
                for k in _CAMERA_KEYS:
                    other.opts[k] = source.opts[k]
                other.opts["center"] = type(source.opts["center"])(source.opts["center"])
                other.update()
