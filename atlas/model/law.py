"""The law library: instruments, articles and annotations from resources/law/*.toml, validated on load.

One TOML file per instrument (the schema is in the law content brief and repeated in short here):
top-level keys `id` (= the file name), `title`, `short_title`, `kind`, `binding`, dates (`adopted`,
`opened_for_signature`, `entry_into_force`, and `other_dates`, an inline table of label -> date),
optional `symbol`, `unts`, `parties` (+ `parties_as_of`, `parties_source`), `official_url`, `summary`,
`article_label`; then `[[source]]` (at least one), `[[article]]` (every article, in order) and
`[[annotation]]` (commentary on one article, each with `[[annotation.source]]`).

Everything a teacher will put in front of a class is checked here, and every failure is a
`ContentError` naming the file and line: required keys, kinds, dates, unique article numbers,
quotations of at most 15 words, https-only URLs, and atlas:// links that parse and, for
atlas://law/..., point at an instrument and article that exist in the library.

The library also indexes which articles and annotations link to a given event (so an article
lists the events that tested it, and an event lists the provisions it tested) and builds an
SQLite FTS5 index for ranked full-text search with highlighted snippets.
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from atlas.model.content import ContentError, TomlDoc
from atlas.model.links import Link, LinkError, parse_link
from atlas.paths import resource

KINDS = (
    "treaty",
    "unga-resolution",
    "copuos-guidelines",
    "technical-standard",
    "national-law",
    "unsc-draft",
    "political-declaration",
    "draft-treaty",
    "draft-law",
)
KIND_LABELS = {
    "treaty": "Treaties",
    "unga-resolution": "UN General Assembly resolutions",
    "copuos-guidelines": "COPUOS guidelines",
    "technical-standard": "Technical standards",
    "national-law": "National laws and rules",
    "unsc-draft": "Security Council drafts",
    "political-declaration": "Political declarations",
    "draft-treaty": "Draft treaties",
    "draft-law": "Draft legislation",
}
DRAFT_KINDS = ("unsc-draft", "draft-treaty", "draft-law")
MAX_QUOTE_WORDS = 15
BINDING_BOOST = 1.25  # search: hard law before soft law saying the same thing

_ID = re.compile(r"^[a-z0-9-]+$")
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
_ATLAS_IN_TEXT = re.compile(r"atlas://[^\s)\]>\"'<]+")
_URL_IN_MD = re.compile(r"\]\((\w+://[^\s)]+)\)|<(\w+://[^\s>]+)>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARKUP = re.compile(r"[*_`#>]+")

_TOP_REQUIRED = ("id", "title", "short_title", "kind", "binding", "official_url", "summary", "article_label")
_TOP_OPTIONAL = (
    "adopted",
    "opened_for_signature",
    "entry_into_force",
    "other_dates",
    "symbol",
    "unts",
    "parties",
    "parties_as_of",
    "parties_source",
    "source",
    "article",
    "annotation",
)
_DATE_KEYS = ("adopted", "opened_for_signature", "entry_into_force")
_ARTICLE_KEYS = {"number", "title", "plain", "quotes", "url", "links"}
_ANNOTATION_KEYS = {"article", "title", "text", "links", "source"}
_SOURCE_KEYS = {"title", "url"}


# --- the data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass
class Article:
    instrument: str  # instrument id
    number: str  # as the instrument numbers it: "IX", "11", "B.4"
    title: str  # our own short label
    plain: str  # plain-language rendering in our own words (Markdown)
    quotes: tuple[str, ...]  # exact operative phrases, each at most 15 words
    url: str  # deep link to the official text (defaults to the instrument's)
    links: tuple[str, ...]  # related atlas:// links

    @property
    def link(self) -> str:
        return f"atlas://law/{self.instrument}/{self.number}"


@dataclass
class Annotation:
    instrument: str
    article: str  # article number
    title: str
    text: str  # Markdown in our own words
    links: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass
class Instrument:
    id: str
    title: str
    short_title: str
    kind: str
    binding: bool
    official_url: str
    summary: str
    article_label: str
    sources: tuple[Source, ...]
    articles: list[Article]
    annotations: list[Annotation]
    path: Path
    adopted: date | None = None
    opened_for_signature: date | None = None
    entry_into_force: date | None = None
    other_dates: dict[str, date] = field(default_factory=dict)
    symbol: str | None = None
    unts: str | None = None
    parties: int | None = None
    parties_as_of: date | None = None
    parties_source: Source | None = None

    @property
    def link(self) -> str:
        return f"atlas://law/{self.id}"

    @property
    def first_date(self) -> date | None:
        """The earliest date the instrument carries: when it first existed as a text."""
        dates = [d for d in (self.adopted, self.opened_for_signature, self.entry_into_force) if d]
        dates += list(self.other_dates.values())
        return min(dates) if dates else None

    def article(self, number: str) -> Article | None:
        """The article with this number; case-insensitive so `law show ost ix` works."""
        key = number.strip().casefold()
        for art in self.articles:
            if art.number.casefold() == key:
                return art
        return None

    def annotations_on(self, number: str) -> list[Annotation]:
        key = number.strip().casefold()
        return [a for a in self.annotations if a.article.casefold() == key]

    def in_force_on(self, day: date | datetime) -> bool:
        """Binding law that has entered into force by `day` (soft law and drafts never are)."""
        day = _as_date(day)
        return self.entry_into_force is not None and self.entry_into_force <= day

    def status_on(self, day: date | datetime) -> str:
        """A short status word for the reader: 'in force', 'adopted', 'signed', 'draft', 'not yet'."""
        day = _as_date(day)
        first = self.first_date
        if first is None or first > day:
            return "not yet"
        if self.in_force_on(day):
            return "in force"
        if self.kind in DRAFT_KINDS:
            return "draft"
        if self.opened_for_signature and self.opened_for_signature <= day and self.binding:
            return "signed"  # open for signature, not yet in force
        return "adopted"


def _as_date(day: date | datetime) -> date:
    return day.date() if isinstance(day, datetime) else day


@dataclass(frozen=True)
class Ref:
    """Where a link was found: an article (annotation None) or an annotation on it."""

    instrument: str
    article: str
    annotation: str | None = None

    @property
    def link(self) -> str:
        return f"atlas://law/{self.instrument}/{self.article}"


@dataclass(frozen=True)
class Hit:
    instrument: str
    article: str
    annotation: str | None  # the annotation's title when the hit is in an annotation
    title: str
    score: float  # higher is better: -bm25, x2 for an exact phrase match, x1.25 for binding law
    snippet: str  # with HIT_OPEN / HIT_CLOSE around each matched term

    def marked(self, open_: str, close: str) -> str:
        return self.snippet.replace(HIT_OPEN, open_).replace(HIT_CLOSE, close)

    def as_json(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "article": self.article,
            "annotation": self.annotation,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.marked("**", "**"),
        }


HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


# --- the library ----------------------------------------------------------------------------
class Library:
    """All instruments, looked up by id, with the event-link index and the search index."""

    def __init__(self, instruments: Iterable[Instrument]):
        self.instruments: dict[str, Instrument] = {i.id: i for i in instruments}
        self._by_link: dict[str, list[Ref]] = {}
        for inst in self.instruments.values():
            for art in inst.articles:
                for link in _all_links(art.links, art.plain):
                    self._by_link.setdefault(link, []).append(Ref(inst.id, art.number))
            for ann in inst.annotations:
                for link in _all_links(ann.links, ann.text):
                    self._by_link.setdefault(link, []).append(Ref(inst.id, ann.article, ann.title))
        self._db: sqlite3.Connection | None = None

    def __iter__(self):
        return iter(self.instruments.values())

    def __len__(self) -> int:
        return len(self.instruments)

    def get(self, instrument: str) -> Instrument | None:
        return self.instruments.get(instrument.strip().lower())

    def resolve(self, link: str | Link) -> tuple[Instrument, Article | None]:
        """atlas://law/<id>[/<article>] -> (instrument, article or None); KeyError if absent."""
        if isinstance(link, str):
            link = parse_link(link)
        if link.kind != "law":
            raise KeyError(f"not a law link: {link}")
        inst = self.get(link.parts[0])
        if inst is None:
            raise KeyError(f"no instrument {link.parts[0]!r}")
        if len(link.parts) == 1:
            return inst, None
        art = inst.article(link.parts[1])
        if art is None:
            raise KeyError(f"{inst.short_title} has no {inst.article_label.lower()} {link.parts[1]!r}")
        return inst, art

    def by_kind(self) -> dict[str, list[Instrument]]:
        """Instruments grouped by kind, in KINDS order, each group by first date."""
        groups: dict[str, list[Instrument]] = {}
        for kind in KINDS:
            members = [i for i in self.instruments.values() if i.kind == kind]
            if members:
                groups[kind] = sorted(members, key=lambda i: (i.first_date or date.max, i.id))
        return groups

    def in_force_on(self, day: date | datetime) -> list[Instrument]:
        return [i for i in self.instruments.values() if i.in_force_on(day)]

    # --- cross-references ---------------------------------------------------------------
    def refs_to(self, link: str) -> list[Ref]:
        """Articles and annotations that link to `link` (e.g. 'atlas://event/fy1c-asat-2007')."""
        return list(self._by_link.get(str(parse_link(link)), []))

    def refs_to_event(self, event_id: str) -> list[Ref]:
        return self.refs_to(f"atlas://event/{event_id}")

    def links_of(self, instrument: str, article: str) -> list[str]:
        """Every atlas:// link made by an article and its annotations, first seen first."""
        inst = self.get(instrument)
        art = inst.article(article) if inst else None
        if art is None:
            return []
        found = list(_all_links(art.links, art.plain))
        for ann in inst.annotations_on(art.number):
            found += _all_links(ann.links, ann.text)
        return list(dict.fromkeys(found))

    def events_of(self, instrument: str, article: str) -> list[str]:
        """Ids of the events an article (or an annotation on it) links to: the events that tested it."""
        return [parse_link(x).parts[0] for x in self.links_of(instrument, article) if x.startswith("atlas://event/")]

    def event_ids(self) -> set[str]:
        """Every event id linked from the law (for the cross-check against the events list)."""
        return {parse_link(k).parts[0] for k in self._by_link if k.startswith("atlas://event/")}

    # --- search -------------------------------------------------------------------------
    def _index(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.execute(
                "CREATE VIRTUAL TABLE law USING fts5("
                "instrument UNINDEXED, article UNINDEXED, annotation UNINDEXED, "
                "title, quotes, body, tokenize='porter unicode61 remove_diacritics 2')"
            )
            rows = []
            for inst in self.instruments.values():
                for art in inst.articles:
                    rows.append((inst.id, art.number, None, art.title, " | ".join(art.quotes), _plain_text(art.plain)))
                for ann in inst.annotations:
                    rows.append((inst.id, ann.article, ann.title, ann.title, "", _plain_text(ann.text)))
            db.executemany("INSERT INTO law VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._db = db
        return self._db

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Ranked hits for the words of `query` (all of them; if none match, any of them).

        Ranking is FTS5's bm25 with titles weighted 4x and quoted operative phrases 6x the
        rendering; rows holding the query as an exact phrase score double, so "harmful
        contamination" puts OST IX, which says exactly that, before texts that merely use both words.
        Binding instruments score a quarter more: where a treaty and a resolution say the same thing
        (OST II and the 1963 Declaration's principle 3), the text that binds comes first.
        """
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        db = self._index()
        phrase = '"' + " ".join(words) + '"'
        hits: list[Hit] = []
        for joiner in (" AND ", " OR "):
            match = joiner.join(f'"{w}"' for w in words)
            cur = db.execute(
                "SELECT instrument, article, annotation, title, bm25(law, 4.0, 6.0, 1.0), "
                f"snippet(law, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 14), "
                "rowid IN (SELECT rowid FROM law WHERE law MATCH ?) "
                "FROM law WHERE law MATCH ? ORDER BY bm25(law, 4.0, 6.0, 1.0) LIMIT ?",
                (phrase, match, max(limit * 3, 30)),
            )
            for inst, art, ann, title, rank, snip, exact in cur:
                weight = (2.0 if exact else 1.0) * (BINDING_BOOST if self.instruments[inst].binding else 1.0)
                hits.append(Hit(inst, art, ann, title, -rank * weight, snip))
            if hits or len(words) == 1:
                break
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


BENCH_QUERIES = ("harmful contamination", "absolutely liable", "national appropriation", "common heritage",
                 "registry", "due regard", "astronauts", "debris", "claims commission", "fault")


def search_ms(library: Library | None = None, rounds: int = 20) -> float:
    """Median wall time of one search, in ms, over BENCH_QUERIES (index already built): for `bench`."""
    lib = library or default_library()
    lib.search("warm up")
    times = []
    for _ in range(rounds):
        for q in BENCH_QUERIES:
            t0 = time.perf_counter()
            lib.search(q)
            times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def _links_in_text(markdown: str) -> list[str]:
    """atlas:// links written in Markdown text (a sentence's closing punctuation is not part of one)."""
    return [m.rstrip(".,;:!?") for m in _ATLAS_IN_TEXT.findall(markdown)]


def _plain_text(markdown: str) -> str:
    """What search indexes: Markdown without link targets or markup, so URLs are not words."""
    return _MD_MARKUP.sub(" ", _MD_LINK.sub(r"\1", markdown))


def _all_links(explicit: Iterable[str], markdown: str) -> list[str]:
    """Normalized atlas:// links: the `links` list plus those written inside the Markdown."""
    out = []
    for text in [*explicit, *_links_in_text(markdown)]:
        try:
            out.append(str(parse_link(text)))
        except LinkError:
            pass  # cannot happen after validation; the loader reports bad links with their line
    return out


# --- loading and validation -----------------------------------------------------------------
def law_dir() -> Path:
    return resource("law")


def load_library(directory: str | Path | None = None) -> Library:
    """Load and validate every resources/law/*.toml (or those in `directory`); ContentError on any fault."""
    directory = Path(directory) if directory is not None else law_dir()
    paths = sorted(directory.glob("*.toml"))
    loaded: list[tuple[Instrument, TomlDoc]] = []
    seen: dict[str, Path] = {}
    for path in paths:
        doc = TomlDoc.load(path)
        inst = _load_instrument(doc)
        if inst.id in seen:
            raise doc.error(f"instrument id {inst.id!r} already used by {seen[inst.id]}", key="id")
        seen[inst.id] = path
        loaded.append((inst, doc))
    library = Library(inst for inst, _ in loaded)
    for inst, doc in loaded:
        _check_law_links(library, inst, doc)
    return library


@lru_cache(maxsize=1)
def default_library() -> Library:
    """The shipped library, loaded once per process (CLI, bench and the reader share it)."""
    return load_library()


class _Checker:
    """Validation helpers bound to one document, so every error carries its file and line."""

    def __init__(self, doc: TomlDoc):
        self.doc = doc

    def fail(self, msg: str, array: str | None = None, index: int = 0, key: str | None = None) -> ContentError:
        return self.doc.error(msg, array, index, key)

    def keys(self, table: dict, allowed: set[str] | tuple, array: str | None, index: int, what: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
                                array, index, key)

    def text(self, table: dict, key: str, array: str | None, index: int, what: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"{what}: missing required key {key!r}", array, index)
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{what}: {key!r} must be non-empty text", array, index, key)
        return value.strip()

    def url(self, value: Any, array: str | None, index: int, key: str, what: str) -> str:
        if not isinstance(value, str) or not value.startswith("https://") or len(value) <= len("https://"):
            raise self.fail(f"{what}: {key!r} must be an https:// URL, got {value!r}", array, index, key)
        return value

    def date(self, value: Any, array: str | None, index: int, key: str) -> date:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(f"{key!r} must be a TOML date like 1967-10-10 (no quotes), got {value!r}",
                            array, index, key)
        return value

    def source(self, value: Any, line_array: str | None, line_index: int, line_key: str | None, what: str) -> Source:
        if not isinstance(value, dict):
            raise self.fail(f"{what}: a source is a table with title and url", line_array, line_index, line_key)
        unknown = set(value) - _SOURCE_KEYS
        if unknown:
            raise self.fail(f"{what}: unknown source key(s) {', '.join(sorted(unknown))}", line_array, line_index,
                            line_key)
        title = value.get("title")
        if not isinstance(title, str) or not title.strip():
            raise self.fail(f"{what}: source needs a non-empty title", line_array, line_index, line_key)
        url = value.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            raise self.fail(f"{what}: source url must be https://, got {url!r}", line_array, line_index, line_key)
        return Source(title.strip(), url)

    def links(self, table: dict, array: str, index: int, what: str) -> tuple[str, ...]:
        value = table.get("links", [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise self.fail(f"{what}: 'links' must be a list of atlas:// links", array, index, "links")
        for text in value:
            self.atlas_link(text, array, index, "links", what)
        return tuple(value)

    def atlas_link(self, text: str, array: str | None, index: int, key: str, what: str) -> Link:
        try:
            return parse_link(text)
        except LinkError as exc:
            raise ContentError(self.doc.path, self.line_of(text, array, index, key), f"{what}: {exc}") from None

    def markdown(self, text: str, array: str | None, index: int, key: str, what: str) -> None:
        """Links written inside Markdown must parse (atlas://) or be https (web)."""
        for link in _links_in_text(text):
            self.atlas_link(link, array, index, key, what)
        for m in _URL_IN_MD.finditer(text):
            url = m.group(1) or m.group(2)
            if not url.startswith(("https://", "atlas://")):
                raise ContentError(self.doc.path, self.line_of(url, array, index, key),
                                   f"{what}: web links must be https://, got {url!r}")

    def line_of(self, needle: str, array: str | None, index: int, key: str) -> int | None:
        """The line where `needle` first appears inside the entry (else the key's line)."""
        start = self.doc.entry_line(array, index) if array else 1
        lines = self.doc.text.splitlines()
        if start:
            for no in range(start - 1, len(lines)):
                if needle in lines[no]:
                    return no + 1
        return self.doc.key_line(array, index, key)


def _load_instrument(doc: TomlDoc) -> Instrument:
    data = doc.data
    c = _Checker(doc)
    c.keys(data, set(_TOP_REQUIRED) | set(_TOP_OPTIONAL), None, 0, "the instrument")
    for key in _TOP_REQUIRED:
        if key not in data:
            raise ContentError(doc.path, 1, f"missing required key {key!r}")
    ident = c.text(data, "id", None, 0, "instrument")
    if not _ID.match(ident):
        raise c.fail(f"id {ident!r} must be lower-case letters, digits and '-'", key="id")
    if ident != doc.path.stem:
        raise c.fail(f"id {ident!r} must match the file name ({doc.path.stem}.toml)", key="id")
    kind = data["kind"]
    if kind not in KINDS:
        raise c.fail(f"kind {kind!r} is not one of: {', '.join(KINDS)}", key="kind")
    if not isinstance(data["binding"], bool):
        raise c.fail("'binding' must be true or false", key="binding")
    dates = {k: c.date(data[k], None, 0, k) for k in _DATE_KEYS if k in data}
    other = data.get("other_dates", {})
    if not isinstance(other, dict):
        raise c.fail("'other_dates' must be a table of label = date", key="other_dates")
    other_dates = {label: c.date(v, None, 0, "other_dates") for label, v in other.items()}
    if not dates and not other_dates:
        raise ContentError(doc.path, 1, "an instrument needs at least one date (adopted, opened_for_signature, "
                                        "entry_into_force or other_dates)")
    if "entry_into_force" in dates:
        for earlier in ("adopted", "opened_for_signature"):
            if earlier in dates and dates[earlier] > dates["entry_into_force"]:
                raise c.fail(f"entry_into_force is before {earlier}", key="entry_into_force")

    parties = data.get("parties")
    parties_as_of = parties_source = None
    if parties is not None:
        if not isinstance(parties, int) or isinstance(parties, bool) or parties < 0:
            raise c.fail("'parties' must be a whole number", key="parties")
        if "parties_as_of" not in data or "parties_source" not in data:
            raise c.fail("'parties' needs 'parties_as_of' (a date) and 'parties_source' (title, url)", key="parties")
        parties_as_of = c.date(data["parties_as_of"], None, 0, "parties_as_of")
        parties_source = c.source(data["parties_source"], None, 0, "parties_source", "parties_source")
    elif "parties_as_of" in data or "parties_source" in data:
        raise c.fail("'parties_as_of' / 'parties_source' given without 'parties'", key="parties_as_of")

    official_url = c.url(data["official_url"], None, 0, "official_url", "instrument")
    sources_raw = data.get("source", [])
    if not isinstance(sources_raw, list) or not sources_raw:
        raise ContentError(doc.path, 1, "an instrument needs at least one [[source]] (title, url)")
    sources = tuple(c.source(s, "source", i, None, f"source {i + 1}") for i, s in enumerate(sources_raw))
    summary = c.text(data, "summary", None, 0, "instrument")
    c.markdown(summary, None, 0, "summary", "summary")

    articles = _load_articles(c, ident, official_url)
    annotations = _load_annotations(c, ident, {a.number for a in articles})
    return Instrument(
        id=ident,
        title=c.text(data, "title", None, 0, "instrument"),
        short_title=c.text(data, "short_title", None, 0, "instrument"),
        kind=kind,
        binding=data["binding"],
        official_url=official_url,
        summary=summary,
        article_label=c.text(data, "article_label", None, 0, "instrument"),
        sources=sources,
        articles=articles,
        annotations=annotations,
        path=doc.path,
        other_dates=other_dates,
        symbol=c.text(data, "symbol", None, 0, "instrument", required=False),
        unts=c.text(data, "unts", None, 0, "instrument", required=False),
        parties=parties,
        parties_as_of=parties_as_of,
        parties_source=parties_source,
        **dates,
    )


def _load_articles(c: _Checker, ident: str, official_url: str) -> list[Article]:
    raw = c.doc.data.get("article", [])
    if not isinstance(raw, list) or not raw:
        raise ContentError(c.doc.path, 1, "an instrument needs its [[article]] entries")
    articles: list[Article] = []
    numbers: dict[str, int] = {}
    for i, entry in enumerate(raw):
        what = f"article {i + 1}"
        c.keys(entry, _ARTICLE_KEYS, "article", i, what)
        number = entry.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        if not isinstance(number, str) or not _NUMBER.match(number):
            raise c.fail(f"{what}: 'number' must be like \"IX\", \"11\" or \"B.4\", got {number!r}", "article", i,
                         "number")
        what = f"article {number}"
        if number.casefold() in numbers:
            raise c.fail(f"article number {number!r} repeats the one at entry {numbers[number.casefold()] + 1}",
                         "article", i, "number")
        numbers[number.casefold()] = i
        plain = c.text(entry, "plain", "article", i, what)
        c.markdown(plain, "article", i, "plain", what)
        quotes = entry.get("quotes", [])
        if not isinstance(quotes, list):
            raise c.fail(f"{what}: 'quotes' must be a list of short exact phrases", "article", i, "quotes")
        for q in quotes:
            if not isinstance(q, str) or not q.strip():
                raise c.fail(f"{what}: a quotation is empty", "article", i, "quotes")
            n = len(q.split())
            if n > MAX_QUOTE_WORDS:
                raise ContentError(c.doc.path, c.line_of(q, "article", i, "quotes"),
                                   f"{what}: quotation has {n} words, at most {MAX_QUOTE_WORDS}: {q!r}")
        url = c.url(entry["url"], "article", i, "url", what) if "url" in entry else official_url
        articles.append(Article(
            instrument=ident,
            number=number,
            title=c.text(entry, "title", "article", i, what),
            plain=plain,
            quotes=tuple(q.strip() for q in quotes),
            url=url,
            links=c.links(entry, "article", i, what),
        ))
    return articles


def _load_annotations(c: _Checker, ident: str, numbers: set[str]) -> list[Annotation]:
    raw = c.doc.data.get("annotation", [])
    if not isinstance(raw, list):
        raise c.fail("'annotation' must be [[annotation]] tables", key="annotation")
    # [[annotation.source]] headers are numbered across the whole file, so count them globally
    header_sources = sum(1 for line in c.doc.text.splitlines() if re.match(r"^\s*\[\[\s*annotation\.source\s*\]\]",
                                                                            line))
    total_sources = sum(len(a.get("source", [])) for a in raw if isinstance(a.get("source", []), list))
    use_headers = header_sources == total_sources
    by_casefold = {n.casefold(): n for n in numbers}
    annotations: list[Annotation] = []
    global_source = 0
    for i, entry in enumerate(raw):
        what = f"annotation {i + 1}"
        c.keys(entry, _ANNOTATION_KEYS, "annotation", i, what)
        article = entry.get("article")
        if isinstance(article, int) and not isinstance(article, bool):
            article = str(article)
        if not isinstance(article, str) or article.casefold() not in by_casefold:
            raise c.fail(f"{what}: names article {article!r}, which this instrument does not have", "annotation", i,
                         "article")
        title = c.text(entry, "title", "annotation", i, what)
        what = f"annotation {title!r}"
        text = c.text(entry, "text", "annotation", i, what)
        c.markdown(text, "annotation", i, "text", what)
        raw_sources = entry.get("source", [])
        if not isinstance(raw_sources, list) or not raw_sources:
            raise c.fail(f"{what}: needs at least one [[annotation.source]] (title, url)", "annotation", i)
        sources = []
        for s in raw_sources:
            if use_headers:
                sources.append(c.source(s, "annotation.source", global_source, None, what))
            else:
                sources.append(c.source(s, "annotation", i, "source", what))
            global_source += 1
        annotations.append(Annotation(
            instrument=ident,
            article=by_casefold[article.casefold()],
            title=title,
            text=text,
            links=c.links(entry, "annotation", i, what),
            sources=tuple(sources),
        ))
    return annotations


def _check_law_links(library: Library, inst: Instrument, doc: TomlDoc) -> None:
    """Every atlas://law/<id>[/<article>] link must name an instrument and article that exist."""
    c = _Checker(doc)

    def check(texts: Iterable[str], array: str | None, index: int, key: str, what: str) -> None:
        for text in texts:
            link = parse_link(text)
            if link.kind != "law":
                continue
            try:
                library.resolve(link)
            except KeyError as exc:
                raise ContentError(doc.path, c.line_of(text, array, index, key),
                                   f"{what}: broken link {text}: {exc.args[0]}") from None

    check(_links_in_text(inst.summary), None, 0, "summary", "summary")
    for i, art in enumerate(inst.articles):
        what = f"article {art.number}"
        check(art.links, "article", i, "links", what)
        check(_links_in_text(art.plain), "article", i, "plain", what)
    for i, ann in enumerate(inst.annotations):
        what = f"annotation {ann.title!r}"
        check(ann.links, "annotation", i, "links", what)
        check(_links_in_text(ann.text), "annotation", i, "text", what)
