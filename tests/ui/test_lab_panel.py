"""The lab panel: sliders move the chart, whatif links restore sliders, the liability walk works."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from PySide6.QtCore import Qt

from atlas.ui.lab import LabPanel
from atlas.ui.state import AppState


@pytest.fixture
def panel(qtbot):
    state = AppState()
    p = LabPanel(state)
    qtbot.addWidget(p)
    p.resize(900, 900)
    return p


def test_moving_a_slider_changes_the_chart_quickly(panel):
    before = panel.curves["derelict"].getData()[1].copy()
    panel.pmd.setValue(0.5)
    after = panel.curves["derelict"].getData()[1]
    assert after[-1] > before[-1]  # fewer disposals: more derelicts
    # the baseline stays as it was
    assert np.allclose(panel.base_curves["derelict"].getData()[1], before)
    for v in (0.6, 0.7, 0.8, 0.95, 0.99):
        panel.pmd.setValue(v)
    assert statistics.median(panel.redraw_ms) < 50.0
    assert "Compared with the baseline" in panel.sentence.text()


def test_a_whatif_link_restores_the_sliders(panel):
    panel.state.open_link("atlas://whatif?pmd=0.99&disposal=5&launch=2&adr=10&asat=1&constellations=0.5")
    assert panel.pmd.value() == pytest.approx(0.99)
    assert panel.disposal.value() == 5
    assert panel.launch.value() == pytest.approx(2.0)
    assert panel.adr.value() == 10
    assert panel.asat.value() == pytest.approx(1.0)
    assert panel.result.params.disposal_years == 5
    assert panel.constellations.value() == pytest.approx(0.5)
    assert panel.result.params.constellations == 0.5
    assert panel.link() == "atlas://whatif?pmd=0.99&disposal=5&launch=2&adr=10&asat=1&constellations=0.5"
    # a link from before the constellations setting leaves it as it is
    panel.state.open_link("atlas://whatif?pmd=0.9")
    assert panel.constellations.value() == pytest.approx(0.5)


def test_other_links_leave_the_lab_alone(panel):
    panel.pmd.setValue(0.5)
    panel.state.open_link("atlas://view?camera=geo")
    assert panel.pmd.value() == pytest.approx(0.5)


def test_lifetime_tab_reads_the_rules(panel):
    panel.altitude.setValue(400)
    assert "meets the 25-year rule" in panel.lifetime_text.text()
    panel.altitude.setValue(800)
    assert "does not meet the 25-year rule" in panel.lifetime_text.text()


def test_walk_reaches_the_cosmos_954_outcome_and_links_open(panel, qtbot):
    for aid in ("object-yes", "victims-foreign", "where-surface", "launchers-one", "claimant-fault-no"):
        qtbot.mouseClick(panel.answer_buttons[aid], Qt.MouseButton.LeftButton)
    assert panel.walk.question is None
    assert panel.verdict.outcome.id == "absolute"
    assert "atlas://law/liability/II" in panel.outcome_label.text()
    opened = []
    panel.state.link_opened.connect(opened.append)
    panel.outcome_label.linkActivated.emit("atlas://law/liability/II")
    assert opened and opened[0].parts == ("liability", "II")
    panel.play_example("iridium-cosmos-2009")
    assert panel.verdict.outcome.id == "fault-not-shown"
