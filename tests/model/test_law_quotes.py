"""Every quotation the law reader shows was checked against an official text, and the record says so.

resources/law/QUOTES-CHECKED.md, table 1, lists each article quotation with its verdict and where it was
checked. A quote added without being checked, or a record left behind after a quote changed, fails here,
so the record stays an honest account of what a teacher can rely on.
"""

from __future__ import annotations

import re

import pytest

from atlas.model.law import MAX_QUOTE_WORDS, default_library
from atlas.paths import resource

ACCEPTED = {"verified", "corrected"}
_ROW = re.compile(r"^\|(.+)\|\s*$")


def _checked_rows() -> list[tuple[str, str, str, str, str]]:
    """The rows of table 1 (instrument, article, quote, verdict, where) of QUOTES-CHECKED.md."""
    text = resource("law", "QUOTES-CHECKED.md").read_text(encoding="utf-8")
    section = text.split("## 1.", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        cells = [c.strip() for c in match.group(1).split("|")]
        if cells[0] == "instrument" or set(cells[0]) <= {"-"}:
            continue  # header and separator
        assert len(cells) == 5, f"malformed row in QUOTES-CHECKED.md: {line}"
        rows.append(tuple(cells))
    return rows


@pytest.fixture(scope="module")
def lib():
    return default_library()


@pytest.fixture(scope="module")
def shown(lib) -> set[tuple[str, str, str]]:
    return {(inst.id, art.number, q) for inst in lib for art in inst.articles for q in art.quotes}


def test_every_quote_is_at_most_fifteen_words(shown):
    long = [q for _, _, q in shown if len(q.split()) > MAX_QUOTE_WORDS]
    assert not long, f"quotations over {MAX_QUOTE_WORDS} words: {long}"


def test_every_quote_shown_was_checked(shown):
    checked = {(i, a, q) for i, a, q, verdict, _ in _checked_rows() if verdict in ACCEPTED}
    unchecked = sorted(shown - checked)
    assert not unchecked, f"quotations not recorded as verified or corrected in QUOTES-CHECKED.md: {unchecked}"


def test_the_record_lists_no_quote_that_is_gone(shown):
    stale = sorted({(i, a, q) for i, a, q, _, _ in _checked_rows()} - shown)
    assert not stale, f"QUOTES-CHECKED.md lists quotations that no longer exist: {stale}"


def test_every_record_names_a_verdict_and_an_official_text():
    rows = _checked_rows()
    assert rows, "table 1 of QUOTES-CHECKED.md is empty"
    for instrument, article, quote, verdict, where in rows:
        assert verdict in ACCEPTED, f"{instrument} {article} '{quote}': verdict {verdict!r} in the table of shown quotes"
        assert where.startswith("https://"), f"{instrument} {article} '{quote}': no official URL"

