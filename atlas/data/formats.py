"""Reading catalog files (OMM CSV, OMM JSON, TLE, 3LE; CelesTrak SATCAT CSV) into population rows.

Why our own reader rather than sgp4's: a student's download may be cut short or corrupted,
and the atlas must say which line of which file is wrong while still loading every good
record around it. `read_file` detects the format from the content, not the extension, and
returns a `ParsedFile`: the rows (POPULATION_DTYPE, derived fields filled) and the refusals,
each `{"file", "line", "reason"}` with a 1-based line number. A SATCAT (told by its header) carries
no elements but launch and decay dates and apogee/perigee/inclination: atlas.data.satcat reads it.

Elements are kept exactly as the file carries them (TLE implied-decimal fields decoded):
mean motion in rev/day (Kozai), angles in degrees, ndot in rev/day^2 (the TLE's
"first derivative / 2"), nddot in rev/day^3 ("second derivative / 6"), B* in 1/earth radii.
`format_tle` writes the same fields back as two checksummed TLE lines.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from atlas.model.population import (
    CONSTELLATIONS,
    SRC_ELEMENTS,
    constellation_of,
    empty,
    fill_derived,
    kind_from_name,
)

FORMAT_LABELS = {"omm-csv": "OMM CSV", "omm-json": "OMM JSON", "tle": "TLE", "3le": "3LE", "satcat": "SATCAT CSV"}
TLE_LINE_LENGTH = 69
MAX_NORAD = 999_999_999  # OMM carries up to nine digits
TRUNCATED = "file ends mid-record (truncated download?)"

# The element columns every reader fills, in POPULATION_DTYPE units.
ELEMENT_FIELDS = ("mean_motion", "ecc", "incl", "raan", "argp", "mean_anomaly", "bstar", "ndot", "nddot")


class FormatError(ValueError):
    """The whole file is unusable (unreadable, binary, or no known catalog format)."""


@dataclass
class ParsedFile:
    path: str
    format: str  # a key of FORMAT_LABELS
    rows: np.ndarray
    refused: list[dict] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.format]


# ----------------------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------------------
def read_file(path: str | Path) -> ParsedFile:
    """Read one catalog file of any supported format; raises FormatError if it is unusable."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FormatError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    return read_text(decode(raw, name), name)


