"""The facts behind the modeled history, read from resources/history/*.toml and validated.

Numbers live in data files so that a teacher (or a reviewer) can see where each one comes from: every
entry names a source id from sources.toml. Any problem is a ContentError with file and line.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atlas.model.content import ContentError, TomlDoc
from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS
from atlas.model.population import CONSTELLATION_KEYS, KIND_KEYS
from atlas.paths import resource

FILES = ("sources.toml", "decay.toml", "launches.toml", "constellations.toml", "events.toml", "named.toml")
PAYLOAD_CLASSES = ("leo-low", "leo-mid", "leo-high", "meo", "molniya")  # classes that anchors share out


def history_dir() -> Path:
    return resource("history")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    internal: bool


@dataclass(frozen=True)
class OrbitClass:
    key: str
    perigee_km: tuple[float, float]
    apogee_km: tuple[float, float]
    inclinations: tuple[float, ...]
    weights: tuple[float, ...]
    bc: tuple[float, float]
    lifetime_years: tuple[float, float] | None


@dataclass(frozen=True)
class Anchor:
    year: int
    payloads: float
    shares: dict[str, float]
    rocket_bodies_per_payload: float
    mission_debris_per_payload: float
    breakup_fragments: float
    owners: dict[str, float]


@dataclass(frozen=True)
class Shell:
    altitude_km: float
    inclination: float
    share: float


@dataclass(frozen=True)
class Constellation:
    key: str
    name: str
    owner: str
    payloads_per_launch: float
    rocket_bodies_per_launch: int
    rocket_body_orbit: str
    design_life_years: float
    disposal: float
    deploy: tuple[tuple[int, int], ...]
    shells: tuple[Shell, ...]


@dataclass(frozen=True)
class Cloud:
    parent: str
    norad: int | None
    designator: str
    piece: str
    owner: str
    parent_launch: _dt.date
    perigee_km: float
    apogee_km: float
    inclination: float
    mass_kg: float
    fragments: int
    kind: int


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    date: _dt.date
    kind: str
    dv_median_m_s: float
    dv_sigma: float
    am_median: float
    am_sigma: float
    catalog_lag_days: float
    clouds: tuple[Cloud, ...]


@dataclass(frozen=True)
class Named:
    """A real object with its real catalog number (named.toml); `event` links it to the debris cloud it
    is the parent of, `destroyed` says it kept its orbit until a deliberate destruction on `decay`."""

    norad: int
    name: str
    cospar: str
    kind: int
    owner: str
    launch: _dt.date
    decay: _dt.date | None
    destroyed: bool
    event: str | None
    perigee_km: float
    apogee_km: float
    inclination: float


@dataclass(frozen=True)
class DecayFacts:
    reference_bc: float
    reentry_altitude_km: float
    scale_height_km: float
    solar_sensitivity: float
    lifetime_alt_km: tuple[float, ...]
    lifetime_years: tuple[float, ...]
    cycles: tuple[tuple[float, float, float], ...]  # (minimum, maximum, peak SSN), by start
    future_length: float
    future_rise: float
    future_peak: float


@dataclass(frozen=True)
class Facts:
    sources: dict[str, Source]
    decay: DecayFacts
    classes: dict[str, OrbitClass]
    anchors: tuple[Anchor, ...]
    last_year: int
    last_year_fraction: float
    breakup: dict[str, float]
    constellations: tuple[Constellation, ...]
    events: tuple[Event, ...]
    named: tuple[Named, ...]
    complete_years: tuple[int, ...]  # launch years whose whole catalog is in named.toml (no background)
    digest: str  # sha256 of the files, for cache keys


class _Reader:
    """Typed access to one TOML document; every failure names the file and line."""

    def __init__(self, doc: TomlDoc, sources: set[str] | None):
        self.doc = doc
        self.sources = sources

    def table(self, array: str | None, index: int) -> dict[str, Any]:
        return self.doc.data if array is None else self.doc.data[array][index]

    def get(self, array: str | None, index: int, key: str, types: type | tuple, *, table=None, default=...) -> Any:
        t = self.table(array, index) if table is None else table
        if key not in t:
            if default is not ...:
                return default
            raise self.doc.error(f"missing key {key!r}", array, index, key if array is None else None)
        value = t[key]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise self.doc.error(f"{key} must be {self._name(types)}, not a boolean", array, index, key)
        if not isinstance(value, types):
            raise self.doc.error(f"{key} must be {self._name(types)}, got {value!r}", array, index, key)
        return value

    @staticmethod
    def _name(types) -> str:
        types = types if isinstance(types, tuple) else (types,)
        return " or ".join(t.__name__ for t in types)

    def number(self, array, index, key, *, lo=None, hi=None, table=None, default=...) -> float:
        v = self.get(array, index, key, (int, float), table=table, default=default)
        if lo is not None and v < lo or hi is not None and v > hi:
            raise self.doc.error(f"{key} = {v} is outside [{lo}, {hi}]", array, index, key)
        return float(v)

    def pair(self, array, index, key, *, lo=0.0) -> tuple[float, float]:
        v = self.get(array, index, key, list)
        if len(v) != 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
            raise self.doc.error(f"{key} must be [low, high] numbers", array, index, key)
        if not lo <= v[0] <= v[1]:
            raise self.doc.error(f"{key} must satisfy {lo} <= low <= high, got {v}", array, index, key)
        return float(v[0]), float(v[1])

    def source(self, array, index) -> None:
        """Every entry that carries numbers must name a known source."""
        src = self.get(array, index, "source", str)
        if self.sources is not None and src not in self.sources:
            raise self.doc.error(f"unknown source {src!r} (define it in sources.toml)", array, index, "source")

    def entries(self, array: str) -> list[dict[str, Any]]:
        v = self.doc.data.get(array, [])
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise self.doc.error(f"{array} must be an array of tables ([[{array}]])")
        return v


def _load_sources(doc: TomlDoc) -> dict[str, Source]:
    r = _Reader(doc, None)
    out: dict[str, Source] = {}
    for i, _ in enumerate(r.entries("source")):
        sid = r.get("source", i, "id", str)
        title = r.get("source", i, "title", str)
        url = r.get("source", i, "url", str)
        internal = r.get("source", i, "internal", bool, default=False)
        if not internal and not url.startswith(("https://", "http://")):
            raise doc.error("url must be an http(s) address (or mark the source internal = true)", "source", i, "url")
        if sid in out:
            raise doc.error(f"duplicate source id {sid!r}", "source", i, "id")
        out[sid] = Source(sid, title, url, internal)
    return out


def _load_decay(doc: TomlDoc, sources: set[str]) -> DecayFacts:
    r = _Reader(doc, sources)
    r.source(None, 0)
    alts, years = [], []
    for i, _ in enumerate(r.entries("lifetime")):
        r.source("lifetime", i)
        alts.append(r.number("lifetime", i, "altitude_km", lo=100, hi=50000))
        years.append(r.number("lifetime", i, "years", lo=1e-6))
        if i and (alts[-1] <= alts[-2] or years[-1] <= years[-2]):
            raise doc.error("lifetime rows must increase in altitude and in years", "lifetime", i, "altitude_km")
    if len(alts) < 2:
        raise doc.error("need at least two [[lifetime]] rows")
    cycles = []
    for i, _ in enumerate(r.entries("solar_cycle")):
        r.source("solar_cycle", i)
        mn = r.number("solar_cycle", i, "minimum", lo=1900, hi=2100)
        mx = r.number("solar_cycle", i, "maximum", lo=1900, hi=2100)
        pk = r.number("solar_cycle", i, "peak_ssn", lo=1, hi=500)
        if mx <= mn or cycles and mn <= cycles[-1][1]:
            raise doc.error("cycles must be in order, each maximum after its minimum", "solar_cycle", i, "maximum")
        cycles.append((mn, mx, pk))
    if not cycles:
        raise doc.error("need at least one [[solar_cycle]]")
    fut = doc.data.get("future_cycle")
    if not isinstance(fut, dict):
        raise doc.error("missing [future_cycle] table")
    length = r.number(None, 0, "length_years", lo=5, hi=20, table=fut)
    return DecayFacts(
        reference_bc=r.number(None, 0, "reference_bc", lo=1e-4, hi=1.0),
        reentry_altitude_km=r.number(None, 0, "reentry_altitude_km", lo=80, hi=300),
        scale_height_km=r.number(None, 0, "scale_height_km", lo=10, hi=500),
        solar_sensitivity=r.number(None, 0, "solar_sensitivity", lo=0, hi=0.1),
        lifetime_alt_km=tuple(alts),
        lifetime_years=tuple(years),
        cycles=tuple(cycles),
        future_length=length,
        future_rise=r.number(None, 0, "rise_years", lo=1, hi=length - 1, table=fut),
        future_peak=r.number(None, 0, "peak_ssn", lo=1, hi=500, table=fut),
    )


def _load_launches(doc: TomlDoc, sources: set[str]):
    r = _Reader(doc, sources)
    r.source(None, 0)
    classes: dict[str, OrbitClass] = {}
    for i, _ in enumerate(r.entries("orbit_class")):
        r.source("orbit_class", i)
        key = r.get("orbit_class", i, "key", str)
        incl = r.get("orbit_class", i, "inclinations", list)
        w = r.get("orbit_class", i, "weights", list)
        if not incl or len(incl) != len(w) or not all(isinstance(x, (int, float)) for x in incl + w):
            raise doc.error("inclinations and weights must be equally long lists of numbers", "orbit_class", i, "weights")
        life = r.pair("orbit_class", i, "lifetime_years") if "lifetime_years" in r.table("orbit_class", i) else None
        classes[key] = OrbitClass(
            key,
            r.pair("orbit_class", i, "perigee_km", lo=100),
            r.pair("orbit_class", i, "apogee_km", lo=100),
            tuple(float(x) for x in incl),
            tuple(float(x) for x in w),
            r.pair("orbit_class", i, "bc", lo=1e-5),
            life,
        )
    missing = [k for k in (*PAYLOAD_CLASSES, "gto", "fragments") if k not in classes]
    if missing:
        raise doc.error(f"missing orbit classes: {', '.join(missing)}")
    anchors: list[Anchor] = []
    for i, _ in enumerate(r.entries("anchor")):
        r.source("anchor", i)
        year = int(r.number("anchor", i, "year", lo=1957, hi=2100))
        if anchors and year <= anchors[-1].year:
            raise doc.error("anchor years must increase", "anchor", i, "year")
        shares = r.get("anchor", i, "shares", dict)
        if set(shares) != set(PAYLOAD_CLASSES) or abs(sum(shares.values()) - 1.0) > 1e-6:
            raise doc.error(f"shares must give {', '.join(PAYLOAD_CLASSES)} and sum to 1", "anchor", i, "shares")
        owners = r.get("anchor", i, "owners", dict)
        if not owners or abs(sum(owners.values()) - 1.0) > 1e-6:
            raise doc.error("owners must sum to 1", "anchor", i, "owners")
        anchors.append(
            Anchor(
                year,
                r.number("anchor", i, "payloads", lo=0),
                {k: float(v) for k, v in shares.items()},
                r.number("anchor", i, "rocket_bodies_per_payload", lo=0, hi=5),
                r.number("anchor", i, "mission_debris_per_payload", lo=0, hi=20),
                r.number("anchor", i, "breakup_fragments", lo=0),
                {k: float(v) for k, v in owners.items()},
            )
        )
    if not anchors or anchors[0].year != 1957:
        raise doc.error("the first [[anchor]] must be year = 1957")
    last_year = int(r.number(None, 0, "last_year", lo=anchors[-1].year, hi=anchors[-1].year))
    breakup = {
        k: r.number(None, 0, k, lo=0)
        for k in (
            "breakup_dv_median_m_s", "breakup_dv_sigma", "breakup_am_median", "breakup_am_sigma", "breakup_size",
            "breakup_high_share",
        )
    }
    return classes, tuple(anchors), last_year, r.number(None, 0, "last_year_fraction", lo=0.01, hi=1.0), breakup


def _load_constellations(doc: TomlDoc, sources: set[str], classes: dict[str, OrbitClass]) -> tuple[Constellation, ...]:
    r = _Reader(doc, sources)
    out: list[Constellation] = []
    for i, c in enumerate(r.entries("constellation")):
        r.source("constellation", i)
        key = r.get("constellation", i, "key", str)
        if key not in CONSTELLATION_KEYS and key != "geo-belt":
            raise doc.error(f"unknown constellation key {key!r}", "constellation", i, "key")
        rb_orbit = r.get("constellation", i, "rocket_body_orbit", str)
        if rb_orbit not in ("none", "shell") and rb_orbit not in classes:
            raise doc.error(f"rocket_body_orbit {rb_orbit!r} is not none, shell or an orbit class", "constellation", i, "rocket_body_orbit")
        deploy = r.get("constellation", i, "deploy", list)
        if not all(isinstance(d, list) and len(d) == 2 and all(isinstance(x, int) for x in d) and d[1] >= 0 for d in deploy):
            raise doc.error("deploy must be a list of [year, count] integer pairs", "constellation", i, "deploy")
        years = [d[0] for d in deploy]
        if years != sorted(set(years)) or years and years[0] < 1957:
            raise doc.error("deploy years must be increasing, from 1957 on", "constellation", i, "deploy")
        shells = []
        for s in c.get("shell", []):
            shells.append(
                Shell(
                    r.number("constellation", i, "altitude_km", lo=150, hi=100000, table=s),
                    r.number("constellation", i, "inclination", lo=0, hi=180, table=s),
                    r.number("constellation", i, "share", lo=0, hi=1, table=s),
                )
            )
        if not shells or abs(sum(s.share for s in shells) - 1.0) > 1e-6:
            raise doc.error("shells ([[constellation.shell]]) must exist and their shares sum to 1", "constellation", i)
        out.append(
            Constellation(
                key,
                r.get("constellation", i, "name", str),
                r.get("constellation", i, "owner", str),
                r.number("constellation", i, "payloads_per_launch", lo=1),
                int(r.number("constellation", i, "rocket_bodies_per_launch", lo=0, hi=3)),
                rb_orbit,
                r.number("constellation", i, "design_life_years", lo=0.1),
                r.number("constellation", i, "disposal", lo=0, hi=1),
                tuple((int(y), int(n)) for y, n in deploy),
                tuple(shells),
            )
        )
    return tuple(out)


def _load_events(doc: TomlDoc, sources: set[str]) -> tuple[Event, ...]:
    r = _Reader(doc, sources)
    out: list[Event] = []
    for i, e in enumerate(r.entries("event")):
        r.source("event", i)
        eid = r.get("event", i, "id", str)
        if eid not in FRAGMENTATION_EVENT_IDS:
            raise doc.error(f"event id {eid!r} is not in atlas.model.events_ids.FRAGMENTATION_EVENT_IDS", "event", i, "id")
        if any(ev.id == eid for ev in out):
            raise doc.error(f"duplicate event id {eid!r}", "event", i, "id")
        date = r.get("event", i, "date", _dt.date)
        clouds = []
        for c in e.get("cloud", []):
            if c.get("source") not in sources:
                raise doc.error(f"cloud of {eid}: unknown or missing source {c.get('source')!r}", "event", i)
            kind = c.get("kind", "payload")
            if kind not in KIND_KEYS:
                raise doc.error(f"cloud of {eid}: kind must be one of {', '.join(KIND_KEYS)}", "event", i)
            launch = r.get("event", i, "parent_launch", _dt.date, table=c)
            if launch > date:
                raise doc.error(f"cloud of {eid}: parent_launch is after the event date", "event", i)
            hp = r.number("event", i, "perigee_km", lo=100, hi=50000, table=c)
            ha = r.number("event", i, "apogee_km", lo=hp, hi=100000, table=c)
            clouds.append(
                Cloud(
                    r.get("event", i, "parent", str, table=c),
                    int(r.number("event", i, "norad", lo=1, table=c)) if "norad" in c else None,
                    r.get("event", i, "designator", str, table=c),
                    r.get("event", i, "piece", str, table=c, default=""),
                    r.get("event", i, "owner", str, table=c),
                    launch,
                    hp,
                    ha,
                    r.number("event", i, "inclination", lo=0, hi=180, table=c),
                    r.number("event", i, "mass_kg", lo=1, table=c),
                    int(r.number("event", i, "fragments", lo=1, hi=100000, table=c)),
                    KIND_KEYS.index(kind),
                )
            )
        if not clouds:
            raise doc.error(f"event {eid} has no [[event.cloud]]", "event", i)
        out.append(
            Event(
                eid,
                r.get("event", i, "name", str),
                date,
                r.get("event", i, "kind", str),
                r.number("event", i, "dv_median_m_s", lo=1, hi=2000),
                r.number("event", i, "dv_sigma", lo=0, hi=3),
                r.number("event", i, "am_median", lo=1e-4, hi=10),
                r.number("event", i, "am_sigma", lo=0, hi=3),
                r.number("event", i, "catalog_lag_days", lo=0, hi=3650, default=0.0),
                tuple(clouds),
            )
        )
    return tuple(out)


def _load_named(doc: TomlDoc, sources: set[str], events: tuple[Event, ...]) -> tuple[tuple[Named, ...], tuple[int, ...]]:
    r = _Reader(doc, sources)
    r.source(None, 0)
    years = r.get(None, 0, "complete_years", list, default=[])
    if not all(isinstance(y, int) and not isinstance(y, bool) and 1957 <= y <= 2100 for y in years):
        raise doc.error("complete_years must be a list of years (1957 or later)", None, 0, "complete_years")
    clouds = {(ev.id, cl.norad): (ev, cl) for ev in events for cl in ev.clouds}
    out: list[Named] = []
    for i, _ in enumerate(r.entries("object")):
        r.source("object", i)
        norad = int(r.number("object", i, "norad", lo=1, hi=999_999))
        if any(o.norad == norad for o in out):
            raise doc.error(f"duplicate norad {norad}", "object", i, "norad")
        cospar = r.get("object", i, "cospar", str)
        if len(cospar) < 9 or not (cospar[:4].isdigit() and cospar[4] == "-" and cospar[5:8].isdigit() and cospar[8:].isalpha()):
            raise doc.error(f"cospar must look like 1957-001B, got {cospar!r}", "object", i, "cospar")
        kind = r.get("object", i, "kind", str)
        if kind not in ("payload", "rocket_body"):
            raise doc.error(f"kind must be payload or rocket_body, got {kind!r}", "object", i, "kind")
        launch = r.get("object", i, "launch", _dt.date)
        if launch.year != int(cospar[:4]) or launch < _dt.date(1957, 10, 4):
            raise doc.error(f"launch {launch} does not fit the designator {cospar}", "object", i, "launch")
        decay = r.get("object", i, "decay", _dt.date, default=None)
        if decay is not None and decay <= launch:
            raise doc.error("decay must be after launch", "object", i, "decay")
        destroyed = r.get("object", i, "destroyed", bool, default=False)
        if destroyed and decay is None:
            raise doc.error("destroyed = true needs the decay date (the day of the destruction)", "object", i, "destroyed")
        hp = r.number("object", i, "perigee_km", lo=100, hi=100_000)
        ha = r.number("object", i, "apogee_km", lo=hp, hi=500_000)
        event = r.get("object", i, "event", str, default=None)
        if event is not None:
            ev, cl = clouds.get((event, norad), (None, None))
            if cl is None:
                raise doc.error(f"events.toml has no cloud of {event!r} with parent norad = {norad}", "object", i, "event")
            for key, mine, theirs in (
                ("cospar", cospar, cl.designator + cl.piece), ("launch", launch, cl.parent_launch), ("decay", decay, ev.date),
            ):
                if mine != theirs:
                    raise doc.error(f"{key} = {mine} does not match its cloud of {event} in events.toml ({theirs})", "object", i, key)
        out.append(
            Named(
                norad, r.get("object", i, "name", str), cospar, KIND_KEYS.index(kind), r.get("object", i, "owner", str),
                launch, decay, destroyed, event, hp, ha, r.number("object", i, "inclination", lo=0, hi=180),
            )
        )
    return tuple(out), tuple(sorted(set(years)))


def load_facts(folder: str | Path | None = None) -> Facts:
    """Read and validate all history facts (ContentError with file:line on any problem)."""
    folder = Path(folder) if folder is not None else history_dir()
    docs = {name: TomlDoc.load(folder / name) for name in FILES}
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode() + b"\0" + docs[name].text.encode("utf-8") + b"\0")
    sources = _load_sources(docs["sources.toml"])
    ids = set(sources)
    decay = _load_decay(docs["decay.toml"], ids)
    classes, anchors, last_year, last_frac, breakup = _load_launches(docs["launches.toml"], ids)
    events = _load_events(docs["events.toml"], ids)
    named, complete_years = _load_named(docs["named.toml"], ids, events)
    return Facts(
        sources=sources,
        decay=decay,
        classes=classes,
        anchors=anchors,
        last_year=last_year,
        last_year_fraction=last_frac,
        breakup=breakup,
        constellations=_load_constellations(docs["constellations.toml"], ids, classes),
        events=events,
        named=named,
        complete_years=complete_years,
        digest=digest.hexdigest(),
    )


__all__ = ["ContentError", "Facts", "load_facts", "history_dir"]
