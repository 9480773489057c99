"""The what-if lab panel: sliders with their legal hooks, the projection against the baseline,
one plain sentence, a copyable atlas://whatif link, a lifetime calculator and the Liability
Convention walk-through. It only asks the model (atlas.model.whatif, atlas.model.liability),
draws, and turns clicks into state changes (state.open_link)."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QScrollArea, QSizePolicy, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)
from superqt.sliders import QLabeledDoubleSlider, QLabeledSlider  # the submodule: superqt's package import loads every widget

from atlas.data.history import find as find_objects
from atlas.model.liability import walkthrough
from atlas.model.links import Link
from atlas.model.population import EARTH_RADIUS_KM, KIND_KEYS, semi_major_axis_km
from atlas.model.whatif import Params, lifetime, run, summary
from atlas.model.whatif.atmosphere import Lifetime, area_to_mass_for_kind, orbit_lifetime
from atlas.model.whatif.state import starting_state
from atlas.ui.state import AppState

SPECIES_COLOURS = {"active": "#2a9d8f", "derelict": "#e9c46a", "rocket_body": "#f4a261", "fragments": "#e76f51"}
# link query key -> Params field
QUERY = {"pmd": "pmd", "disposal": "disposal_years", "launch": "launch_scale", "adr": "adr_per_year",
         "asat": "asat_per_decade", "constellations": "constellations"}


class LabPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.redraw_ms: list[float] = []  # time from a slider change to the chart updated
        tabs = QTabWidget()
        tabs.addTab(self._build_projection(), self.tr("Projection"))
        tabs.addTab(self._build_lifetime(), self.tr("Lifetime"))
        tabs.addTab(self._build_liability(), self.tr("Liability"))
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        state.link_opened.connect(self._on_link)
        state.population_changed.connect(self._on_population)
        self._start, self._start_text = starting_state(None)
        self._baseline = run(Params(), self._start, self._start_text)
        self.refresh()

    # --- projection ------------------------------------------------------------------------------
    def _build_projection(self) -> QWidget:
        w = QWidget()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # each legal hook above its slider: fits a narrow dock

        def dslider(lo: float, hi: float, value: float, step: float, decimals: int) -> QLabeledDoubleSlider:
            s = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
            s.setDecimals(decimals)
            s.setRange(lo, hi)
            s.setSingleStep(step)
            s.setValue(value)
            s.valueChanged.connect(self._on_slider)
            return s

        self.pmd = dslider(0.0, 1.0, 0.9, 0.01, 2)
        self.disposal = QLabeledSlider(Qt.Orientation.Horizontal)
        self.disposal.setRange(1, 50)
        self.disposal.setValue(25)
        self.disposal.valueChanged.connect(self._on_slider)
        self.launch = dslider(0.0, 3.0, 1.0, 0.1, 1)
        self.adr = QLabeledSlider(Qt.Orientation.Horizontal)
        self.adr.setRange(0, 50)
        self.adr.valueChanged.connect(self._on_slider)
        self.asat = dslider(0.0, 5.0, 0.0, 0.5, 1)
        self.constellations = dslider(0.0, 1.0, 0.0, 0.05, 2)
        form.addRow(self.tr("Disposal success rate (UN guideline 6; Zero Debris Charter aims at 99%)"), self.pmd)
        form.addRow(self.tr("Disposal within N years (25: UN guideline 6, IADC; 5: FCC 2022)"), self.disposal)
        form.addRow(self.tr("Launches, times today's rate (national licensing, OST Art. VI)"), self.launch)
        form.addRow(self.tr("Large derelicts removed a year (needs the owner's consent, OST Art. VIII)"), self.adr)
        form.addRow(self.tr("Destructive ASAT tests a decade (UNGA res 77/41 calls for none)"), self.asat)
        form.addRow(self.tr("Announced megaconstellations built, share (FCC licences, ITU filings)"),
                    self.constellations)

        self.plot = pg.PlotWidget()
        self.plot.setLabel("left", self.tr("objects in LEO (10 cm and more)"))
        self.plot.setLabel("bottom", self.tr("year"))
        self.plot.addLegend(offset=(10, 10))
        self.curves = {}
        self.base_curves = {}
        for key, colour in SPECIES_COLOURS.items():
            self.base_curves[key] = self.plot.plot(pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine))
            self.curves[key] = self.plot.plot(pen=pg.mkPen(colour, width=2), name=self.tr(key.replace("_", " ")))
        self.collision_plot = pg.PlotWidget()
        self.collision_plot.setLabel("left", self.tr("collisions a year"))
        self.collision_plot.setLabel("bottom", self.tr("year"))
        self.base_collisions = self.collision_plot.plot(pen=pg.mkPen("#888", width=1, style=Qt.PenStyle.DashLine))
        self.collisions = self.collision_plot.plot(pen=pg.mkPen("#c1121f", width=2))

        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.caveat = QLabel(self.tr("Dashed: the baseline. A teaching model (source-sink, in the manner of MIT's "
                                     "MOCAT-SSEM): directions and orders of magnitude, not a forecast."))
        self.caveat.setWordWrap(True)
        self.link_label = QLabel()
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long link must not widen the dock: it is clipped here and copied whole by the button
        self.link_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        copy = QPushButton(self.tr("Copy link"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.link()))
        row = QHBoxLayout()
        row.addWidget(self.link_label, 1)
        row.addWidget(copy)

        for i in range(form.rowCount()):  # labels wrap in a narrow dock
            label = form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            if label is not None and isinstance(label.widget(), QLabel):
                label.widget().setWordWrap(True)
        # The chart stays in view above the sliders (which scroll): a slider moved must show its effect.
        self.plot.setMinimumHeight(150)
        self.collision_plot.setMinimumHeight(80)
        chart = QWidget()
        cv = QVBoxLayout(chart)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.plot, 3)
        cv.addWidget(self.collision_plot, 1)
        cv.addWidget(self.sentence)
        controls = QWidget()
        kv = QVBoxLayout(controls)
        kv.addLayout(form)
        kv.addWidget(self.caveat)
        kv.addLayout(row)
        kv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chart)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        return w

    def params(self) -> Params:
        return Params(pmd=round(self.pmd.value(), 3), disposal_years=float(self.disposal.value()),
                      launch_scale=round(self.launch.value(), 3), adr_per_year=float(self.adr.value()),
                      asat_per_decade=round(self.asat.value(), 3),
                      constellations=round(self.constellations.value(), 3))

    def link(self) -> str:
        p = self.params()
        return str(Link("whatif", (), {key: f"{getattr(p, field):g}" for key, field in QUERY.items()}))

    def _on_slider(self, _value: float) -> None:
        t = time.perf_counter()
        self.refresh()
        self.redraw_ms.append((time.perf_counter() - t) * 1e3)

    def refresh(self) -> None:
        """Run the model for the sliders and redraw (the projection takes a few ms)."""
        result = run(self.params(), self._start, self._start_text)
        self.result = result
        x = result.years.astype(float)
        for key in SPECIES_COLOURS:
            self.base_curves[key].setData(x, self._baseline.by_species[key])
            self.curves[key].setData(x, result.by_species[key])
        self.base_collisions.setData(x, self._baseline.collisions_per_year)
        self.collisions.setData(x, result.collisions_per_year)
        same = result.params == self._baseline.params
        self.sentence.setText(summary(result) + ("" if same else " " + summary(result, self._baseline)))
        self.link_label.setText(self.link())

    def _on_population(self) -> None:
        pop = self.state.population
        # The modeled history is itself a model: the lab then starts, like `whatif run`, from the documented
        # default (ESA totals), so the window and the command line give the same numbers for the same link.
        real = pop is not None and not pop.modeled
        self._start, self._start_text = starting_state(pop.objects if real else None, pop.label if real else "")
        self._baseline = run(Params(), self._start, self._start_text)
        self.refresh()

    def _on_link(self, link: Link) -> None:
        if link.kind != "whatif":
            return
        widgets = {"pmd": self.pmd, "disposal": self.disposal, "launch": self.launch, "adr": self.adr,
                   "asat": self.asat, "constellations": self.constellations}
        for key, widget in widgets.items():
            if key in link.query:
                try:
                    value = float(link.query[key])
                except ValueError:
                    self.state.message.emit(self.tr("Ignored a what-if value that is not a number: ") + key)
                    continue
                widget.blockSignals(True)
                widget.setValue(value if isinstance(widget, QLabeledDoubleSlider) else int(round(value)))
                widget.blockSignals(False)
        self.tabs.setCurrentIndex(0)
        self.refresh()

    # --- lifetime ---------------------------------------------------------------------------------
    def _build_lifetime(self) -> QWidget:
        w = QWidget()
        form = QFormLayout()
        self.altitude = QDoubleSpinBox()
        self.altitude.setRange(150.0, 2000.0)
        self.altitude.setSingleStep(25.0)
        self.altitude.setValue(550.0)
        self.altitude.setSuffix(" km")
        self.area_to_mass = QDoubleSpinBox()
        self.area_to_mass.setDecimals(3)
        self.area_to_mass.setRange(0.001, 1.0)
        self.area_to_mass.setSingleStep(0.005)
        self.area_to_mass.setValue(0.01)
        self.area_to_mass.setSuffix(" m²/kg")
        form.addRow(self.tr("Circular orbit altitude"), self.altitude)
        form.addRow(self.tr("Area-to-mass ratio"), self.area_to_mass)

        pick = QGroupBox(self.tr("Or an object"))
        pick_layout = QVBoxLayout(pick)
        self.selected_label = QLabel()
        self.selected_label.setWordWrap(True)
        self.use_selected = QPushButton(self.tr("Use selected object"))
        self.use_selected.clicked.connect(self.use_selected_object)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Find by name, NORAD number or COSPAR id, then Enter"))
        self.search_box.returnPressed.connect(self.search_objects)
        self.search_results = QListWidget()
        self.search_results.setMaximumHeight(140)
        self.search_results.itemActivated.connect(self._on_result)
        self.search_results.itemClicked.connect(self._on_result)
        pick_layout.addWidget(self.selected_label)
        pick_layout.addWidget(self.use_selected)
        pick_layout.addWidget(self.search_box)
        pick_layout.addWidget(self.search_results)

        self.lifetime_text = QLabel()
        self.lifetime_text.setWordWrap(True)
        layout = QVBoxLayout(w)
        layout.addLayout(form)
        layout.addWidget(pick)
        layout.addWidget(self.lifetime_text)
        layout.addStretch(1)
        self._object = None  # the object row the tab reads, or None for the plain altitude
        self._found: dict[int, np.void] = {}  # rows from the last search, by NORAD number
        self.altitude.valueChanged.connect(self._on_lifetime_input)
        self.area_to_mass.valueChanged.connect(self._on_lifetime_input)
        self.state.selection_changed.connect(self._on_selection)
        self._on_selection(self.state.selection)
        self._update_lifetime()
        return w

    def _selected_row(self, norad: int | None):
        """The selected object's row: as of the day shown, else in the loaded catalog, else from
        the last search (a search may find objects that are not on the globe)."""
        if norad is None:
            return None
        sky = self.state.sky
        i = sky.index_of(norad) if sky is not None else None
        if i is not None:
            return sky.objects[i]
        pop = self.state.population
        j = pop.index_of(norad) if pop is not None else None
        return pop.objects[j] if j is not None else self._found.get(norad)

    def _describe(self, row) -> str:
        return self.tr("{0} (NORAD {1}, {2}): perigee {3:,.0f} km, apogee {4:,.0f} km").format(
            str(row["name"]), int(row["norad"]), self.tr(KIND_KEYS[int(row["kind"])].replace("_", " ")),
            float(row["perigee_km"]), float(row["apogee_km"]))

    def _on_selection(self, norad: int | None) -> None:
        row = self._selected_row(norad)
        self.use_selected.setEnabled(row is not None)
        self.selected_label.setText(self.tr("Selected: ") + self._describe(row) if row is not None else
                                    self.tr("Select an object on the globe, or find one below."))

    def use_selected_object(self) -> None:
        row = self._selected_row(self.state.selection)
        if row is not None:
            self.use_object(row)

    def search_objects(self) -> None:
        """Search with the catalog's own finder (space-atlas catalog find)."""
        rows = find_objects(self.search_box.text(), limit=50)
        self._found = {int(r["norad"]): r for r in rows}
        self.search_results.clear()
        for r in rows:
            text = self._describe(r)
            if not np.isnat(r["decay"]):
                text += self.tr(" (re-entered {0})").format(str(r["decay"]))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, int(r["norad"]))
            self.search_results.addItem(item)
        if not rows.size:
            self.search_results.addItem(self.tr("No object matches."))

    def _on_result(self, item: QListWidgetItem) -> None:
        norad = item.data(Qt.ItemDataRole.UserRole)
        if norad is None:
            return
        self.state.select(int(norad))  # the globe and the info card follow
        self.use_object(self._found[int(norad)])

    def use_object(self, row) -> None:
        """Read the lifetime of an object's own orbit, with the area-to-mass assumed for its kind."""
        self._object = row
        mean_alt = float(semi_major_axis_km(np.array([row["mean_motion"]]))[0] - EARTH_RADIUS_KM)
        for box, value in ((self.altitude, mean_alt), (self.area_to_mass, area_to_mass_for_kind(int(row["kind"])))):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self._update_lifetime()

    def _on_lifetime_input(self, _value: float) -> None:
        self._object = None  # the user typed a value: back to a plain circular orbit
        self._update_lifetime()

    def _rules_text(self, meets25: bool | None, meets5: bool | None) -> str:
        def verdict(ok: bool | None) -> str:
            return {True: self.tr("meets"), False: self.tr("does not meet")}.get(ok, self.tr("may or may not meet"))

        return self.tr("It {0} the 25-year rule (UN guideline 6, IADC) and {1} the 5-year rule (FCC 2022).").format(
            verdict(meets25), verdict(meets5))

    def _update_lifetime(self) -> None:
        if self._object is None:
            life = lifetime(self.altitude.value(), self.area_to_mass.value())
            text = self._lifetime_sentence(life) + " " + self._rules_text(life.meets_25_year_rule,
                                                                           life.meets_5_year_rule)
        else:
            row = self._object
            try:
                orbit = orbit_lifetime(float(row["perigee_km"]), float(row["apogee_km"]), self.area_to_mass.value())
            except ValueError as exc:
                self.lifetime_text.setText(self._describe(row) + ". " + str(exc) + ".")
                return
            text = self._describe(row) + ". " + self.tr(
                "Assumed area-to-mass {0:g} m²/kg for its kind (payloads 0.01 as in the published lifetime "
                "table, rocket bodies 0.008, debris 0.1 as the breakup model's 10 cm fragment; real objects "
                "differ by a factor of several). ").format(self.area_to_mass.value())
            if abs(orbit.longest.years - orbit.shortest.years) <= 0.05 * orbit.longest.years:
                text += self._lifetime_sentence(orbit.longest)
            else:
                text += self.tr("An eccentric orbit decays mostly at perigee: its lifetime lies between about "
                                "{0:.3g} years (circular at perigee) and {1:.3g} years (circular at its mean "
                                "altitude).").format(orbit.shortest.years, orbit.longest.years)
            text += " " + self._rules_text(orbit.meets(25.0), orbit.meets(5.0))
        self.lifetime_text.setText(text + " " + self.tr("Source of the atmosphere: NRLMSISE-00."))

    def _lifetime_sentence(self, life: Lifetime) -> str:
        return self.tr("Expected lifetime about {0:.3g} years ({1:.3g} to {2:.3g} from high to low solar "
                       "activity).").format(life.years, life.years_range[0], life.years_range[1])

    # --- liability ---------------------------------------------------------------------------------
    def _build_liability(self) -> QWidget:
        w = QWidget()
        self.guide = walkthrough()
        self.walk = self.guide.walk()
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        self.answer_box = QVBoxLayout()
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextFormat(Qt.TextFormat.RichText)
        self.outcome_label.linkActivated.connect(self.state.follow)
        back, restart = QPushButton(self.tr("Back")), QPushButton(self.tr("Start again"))
        back.clicked.connect(lambda: (self.walk.back(), self._show_step()))
        restart.clicked.connect(self.restart_walk)
        examples = QGroupBox(self.tr("Worked examples"))
        ex_layout = QVBoxLayout(examples)  # one per line: titles are long, the dock narrow
        for ex in self.guide.examples.values():
            b = QPushButton(ex.title)
            b.clicked.connect(lambda _=False, e=ex: self.play_example(e.id))
            ex_layout.addWidget(b)
        self.example_label = QLabel()
        self.example_label.setWordWrap(True)
        self.example_label.setOpenExternalLinks(True)
        nav = QHBoxLayout()
        nav.addWidget(back)
        nav.addWidget(restart)
        layout = QVBoxLayout(w)
        layout.addWidget(self.question_label)
        layout.addWidget(self.help_label)
        layout.addLayout(self.answer_box)
        layout.addWidget(self.outcome_label)
        layout.addLayout(nav)
        layout.addWidget(examples)
        layout.addWidget(self.example_label)
        layout.addStretch(1)
        self._show_step()
        return w

    def restart_walk(self) -> None:
        self.walk = self.guide.walk()
        self.example_label.clear()
        self._show_step()

    def play_example(self, example_id: str) -> None:
        ex = self.guide.examples[example_id]
        self.walk = self.guide.walk()
        for aid in ex.answers:
            self.walk.answer(aid)
        self.example_label.setText(f"<b>{ex.title}</b><br>{ex.text}<br><a href='{ex.url}'>{ex.source}</a>")
        self._show_step()

    def choose(self, answer_id: str) -> None:
        self.walk.answer(answer_id)
        self._show_step()

    def _show_step(self) -> None:
        while self.answer_box.count():
            item = self.answer_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.answer_buttons: dict[str, QPushButton] = {}
        q = self.walk.question
        if q is not None:
            self.question_label.setText(f"<b>{q.text}</b>")
            self.help_label.setText(q.help)
            self.outcome_label.clear()
            for a in self.guide.answers_to(q.id):
                b = QPushButton(a.label)
                b.clicked.connect(lambda _=False, aid=a.id: self.choose(aid))
                self.answer_box.addWidget(b)
                self.answer_buttons[a.id] = b
            return
        v = self.walk.verdict()
        self.question_label.setText(self.tr("Outcome"))
        self.help_label.clear()
        links = ", ".join(f"<a href='{link}'>{self.tr('Article')} {art}</a>" for art, link in zip(v.articles, v.links))
        html = f"<b>{v.outcome.title}</b><p>{v.outcome.text}</p>"
        if v.procedure:
            html += f"<p><b>{v.procedure[0]}</b><br>{v.procedure[1]}</p>"
        html += f"<p>{self.tr('Articles')}: {links}</p>"
        self.outcome_label.setText(html)
        self.verdict = v