def decode(raw: bytes, name: str) -> str:
    """Bytes to text. Element files are ASCII; Latin-1 is accepted for odd object names."""
    if b"\x00" in raw[:4096]:
        raise FormatError(f"{name}: a binary file, not a text catalog (compressed? unpack it first)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def detect_format(text: str) -> str | None:
    """'omm-json', 'omm-csv', 'satcat', 'tle' or '3le' from the content, or None."""
    from atlas.data.satcat import is_satcat_header

    head = text.lstrip()
    if head.startswith(("[", "{")):
        return "omm-json"
    first = head.split("\n", 1)[0]
    if first.count(",") >= 3:
        return "satcat" if is_satcat_header(first) else "omm-csv"
    kinds = {_line_kind(line) for line in text.split("\n") if line.strip()}
    if not kinds & {"1", "2"}:
        return None
    return "3le" if "name" in kinds else "tle"


def read_text(text: str, name: str = "<text>") -> ParsedFile:
    fmt = detect_format(text)
    if fmt is None:
        if text.lstrip().startswith("<"):
            raise FormatError(f"{name}: OMM XML is not supported; download the CSV or JSON form instead")
        raise FormatError(
            f"{name}: not a recognised catalog format (expected OMM CSV, OMM JSON, TLE, 3LE or a CelesTrak SATCAT CSV)"
        )
    if fmt == "satcat":
        rows, refused = _read_satcat(text, name)
    elif fmt == "omm-json":
        rows, refused = _read_omm_json(text, name)
    elif fmt == "omm-csv":
        rows, refused = _read_omm_csv(text, name)
    else:
        rows, refused = _read_tle(text, name)
    refused.sort(key=lambda r: r["line"])
    return ParsedFile(name, fmt, rows, refused)


# ----------------------------------------------------------------------------------------
# Shared: range checks and assembling rows
# ----------------------------------------------------------------------------------------
def _digits(s: str) -> bool:
    """ASCII digits only (str.isdigit also accepts '²' and other scripts, which int() rejects)."""
    return s.isascii() and s.isdigit()


def _refusal(file: str, line: int, reason: str) -> dict:
    return {"file": file, "line": int(line), "reason": reason}


def _finish(
    file: str,
    lines: np.ndarray,
    norad: np.ndarray,
    names: list[str],
    cospar: list[str],
    epoch: np.ndarray,
    elements: dict[str, np.ndarray],
    reasons: dict[int, str],
    labels: dict[str, str],
) -> tuple[np.ndarray, list[dict]]:
    """Refuse records whose elements make no orbit, then build population rows from the rest.

    `reasons` holds the records already refused (index -> reason); `labels` names the
    fields the way the file does ("MEAN_MOTION" or "mean motion (line 2, columns 53-63)")."""
    mm, ecc, incl = elements["mean_motion"], elements["ecc"], elements["incl"]
    checks = (
        (~(mm > 0), lambda i: f"{labels['mean_motion']} is {mm[i]:g} rev/day; it must be above 0"),
        (~((ecc >= 0) & (ecc < 1)), lambda i: f"{labels['ecc']} {ecc[i]:g} is outside [0, 1): not a closed orbit"),
        (~((incl >= 0) & (incl <= 180)), lambda i: f"{labels['incl']} {incl[i]:g} is outside 0-180 degrees"),
    )
    for bad, message in checks:
        for i in np.flatnonzero(bad):
            reasons.setdefault(int(i), message(int(i)))

    ok = np.ones(len(lines), dtype=bool)
    ok[list(reasons)] = False
    keep = np.flatnonzero(ok)
    rows = empty(len(keep))
    rows["norad"] = norad[keep]
    rows["epoch"] = epoch[keep]
    for f in ELEMENT_FIELDS:
        rows[f] = elements[f][keep]
    kept_names = [names[i] for i in keep]
    rows["name"] = kept_names
    rows["cospar"] = [cospar[i] for i in keep]
    rows["kind"] = [kind_from_name(n) for n in kept_names]
    const = np.array([constellation_of(n) for n in kept_names], dtype=np.int16)
    rows["constellation"] = const
    owners = np.array([c[3] for c in CONSTELLATIONS] + [""], dtype=rows.dtype["owner"])
    rows["owner"] = owners[const]  # index -1 picks the trailing ""
    rows["source"] = SRC_ELEMENTS
    fill_derived(rows)
    refused = [_refusal(file, lines[i], r) for i, r in reasons.items()]
    return rows, refused


# ----------------------------------------------------------------------------------------
# OMM (CSV and JSON share the column checks)
# ----------------------------------------------------------------------------------------
OMM_REQUIRED = (
    "NORAD_CAT_ID",
    "EPOCH",
    "MEAN_MOTION",
    "ECCENTRICITY",
    "INCLINATION",
    "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER",
    "MEAN_ANOMALY",
    "BSTAR",
    "MEAN_MOTION_DOT",
    "MEAN_MOTION_DDOT",
)
OMM_ELEMENT_COLUMNS = {
    "mean_motion": "MEAN_MOTION",
    "ecc": "ECCENTRICITY",
    "incl": "INCLINATION",
    "raan": "RA_OF_ASC_NODE",
    "argp": "ARG_OF_PERICENTER",
    "mean_anomaly": "MEAN_ANOMALY",
    "bstar": "BSTAR",
    "ndot": "MEAN_MOTION_DOT",
    "nddot": "MEAN_MOTION_DDOT",
}
_ISO_EPOCH = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?", re.ASCII)


def _floats(values: list[str]) -> np.ndarray:
    """Strings to float64; anything unparseable or non-finite becomes NaN."""
    try:
        arr = np.array(values, dtype=np.float64)
    except ValueError:
        arr = np.empty(len(values))
        for i, v in enumerate(values):
            try:
                arr[i] = float(v)
            except ValueError:
                arr[i] = np.nan
    arr[~np.isfinite(arr)] = np.nan
    return arr


def _epoch_text(s: str) -> str | None:
    """An OMM epoch in the form numpy parses (microseconds at most), or None if malformed."""
    if not _ISO_EPOCH.fullmatch(s):
        return None
    s = s.rstrip("Z").replace(" ", "T")
    head, dot, frac = s.partition(".")
    return head + dot + frac[:6] if dot else head


def _epochs(values: list[str]) -> np.ndarray:
    """OMM epoch strings to datetime64[us]; malformed ones become NaT."""
    texts = [_epoch_text(v) for v in values]
    try:
        return np.array([t or "NaT" for t in texts], dtype="M8[us]")
    except ValueError:  # well formed but impossible (month 13): find it one by one
        out = np.full(len(texts), np.datetime64("NaT"), dtype="M8[us]")
        for i, t in enumerate(texts):
            try:
                out[i] = np.datetime64(t or "NaT", "us")
            except ValueError:
                pass
        return out


def _omm_rows(file: str, lines: list[int], columns: dict[str, list[str]], reasons: dict[int, str]):
    """Validate OMM columns (all values as stripped strings, "" where absent) and build rows."""
    n = len(lines)
    ids = columns["NORAD_CAT_ID"]
    norad = np.zeros(n, dtype=np.int64)
    for i, s in enumerate(ids):
        if _digits(s) and len(s) <= 9 and int(s) > 0:
            norad[i] = int(s)
        elif not s:
            reasons.setdefault(i, "no value for NORAD_CAT_ID")
        else:
            reasons.setdefault(i, f"NORAD_CAT_ID must be a whole number of one to nine digits, found {s!r}")

    epoch = _epochs(columns["EPOCH"])
    for i in np.flatnonzero(np.isnat(epoch)):
        s = columns["EPOCH"][i]
        reasons.setdefault(
            int(i),
            f"EPOCH {s!r} is not a UTC date-time (YYYY-MM-DDTHH:MM:SS)" if s else "no value for EPOCH",
        )

    elements = {}
    for key, col in OMM_ELEMENT_COLUMNS.items():
        values = columns[col]
        arr = _floats(values)
        for i in np.flatnonzero(np.isnan(arr)):
            s = values[i]
            reasons.setdefault(int(i), f"{col} is not a number: {s!r}" if s else f"no value for {col}")
        elements[key] = np.nan_to_num(arr)  # refused rows only; keeps range checks quiet

    names = columns.get("OBJECT_NAME") or [""] * n
    names = [nm or f"NORAD {nid}" for nm, nid in zip(names, ids)]
    cospar = columns.get("OBJECT_ID") or [""] * n
    labels = {"mean_motion": "MEAN_MOTION", "ecc": "ECCENTRICITY", "incl": "INCLINATION"}
    return _finish(file, np.asarray(lines), norad, names, cospar, epoch, elements, reasons, labels)


def _read_omm_csv(text: str, file: str) -> tuple[np.ndarray, list[dict]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().upper() for h in next(reader)]
    missing = [c for c in OMM_REQUIRED if c not in header]
    if missing:
        return empty(0), [_refusal(file, 1, f"the CSV header lacks the OMM column(s) {', '.join(missing)}")]
    wanted = [c for c in (*OMM_REQUIRED, "OBJECT_NAME", "OBJECT_ID") if c in header]
    index = [header.index(c) for c in wanted]
    width = len(header)
    cut_off = not text.endswith(("\n", "\r"))

    data: list[list[str]] = []
    lines: list[int] = []
    short: dict[int, str] = {}
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            short[len(lines)] = f"the row has {len(row)} columns, the header has {width}"
            row = (row + [""] * width)[:width]
        data.append(row)
        lines.append(reader.line_num)

    columns = {c: [r[k].strip() for r in data] for c, k in zip(wanted, index)}
    rows, refused = _omm_rows(file, lines, columns, dict(short))
    # A last row that is short, or faulty with no final newline, was cut mid-record.
    last = len(data) - 1
    if data and (cut_off or last in short):
        for r in refused:
            if r["line"] == lines[last]:
                r["reason"] = f"{TRUNCATED}: {r['reason']}"
    return rows, refused


def _read_satcat(text: str, file: str) -> tuple[np.ndarray, list[dict]]:
    from atlas.data.satcat import read_satcat_text
    from atlas.model.content import ContentError

    try:
        rows, refusals = read_satcat_text(text, file)
    except ContentError as exc:  # a header without the SATCAT columns: the whole file is refused
        return empty(0), [_refusal(file, 1, exc.message)]
    return rows, [_refusal(r.file, r.line, r.reason) for r in refusals]


class _LineCounter:
    """Line numbers of text offsets, counted forwards as a parser walks the text."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _omm_value(v) -> str:
    """A JSON value as the OMM string it stands for (numbers may come quoted or not)."""
    if v is None or isinstance(v, (dict, list)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"  # refused later: not a number
    return str(v).strip()


def _read_omm_json(text: str, file: str) -> tuple[np.ndarray, list[dict]]:
    """A JSON array of OMM objects (or one object). Objects are decoded one at a time so that
    each keeps its start line and a file cut short still yields the objects before the cut.
    A file cut short is told from a syntax error by its end: only a complete file ends in ']'."""
    decoder = json.JSONDecoder()
    where = _LineCounter(text)
    n = len(text)
    closed = text.rstrip().endswith(("]", "}"))
    objects: list[tuple[int, object]] = []
    refused: list[dict] = []

    def skip(i: int) -> int:
        while i < n and text[i] in " \t\r\n":
            i += 1
        return i

    def whole_file(pos: int, msg: str) -> tuple[np.ndarray, list[dict]]:
        return empty(0), [_refusal(file, where.at(pos), f"not valid JSON, the whole file is refused: {msg}")]

    def decode_at(i: int) -> int | None:
        """Decode one value at i into `objects`; None when the text ends inside it."""
        try:
            obj, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            if closed:
                raise
            refused.append(_refusal(file, where.at(i), TRUNCATED))
            return None
        objects.append((where.at(i), obj))
        return end

    try:
        i = skip(0)
        if text[i] == "{":
            i = decode_at(i)
        else:
            i = skip(i + 1)
            if i < n and text[i] == "]":
                i += 1
            else:
                while True:
                    if i >= n:  # the text ends before the array closes
                        refused.append(_refusal(file, where.at(n), TRUNCATED))
                        i = None
                        break
                    i = decode_at(i)
                    if i is None:
                        break
                    i = skip(i)
                    if i < n and text[i] == ",":
                        i = skip(i + 1)
                    elif i < n and text[i] == "]":
                        i += 1
                        break
                    elif i < n:
                        return whole_file(i, "expected ',' or ']' between objects")
    except json.JSONDecodeError as exc:
        return whole_file(exc.pos, exc.msg)
    if i is not None and skip(i) < n:
        return whole_file(skip(i), "extra text after the end of the data")

    lines: list[int] = []
    columns: dict[str, list[str]] = {c: [] for c in (*OMM_REQUIRED, "OBJECT_NAME", "OBJECT_ID")}
    for line, obj in objects:
        if not isinstance(obj, dict):
            refused.append(_refusal(file, line, f"expected an OMM object {{...}}, found {type(obj).__name__}"))
            continue
        lines.append(line)
        upper = {str(k).upper(): v for k, v in obj.items()}
        for c, col in columns.items():
            col.append(_omm_value(upper.get(c)))
    rows, more = _omm_rows(file, lines, columns, {})
    return rows, refused + more


# ----------------------------------------------------------------------------------------
# TLE and 3LE
# ----------------------------------------------------------------------------------------
ALPHA5_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # A=10 ... Z=33; I and O are never used
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)", re.ASCII)
_IMPLIED = re.compile(r"([ +-])(\d{5})([ +-]\d)", re.ASCII)  # " 12345-4" = +0.12345e-4
_CHECKSUM_TABLE = bytes(
    (c - 48) if 48 <= c <= 57 else (1 if c == 45 else 0) for c in range(256)
)


def tle_checksum(line: str) -> int:
    """Mod-10 checksum of the first 68 characters: digits count their value, '-' counts 1."""
    return sum(line[:68].encode("latin-1", "replace").translate(_CHECKSUM_TABLE)) % 10


def decode_satnum(field5: str) -> int:
    """A TLE catalog-number field: five digits, or Alpha-5 (A0000 = 100000 ... Z9999 = 339999)."""
    s = field5.strip()
    if _digits(s):
        return int(s)
    if len(field5) == 5 and _digits(field5[1:]):
        letter = field5[0]
        if letter in ("I", "O"):
            raise ValueError(f"Alpha-5 catalog number {field5!r} starts with {letter}, a letter Alpha-5 never uses")
        if letter in ALPHA5_LETTERS:
            return (ALPHA5_LETTERS.index(letter) + 10) * 10000 + int(field5[1:])
    raise ValueError(f"catalog number {field5!r} is neither five digits nor Alpha-5 (a letter A-Z and four digits)")


def encode_satnum(norad: int) -> str:
    if 0 < norad < 100000:
        return f"{norad:05d}"
    if norad <= 339999:
        return ALPHA5_LETTERS[norad // 10000 - 10] + f"{norad % 10000:04d}"
    raise ValueError(f"NORAD {norad} does not fit a TLE (six digits above 339999 exist only in OMM)")


def cospar_from_tle(designator: str) -> str:
    """'98067A' -> '1998-067A' (years 57-99 are 19xx, 00-56 are 20xx); '' if blank or odd."""
    d = designator.strip()
    if len(d) < 6 or not _digits(d[:5]) or not (d[5:].isascii() and d[5:].isalpha()):
        return ""
    yy = int(d[:2])
    return f"{1900 + yy if yy >= 57 else 2000 + yy}-{d[2:5]}{d[5:]}"


class _Refused(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line, self.reason = line, reason


def _line_kind(raw: str) -> str:
    s = raw.lstrip()
    if s[:2] == "1 ":
        return "1"
    if s[:2] == "2 ":
        return "2"
    return "name"


def _field(line: str, no: int, which: int, a: int, b: int, label: str) -> str:
    """Columns a..b (1-based, inclusive) of an element line, checked to be a decimal number."""
    raw = line[a - 1 : b]
    if not _NUMBER.fullmatch(raw.strip()):
        raise _Refused(no, f"line {which}, columns {a}-{b} ({label}) should be a number, found {raw.strip()!r}")
    return raw


def _counter(line: str, no: int, which: int, a: int, b: int, label: str) -> None:
    """A counter field we do not keep (element set, revolution number): digits or blank."""
    raw = line[a - 1 : b].strip()
    if raw and not _digits(raw):
        raise _Refused(no, f"line {which}, columns {a}-{b} ({label}) should be digits, found {raw!r}")


def _implied(line: str, no: int, a: int, label: str) -> float:
    """An implied-decimal field of 8 characters at column a: ' 12345-4' means 0.12345e-4."""
    raw = line[a - 1 : a + 7]
    m = _IMPLIED.fullmatch(raw)
    if not m:
        raise _Refused(no, f"line 1, columns {a}-{a + 7} ({label}) should read like ' 12345-4', found {raw.strip()!r}")
    sign, digits, exp = m.groups()
    return float(f"{sign.strip()}0.{digits}e{exp.replace(' ', '')}")


def _check_line(line: str, no: int, which: int, cut_off: bool) -> None:
    if len(line) != TLE_LINE_LENGTH:
        what = "short" if len(line) < TLE_LINE_LENGTH else "long"
        reason = f"line {which} is too {what}: {len(line)} characters, a TLE line has {TLE_LINE_LENGTH}"
        raise _Refused(no, f"{TRUNCATED}: {reason}" if cut_off and what == "short" else reason)


def _parse_pair(l1: str, n1: int, l2: str, n2: int) -> tuple:
    """One element set from its two lines; raises _Refused naming the line and the field."""
    try:
        satnum = decode_satnum(l1[2:7])
    except ValueError as exc:
        raise _Refused(n1, f"line 1: {exc}") from None
    if l2[2:7] != l1[2:7]:
        raise _Refused(n2, f"line 2 is for catalog number {l2[2:7].strip()!r}, line 1 for {l1[2:7].strip()!r}")

    year = l1[18:20]
    if not _digits(year):
        raise _Refused(n1, f"line 1, columns 19-20 (epoch year) should be two digits, found {year!r}")
    day = float(_field(l1, n1, 1, 21, 32, "epoch day of year"))
    if not 1.0 <= day < 367.0:
        raise _Refused(n1, f"epoch day of year {day:g} is outside 1-366: the epoch cannot be read")
    ndot = float(_field(l1, n1, 1, 34, 43, "first derivative of mean motion"))
    nddot = _implied(l1, n1, 45, "second derivative of mean motion")
    bstar = _implied(l1, n1, 54, "B* drag term")
    _counter(l1, n1, 1, 65, 68, "element set number")

    incl = float(_field(l2, n2, 2, 9, 16, "inclination"))
    raan = float(_field(l2, n2, 2, 18, 25, "right ascension of the ascending node"))
    ecc_raw = l2[26:33].replace(" ", "0")
    if not _digits(ecc_raw):
        raise _Refused(n2, f"line 2, columns 27-33 (eccentricity) should be seven digits, found {l2[26:33]!r}")
    argp = float(_field(l2, n2, 2, 35, 42, "argument of perigee"))
    mean_anomaly = float(_field(l2, n2, 2, 44, 51, "mean anomaly"))
    mean_motion = float(_field(l2, n2, 2, 53, 63, "mean motion"))
    _counter(l2, n2, 2, 64, 68, "revolution number")

    for line, no, which in ((l1, n1, 1), (l2, n2, 2)):
        expected = tle_checksum(line)
        if not _digits(line[68]) or int(line[68]) != expected:
            raise _Refused(
                no, f"line {which} checksum is wrong: it ends in {line[68]!r}, its characters add up to {expected}"
            )

    yy = int(year)
    full_year = 1900 + yy if yy >= 57 else 2000 + yy
    epoch_us = round((day - 1.0) * 86_400_000_000)
    epoch = np.datetime64(f"{full_year}-01-01", "us") + np.timedelta64(epoch_us, "us")
    elements = (mean_motion, float("0." + ecc_raw), incl, raan, argp, mean_anomaly, bstar, ndot, nddot)
    return satnum, cospar_from_tle(l1[9:17]), epoch, elements


def _read_tle(text: str, file: str) -> tuple[np.ndarray, list[dict]]:
    """TLE (pairs of lines) and 3LE (a name line before each pair, optionally '0 NAME')."""
    refused: list[dict] = []
    records: list[tuple] = []  # (line of line 2, name, satnum, cospar, epoch, elements)
    raw_lines = text.split("\n")
    last_no = max((no for no, s in enumerate(raw_lines, 1) if s.strip()), default=0)
    cut_off = not text.endswith("\n")
    name: tuple[int, str] | None = None
    line1: tuple[int, str] | None = None

    def orphan_line1() -> None:
        nonlocal name  # the name line belonged to the broken record
        refused.append(_refusal(file, line1[0], "line 1 has no line 2 after it"))
        name = None

    for no, raw in enumerate(raw_lines, 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        kind = _line_kind(line)
        line = line.lstrip() if kind != "name" else line.strip()
        if kind == "name":
            if line1:
                orphan_line1()
                line1 = None
            if name:
                refused.append(_refusal(file, name[0], f"name line {name[1]!r} has no element lines after it"))
            name = (no, line[2:].strip() if line[:2] == "0 " else line)
        elif kind == "1":
            if line1:
                orphan_line1()
            line1 = (no, line)
        else:
            if not line1:
                refused.append(_refusal(file, no, "line 2 has no line 1 before it"))
                name = None
                continue
            try:
                _check_line(line1[1], line1[0], 1, False)
                _check_line(line, no, 2, cut_off and no == last_no)
                satnum, cospar, epoch, elements = _parse_pair(line1[1], line1[0], line, no)
            except _Refused as exc:
                refused.append(_refusal(file, exc.line, exc.reason))
            else:
                label = name[1] if name else f"NORAD {satnum}"
                records.append((no, label, satnum, cospar, epoch, elements))
            name = line1 = None
    if line1:
        refused.append(_refusal(file, line1[0], f"{TRUNCATED}: line 1 has no line 2"))
    elif name:
        refused.append(_refusal(file, name[0], f"{TRUNCATED}: name line {name[1]!r} has no element lines"))

    n = len(records)
    lines = np.array([r[0] for r in records], dtype=np.int64)  # the range-checked fields are on line 2
    norad = np.array([r[2] for r in records], dtype=np.int64)
    epoch = np.array([r[4] for r in records], dtype="M8[us]")
    el = np.array([r[5] for r in records], dtype=np.float64).reshape(n, len(ELEMENT_FIELDS))
    elements = {f: el[:, k] for k, f in enumerate(ELEMENT_FIELDS)}
    labels = {
        "mean_motion": "mean motion (line 2, columns 53-63)",
        "ecc": "eccentricity",
        "incl": "inclination (line 2, columns 9-16)",
    }
    names = [r[1] for r in records]
    cospar = [r[3] for r in records]
    rows, more = _finish(file, lines, norad, names, cospar, epoch, elements, {}, labels)
    return rows, refused + more


# ----------------------------------------------------------------------------------------
# Writing TLEs (the bundled sample catalog, tests)
# ----------------------------------------------------------------------------------------
def _implied_text(value: float) -> str:
    """0.12345e-4 -> ' 12345-4' (the TLE's implied-decimal form, 8 characters)."""
    if value == 0:
        return " 00000-0"
    exp = math.floor(math.log10(abs(value))) + 1
    mant = round(abs(value) / 10.0**exp * 1e5)
    if mant == 100000:
        mant, exp = 10000, exp + 1
    if not -9 <= exp <= 9:
        raise ValueError(f"{value} does not fit a TLE implied-decimal field")
    return f"{'-' if value < 0 else ' '}{mant:05d}{'-' if exp < 0 else '+'}{abs(exp)}"


def format_tle(row: np.void | dict, element_set: int = 999, revolution: int = 0) -> tuple[str, str]:
    """Two checksummed TLE lines for one population row (norad, cospar, epoch and elements)."""
    satnum = encode_satnum(int(row["norad"]))
    cospar = str(row["cospar"])
    desig = (cospar[2:4] + cospar[5:]) if len(cospar) >= 9 and cospar[4] == "-" else ""
    epoch = np.datetime64(row["epoch"], "us")
    year = epoch.astype("M8[Y]")
    day = (epoch - year.astype("M8[us]")) / np.timedelta64(1, "D") + 1.0
    ndot = float(row["ndot"])
    if abs(ndot) >= 1:
        raise ValueError(f"ndot {ndot} does not fit a TLE")
    ndot_text = ("-" if ndot < 0 else " ") + f"{abs(ndot):.8f}"[1:]
    line1 = (
        f"1 {satnum}U {desig:<8} {int(str(year)) % 100:02d}{day:012.8f} {ndot_text} "
        f"{_implied_text(float(row['nddot']))} {_implied_text(float(row['bstar']))} 0 {element_set % 10000:4d}"
    )
    ecc = round(float(row["ecc"]) * 1e7)
    line2 = (
        f"2 {satnum} {float(row['incl']):8.4f} {float(row['raan']) % 360:8.4f} {ecc:07d} "
        f"{float(row['argp']) % 360:8.4f} {float(row['mean_anomaly']) % 360:8.4f} "
        f"{float(row['mean_motion']):11.8f}{revolution % 100000:5d}"
    )
    return line1 + str(tle_checksum(line1)), line2 + str(tle_checksum(line2))
