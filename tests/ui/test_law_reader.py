"""The law reader as a student uses it: open an article from a link, read its annotations, follow a link to
an event, go back, compare two articles, see what was in force on the app's date, search."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from PySide6.QtCore import Qt

from atlas.model.law import load_library
from atlas.ui.law_reader import LawReader
from atlas.ui.state import AppState

def instrument(ident: str, kind: str, binding: bool, dates: str, extra: str = "") -> str:
    return f'''id = "{ident}"
title = "{ident} full title"
short_title = "{ident.upper()} short"
kind = "{kind}"
binding = {str(binding).lower()}
{dates}
official_url = "https://example.org/{ident}"
summary = "Summary of {ident}."
article_label = "Article"
[[source]]
title = "Official"
url = "https://example.org/{ident}"
[[article]]
number = "1"
title = "First of {ident}"
plain = "The first article of {ident}, linked to [the test](atlas://event/fy1c-asat-2007)."
quotes = ["harmful contamination"]
[[article]]
number = "2"
title = "Second of {ident}"
plain = "The second article of {ident}; see [article 1](atlas://law/{ident}/1) and [the web](https://example.org/x)."
{extra}
'''


@pytest.fixture
def reader(qtbot, tmp_path):
    (tmp_path / "tr.toml").write_text(instrument("tr", "treaty", True, "adopted = 1966-12-19\nentry_into_force = 1967-10-10",
        '[[annotation]]\narticle = "1"\ntitle = "Due regard note"\ntext = "Commentary on due regard."\n'
        '[[annotation.source]]\ntitle = "S"\nurl = "https://example.org/s"\n'))
    (tmp_path / "gl.toml").write_text(instrument("gl", "copuos-guidelines", False, "adopted = 2007-06-01"))
    state = AppState()
    state.set_time(datetime(1970, 1, 1, tzinfo=timezone.utc))
    w = LawReader(state, library=load_library(tmp_path))
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    opened = []
    state.link_opened.connect(lambda link: opened.append(str(link)))
    return w, state, opened


def test_a_law_link_opens_the_article_with_its_annotation(reader):
    w, state, _ = reader
    state.open_link("atlas://law/tr/1")
    assert "First of tr" in w.article_view.toPlainText()
    assert "harmful contamination" in w.article_view.toPlainText()
    assert "Quoted exactly" in w.article_view.toPlainText()  # quotations are marked as such
    assert w.annotation_view.isVisible() and "Due regard note" in w.annotation_view.toPlainText()
    assert "https://example.org/s" in w.annotation_view.toMarkdown()


def test_an_events_button_opens_the_event_on_timeline_and_globe(reader, qtbot):
    w, state, opened = reader
    state.open_link("atlas://law/tr/1")
    assert w.event_ids == ["fy1c-asat-2007"]
    assert "href='atlas://event/fy1c-asat-2007'" in w.events_label.text()
    w.events_label.linkActivated.emit("atlas://event/fy1c-asat-2007")
    assert opened[-1] == "atlas://event/fy1c-asat-2007"


def test_links_in_the_text_go_through_the_state(reader, monkeypatch):
    w, state, opened = reader
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    web = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: web.append(url.toString()))
    state.open_link("atlas://law/tr/2")
    w.article_view.anchorClicked.emit(QUrl("atlas://law/tr/1"))
    assert opened[-1] == "atlas://law/tr/1" and "First of tr" in w.article_view.toPlainText()
    w.article_view.anchorClicked.emit(QUrl("https://example.org/x"))
    assert web == ["https://example.org/x"]


def test_back_and_forward(reader):
    w, state, _ = reader
    assert not w.back_button.isEnabled()
    state.open_link("atlas://law/tr/1")
    state.open_link("atlas://law/gl/2")
    state.open_link("atlas://law/tr")
    w.back()
    assert "Second of gl" in w.article_view.toPlainText()
    w.back()
    assert "First of tr" in w.article_view.toPlainText() and not w.back_button.isEnabled()
    w.forward()
    assert "Second of gl" in w.article_view.toPlainText()
    state.open_link("atlas://law/tr/2")  # a new link drops the forward history
    assert not w.forward_button.isEnabled()


def test_two_articles_side_by_side(reader):
    w, state, _ = reader
    state.open_link("atlas://law/tr/1")
    w.compare_button.setChecked(True)
    state.open_link("atlas://law/gl/1")
    assert w.compare_view.isVisible()
    assert "First of tr" in w.compare_view.toPlainText()
    assert "First of gl" in w.article_view.toPlainText()
    w.compare_button.setChecked(False)
    assert not w.compare_view.isVisible()


def test_grouped_by_kind_with_badges_and_in_force_marker_following_the_date(reader):
    w, state, _ = reader
    groups = [w.tree.topLevelItem(i).text(0) for i in range(w.tree.topLevelItemCount())]
    assert groups == ["Treaties", "COPUOS guidelines"]
    assert w.tree.topLevelItem(0).child(0).text(1) == "hard law"
    assert w.tree.topLevelItem(1).child(0).text(1) == "soft law"
    assert w.in_force_marked() == {"tr"}
    state.set_time(datetime(1960, 1, 1, tzinfo=timezone.utc))
    assert w.in_force_marked() == set()
    assert w.tree.topLevelItem(1).child(0).text(2) == "not yet"


def test_search_box_shows_ranked_highlighted_results_that_open(reader):
    w, state, opened = reader
    w.search_box.setText("harmful contamination")
    assert w.results.isVisible()
    assert "<b" in w.results.toHtml() and "harmful" in w.results.toPlainText()
    from PySide6.QtCore import QUrl

    w.results.anchorClicked.emit(QUrl("atlas://law/gl/1"))
    assert opened[-1] == "atlas://law/gl/1"
    w.search_box.setText("")
    assert not w.results.isVisible()


def test_clicking_an_article_in_the_list_opens_it(reader):
    w, state, opened = reader
    item = w.tree.topLevelItem(0).child(0).child(1)
    w._tree_clicked(item)
    assert opened[-1] == "atlas://law/tr/2"


def test_unknown_article_is_reported_not_crashed(reader):
    w, state, _ = reader
    messages = []
    state.message.connect(messages.append)
    state.open_link("atlas://law/tr/99")
    assert messages and "99" in messages[0]


def test_the_shipped_library_opens_ost_ix(qtbot):
    state = AppState()
    w = LawReader(state)
    qtbot.addWidget(w)
    state.open_link("atlas://law/ost/IX")
    assert "due regard" in w.article_view.toPlainText().lower()
    assert "fy1c-asat-2007" in w.event_ids
    assert "Fengyun-1C" in w.events_label.text(), "events are named by their titles, not ids"
