"""The law reader: instruments by kind, an article with its annotations, comparison, history and search.

It shows atlas://law/<id>[/<article>] links: it listens to `state.link_opened` and navigates only by
calling `state.open_link`, so a click on an article in the list, on a search result or on a link inside an
annotation goes through the same path as a link from a lesson or the command line.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QUrl, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from atlas.model.law import HIT_CLOSE, HIT_OPEN, KIND_LABELS, Article, Instrument, Library, default_library
from atlas.model.links import Link
from atlas.ui.state import AppState

LINK_ROLE = Qt.ItemDataRole.UserRole


class LawReader(QWidget):
    """Panel(state): the law library. `library` may be given (tests); by default the shipped one."""

    def __init__(self, state: AppState, parent: QWidget | None = None, library: Library | None = None):
        super().__init__(parent)
        self.state = state
        self.library = library if library is not None else default_library()
        self._history: list[str] = []
        self._pos = -1
        self._navigating = False  # True while back/forward re-opens a link (do not push it again)
        self.current: tuple[Instrument, Article | None] | None = None
        self.compared: tuple[Instrument, Article] | None = None

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search the law (e.g. harmful contamination)"))
        self.search_box.setClearButtonEnabled(True)
        self.results = self._browser()
        self.results.hide()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Instrument"), self.tr("Type"), self.tr("Status")])
        self.tree.itemActivated.connect(self._tree_clicked)
        self.tree.itemClicked.connect(self._tree_clicked)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search_box)
        lv.addWidget(self.results, 1)
        lv.addWidget(self.tree, 3)

        self.back_button = QPushButton(self.tr("◀ Back"))
        self.forward_button = QPushButton(self.tr("Forward ▶"))
        self.compare_button = QPushButton(self.tr("Compare side by side"))
        self.compare_button.setCheckable(True)
        self.compare_button.setToolTip(self.tr("Keep this article open beside the next one you open"))
        self.back_button.clicked.connect(self.back)
        self.forward_button.clicked.connect(self.forward)
        self.compare_button.toggled.connect(self._toggle_compare)
        nav = QHBoxLayout()
        for b in (self.back_button, self.forward_button, self.compare_button):
            nav.addWidget(b)
        nav.addStretch(1)

        # events as wrapped links (titles, not ids): a row of buttons overflows a narrow dock
        self.events_label = QLabel()
        self.events_label.setWordWrap(True)
        self.events_label.setTextFormat(Qt.TextFormat.RichText)
        self.events_label.linkActivated.connect(self.state.follow)
        self.event_ids: list[str] = []

        self.article_view = self._browser()
        self.compare_view = self._browser()
        self.compare_view.hide()
        self.annotation_view = self._browser()
        self.views = QSplitter(Qt.Orientation.Horizontal)
        for w in (self.compare_view, self.article_view, self.annotation_view):
            self.views.addWidget(w)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(nav)
        rv.addWidget(self.views, 1)
        rv.addWidget(self.events_label)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 3)
        self.split.setChildrenCollapsible(False)
        left.setMinimumWidth(200)
        left.setMinimumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

        self.search_box.textChanged.connect(self.run_search)
        state.link_opened.connect(self._on_link)
        state.sky_changed.connect(self._update_status)  # once a day shown, not every clock tick
        self._fill_tree()
        self._update_nav()
        self._show_welcome()

    # --- building blocks ----------------------------------------------------------------
    def _browser(self) -> QTextBrowser:
        b = QTextBrowser()
        b.setOpenLinks(False)
        b.setOpenExternalLinks(False)
        b.anchorClicked.connect(self._anchor)
        return b

    def _anchor(self, url: QUrl) -> None:
        self.state.follow(url)

    def _fill_tree(self) -> None:
        self.tree.clear()
        self._instrument_items: dict[str, QTreeWidgetItem] = {}
        for kind, members in self.library.by_kind().items():
            group = QTreeWidgetItem(self.tree, [_kind_label(kind)])
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
            for inst in members:
                badge = self.tr("hard law") if inst.binding else self.tr("soft law")
                item = QTreeWidgetItem(group, [inst.short_title, badge, ""])
                item.setToolTip(0, inst.title)
                item.setData(0, LINK_ROLE, inst.link)
                self._instrument_items[inst.id] = item
                for art in inst.articles:
                    child = QTreeWidgetItem(item, [f"{inst.article_label} {art.number}: {art.title}"])
                    child.setData(0, LINK_ROLE, art.link)
        self.tree.resizeColumnToContents(0)
        self._update_status()

    def _update_status(self) -> None:
        """Mark what is in force on the app's date (a ● and bold), and say what the others are."""
        day = self.state.time.date()
        for ident, item in self._instrument_items.items():
            inst = self.library.get(ident)
            status = inst.status_on(day)
            labels = {"in force": self.tr("● in force"), "signed": self.tr("signed, not in force"),
                      "adopted": self.tr("adopted"), "draft": self.tr("draft"), "not yet": self.tr("not yet")}
            item.setText(2, labels[status])
            font = item.font(0)
            font.setBold(status == "in force")
            item.setFont(0, font)

    def in_force_marked(self) -> set[str]:
        """Instrument ids the list currently marks as in force (what a user sees)."""
        return {i for i, item in self._instrument_items.items() if item.text(2) == self.tr("● in force")}

    def _tree_clicked(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        link = item.data(0, LINK_ROLE)
        if link:
            self.state.open_link(link)

    # --- showing links ------------------------------------------------------------------
    def _on_link(self, link: Link) -> None:
        if link.kind != "law":
            return
        try:
            inst, art = self.library.resolve(link)
        except KeyError as exc:
            self.state.message.emit(str(exc.args[0]))
            return
        text = art.link if art else inst.link
        if not self._navigating:
            del self._history[self._pos + 1:]
            self._history.append(text)
            self._pos = len(self._history) - 1
        if self.compare_button.isChecked() and self.current and self.current[1] and self.compared is None:
            self.compared = (self.current[0], self.current[1])
            self.compare_view.setMarkdown(self._article_markdown(*self.compared))
            self.compare_view.show()
        self.current = (inst, art)
        if art is None:
            self._show_text(self._instrument_markdown(inst), "")
            self._set_events([])
        else:
            anns = inst.annotations_on(art.number)
            self._show_text(self._article_markdown(inst, art), self._annotations_markdown(anns) if anns else "")
            self._set_events(self.library.events_of(inst.id, art.number))
        self._select_in_tree(text)
        self._update_nav()

    def _select_in_tree(self, link: str) -> None:
        it = self.tree.invisibleRootItem()
        stack = [it.child(i) for i in range(it.childCount())]
        while stack:
            item = stack.pop()
            if item.data(0, LINK_ROLE) == link:
                self.tree.setCurrentItem(item)
                return
            stack.extend(item.child(i) for i in range(item.childCount()))

    def _set_events(self, event_ids: list[str]) -> None:
        from atlas.model.events import event_by_id

        self.event_ids = list(event_ids)
        items = []
        for eid in event_ids:
            ev = event_by_id(eid)
            label = f"{ev.title} ({ev.date.year})" if ev is not None else eid
            items.append(f"<a href='atlas://event/{eid}'>{html.escape(label)}</a>")
        heading = html.escape(self.tr("Events that tested it (opens them on the timeline and the globe):"))
        self.events_label.setText(f"<b>{heading}</b> " + " &middot; ".join(items))
        self.events_label.setVisible(bool(event_ids))

    def resizeEvent(self, event) -> None:
        """Narrow dock: the list above the article, the annotation below it; wide: side by side."""
        super().resizeEvent(event)
        narrow = self.width() < 900
        if self.split.orientation() != (Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal):
            self.split.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)
            total = self.height() if narrow else self.width()
            self.split.setSizes([total // 4, total - total // 4])
        self.tree.setColumnHidden(1, narrow)
        if getattr(self, "_inline", None) != (self.width() < 700):
            self._render_text()

    # --- Markdown for the views -----------------------------------------------------------
    def _instrument_markdown(self, inst: Instrument) -> str:
        facts = []
        for label, value in ((self.tr("Adopted"), inst.adopted), (self.tr("Opened for signature"),
                             inst.opened_for_signature), (self.tr("In force"), inst.entry_into_force)):
            if value:
                facts.append(f"**{label}:** {value.isoformat()}")
        for label, value in inst.other_dates.items():
            facts.append(f"**{label.replace('_', ' ')}:** {value.isoformat()}")
        for label, value in ((self.tr("Symbol"), inst.symbol), (self.tr("UNTS"), inst.unts)):
            if value:
                facts.append(f"**{label}:** {value}")
        if inst.parties is not None:
            # states join a treaty as parties; they sign a political declaration
            text = (self.tr("**Parties:** {0} as of {1} ([source]({2}))") if inst.binding
                    else self.tr("**Signatories:** {0} as of {1} ([source]({2}))"))
            facts.append(text.format(inst.parties, inst.parties_as_of.isoformat(), inst.parties_source.url))
        badge = self.tr("Binding (hard law)") if inst.binding else self.tr("Not binding (soft law)")
        arts = "\n".join(f"- [{inst.article_label} {a.number}: {a.title}]({a.link})" for a in inst.articles)
        sources = "\n".join(f"- [{s.title}]({s.url})" for s in inst.sources)
        return (f"# {inst.short_title}\n\n*{inst.title}*\n\n{badge}\n\n" + "  \n".join(facts)
                + f"\n\n{inst.summary}\n\n[{self.tr('Official text')}]({inst.official_url})\n\n{arts}\n\n"
                + f"**{self.tr('Sources')}**\n\n{sources}\n")

    def _article_markdown(self, inst: Instrument, art: Article) -> str:
        quotes = ""
        if art.quotes:
            label = self.tr("Quoted exactly from the official text:")
            quotes = f"\n\n**{label}**\n\n" + "\n".join(f"> “{q}”\n>" for q in art.quotes)
        return (f"## [{inst.short_title}]({inst.link}), {inst.article_label} {art.number}\n\n### {art.title}\n\n"
                f"{art.plain}{quotes}\n\n[{self.tr('Official text')}]({art.url})\n\n"
                f"*{self.tr('Plain-language rendering in our own words; not the official text.')}*\n")

    def _annotations_markdown(self, anns) -> str:
        parts = []
        for a in anns:
            src = "\n".join(f"- [{s.title}]({s.url})" for s in a.sources)
            parts.append(f"### {a.title}\n\n{a.text}\n\n**{self.tr('Sources')}**\n\n{src}")
        return "\n\n---\n\n".join(parts)

    def _show_welcome(self) -> None:
        self._show_text(self.tr("# The law\n\nChoose an instrument or article on the left, or "
                                "search. Links in the text open events on the timeline and globe."), "")
        self._set_events([])

    def _show_text(self, article_md: str, annotations_md: str) -> None:
        self._texts = (article_md, annotations_md)
        self._render_text()

    def _render_text(self) -> None:
        """Wide: the annotations beside the article. Narrow: after it, in one scrolling text, since
        two panes stacked in a small dock leave a few lines each."""
        article_md, annotations_md = getattr(self, "_texts", ("", ""))
        inline = self._inline = self.width() < 700
        if inline and annotations_md:
            article_md += "\n\n---\n\n## " + self.tr("Annotations") + "\n\n" + annotations_md
        self.article_view.setMarkdown(article_md)
        self.annotation_view.setMarkdown("" if inline else annotations_md)
        self.annotation_view.setVisible(bool(annotations_md) and not inline)

    # --- comparison, history --------------------------------------------------------------
    def _toggle_compare(self, on: bool) -> None:
        if not on:
            self.compared = None
            self.compare_view.hide()
        elif self.current and self.current[1]:
            # pin what is open now; the next article opened appears beside it
            self.compared = (self.current[0], self.current[1])
            self.compare_view.setMarkdown(self._article_markdown(*self.compared))
            self.compare_view.show()

    def back(self) -> None:
        self._go(self._pos - 1)

    def forward(self) -> None:
        self._go(self._pos + 1)

    def _go(self, pos: int) -> None:
        if 0 <= pos < len(self._history):
            self._pos = pos
            self._navigating = True
            try:
                self.state.open_link(self._history[pos])
            finally:
                self._navigating = False

    def _update_nav(self) -> None:
        self.back_button.setEnabled(self._pos > 0)
        self.forward_button.setEnabled(self._pos < len(self._history) - 1)

    # --- search -----------------------------------------------------------------------
    def run_search(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.results.hide()
            return
        hits = self.library.search(text, limit=15)
        rows = []
        for h in hits:
            inst = self.library.get(h.instrument)
            snippet = html.escape(h.snippet).replace(HIT_OPEN, "<b style='background:#ffe680'>").replace(
                HIT_CLOSE, "</b>")
            where = f"{html.escape(inst.short_title)} {html.escape(inst.article_label)} {html.escape(h.article)}"
            note = f" <i>({self.tr('annotation')}: {html.escape(h.annotation)})</i>" if h.annotation else ""
            rows.append(f"<p><a href='atlas://law/{h.instrument}/{h.article}'>{where}</a>{note}<br>{snippet}</p>")
        if not rows:
            rows.append(f"<p><i>{self.tr('No matches.')}</i></p>")
        self.results.setHtml("".join(rows))
        self.results.show()


def _kind_label(kind: str) -> str:
    """Group labels go through Qt's translator in the 'LawReader' context."""
    return QCoreApplication.translate("LawReader", KIND_LABELS[kind])
