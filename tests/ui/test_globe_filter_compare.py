"""Filters (scenes, view links, the View menu) and the with/without comparison of an event."""

from datetime import datetime, timezone

import numpy as np
import pytest

from atlas.model.links import LinkError, parse_link
from atlas.model.population import DEBRIS, check_filter, filter_mask
from tests.ui.test_globe import window  # noqa: F401  (the fixture)


def test_filter_specs_are_checked():
    assert check_filter("kind:debris") == ("kind", DEBRIS)
    for bad in ("kind:junk", "owner:US", "debris"):
        with pytest.raises(ValueError, match="field:value"):
            check_filter(bad)
    with pytest.raises(LinkError, match="filter"):
        parse_link("atlas://view?filter=kind:junk")
    with pytest.raises(LinkError, match="rate"):
        parse_link("atlas://view?rate=fast")


def test_a_filter_link_hides_the_other_objects_and_show_all_brings_them_back(window):  # noqa: F811
    state, win = window
    g = win.globe
    state.open_link("atlas://view?filter=kind:debris")
    debris = g._objects["kind"] == DEBRIS
    assert debris.any() and (~debris).any()
    assert not np.any(g._positions[~debris]), "objects of other kinds are not drawn"
    assert np.all(g._shown == (g._visible & debris))
    assert "Showing only: Debris" in g.legend.text()
    assert win.filter_actions["kind:debris"].isChecked()
    state.select(int(g._objects["norad"][np.flatnonzero(~debris)[0]]))
    assert not g.orbit_line.visible(), "a filtered-out selection draws no orbit"
    state.follow("atlas://view?filter=")  # the legend's "show all" link
    assert state.filter is None and np.all(g._shown == g._visible)
    assert "Showing only" not in g.legend.text()
    assert win.filter_actions[None].isChecked()


def test_an_event_scene_sets_its_filter_and_the_next_scene_clears_it(window):  # noqa: F811
    from atlas.model.events import load_events

    state, win = window
    with_filter = [e for e in load_events() if e.scene.filter]
    without = [e for e in load_events() if not e.scene.filter]
    assert with_filter, "events.toml has scenes with filters"
    state.open_link(with_filter[0].link if hasattr(with_filter[0], "link") else f"atlas://event/{with_filter[0].id}")
    assert state.filter == with_filter[0].scene.filter
    state.open_link(f"atlas://event/{without[0].id}")
    assert state.filter is None


def test_filter_mask_keeps_a_constellation(small_population):
    objs = small_population.objects
    m = filter_mask(objs, "constellation:starlink")
    assert m is not None and m.sum() == np.sum(objs["constellation"] == 0)
    assert filter_mask(objs, None) is None


def test_event_colouring_gives_the_largest_clouds_distinct_colours():
    from atlas.data import history
    from atlas.ui.colours import colour_population
    from atlas.ui.globe import fragmentation_event_titles

    titles = fragmentation_event_titles()
    assert not any(t.endswith(("-2008", "-2015", "-1965")) for t in titles), "every event has a name, not an id"
    rows = history.population_at("2024-12-01")
    _rgba, legend = colour_population(rows, "event", titles)
    named = [(label, hexc) for label, hexc, _n in legend if not label.startswith(("Other", "Not from"))]
    assert 2 <= len(named) <= 6
    assert len({h for _l, h in named}) == len(named), "no two clouds share a colour"
    counts = [n for label, _h, n in legend if not label.startswith(("Other", "Not from"))]
    assert counts == sorted(counts, reverse=True)


def test_compare_link_is_checked():
    assert parse_link("atlas://compare?without=fy1c-asat-2007").query["without"] == "fy1c-asat-2007"
    for bad in ("atlas://compare", "atlas://compare?without=apollo-11", "atlas://compare?without=fy1c-asat-2007&camera=leo"):
        with pytest.raises(LinkError):
            parse_link(bad)


def test_what_if_this_had_not_happened_shows_both_skies_and_the_difference(window, qtbot):  # noqa: F811
    from atlas.data import history

    state, win = window
    win.ensure_panels()
    state.open_link("atlas://event/fy1c-asat-2007")
    card = win.event_card
    assert card.whatif.isVisibleTo(card), "the event card offers the counterfactual"
    card.whatif.click()
    cmp = win.compare
    assert cmp is not None and win.centre.currentWidget() is cmp
    state.set_time(datetime(2010, 6, 1, tzinfo=timezone.utc))
    def painted():
        for g in cmp.globes:
            g.update()
        return all(g.frames >= 2 for g in cmp.globes)

    qtbot.waitUntil(painted, timeout=15000)
    a, b = history.count("2010-06-01"), history.count("2010-06-01", ("fy1c-asat-2007",))
    assert a["total"] - b["total"] > 2000  # thousands of Fengyun-1C fragments were in orbit in 2010
    assert f"{a['total']:,}" in cmp.captions[0].text() and f"{b['total']:,}" in cmp.captions[1].text()
    assert f"{a['total'] - b['total']:,} fewer" in cmp.reading.text()
    assert len(cmp.globes[0]._objects) - len(cmp.globes[1]._objects) == a["total"] - b["total"]
    # both globes follow the main state's camera and colouring; turning one turns the other
    state.set_colouring("event")
    assert "Fengyun" in cmp.globes[0].legend.text() and "Fengyun" not in cmp.globes[1].legend.text()
    cmp.globes[0].orbit(30, 0)
    cmp.globes[0].repaint()
    qtbot.waitUntil(lambda: cmp.globes[1].opts["azimuth"] == cmp.globes[0].opts["azimuth"], timeout=5000)
    # before the test the two skies are the same
    state.set_time(datetime(2006, 6, 1, tzinfo=timezone.utc))
    assert "the same" in cmp.reading.text()
    cmp.closed.emit()
    assert win.compare is None and win.centre.currentWidget() is win.globe
