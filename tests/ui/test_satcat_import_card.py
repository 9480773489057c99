"""The object card in the GUI over a SATCAT + element-set catalog: it says which positions are illustrative."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from atlas.data import store

FIXTURES = Path(__file__).parents[1] / "data" / "fixtures" / "satcat_import"


def test_card_says_a_satcat_placed_position_is_illustrative(qtbot):
    from atlas.ui.panels import ObjectInfoPanel
    from atlas.ui.state import AppState

    store.import_files([FIXTURES / "satcat.csv", FIXTURES / "gp.csv"])
    state = AppState()
    state.set_population(store.load_active())
    state.set_time(datetime(2000, 1, 1, tzinfo=timezone.utc))
    card = ObjectInfoPanel(state)
    qtbot.addWidget(card)

    state.select(16609)  # Mir: only in the SATCAT, in orbit in 2000
    src = card.values["source"].text()
    assert card.values["name"].text() == "MIR" and "SATCAT" in src and "illustrative" in src
    assert "Not in orbit" not in src

    state.select(25544)  # the ISS: placed by its element set; the SATCAT gave its owner
    src = card.values["source"].text()
    assert "illustrative" not in src and card.values["owner"].text().startswith("ISS")

    state.select(44713)  # Starlink-1007 was launched in 2019
    assert "Not in orbit on the date shown" in card.values["source"].text()
