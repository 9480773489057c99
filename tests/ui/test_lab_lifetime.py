"""The lab's lifetime tab picks an object (issue 6.4): the selected one, or one found by name or
NORAD number with the catalog's finder, and reads its lifetime against the 25- and 5-year rules."""

from __future__ import annotations

import numpy as np
import pytest

from atlas.model import population as pop
from atlas.model.whatif.atmosphere import lifetime
from atlas.ui.lab import LabPanel
from atlas.ui.state import AppState


def _objects():
    """A near-circular debris piece at ~400 km, a rocket body on a 300 x 1,500 km orbit and a
    payload at ~800 km, with recent elements."""
    a = pop.empty(3)
    a["norad"] = [90001, 90002, 90003]
    a["name"] = ["TEST DEB", "TEST R/B", "TEST SAT"]
    a["kind"] = [pop.DEBRIS, pop.ROCKET_BODY, pop.PAYLOAD]
    a["mean_motion"] = [15.5, 13.6, 14.3]
    a["ecc"] = [0.0005, 0.08, 0.001]
    a["epoch"] = np.datetime64("2026-07-01T00:00:00")
    a["launch"] = np.datetime64("2020-01-01")
    return pop.fill_derived(a)


@pytest.fixture
def panel(qtbot):
    state = AppState()
    p = LabPanel(state)
    qtbot.addWidget(p)
    p.tabs.setCurrentIndex(1)
    return p


def test_nothing_selected_offers_the_search(panel):
    panel.state.select(None)
    assert not panel.use_selected.isEnabled()
    assert "Select an object" in panel.selected_label.text()


def test_selected_objects_are_read_with_their_kind_and_orbit(panel):
    objects = _objects()
    panel.state.set_population(pop.Population(objects, label="test"))
    panel.state.select(90001)
    assert panel.use_selected.isEnabled()
    assert "TEST DEB" in panel.selected_label.text()
    panel.use_selected.click()
    # debris: the breakup model's 10 cm fragment, area-to-mass 0.1; ~400 km: weeks to months
    assert panel.area_to_mass.value() == pytest.approx(0.1)
    text = panel.lifetime_text.text()
    assert "meets the 25-year rule" in text and "meets the 5-year rule" in text
    assert "does not meet" not in text

    panel.state.select(90003)  # a payload near 800 km: centuries
    panel.use_selected.click()
    assert panel.area_to_mass.value() == pytest.approx(0.01)
    assert "does not meet the 25-year rule" in panel.lifetime_text.text()
    expected = lifetime(panel.altitude.value(), 0.01).years
    assert 100 < expected and f"{expected:.3g}" in panel.lifetime_text.text()

    panel.state.select(90002)  # eccentric rocket body: a bracket, the rule may fall inside it
    panel.use_selected.click()
    assert panel.area_to_mass.value() == pytest.approx(0.008)
    text = panel.lifetime_text.text()
    assert "eccentric" in text and "may or may not meet the 25-year rule" in text


def test_typing_an_altitude_goes_back_to_a_circular_orbit(panel):
    panel.state.set_population(pop.Population(_objects(), label="test"))
    panel.state.select(90001)
    panel.use_selected.click()
    panel.altitude.setValue(800)
    text = panel.lifetime_text.text()
    assert "TEST DEB" not in text and "Expected lifetime" in text


def test_search_finds_by_name_and_selects_the_object(panel, qtbot):
    panel.search_box.setText("starlink")
    qtbot.keyClick(panel.search_box, "\r")
    assert panel.search_results.count() > 0
    item = panel.search_results.item(0)
    norad = item.data(256)  # Qt.UserRole
    assert "STARLINK" in item.text()
    panel.search_results.itemClicked.emit(item)
    assert panel.state.selection == norad
    assert "STARLINK" in panel.lifetime_text.text()
    assert "25-year rule" in panel.lifetime_text.text()
    assert panel.area_to_mass.value() == pytest.approx(0.01)  # a payload


def test_search_by_norad_number_and_no_match(panel, qtbot):
    panel.search_box.setText("starlink")
    panel.search_objects()
    norad = panel.search_results.item(0).data(256)
    panel.search_box.setText(str(norad))
    panel.search_objects()
    assert panel.search_results.count() == 1 and str(norad) in panel.search_results.item(0).text()
    panel.search_box.setText("no such object xyz")
    panel.search_objects()
    assert panel.search_results.count() == 1
    assert panel.search_results.item(0).data(256) is None
    panel.search_results.itemClicked.emit(panel.search_results.item(0))  # the "no match" line does nothing
    assert panel.state.selection is None
