"""atlas:// links: the addresses of everything a person can look at (see DESIGN.md).

    atlas://event/fy1c-asat-2007        atlas://law/ost/IX        atlas://object/25544
    atlas://lesson/kessler/3            atlas://whatif?pmd=0.9&disposal=5
    atlas://view?date=2009-02-10&camera=leo&color=kind&filter=kind:debris
    atlas://compare?without=fy1c-asat-2007&date=2010-01-01   (the sky with and without an event)

`parse_link` turns text into a `Link` or raises `LinkError` saying what is wrong. Whether the
target exists (an event id, a law article) is checked by the content loaders, which know them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

SCHEME = "atlas"
KINDS = {
    # kind: (minimum path parts, maximum path parts)
    "event": (1, 1),
    "law": (1, 2),
    "object": (1, 1),
    "lesson": (1, 2),
    "whatif": (0, 0),
    "view": (0, 0),
    "compare": (0, 0),
}
CAMERAS = ("leo", "meo", "geo", "system")
COLOURINGS = ("kind", "owner", "regime", "constellation", "event")


class LinkError(ValueError):
    pass


@dataclass(frozen=True)
class Link:
    kind: str
    parts: tuple[str, ...] = ()
    query: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        path = "/".join(quote(p, safe="-._~") for p in self.parts)
        text = f"{SCHEME}://{self.kind}" + (f"/{path}" if path else "")
        if self.query:
            text += "?" + urlencode(self.query)
        return text

    def __hash__(self) -> int:
        return hash((self.kind, self.parts, tuple(sorted(self.query.items()))))


def parse_link(text: str) -> Link:
    text = (text or "").strip()
    parts = urlsplit(text)
    if parts.scheme != SCHEME:
        raise LinkError(f"not an atlas:// link: {text!r}")
    kind = parts.netloc
    if kind not in KINDS:
        raise LinkError(f"unknown link kind {kind!r} in {text!r} (known: {', '.join(KINDS)})")
    path = tuple(p for p in parts.path.split("/") if p)
    lo, hi = KINDS[kind]
    if not lo <= len(path) <= hi:
        raise LinkError(f"{text!r}: atlas://{kind} takes {lo} to {hi} path parts, got {len(path)}")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    link = Link(kind, path, query)
    _check(link, text)
    return link


def _check(link: Link, text: str) -> None:
    if link.kind == "object":
        if not link.parts[0].isdigit() or len(link.parts[0]) > 9:
            raise LinkError(f"{text!r}: a NORAD catalog number is an integer of up to nine digits")
    if link.kind == "lesson" and len(link.parts) == 2 and not link.parts[1].isdigit():
        raise LinkError(f"{text!r}: a lesson step is a number")
    if link.kind == "compare":
        from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS

        unknown = set(link.query) - {"without", "date"}
        if unknown:
            raise LinkError(f"{text!r}: unknown compare parameter(s) {', '.join(sorted(unknown))}")
        ids = [i for i in link.query.get("without", "").split(",") if i]
        if not ids:
            raise LinkError(f"{text!r}: a comparison names the event(s) to leave out: ?without=EVENT_ID[,EVENT_ID]")
        bad = [i for i in ids if i not in FRAGMENTATION_EVENT_IDS]
        if bad:
            raise LinkError(f"{text!r}: {', '.join(bad)} is not a fragmentation event the history can leave out")
    if link.kind in ("view", "compare") and "date" in link.query:
        from atlas.model.timeutil import parse_datetime

        try:
            parse_datetime(link.query["date"])
        except ValueError as exc:
            raise LinkError(f"{text!r}: {exc}") from None
    if link.kind == "view":
        unknown = set(link.query) - {"date", "camera", "color", "filter", "select", "rate"}
        if unknown:
            raise LinkError(f"{text!r}: unknown view parameter(s) {', '.join(sorted(unknown))}")
        if "camera" in link.query and link.query["camera"] not in CAMERAS:
            raise LinkError(f"{text!r}: camera must be one of {', '.join(CAMERAS)}")
        if "color" in link.query and link.query["color"] not in COLOURINGS:
            raise LinkError(f"{text!r}: color must be one of {', '.join(COLOURINGS)}")
        if "filter" in link.query and link.query["filter"]:
            from atlas.model.population import check_filter

            try:
                check_filter(link.query["filter"])
            except ValueError as exc:
                raise LinkError(f"{text!r}: {exc}") from None
        if "rate" in link.query:
            try:
                float(link.query["rate"])
            except ValueError:
                raise LinkError(f"{text!r}: rate must be a number (simulated seconds per second)") from None
