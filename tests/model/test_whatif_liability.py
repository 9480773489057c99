"""The Liability Convention walk-through: case by case, the worked examples, and checks on the data."""

from __future__ import annotations

import pytest

from atlas.model.content import ContentError
from atlas.model.liability import load, walkthrough
from atlas.model.links import parse_link
from atlas.paths import resource

CASES = [
    # answers, outcome, articles that must be among those cited
    (["object-no"], "outside", {"I"}),
    (["object-yes", "victims-own"], "excluded-own", {"VII"}),
    (["object-yes", "victims-participants"], "excluded-participants", {"VII"}),
    (["object-yes", "victims-foreign", "where-surface", "launchers-one", "claimant-fault-no"], "absolute", {"II", "XIX"}),
    (["object-yes", "victims-foreign", "where-aircraft", "launchers-several", "claimant-fault-no"], "absolute", {"II", "V"}),
    (["object-yes", "victims-foreign", "where-surface", "launchers-one", "claimant-fault-yes", "unlawful-no"],
     "exonerated", {"VI"}),
    (["object-yes", "victims-foreign", "where-surface", "launchers-one", "claimant-fault-yes", "unlawful-yes"],
     "absolute-no-exoneration", {"II", "VI"}),
    (["object-yes", "victims-foreign", "where-space", "third-state-no", "fault-yes"], "fault", {"III", "XIV"}),
    (["object-yes", "victims-foreign", "where-space", "third-state-no", "fault-no"], "fault-not-shown", {"III"}),
    (["object-yes", "victims-foreign", "where-space", "third-state-yes", "third-where-surface"], "third-absolute", {"IV"}),
    (["object-yes", "victims-foreign", "where-space", "third-state-yes", "third-where-space"], "third-fault", {"IV", "III"}),
]


@pytest.mark.parametrize("answers,outcome,articles", CASES)
def test_each_path_reaches_its_outcome_and_articles(answers, outcome, articles):
    v = walkthrough().follow(answers)
    assert v.outcome.id == outcome
    assert articles <= set(v.articles)
    for link in v.links:
        parsed = parse_link(link)
        assert parsed.kind == "law" and parsed.parts[0] == "liability"


def test_exclusions_cite_no_claim_procedure_but_liability_outcomes_do():
    excluded = walkthrough().follow(["object-yes", "victims-own"])
    assert excluded.procedure is None and "XIX" not in excluded.articles
    absolute = walkthrough().follow(CASES[3][0])
    assert absolute.procedure is not None and {"VIII", "X", "XIX"} <= set(absolute.articles)
    assert "recommendation" in absolute.procedure[1]


def test_worked_examples():
    g = walkthrough()
    cosmos = g.examples["cosmos-954"]
    assert g.follow(cosmos.answers).outcome.id == "absolute"
    assert "C$3 million" in cosmos.text and "1981" in cosmos.text and cosmos.url.startswith("https://")
    iridium = g.examples["iridium-cosmos-2009"]
    assert g.follow(iridium.answers).outcome.id == "fault-not-shown"
    assert "No claim" in iridium.text


def test_walk_step_by_step_and_back():
    w = walkthrough().walk()
    assert w.question.id == "object"
    assert w.answer("object-yes") is None
    assert w.question.id == "victims"
    with pytest.raises(ValueError):
        w.answer("fault-yes")  # not an answer to this question
    w.back()
    assert w.question.id == "object"
    assert w.answer("object-no").outcome.id == "outside"
    assert w.question is None


def _broken(tmp_path, old, new):
    text = resource("walkthroughs", "liability.toml").read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new, 1)
    p = tmp_path / "walk.toml"
    p.write_text(bad, encoding="utf-8")
    return p, bad


def _line_of(text, fragment):
    return next(i for i, t in enumerate(text.splitlines(), 1) if fragment in t)


def test_unknown_next_question_is_reported_with_file_and_line(tmp_path):
    p, bad = _broken(tmp_path, 'next = "victims"', 'next = "victimz"')
    with pytest.raises(ContentError) as err:
        load(p)
    assert f"walk.toml:{_line_of(bad, 'victimz')}:" in str(err.value)


def test_bad_article_number_is_reported_with_file_and_line(tmp_path):
    p, bad = _broken(tmp_path, 'articles = ["VII"]', 'articles = ["XXXIX"]')
    with pytest.raises(ContentError) as err:
        load(p)
    assert f"walk.toml:{_line_of(bad, 'XXXIX')}:" in str(err.value)


def test_a_loop_is_refused(tmp_path):
    p, bad = _broken(tmp_path, 'label = "No, or the evidence is disputed"\noutcome = "fault-not-shown"',
                     'label = "No, or the evidence is disputed"\nnext = "where"')
    with pytest.raises(ContentError, match="loop|cannot be reached"):
        load(p)


def test_an_example_that_no_longer_reaches_its_outcome_is_refused(tmp_path):
    p, bad = _broken(tmp_path, 'outcome = "absolute"\ntext = "On 24 January', 'outcome = "fault"\ntext = "On 24 January')
    with pytest.raises(ContentError, match="example reaches"):
        load(p)
