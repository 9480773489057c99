"""The one state object every view watches (DESIGN.md, 'The spine: links and scenes').

Views read it and ask it for changes; they never poke each other. A link (atlas://...) is
turned into a scene here and applied; panels that own a kind of link (the law reader for
atlas://law, the timeline for atlas://event, the lab for atlas://whatif, the lesson player for
atlas://lesson) listen to `link_opened` and show their part.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
from PySide6.QtCore import QObject, Signal

from atlas.data.sky import Sky, SkySource
from atlas.model.links import Link, LinkError, parse_link
from atlas.model.population import Population, check_filter, filter_mask
from atlas.model.timeutil import FIRST_DATE, parse_datetime

RATES = (1, 10, 60, 300, 1000, 3600, 10000, 100000)


class AppState(QObject):
    time_changed = Signal(object)  # datetime (UTC)
    playing_changed = Signal(bool)
    rate_changed = Signal(float)  # signed: negative runs backwards
    population_changed = Signal()  # a new active catalog
    selection_changed = Signal(object)  # NORAD number or None
    colouring_changed = Signal(str)  # one of atlas.model.links.COLOURINGS
    camera_changed = Signal(str)  # one of atlas.model.links.CAMERAS
    sky_changed = Signal()  # the objects in orbit on the current day (state.sky) changed
    highlight_changed = Signal(object)  # what is highlighted: an event id, NORAD numbers, or None
    filter_changed = Signal(object)  # "field:value" (e.g. "kind:debris") or None: only those objects are shown
    guides_changed = Signal(str, bool)  # guide name ("leo", "geo"), shown
    link_opened = Signal(object)  # Link: after the scene it names was applied
    message = Signal(str)  # a line for the status bar

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._time = datetime.now(timezone.utc).replace(microsecond=0)
        self._playing = False
        self._rate = 1.0
        self._population: Population | None = None
        self._selection: int | None = None
        self._colouring = "kind"
        self._camera = "leo"
        self._highlight = None
        self._filter: str | None = None
        self._sky_source = SkySource(None)
        self._sky: Sky = self._sky_source.at(np.datetime64(self._time.replace(tzinfo=None), "D"))
        self._guides = {"leo": False, "geo": False}

    # --- time -----------------------------------------------------------------------
    @property
    def time(self) -> datetime:
        return self._time

    def set_time(self, t: datetime) -> None:
        t = t.astimezone(timezone.utc) if t.tzinfo else t.replace(tzinfo=timezone.utc)
        t = max(t, FIRST_DATE)
        now = datetime.now(timezone.utc) + timedelta(days=366 * 5)
        t = min(t, now)
        if t != self._time:
            self._time = t
            self._refresh_sky()
            self.time_changed.emit(t)

    def advance(self, wall_seconds: float) -> None:
        if self._playing and wall_seconds > 0:
            self.set_time(self._time + timedelta(seconds=wall_seconds * self._rate))

    @property
    def playing(self) -> bool:
        return self._playing

    def set_playing(self, on: bool) -> None:
        if on != self._playing:
            self._playing = on
            self.playing_changed.emit(on)

    @property
    def rate(self) -> float:
        return self._rate

    def set_rate(self, rate: float) -> None:
        if rate == 0:
            raise ValueError("rate must not be zero")
        if rate != self._rate:
            self._rate = float(rate)
            self.rate_changed.emit(self._rate)

    # --- population and selection ------------------------------------------------------
    @property
    def population(self) -> Population | None:
        return self._population

    def set_population(self, pop: Population | None) -> None:
        self._population = pop
        self._selection = None
        self._highlight = None
        self._sky_source = SkySource(pop)
        self._refresh_sky(force=True)
        self.population_changed.emit()
        self.selection_changed.emit(None)

    @property
    def sky(self) -> Sky:
        """The objects that can be shown on the current day (see atlas.data.sky)."""
        return self._sky

    def _refresh_sky(self, force: bool = False) -> None:
        day = np.datetime64(self._time.replace(tzinfo=None), "D")
        if force or day != self._sky.day:
            self._sky = self._sky_source.at(day)
            self.sky_changed.emit()

    @property
    def selection(self) -> int | None:
        return self._selection

    def select(self, norad: int | None) -> None:
        if norad != self._selection:
            self._selection = norad
            self.selection_changed.emit(norad)

    @property
    def colouring(self) -> str:
        return self._colouring

    def set_colouring(self, name: str) -> None:
        if name != self._colouring:
            self._colouring = name
            self.colouring_changed.emit(name)

    @property
    def camera(self) -> str:
        return self._camera

    def set_camera(self, name: str) -> None:
        self._camera = name
        self.camera_changed.emit(name)  # always: re-applying a preset resets a moved camera

    @property
    def highlight(self):
        """What is highlighted: a fragmentation event id, a tuple of NORAD numbers, or None."""
        return self._highlight

    def set_highlight(self, spec) -> None:
        self._highlight = spec
        self.highlight_changed.emit(spec)

    def highlight_mask(self, objects: np.ndarray) -> np.ndarray | None:
        """The highlight as a boolean mask over `objects` (e.g. the current sky), or None."""
        if self._highlight is None:
            return None
        if isinstance(self._highlight, str):
            from atlas.model.events import fragment_mask

            return fragment_mask(objects, self._highlight)
        return np.isin(objects["norad"], list(self._highlight))

    @property
    def filter(self) -> str | None:
        """The objects shown: a "field:value" spec (atlas.model.population.FILTER_FIELDS) or None for all."""
        return self._filter

    def set_filter(self, spec: str | None) -> None:
        """Show only the objects a spec keeps (ValueError for a spec that is not one); None shows all."""
        spec = spec or None
        if spec is not None:
            check_filter(spec)
        if spec != self._filter:
            self._filter = spec
            self.filter_changed.emit(spec)

    def filter_mask(self, objects: np.ndarray) -> np.ndarray | None:
        return filter_mask(objects, self._filter)

    def guide_shown(self, name: str) -> bool:
        return self._guides.get(name, False)

    def set_guide(self, name: str, shown: bool) -> None:
        if self._guides.get(name) != shown:
            self._guides[name] = shown
            self.guides_changed.emit(name, shown)

    # --- links ----------------------------------------------------------------------
    def follow(self, url) -> None:
        """What a click on a link in any panel does: an atlas:// link opens here (a broken one
        becomes a status-bar message), a web address opens in the system browser."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        text = url.toString() if isinstance(url, QUrl) else str(url)
        if text.startswith("atlas://"):
            try:
                self.open_link(text)
            except (LinkError, ValueError) as exc:
                self.message.emit(str(exc))
        elif text.startswith("https://"):
            QDesktopServices.openUrl(QUrl(text))

    def open_link(self, link: str | Link) -> Link:
        """Apply the scene a link names. Raises LinkError for a malformed link."""
        if isinstance(link, str):
            link = parse_link(link)
        if link.kind == "view":
            q = link.query
            if "date" in q:
                self.set_time(parse_datetime(q["date"]))
            if "camera" in q:
                self.set_camera(q["camera"])
            if "color" in q:
                self.set_colouring(q["color"])
            if "filter" in q:
                self.set_filter(q["filter"])
            if "rate" in q and float(q["rate"]) != 0:
                self.set_rate(float(q["rate"]))
            if "select" in q:
                self.select(int(q["select"]))
        elif link.kind == "object":
            norad = int(link.parts[0])
            pop = self._population
            if pop is None or pop.index_of(norad) is None:
                raise LinkError(f"object {norad} is not in the active catalog")
            self.select(norad)
        elif link.kind == "event":
            from atlas.model.events import event_by_id
            from atlas.ui.scenes import apply_event_scene

            event = event_by_id(link.parts[0])
            if event is None:
                raise LinkError(f"there is no event {link.parts[0]!r}")
            apply_event_scene(self, event)
        elif link.kind == "compare" and "date" in link.query:
            self.set_time(parse_datetime(link.query["date"]))
        self.link_opened.emit(link)
        return link
