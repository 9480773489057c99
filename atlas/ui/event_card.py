"""The event card: the account of an event, its figures and sources, and its links.

It shows itself for atlas://event links (via the state's link_opened). Sources open in the
system browser; atlas:// links (law articles, objects, other events) go back to the state.
"What if this had not happened?" appears only for events the history generator can remove;
the lead sets those ids with `set_counterfactual_ids`.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from atlas.model.events import CATEGORIES, Event, event_by_id, load_events
from atlas.model.links import Link, parse_link
from atlas.ui.state import AppState

COUNTERFACTUAL_LINK = "atlas://compare?without={id}"


class EventCard(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.events = load_events()
        self.current: Event | None = None
        self._counterfactual_ids: frozenset[str] = frozenset()

        self.heading = QLabel(self.tr("Click an event on the timeline."))
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setOpenExternalLinks(False)
        self.body.anchorClicked.connect(self.follow)
        self.whatif = QPushButton(self.tr("What if this had not happened?"))
        self.whatif.setVisible(False)
        self.whatif.clicked.connect(self._open_counterfactual)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.whatif)
        state.link_opened.connect(self._link_opened)

    def set_counterfactual_ids(self, ids) -> None:
        """Events the history generator can leave out; only these get the what-if button."""
        self._counterfactual_ids = frozenset(ids)
        self._update_whatif()

    def _link_opened(self, link: Link) -> None:
        if link.kind == "event":
            event = event_by_id(link.parts[0], self.events)
            if event is not None:
                self.show_event(event)

    def show_event(self, event: Event) -> None:
        self.current = event
        self.heading.setText(event.title)
        self.body.setHtml(self._html(event))
        self._update_whatif()

    def _update_whatif(self) -> None:
        self.whatif.setVisible(self.current is not None and self.current.id in self._counterfactual_ids)

    def _open_counterfactual(self) -> None:
        if self.current is not None:
            self.state.open_link(COUNTERFACTUAL_LINK.format(id=self.current.id))

    def follow(self, url: QUrl) -> None:
        self.state.follow(url)

    # --- rendering ---------------------------------------------------------------------------
    def link_label(self, text: str) -> str:
        link = parse_link(text)
        if link.kind == "event":
            other = event_by_id(link.parts[0], self.events)
            return other.title if other else text
        if link.kind == "law":
            from atlas.model.law import default_library

            try:
                inst, article = default_library().resolve(link)
            except (KeyError, ValueError):
                return text
            if article is None:
                return inst.short_title
            title = f" ({article.title})" if article.title else ""
            return f"{inst.short_title}, {inst.article_label} {article.number}{title}"
        if link.kind == "object":
            name = ""
            pop = self.state.population
            if pop is not None:
                idx = pop.index_of(int(link.parts[0]))
                name = pop.objects["name"][idx] if idx is not None else ""
            return self.tr("object {0} {1}").format(link.parts[0], name).strip()
        return text

    def _html(self, e: Event) -> str:
        parts = [
            f"<p style='color:#555'>{escape(e.date_text())} &middot; {escape(self.tr(CATEGORIES[e.category]))}</p>",
            f"<p>{escape(e.summary)}</p>",
        ]
        if e.figures:
            rows = "".join(
                f"<tr><td>{escape(f.label)}</td><td align='right'><b>{escape(_number(f.value))}</b></td>"
                f"<td>{escape(f.unit)}{' <i>(' + escape(self.tr('uncertain')) + ')</i>' if f.uncertain else ''}</td></tr>"
                for f in e.figures
            )
            parts.append(f"<h4>{escape(self.tr('Figures'))}</h4><table cellspacing='4'>{rows}</table>")
        law = [t for t in e.links if t.startswith("atlas://law/")]
        other = [t for t in e.links if not t.startswith("atlas://law/")]
        for heading, links in ((self.tr("Law"), law), (self.tr("See also"), other)):
            if links:
                items = "".join(f"<li><a href='{escape(t)}'>{escape(self.link_label(t))}</a></li>" for t in links)
                parts.append(f"<h4>{escape(heading)}</h4><ul>{items}</ul>")
        items = "".join(f"<li><a href='{escape(s.url)}'>{escape(s.title)}</a></li>" for s in e.sources)
        parts.append(f"<h4>{escape(self.tr('Sources'))}</h4><ul>{items}</ul>")
        return "".join(parts)


def _number(value) -> str:
    """Thousands separators for whole numbers (3,037); other values as written."""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)
