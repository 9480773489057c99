"""The main window: the globe at the centre, dockable panels, menus, the status bar."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolBar,
)

from atlas.model.links import CAMERAS, COLOURINGS, LinkError
from atlas.ui.globe import GlobeView
from atlas.ui.panels import ObjectInfoPanel, TimeBar
from atlas.ui.state import RATES, AppState


class MainWindow(QMainWindow):
    def __init__(self, state: AppState, parent=None, defer_panels: bool = False):
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Space Law Atlas"))
        self.globe = GlobeView(state, self)
        self.centre = QStackedWidget(self)  # the globe, or a comparison (atlas://compare) in its place
        self.centre.addWidget(self.globe)
        self.setCentralWidget(self.centre)
        self.compare = None

        self.timebar = TimeBar(state, self)
        tb = QToolBar(self.tr("Time"), self)
        tb.setObjectName("time-toolbar")
        tb.addWidget(self.timebar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)

        self.info = ObjectInfoPanel(state, self)
        self.info.follow.toggled.connect(self.globe.set_follow)
        self.docks: dict[str, QDockWidget] = {}
        self.add_dock("object", self.tr("Object"), self.info, Qt.DockWidgetArea.RightDockWidgetArea)
        # The other panels get their docks now (a stable layout) and their contents right after
        # the first globe frame (ensure_panels), so the globe shows without waiting for them.
        right = Qt.DockWidgetArea.RightDockWidgetArea
        for key, title in (("law", self.tr("Law")), ("event", self.tr("Event")), ("lab", self.tr("What-if lab"))):
            self.add_dock(key, title, self._placeholder(), right)
            self.tabifyDockWidget(self.docks["object"], self.docks[key])
        self.add_dock("timeline", self.tr("Timeline"), self._placeholder(), Qt.DockWidgetArea.BottomDockWidgetArea)
        self.docks["object"].raise_()
        self.resizeDocks([self.docks["object"]], [380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["timeline"]], [230], Qt.Orientation.Vertical)
        self.law = self.event_card = self.lab = self.timeline = None
        if not defer_panels:
            self.ensure_panels()
        else:
            self.globe.frame_rendered.connect(self._first_frame)
        # which panel shows each kind of link
        self.link_docks = {"object": "object", "law": "law", "event": "event", "whatif": "lab"}
        state.link_opened.connect(self._raise_for_link)

        self._build_status()
        self._build_menus()

        self._clock = QTimer(self)
        self._clock.setInterval(16)
        self._clock.timeout.connect(self._tick)
        self._last_tick = time.perf_counter()
        self._clock.start()
        self._fps_frames = 0
        self._fps_t = time.perf_counter()
        self.globe.frame_rendered.connect(self._count_frame)

        state.population_changed.connect(self._update_source_label)
        state.time_changed.connect(self._update_time_label)
        state.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        state.selection_changed.connect(self._selection_shown)
        self._update_source_label()
        self._update_time_label(state.time)

    # --- structure ----------------------------------------------------------------------
    def _placeholder(self):
        lab = QLabel(self.tr("Loading\u2026"), self)
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return lab

    def _first_frame(self):
        self.globe.frame_rendered.disconnect(self._first_frame)
        QTimer.singleShot(0, self.ensure_panels)

    def ensure_panels(self) -> None:
        """Build the law reader, event card, lab and timeline (once)."""
        if self.law is not None:
            return
        from atlas.ui.event_card import EventCard
        from atlas.ui.lab import LabPanel
        from atlas.ui.law_reader import LawReader
        from atlas.ui.timeline import TimelinePanel

        st = self.state
        self.law = LawReader(st, self)
        self.event_card = EventCard(st, self)
        from atlas.data.history_facts import load_facts

        self.event_card.set_counterfactual_ids(e.id for e in load_facts().events)
        self.lab = LabPanel(st, self)
        self.timeline = TimelinePanel(st, self)
        for key, widget in (("law", self.law), ("event", self.event_card), ("lab", self._scrolled(self.lab)), ("timeline", self.timeline)):
            old = self.docks[key].widget()
            self.docks[key].setWidget(widget)
            old.deleteLater()
        self.resizeDocks([self.docks["object"]], [max(380, self.width() // 3)], Qt.Orientation.Horizontal)

    def _scrolled(self, widget):
        """A panel in a scroll area, so its dock can be narrower than the panel's own minimum."""
        area = QScrollArea(self)
        area.setWidget(widget)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        return area

    def add_dock(self, key: str, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        if hasattr(self, "panels_menu"):
            self.panels_menu.addAction(dock.toggleViewAction())
        return dock

    def _build_status(self):
        sb = self.statusBar()
        self.source_label = QLabel(self)
        self.time_label = QLabel(self)
        self.fps_label = QLabel(self)
        sb.addPermanentWidget(self.source_label, 1)
        sb.addPermanentWidget(self.time_label)
        sb.addPermanentWidget(self.fps_label)

    def _action(self, menu, text, slot, shortcut=None, checkable=False, tip=None) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)  # shortcuts work with the menu bar hidden (presenter mode)
        return act

    def _build_menus(self):
        mb = self.menuBar()
        st = self.state
        m = mb.addMenu(self.tr("&File"))
        self._action(m, self.tr("&Import catalog\u2026"), self.import_dialog, "Ctrl+O", tip=self.tr("Read CelesTrak OMM (CSV, JSON), TLE or 3LE files"))
        self._action(m, self.tr("&Reset to the built-in sky"), self.reset_catalog)
        m.addSeparator()
        self._action(m, self.tr("Save &screenshot\u2026"), self.screenshot_dialog, "Ctrl+Shift+S")
        m.addSeparator()
        self._action(m, self.tr("&Quit"), self.close, "Ctrl+Q")

        m = mb.addMenu(self.tr("&Data"))
        self._action(m, self.tr("&Update from CelesTrak\u2026"), self.update_dialog, tip=self.tr("Download the GP groups and the SATCAT from CelesTrak (at most once every 2 hours)"))

        m = mb.addMenu(self.tr("&View"))
        cam_names = {"leo": self.tr("Camera: &LEO"), "meo": self.tr("Camera: &MEO"), "geo": self.tr("Camera: &GEO"), "system": self.tr("Camera: &whole system")}
        for i, key in enumerate(CAMERAS, start=1):
            self._action(m, cam_names[key], lambda _c=False, k=key: st.set_camera(k), str(i))
        m.addSeparator()
        colour_menu = m.addMenu(self.tr("&Colour by"))
        group = QActionGroup(self)
        col_names = {"kind": self.tr("&Kind"), "owner": self.tr("&Owner"), "regime": self.tr("Orbit &regime"), "constellation": self.tr("&Constellation"), "event": self.tr("Originating &event")}
        self.colour_actions = {}
        for key in COLOURINGS:
            act = self._action(colour_menu, col_names[key], lambda _c=False, k=key: st.set_colouring(k), checkable=True)
            group.addAction(act)
            self.colour_actions[key] = act
        self.colour_actions[st.colouring].setChecked(True)
        st.colouring_changed.connect(lambda k: self.colour_actions[k].setChecked(True))
        self._action(m, self.tr("Next colouring"), self._next_colouring, "C")
        self._build_filter_menu(m.addMenu(self.tr("Show &only")))
        m.addSeparator()
        self.guide_actions = {
            "leo": self._action(m, self.tr("Guide: &LEO protected region (below 2,000 km)"), lambda on: st.set_guide("leo", on), "L", checkable=True),
            "geo": self._action(m, self.tr("Guide: &GEO protected region"), lambda on: st.set_guide("geo", on), "G", checkable=True),
        }
        st.guides_changed.connect(lambda name, on: self.guide_actions[name].setChecked(on))
        self.follow_action = self._action(m, self.tr("&Follow the selected object"), self.info.follow.setChecked, "F", checkable=True)
        self.info.follow.toggled.connect(self.follow_action.setChecked)
        self._action(m, self.tr("Clear selection"), lambda: st.select(None), "Esc")
        m.addSeparator()
        self.panels_menu = m.addMenu(self.tr("&Panels"))
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        self._action(m, self.tr("&Presenter mode (full screen, larger text)"), self.set_presenter, "F11", checkable=True)

        m = mb.addMenu(self.tr("&Time"))
        self._action(m, self.tr("&Play / pause"), lambda: st.set_playing(not st.playing), "Space")
        self._action(m, self.tr("&Reverse"), lambda: st.set_rate(-st.rate), "R")
        self._action(m, self.tr("&Faster"), lambda: self._step_rate(+1), "]")
        self._action(m, self.tr("&Slower"), lambda: self._step_rate(-1), "[")
        self._action(m, self.tr("&Now"), lambda: st.set_time(datetime.now(timezone.utc)), "N")

        m = mb.addMenu(self.tr("&Go"))
        self._action(m, self.tr("Open &link\u2026"), self.open_link_dialog, "Ctrl+L", tip=self.tr("Open an atlas:// link"))

        m = mb.addMenu(self.tr("&Help"))
        self._action(m, self.tr("&About Space Law Atlas"), self.about)

    def _build_filter_menu(self, menu) -> None:
        """All objects, or one kind, regime or constellation (the state's filter)."""
        from atlas.model.population import FILTER_FIELDS
        from atlas.ui.colours import filter_label

        st = self.state
        group = QActionGroup(self)
        self.filter_actions = {None: self._action(menu, self.tr("&All objects"), lambda _c=False: st.set_filter(None), "A", checkable=True)}
        group.addAction(self.filter_actions[None])
        for field, values in FILTER_FIELDS.items():
            menu.addSeparator()
            for value in values:
                spec = f"{field}:{value}"
                act = self._action(menu, filter_label(spec), lambda _c=False, s=spec: st.set_filter(s), checkable=True)
                group.addAction(act)
                self.filter_actions[spec] = act
        self.filter_actions[st.filter].setChecked(True)
        st.filter_changed.connect(lambda spec: self.filter_actions[spec].setChecked(True))

    # --- behaviour ----------------------------------------------------------------------
    def _tick(self):
        now = time.perf_counter()
        dt = now - self._last_tick
        self._last_tick = now
        if self.state.playing:
            self.state.advance(min(dt, 0.25))

    def _count_frame(self):
        self._fps_frames += 1
        now = time.perf_counter()
        if not self.state.playing:
            self.fps_label.clear()
            self._fps_frames = 0
            self._fps_t = now
        elif now - self._fps_t >= 1.0:
            self.fps_label.setText(self.tr("{fps:.0f} fps").format(fps=self._fps_frames / (now - self._fps_t)))
            self._fps_frames = 0
            self._fps_t = now

    def _step_rate(self, direction: int):
        r = abs(self.state.rate)
        idx = min(range(len(RATES)), key=lambda i: abs(RATES[i] - r))
        idx = max(0, min(len(RATES) - 1, idx + direction))
        self.state.set_rate(RATES[idx] if self.state.rate > 0 else -RATES[idx])

    def _next_colouring(self):
        i = COLOURINGS.index(self.state.colouring)
        self.state.set_colouring(COLOURINGS[(i + 1) % len(COLOURINGS)])

    def _update_source_label(self):
        pop = self.state.population
        if pop is None or not len(pop):
            self.source_label.setText(self.tr("No catalog loaded \u2014 File \u25b8 Import catalog\u2026"))
            return
        text = self.tr("{label}: {n:,} objects").format(label=pop.label, n=len(pop))
        if pop.modeled:
            text += " \u2014 " + self.tr("modeled")
        self.source_label.setText(text)

    def _update_time_label(self, t: datetime):
        self.time_label.setText(t.strftime("%Y-%m-%d %H:%M:%S UTC"))

    def _raise_for_link(self, link):
        if link.kind == "compare":
            self.show_comparison(tuple(i for i in link.query["without"].split(",") if i))
        key = self.link_docks.get(link.kind)
        if key in self.docks:
            self.docks[key].show()
            self.docks[key].raise_()

    def show_comparison(self, without: tuple[str, ...]) -> None:
        """Put the with/without globes in the globe's place (one comparison at a time)."""
        from atlas.ui.compare import CompareView

        self.close_comparison()
        try:
            self.compare = CompareView(self.state, without, self)
        except ValueError as exc:  # an event the modeled history has no data for
            self.statusBar().showMessage(self.tr("Cannot compare: {err}").format(err=exc), 10000)
            return
        self.compare.closed.connect(self.close_comparison)
        self.centre.addWidget(self.compare)
        self.centre.setCurrentWidget(self.compare)

    def shown_globes(self) -> list:
        """The globes on screen: the main one, or the two of a comparison."""
        return list(self.compare.globes) if self.compare is not None else [self.globe]

    def close_comparison(self) -> None:
        if self.compare is not None:
            self.centre.setCurrentWidget(self.globe)
            self.centre.removeWidget(self.compare)
            self.compare.deleteLater()
            self.compare = None

    def _selection_shown(self, norad):
        if norad is not None:
            self.docks["object"].show()
            self.docks["object"].raise_()

    def set_presenter(self, on: bool):
        f = QApplication.font()
        base = getattr(self, "_base_point_size", None) or f.pointSizeF()
        self._base_point_size = base
        f.setPointSizeF(base * (1.4 if on else 1.0))
        QApplication.setFont(f)
        self.showFullScreen() if on else self.showNormal()

    def open_link(self, text: str) -> bool:
        self.ensure_panels()  # the panel that shows the link must be listening
        try:
            self.state.open_link(text)
            return True
        except (LinkError, ValueError) as exc:
            self.statusBar().showMessage(self.tr("Cannot open link: {err}").format(err=exc), 10000)
            return False

    def open_link_dialog(self):
        text, ok = QInputDialog.getText(self, self.tr("Open link"), self.tr("atlas:// link:"))
        if ok and text.strip():
            self.open_link(text.strip())

    def update_dialog(self):
        from atlas.ui.update_dialog import UpdateDialog  # on demand: urllib and ssl cost start-up time

        UpdateDialog.open(self.state, self)

    def import_dialog(self):
        settings = QSettings()
        start = settings.value("import/dir", "")
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import catalog"), start,
            self.tr("Catalogs (*.csv *.json *.tle *.txt *.3le);;All files (*)"),
        )
        if files:
            settings.setValue("import/dir", files[0].rsplit("/", 1)[0])
            self.import_files(files)

    def import_files(self, files) -> bool:
        from atlas.data import store

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = store.import_files(files)
        except store.ImportFailed as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, self.tr("Import failed"), self.tr("Nothing was changed; the previous catalog is still active.\n\n{err}").format(err=exc))
            return False
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        self.state.set_population(store.load_active())
        msg = self.tr("Imported {loaded:,} records; the catalog now holds {objects:,} objects.").format(loaded=result.loaded, objects=result.objects)
        if result.refused:
            lines = "\n".join(f"{r['file']}:{r['line']}: {r['reason']}" for r in result.refused[:40])
            more = len(result.refused) - 40
            if more > 0:
                lines += "\n" + self.tr("\u2026 and {n} more").format(n=more)
            QMessageBox.information(self, self.tr("Import finished with refused records"), msg + "\n\n" + self.tr("Refused:") + "\n" + lines)
        self.statusBar().showMessage(msg, 10000)
        return True

    def reset_catalog(self):
        from atlas.data import store

        store.reset()
        from atlas.ui.app import load_population

        self.state.set_population(load_population())

    def screenshot_dialog(self):
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save screenshot"), "space-atlas.png", "PNG (*.png)")
        if path:
            self.grab().save(path, "PNG")

    def about(self):
        QMessageBox.about(
            self,
            self.tr("About Space Law Atlas"),
            self.tr(
                "<p><b>Space Law Atlas</b>: international space law and the orbital environment, 1957 to today.</p>"
                "<p>Earth imagery: NASA Blue Marble Next Generation (NASA Earth Observatory, public domain).<br>"
                "Orbital data: CelesTrak (celestrak.org) where imported; positions by SGP4 (sgp4 package).<br>"
                "Earth rotation: skyfield's built-in timescale.</p>"
            ),
        )
