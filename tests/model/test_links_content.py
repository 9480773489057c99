import pytest

from atlas.model.content import ContentError, TomlDoc
from atlas.model.links import LinkError, parse_link


@pytest.mark.parametrize(
    "text",
    [
        "atlas://event/fy1c-asat-2007",
        "atlas://law/ost/IX",
        "atlas://object/25544",
        "atlas://lesson/kessler/3",
        "atlas://whatif?pmd=0.9&disposal=5",
        "atlas://view?date=2009-02-10&camera=leo&color=kind",
    ],
)
def test_design_links_parse_and_round_trip(text):
    link = parse_link(text)
    assert str(link) == text
    assert parse_link(str(link)) == link


@pytest.mark.parametrize(
    "text, reason",
    [
        ("http://event/x", "not an atlas:// link"),
        ("atlas://planet/mars", "unknown link kind"),
        ("atlas://object/ISS", "integer of up to nine digits"),
        ("atlas://object/1234567890", "integer of up to nine digits"),
        ("atlas://view?camera=moon", "camera must be one of"),
        ("atlas://view?date=yesterday", "not a date"),
        ("atlas://view?zoom=3", "unknown view parameter"),
        ("atlas://event", "takes 1 to 1 path parts"),
    ],
)
def test_bad_links_say_why(text, reason):
    with pytest.raises(LinkError, match=reason):
        parse_link(text)


DOC = """title = "x"
[[event]]
id = "a"
date = 2007-01-11

[[event]]
id = "b"
[event.scene]
camera = "leo"
"""


def test_content_errors_name_file_and_line(tmp_path):
    f = tmp_path / "events.toml"
    f.write_text(DOC)
    doc = TomlDoc.load(f)
    assert doc.entry_line("event", 1) == 6
    assert doc.key_line("event", 0, "date") == 4
    assert doc.key_line("event", 1, "camera") == 9  # nested table of the same entry
    err = doc.error("bad date", "event", 0, "date")
    assert str(err) == f"{f}:4: bad date"


def test_toml_syntax_errors_carry_the_line(tmp_path):
    f = tmp_path / "broken.toml"
    f.write_text('a = 1\nb = = 2\n')
    with pytest.raises(ContentError) as exc:
        TomlDoc.load(f)
    assert exc.value.line == 2 and str(f) in str(exc.value)
