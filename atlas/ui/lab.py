"""The what-if lab panel: sliders with their legal hooks, the projection against the baseline,
one plain sentence, a copyable atlas://whatif link, a lifetime calculator and the Liability
Convention walk-through. It only asks the model (atlas.model.whatif, atlas.model.liability),
draws, and turns clicks into state changes (state.open_link)."""

from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)
from superqt.sliders import QLabeledDoubleSlider, QLabeledSlider  # the submodule: superqt's package import loads every widget

from atlas.model.liability import walkthrough
from atlas.model.links import Link
from atlas.model.whatif import Params, lifetime, run, summary
from atlas.model.whatif.state import starting_state
from atlas.ui.state import AppState

SPECIES_COLOURS = {"active": "#2a9d8f", "derelict": "#e9c46a", "rocket_body": "#f4a261", "fragments": "#e76f51"}
# link query key -> Params field
QUERY = {"pmd": "pmd", "disposal": "disposal_years", "launch": "launch_scale", "adr": "adr_per_year",
         "asat": "asat_per_decade"}


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
        form.addRow(self.tr("Disposal success rate (UN guideline 6; Zero Debris Charter aims at 99%)"), self.pmd)
        form.addRow(self.tr("Disposal within N years (25: UN guideline 6, IADC; 5: FCC 2022)"), self.disposal)
        form.addRow(self.tr("Launches, times today's plans (national licensing, OST Art. VI)"), self.launch)
        form.addRow(self.tr("Large derelicts removed a year (needs the owner's consent, OST Art. VIII)"), self.adr)
        form.addRow(self.tr("Destructive ASAT tests a decade (UNGA res 77/41 calls for none)"), self.asat)

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
        copy = QPushButton(self.tr("Copy link"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.link()))
        row = QHBoxLayout()
        row.addWidget(self.link_label, 1)
        row.addWidget(copy)

        layout = QVBoxLayout(w)
        layout.addLayout(form)
        layout.addWidget(self.plot, 3)
        layout.addWidget(self.collision_plot, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.caveat)
        layout.addLayout(row)
        return w

    def params(self) -> Params:
        return Params(pmd=round(self.pmd.value(), 3), disposal_years=float(self.disposal.value()),
                      launch_scale=round(self.launch.value(), 3), adr_per_year=float(self.adr.value()),
                      asat_per_decade=round(self.asat.value(), 3))

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
        self._start, self._start_text = starting_state(None if pop is None else pop.objects,
                                                       pop.label if pop else "")
        self._baseline = run(Params(), self._start, self._start_text)
        self.refresh()

    def _on_link(self, link: Link) -> None:
        if link.kind != "whatif":
            return
        widgets = {"pmd": self.pmd, "disposal": self.disposal, "launch": self.launch, "adr": self.adr,
                   "asat": self.asat}
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
        form = QFormLayout(w)
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
        self.lifetime_text = QLabel()
        self.lifetime_text.setWordWrap(True)
        form.addRow(self.tr("Circular orbit altitude"), self.altitude)
        form.addRow(self.tr("Area-to-mass ratio"), self.area_to_mass)
        form.addRow(self.lifetime_text)
        self.altitude.valueChanged.connect(self._update_lifetime)
        self.area_to_mass.valueChanged.connect(self._update_lifetime)
        self._update_lifetime()
        return w

    def _update_lifetime(self) -> None:
        life = lifetime(self.altitude.value(), self.area_to_mass.value())
        yes, no = self.tr("meets"), self.tr("does not meet")
        self.lifetime_text.setText(
            self.tr("Expected lifetime about {0:.3g} years ({1:.3g} to {2:.3g} from high to low solar activity). "
                    "It {3} the 25-year rule (UN guideline 6, IADC) and {4} the 5-year rule (FCC 2022). "
                    "Source of the atmosphere: NRLMSISE-00.").format(
                life.years, life.years_range[0], life.years_range[1],
                yes if life.meets_25_year_rule else no, yes if life.meets_5_year_rule else no))

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
        ex_layout = QHBoxLayout(examples)
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
