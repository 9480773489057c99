"""The timeline's events: legal and physical milestones from 1957 to today, as data.

Events live in resources/events.toml, one `[[event]]` table each, and are validated on load:
every problem is a `ContentError` naming the file and the line, so a teacher who edits the
file sees exactly what to fix. Each event carries its own scene (date, camera, colouring,
filter, highlighted objects) and links to law articles, objects and other events.

Fragmentation events have a stable index in `FRAGMENTATION_EVENT_IDS`: the modeled history
writes that index into the population's `event` column for every fragment it generates, and
the globe highlights `objects["event"] == index`. Real catalogs have no such column filled, so
`fragment_mask` also recognises fragments by the international designator of the launch
that carried the object that broke up (fragments keep their parent's launch designator).
Nothing here imports Qt.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from atlas.model.content import ContentError, TomlDoc
from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS, event_index  # noqa: F401 (re-exported)
from atlas.model.links import CAMERAS, COLOURINGS, Link, LinkError, parse_link
from atlas.model.population import DEBRIS, check_filter

# Category key -> label shown in the timeline's lanes (top lane first).
CATEGORIES: dict[str, str] = {
    "treaties-law": "Treaties and law",
    "soft-law": "Soft law and standards",
    "un-politics": "UN and politics",
    "asat-breakups": "ASAT tests and break-ups",
    "collisions": "Collisions",
    "industry": "Constellations and industry",
    "institutions": "Institutions",
}

PRECISIONS = ("day", "month", "year")
EARLIEST = date(1957, 1, 1)


@dataclass(frozen=True)
class Fragmentation:
    """An event that produced a debris cloud, and the objects that broke up in it."""

    event_id: str
    parents: tuple[tuple[int, str], ...]  # (NORAD number, international designator)


# The timeline's fragmentation events and their parents. The population's `event` column indexes
# atlas.model.events_ids.FRAGMENTATION_EVENT_IDS (shared with the history generator, append only).
FRAGMENTATIONS: tuple[Fragmentation, ...] = (
    Fragmentation("solwind-asat-1985", ((11278, "1979-017A"),)),
    Fragmentation("fy1c-asat-2007", ((25730, "1999-025A"),)),
    Fragmentation("usa193-2008", ((29651, "2006-057A"),)),
    Fragmentation("iridium-cosmos-2009", ((24946, "1997-051C"), (22675, "1993-036A"))),
    Fragmentation("shakti-asat-2019", ((43947, "2019-006A"),)),
    Fragmentation("cosmos1408-asat-2021", ((13552, "1982-092A"),)),
)
_FRAGMENTATION_BY_ID = {f.event_id: f for f in FRAGMENTATIONS}


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | float | str
    unit: str
    uncertain: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"label": self.label, "value": self.value, "unit": self.unit}
        if self.uncertain:
            out["uncertain"] = True
        return out


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Scene:
    """What the globe shows for an event: `highlight` is a fragmentation event id or NORAD numbers."""

    date: datetime
    camera: str
    color: str
    filter: str | None = None
    highlight: str | tuple[int, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": iso(self.date), "camera": self.camera, "color": self.color}
        if self.filter is not None:
            out["filter"] = self.filter
        if self.highlight is not None:
            out["highlight"] = self.highlight if isinstance(self.highlight, str) else list(self.highlight)
        return out


@dataclass(frozen=True)
class Event:
    id: str
    date: datetime  # UTC; midnight where only the day is known
    has_time: bool  # the time of day is known (and meaningful)
    precision: str  # "day", "month" or "year": how much of the date is known
    title: str
    category: str
    summary: str
    figures: tuple[Figure, ...]
    sources: tuple[Source, ...]
    links: tuple[str, ...]
    scene: Scene
    file: str = ""
    line: int | None = None

    @property
    def link(self) -> str:
        return f"atlas://event/{self.id}"

    def date_text(self) -> str:
        """The date as precisely as it is known ("1993", "Oct 2002", "11 Jan 2007", "... 16:56 UTC")."""
        if self.precision == "year":
            return f"{self.date.year}"
        if self.precision == "month":
            return self.date.strftime("%b %Y")
        text = f"{self.date.day} {self.date.strftime('%b %Y')}"
        if self.has_time:
            text += self.date.strftime(" %H:%M UTC")
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": iso(self.date) if self.has_time else self.date.date().isoformat(),
            "precision": self.precision,
            "title": self.title,
            "category": self.category,
            "summary": self.summary,
            "figures": [f.to_json() for f in self.figures],
            "sources": [{"title": s.title, "url": s.url} for s in self.sources],
            "links": list(self.links),
            "scene": self.scene.to_json(),
        }


def iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_path() -> Path:
    from atlas.paths import resource

    return resource("events.toml")


# --- loading and validation ----------------------------------------------------------------
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Checker:
    """Validates one `[[event]]` table; every error names the file and the line of the key."""

    def __init__(self, doc: TomlDoc, index: int, raw: dict[str, Any]):
        self.doc, self.index, self.raw = doc, index, raw

    def fail(self, message: str, key: str | None = None) -> ContentError:
        return self.doc.error(message, "event", self.index, key)

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"event has no {key!r}", key)
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string", key)
        return value.strip()

    def when(self, value: Any, key: str, where: str) -> tuple[datetime, bool]:
        """A TOML date, or a datetime with an explicit offset (Z for UTC)."""
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise self.fail(f"{where}: a time needs its time zone, e.g. 2009-02-10T16:56:00Z", key)
            dt, has_time = value.astimezone(timezone.utc), True
        elif isinstance(value, date):
            dt, has_time = datetime.combine(value, time(0), tzinfo=timezone.utc), False
        else:
            raise self.fail(f"{where}: not a date ({value!r}); write a TOML date like 2007-01-11", key)
        latest = datetime.now(timezone.utc) + timedelta(days=1)
        if dt.date() < EARLIEST or dt > latest:
            raise self.fail(f"{where}: {dt.date()} is outside 1957 to today", key)
        return dt, has_time

    def figures(self) -> tuple[Figure, ...]:
        raw = self.raw.get("figures", [])
        if not isinstance(raw, list):
            raise self.fail("'figures' must be a list of {label, value, unit}", "figures")
        out = []
        for n, item in enumerate(raw, start=1):
            if not isinstance(item, dict):
                raise self.fail(f"figure {n} must be a table {{label, value, unit}}", "figures")
            missing = [k for k in ("label", "value", "unit") if k not in item]
            if missing:
                raise self.fail(f"figure {n} lacks {', '.join(missing)}", "figures")
            unknown = set(item) - {"label", "value", "unit", "uncertain"}
            if unknown:
                raise self.fail(f"figure {n}: unknown key(s) {', '.join(sorted(unknown))}", "figures")
            value = item["value"]
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise self.fail(f"figure {n}: value must be a number or a string", "figures")
            if not isinstance(item["label"], str) or not isinstance(item["unit"], str):
                raise self.fail(f"figure {n}: label and unit must be strings", "figures")
            out.append(Figure(item["label"], value, item["unit"], bool(item.get("uncertain", False))))
        return tuple(out)

    def sources(self) -> tuple[Source, ...]:
        raw = self.raw.get("sources")
        if not raw:
            raise self.fail("event has no source: give at least one {title, url}", "sources")
        if not isinstance(raw, list):
            raise self.fail("'sources' must be a list of {title, url}", "sources")
        out = []
        for n, item in enumerate(raw, start=1):
            if not isinstance(item, dict) or not item.get("title") or not item.get("url"):
                raise self.fail(f"source {n} needs a title and a url", "sources")
            url = str(item["url"])
            if not re.match(r"^https://[^\s/]+\.[^\s]+$", url):
                raise self.fail(f"source {n}: url must be an https:// address, got {url!r}", "sources")
            out.append(Source(str(item["title"]), url))
        return tuple(out)

    def links(self) -> tuple[tuple[str, Link], ...]:
        raw = self.raw.get("links", [])
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise self.fail("'links' must be a list of atlas:// links", "links")
        out = []
        for text in raw:
            try:
                out.append((text, parse_link(text)))
            except LinkError as exc:
                raise self.fail(f"bad link: {exc}", "links") from None
        return tuple(out)

    def scene(self, event_date: datetime) -> Scene:
        raw = self.raw.get("scene")
        if not isinstance(raw, dict):
            raise self.fail("event has no scene {date, camera, color}", "scene")
        unknown = set(raw) - {"date", "camera", "color", "filter", "highlight"}
        if unknown:
            raise self.fail(f"scene: unknown key(s) {', '.join(sorted(unknown))}", "scene")
        when = self.when(raw["date"], "scene", "scene date")[0] if "date" in raw else event_date
        camera, color = raw.get("camera"), raw.get("color")
        if camera not in CAMERAS:
            raise self.fail(f"scene: camera must be one of {', '.join(CAMERAS)}, got {camera!r}", "scene")
        if color not in COLOURINGS:
            raise self.fail(f"scene: color must be one of {', '.join(COLOURINGS)}, got {color!r}", "scene")
        flt = raw.get("filter")
        if flt is not None:
            try:
                check_filter(flt)
            except ValueError as exc:
                raise self.fail(f"scene: {exc}", "scene") from None
        highlight = raw.get("highlight")
        if isinstance(highlight, str):
            if highlight not in _FRAGMENTATION_BY_ID:
                raise self.fail(
                    f"scene: highlight {highlight!r} is not a fragmentation event "
                    f"({', '.join(_FRAGMENTATION_BY_ID)})",
                    "scene",
                )
        elif isinstance(highlight, list):
            if not highlight or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in highlight):
                raise self.fail("scene: highlight must be a fragmentation event id or NORAD numbers", "scene")
            highlight = tuple(highlight)
        elif highlight is not None:
            raise self.fail("scene: highlight must be a fragmentation event id or NORAD numbers", "scene")
        return Scene(when, camera, color, flt, highlight)


def parse_events(doc: TomlDoc) -> tuple[Event, ...]:
    """Validate a parsed events file; events come back sorted by date."""
    unknown_top = set(doc.data) - {"event"}
    if unknown_top:
        raise ContentError(doc.path, None, f"unknown top-level key(s): {', '.join(sorted(unknown_top))}")
    raw_events = doc.data.get("event")
    if not isinstance(raw_events, list) or not raw_events:
        raise ContentError(doc.path, None, "no [[event]] tables")
    allowed = {"id", "date", "precision", "title", "category", "summary", "figures", "sources", "links", "scene"}
    events: list[Event] = []
    event_links: list[tuple[int, str, Link]] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_events):
        c = _Checker(doc, i, raw)
        extra = set(raw) - allowed
        if extra:
            raise c.fail(f"unknown key(s) {', '.join(sorted(extra))}", sorted(extra)[0])
        eid = c.text("id")
        if not _ID.match(eid):
            raise c.fail(f"id {eid!r} must be lower-case words joined by hyphens", "id")
        if eid in seen:
            raise c.fail(f"duplicate id {eid!r} (first used at line {seen[eid]})", "id")
        seen[eid] = doc.key_line("event", i, "id") or 0
        if "date" not in raw:
            raise c.fail("event has no 'date'", "date")
        when, has_time = c.when(raw["date"], "date", "date")
        precision = raw.get("precision", "day")
        if precision not in PRECISIONS:
            raise c.fail(f"precision must be one of {', '.join(PRECISIONS)}", "precision")
        category = c.text("category")
        if category not in CATEGORIES:
            raise c.fail(f"unknown category {category!r} (known: {', '.join(CATEGORIES)})", "category")
        links = c.links()
        event_links.extend((i, text, link) for text, link in links if link.kind == "event")
        events.append(
            Event(
                id=eid,
                date=when,
                has_time=has_time,
                precision=precision,
                title=c.text("title"),
                category=category,
                summary=" ".join(c.text("summary").split()),
                figures=c.figures(),
                sources=c.sources(),
                links=tuple(text for text, _ in links),
                scene=c.scene(when),
                file=str(doc.path),
                line=doc.entry_line("event", i),
            )
        )
    for i, text, link in event_links:
        if link.parts[0] not in seen:
            raise doc.error(f"link {text!r}: no event with id {link.parts[0]!r}", "event", i, "links")
    missing = [eid for eid in _FRAGMENTATION_BY_ID if eid not in seen]
    if missing:
        raise ContentError(doc.path, None, f"fragmentation event(s) without an entry: {', '.join(missing)}")
    return tuple(sorted(events, key=lambda e: (e.date, e.id)))


def load_events(path: str | Path | None = None) -> tuple[Event, ...]:
    """All events, sorted by date (the shipped file unless `path` is given). Raises ContentError."""
    return _load(str(path or default_path()))


@functools.lru_cache(maxsize=8)
def _load(path: str) -> tuple[Event, ...]:
    return parse_events(TomlDoc.load(path))


def event_by_id(event_id: str, events: tuple[Event, ...] | None = None) -> Event | None:
    for e in events if events is not None else load_events():
        if e.id == event_id:
            return e
    return None


def events_linking_to(link: str | Link, events: tuple[Event, ...] | None = None) -> list[Event]:
    """Events whose links point at `link`: for a law article, the events that test it.
    A link to a whole instrument (atlas://law/ost) matches links to any of its articles."""
    target = parse_link(link) if isinstance(link, str) else link
    out = []
    for e in events if events is not None else load_events():
        for text in e.links:
            own = parse_link(text)
            if own.kind == target.kind and own.parts[: len(target.parts)] == target.parts:
                out.append(e)
                break
    return out


def fragment_mask(objects: np.ndarray, event_id: str) -> np.ndarray:
    """Boolean mask of a fragmentation event's objects in a population: rows the modeled history
    tagged with the event's index, the parents themselves, and debris cataloged under a parent's
    launch designator (how real catalogs name fragments)."""
    frag = _FRAGMENTATION_BY_ID[event_id]
    mask = objects["event"] == event_index(event_id)
    mask |= np.isin(objects["norad"], [norad for norad, _ in frag.parents])
    launch = np.zeros(len(objects), dtype=bool)
    for _norad, cospar in frag.parents:
        launch |= np.char.startswith(objects["cospar"], cospar[:8])
    return mask | (launch & (objects["kind"] == DEBRIS))


def scene_mask(objects: np.ndarray, scene: Scene) -> np.ndarray | None:
    """The objects a scene highlights, or None when it highlights nothing."""
    if scene.highlight is None:
        return None
    if isinstance(scene.highlight, str):
        return fragment_mask(objects, scene.highlight)
    return np.isin(objects["norad"], list(scene.highlight))
