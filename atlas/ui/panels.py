"""Small panels around the globe: the clock bar and the selected object's card."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from atlas.model import population as P
from atlas.ui.colours import kind_labels, regime_labels
from atlas.model.timeutil import FIRST_DATE
from atlas.ui.state import RATES


def rate_label(rate: float) -> str:
    r = abs(rate)
    return f"{r:,.0f}\u00d7"


class TimeBar(QWidget):
    """Play/pause, reverse, rate, now, and a UTC date/time picker, all bound to the state."""

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        self.play = QToolButton(self)
        self.play.setCheckable(True)
        self.play.setToolTip(self.tr("Play / pause (Space)"))
        self.reverse = QToolButton(self)
        self.reverse.setCheckable(True)
        self.reverse.setText("\u25c0\u25c0")
        self.reverse.setToolTip(self.tr("Run time backwards (R)"))
        self.rate = QComboBox(self)
        for r in RATES:
            self.rate.addItem(rate_label(r), r)
        self.rate.setToolTip(self.tr("Simulated seconds per real second ([ and ] change it)"))
        self.now = QPushButton(self.tr("Now"), self)
        self.now.setToolTip(self.tr("Jump to the present moment (N)"))
        self.when = QDateTimeEdit(self)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm:ss 'UTC'")
        self.when.setCalendarPopup(True)
        self.when.setTimeZone(QTimeZone.utc())
        self.when.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(int(FIRST_DATE.timestamp()), QTimeZone.utc()))
        self.when.setToolTip(self.tr("The date and time shown, in UTC"))
        for w in (self.play, self.reverse, self.rate, self.now, self.when):
            lay.addWidget(w)
        lay.addStretch(1)

        self.play.toggled.connect(state.set_playing)
        self.reverse.toggled.connect(self._direction)
        self.rate.currentIndexChanged.connect(self._rate)
        self.now.clicked.connect(lambda: state.set_time(datetime.now(timezone.utc)))
        self.when.dateTimeChanged.connect(self._picked)
        state.playing_changed.connect(self._sync_play)
        state.rate_changed.connect(self._sync_rate)
        state.time_changed.connect(self._sync_time)
        self._sync_play(state.playing)
        self._sync_rate(state.rate)
        self._sync_time(state.time)

    def _direction(self, backwards: bool):
        r = abs(self.state.rate)
        self.state.set_rate(-r if backwards else r)

    def _rate(self, index: int):
        r = float(self.rate.itemData(index))
        self.state.set_rate(-r if self.state.rate < 0 else r)

    def _picked(self, qdt: QDateTime):
        secs = qdt.toSecsSinceEpoch()
        t = datetime.fromtimestamp(secs, timezone.utc)
        if abs((t - self.state.time).total_seconds()) >= 1:
            self.state.set_time(t)

    def _sync_play(self, on: bool):
        self.play.blockSignals(True)
        self.play.setChecked(on)
        self.play.setText("\u23f8" if on else "\u25b6")
        self.play.blockSignals(False)

    def _sync_rate(self, rate: float):
        self.reverse.blockSignals(True)
        self.reverse.setChecked(rate < 0)
        self.reverse.blockSignals(False)
        i = self.rate.findData(int(abs(rate)))
        if i >= 0:
            self.rate.blockSignals(True)
            self.rate.setCurrentIndex(i)
            self.rate.blockSignals(False)

    def _sync_time(self, t: datetime):
        if self.when.hasFocus():
            return
        self.when.blockSignals(True)
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(t.timestamp()), QTimeZone.utc()))
        self.when.blockSignals(False)


class ObjectInfoPanel(QWidget):
    """The selected object's card: identity, orbit, element epoch and where the data came from."""

    FIELDS = ("name", "norad", "cospar", "owner", "kind", "regime", "perigee", "apogee", "inclination", "period", "epoch", "source")

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        outer = QVBoxLayout(self)
        self.hint = QLabel(self.tr("Click an object on the globe to see what it is."), self)
        self.hint.setWordWrap(True)
        outer.addWidget(self.hint)
        self.form_host = QWidget(self)
        form = QFormLayout(self.form_host)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        captions = {
            "name": self.tr("Name"),
            "norad": self.tr("NORAD number"),
            "cospar": self.tr("COSPAR id"),
            "owner": self.tr("Owner"),
            "kind": self.tr("Kind"),
            "regime": self.tr("Orbit regime"),
            "perigee": self.tr("Perigee"),
            "apogee": self.tr("Apogee"),
            "inclination": self.tr("Inclination"),
            "period": self.tr("Period"),
            "epoch": self.tr("Elements epoch"),
            "source": self.tr("Data from"),
        }
        self.values: dict[str, QLabel] = {}
        for key in self.FIELDS:
            lab = QLabel(self.form_host)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setWordWrap(True)
            form.addRow(captions[key] + ":", lab)
            self.values[key] = lab
        outer.addWidget(self.form_host)
        row = QHBoxLayout()
        self.follow = QCheckBox(self.tr("Follow on the globe"), self)
        self.copy = QPushButton(self.tr("Copy link"), self)
        self.copy.setToolTip(self.tr("Copy this object's atlas:// link"))
        row.addWidget(self.follow)
        row.addWidget(self.copy)
        outer.addLayout(row)
        outer.addStretch(1)
        self.copy.clicked.connect(self._copy)
        state.selection_changed.connect(self.show_object)
        state.time_changed.connect(lambda _t: self._refresh_epoch_age())
        state.sky_changed.connect(lambda: self.show_object(state.selection))
        self.show_object(state.selection)

    def _copy(self):
        if self.state.selection is not None:
            QGuiApplication.clipboard().setText(f"atlas://object/{self.state.selection}")

    def _row(self, norad):
        """The object's row as of the day shown (elements valid then), else its catalog row."""
        sky = self.state.sky
        i = sky.index_of(norad)
        if i is not None:
            return sky.objects[i], bool(sky.visible[i])
        pop = self.state.population
        j = pop.index_of(norad) if (pop is not None and norad is not None) else None
        return (pop.objects[j], False) if j is not None else (None, False)

    def show_object(self, norad):
        pop = self.state.population
        o, in_orbit = self._row(norad) if norad is not None else (None, False)
        self.hint.setVisible(o is None)
        self.form_host.setVisible(o is not None)
        self.follow.setEnabled(o is not None)
        self.copy.setEnabled(o is not None)
        if o is None:
            return
        v = self.values
        v["name"].setText(str(o["name"]))
        v["norad"].setText(str(int(o["norad"])))
        v["cospar"].setText(str(o["cospar"]) or "\u2014")
        owner = str(o["owner"])
        if owner and int(o["constellation"]) >= 0 and o["source"] == P.SRC_ELEMENTS and np.isnat(o["launch"]):
            owner += " " + self.tr("(inferred from the constellation name)")
        v["owner"].setText(owner or self.tr("not in this catalog"))
        v["kind"].setText(kind_labels()[int(o["kind"])])
        v["regime"].setText(regime_labels()[int(o["regime"])])
        v["perigee"].setText(f"{o['perigee_km']:,.0f} km")
        v["apogee"].setText(f"{o['apogee_km']:,.0f} km")
        v["inclination"].setText(f"{o['incl']:.2f}\u00b0")
        v["period"].setText(f"{o['period_min']:.1f} min")
        src = pop.label
        if pop.modeled or o["source"] == P.SRC_MODELED:
            src += " \u2014 " + self.tr("modeled, not an observation; its position along the orbit is illustrative")
        elif o["source"] == P.SRC_SATCAT:
            src += " \u2014 " + self.tr("orbit from SATCAT parameters; position along it is illustrative")
        if not in_orbit:
            src += "\n" + self.tr("Not in orbit on the date shown.")
        v["source"].setText(src)
        self._refresh_epoch_age()

    def _refresh_epoch_age(self):
        norad = self.state.selection
        if norad is None:
            return
        o, _ = self._row(norad)
        if o is None:
            return
        ep = o["epoch"]
        if np.isnat(ep):
            self.values["epoch"].setText("\u2014")
            return
        t = np.datetime64(self.state.time.replace(tzinfo=None), "us")
        days = (t - ep) / np.timedelta64(1, "D")
        when = str(ep.astype("M8[s]")).replace("T", " ") + " UTC"
        rel = self.tr("{n:.1f} days before the time shown") if days >= 0 else self.tr("{n:.1f} days after the time shown")
        self.values["epoch"].setText(f"{when}\n({rel.format(n=abs(days))})")
