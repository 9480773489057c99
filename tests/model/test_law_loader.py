"""The law loader: what a content author gets wrong must fail with the file and line that is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from atlas.model.content import ContentError
from atlas.model.law import load_library

GOOD = '''id = "{id}"
title = "Treaty on Things"
short_title = "Things Treaty"
kind = "treaty"
binding = true
adopted = 1966-12-19
opened_for_signature = 1967-01-27
entry_into_force = 1967-10-10
official_url = "https://example.org/things"
summary = "A treaty about things."
article_label = "Article"

[[source]]
title = "Official text"
url = "https://example.org/things"

[[article]]
number = "I"
title = "First"
plain = "Plain words about [an event](atlas://event/fy1c-asat-2007)."
quotes = ["harmful contamination"]

[[article]]
number = "II"
title = "Second"
plain = "More plain words."
links = ["atlas://law/{id}/I"]

[[annotation]]
article = "II"
title = "A note"
text = "Commentary linking atlas://event/sputnik-1957."
[[annotation.source]]
title = "A source"
url = "https://example.org/source"
'''


def write(tmp_path: Path, text: str, ident: str = "things") -> Path:
    path = tmp_path / f"{ident}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(no for no, line in enumerate(text.splitlines(), 1) if needle in line)


def fails(tmp_path: Path, text: str, message: str) -> ContentError:
    write(tmp_path, text)
    with pytest.raises(ContentError) as err:
        load_library(tmp_path)
    assert message in str(err.value), str(err.value)
    assert err.value.file.endswith("things.toml")
    return err.value


def test_a_valid_instrument_loads_with_its_cross_references(tmp_path):
    write(tmp_path, GOOD.format(id="things"))
    lib = load_library(tmp_path)
    inst = lib.get("things")
    assert [a.number for a in inst.articles] == ["I", "II"]
    assert inst.article("ii").title == "Second"  # case-insensitive lookup for `law show things ii`
    assert [a.title for a in inst.annotations_on("II")] == ["A note"]
    # an event linked from Markdown is indexed both ways
    assert lib.events_of("things", "I") == ["fy1c-asat-2007"]
    assert lib.events_of("things", "II") == ["sputnik-1957"]  # via its annotation
    assert [r.article for r in lib.refs_to_event("fy1c-asat-2007")] == ["I"]
    assert lib.event_ids() == {"fy1c-asat-2007", "sputnik-1957"}
    assert lib.resolve("atlas://law/things/I")[1].title == "First"


def test_in_force_and_status_follow_the_dates(tmp_path):
    write(tmp_path, GOOD.format(id="things"))
    inst = load_library(tmp_path).get("things")
    assert inst.status_on(date(1966, 1, 1)) == "not yet"
    assert inst.status_on(date(1967, 2, 1)) == "signed"
    assert not inst.in_force_on(date(1967, 10, 9))
    assert inst.in_force_on(date(1967, 10, 10))
    assert inst.status_on(date(2024, 1, 1)) == "in force"
    assert load_library(tmp_path).in_force_on(date(1960, 1, 1)) == []


def test_missing_required_key(tmp_path):
    fails(tmp_path, GOOD.format(id="things").replace('short_title = "Things Treaty"\n', ""), "'short_title'")


def test_unknown_kind_names_its_line(tmp_path):
    text = GOOD.format(id="things").replace('kind = "treaty"', 'kind = "pact"')
    err = fails(tmp_path, text, "kind 'pact'")
    assert err.line == line_of(text, "kind =")


def test_a_date_must_be_a_real_toml_date(tmp_path):
    text = GOOD.format(id="things").replace("adopted = 1966-12-19", 'adopted = "19 Dec 1966"')
    assert fails(tmp_path, text, "TOML date").line == line_of(text, "adopted =")
    fails(tmp_path, GOOD.format(id="things").replace("1967-10-10", "1967-02-30"), "TOML syntax")


def test_quote_longer_than_fifteen_words_points_at_the_quote(tmp_path):
    long = " ".join(["word"] * 16)
    text = GOOD.format(id="things").replace('quotes = ["harmful contamination"]', f'quotes = ["{long}"]')
    assert fails(tmp_path, text, "16 words").line == line_of(text, long)


def test_empty_quote(tmp_path):
    fails(tmp_path, GOOD.format(id="things").replace('"harmful contamination"', '"  "'), "quotation is empty")


def test_duplicate_article_number(tmp_path):
    text = GOOD.format(id="things").replace('number = "II"', 'number = "I"')
    err = fails(tmp_path, text, "repeats")
    assert err.line == [n for n, l in enumerate(text.splitlines(), 1) if l.startswith("number")][1]


def test_annotation_on_a_missing_article(tmp_path):
    text = GOOD.format(id="things").replace('article = "II"', 'article = "IX"')
    assert fails(tmp_path, text, "'IX'").line == line_of(text, 'article = "IX"')


def test_annotation_without_a_source(tmp_path):
    text = GOOD.format(id="things").split("[[annotation.source]]")[0]
    assert fails(tmp_path, text, "at least one [[annotation.source]]").line == line_of(text, "[[annotation]]")


def test_source_urls_must_be_https(tmp_path):
    text = GOOD.format(id="things").replace("https://example.org/source", "http://example.org/source")
    assert fails(tmp_path, text, "https").line == line_of(text, "[[annotation.source]]")
    text = GOOD.format(id="things").replace('official_url = "https://', 'official_url = "http://')
    assert fails(tmp_path, text, "https").line == line_of(text, "official_url")


def test_web_links_inside_markdown_must_be_https(tmp_path):
    text = GOOD.format(id="things").replace("More plain words.", "See [this](http://example.org/x).")
    assert fails(tmp_path, text, "https").line == line_of(text, "http://example.org/x")


def test_malformed_atlas_link(tmp_path):
    text = GOOD.format(id="things").replace("atlas://event/sputnik-1957", "atlas://evnt/sputnik-1957")
    assert fails(tmp_path, text, "unknown link kind").line == line_of(text, "atlas://evnt")


def test_broken_law_link_across_instruments(tmp_path):
    write(tmp_path, GOOD.format(id="other"), "other")
    text = GOOD.format(id="things").replace('links = ["atlas://law/things/I"]', 'links = ["atlas://law/other/IX"]')
    err = fails(tmp_path, text, "broken link atlas://law/other/IX")
    assert err.line == line_of(text, "atlas://law/other/IX")
    # and the same link to an article that exists is fine
    write(tmp_path, text.replace("other/IX", "other/II"))
    assert {i.id for i in load_library(tmp_path)} == {"things", "other"}


def test_id_must_match_the_file_name(tmp_path):
    write(tmp_path, GOOD.format(id="things"), "stuff")
    with pytest.raises(ContentError, match="must match the file name"):
        load_library(tmp_path)


def test_unknown_key_is_a_typo_not_silently_ignored(tmp_path):
    text = GOOD.format(id="things").replace('title = "First"', 'title = "First"\nplian = "typo"')
    assert fails(tmp_path, text, "unknown key 'plian'").line == line_of(text, "plian")


def test_parties_need_a_date_and_a_source(tmp_path):
    fails(tmp_path, GOOD.format(id="things").replace('article_label = "Article"', 'article_label = "Article"\nparties = 115'),
          "parties_as_of")
