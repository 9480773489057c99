"""A walk through the Liability Convention, driven by data (resources/walkthroughs/liability.toml).

Why data: the legal reasoning (which questions, which answers lead where, which articles apply) is
something a teacher should be able to read and correct without touching code. This module only
loads it, checks it (every problem is a ContentError with file and line) and walks it. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from atlas.model.content import ContentError, TomlDoc
from atlas.paths import resource

ROMAN = ("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX "
         "XXI XXII XXIII XXIV XXV XXVI XXVII XXVIII").split()  # the Convention's 28 articles


def article_link(article: str) -> str:
    return f"atlas://law/liability/{article}"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    id: str
    question: str
    label: str
    next: str | None
    outcome: str | None
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    text: str
    articles: tuple[str, ...]
    claims: bool


@dataclass(frozen=True)
class Example:
    id: str
    title: str
    answers: tuple[str, ...]
    outcome: str
    text: str
    source: str
    url: str


@dataclass(frozen=True)
class Verdict:
    """Where a walk ends: the outcome, every article met on the way (in Convention order), the
    claim procedure when it applies, and the atlas://law links to open."""

    outcome: Outcome
    articles: tuple[str, ...]
    procedure: tuple[str, str, tuple[str, ...]] | None  # (title, text, articles)

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(article_link(a) for a in self.articles)


@dataclass
class Walkthrough:
    start: str
    questions: dict[str, Question]
    answers: dict[str, Answer]
    outcomes: dict[str, Outcome]
    procedure: tuple[str, str, tuple[str, ...]]
    examples: dict[str, Example]

    def answers_to(self, question_id: str) -> list[Answer]:
        return [a for a in self.answers.values() if a.question == question_id]

    def walk(self) -> "Walk":
        return Walk(self)

    def follow(self, answer_ids: list[str] | tuple[str, ...]) -> Verdict:
        """Walk a whole path of answers; ValueError if it is not a path from the start to an outcome."""
        w = self.walk()
        verdict = None
        for aid in answer_ids:
            if verdict is not None:
                raise ValueError(f"answer {aid!r} comes after the walk already ended")
            verdict = w.answer(aid)
        if verdict is None:
            raise ValueError("the answers stop before an outcome")
        return verdict


@dataclass
class Walk:
    """One person's walk: the current question, the answers so far, and going back."""

    guide: Walkthrough
    history: list[str] = field(default_factory=list)

    @property
    def question(self) -> Question | None:
        """The question to answer now, or None once the walk has reached an outcome."""
        qid = self.guide.start
        for aid in self.history:
            a = self.guide.answers[aid]
            if a.next is None:
                return None
            qid = a.next
        return self.guide.questions[qid]

    def answer(self, answer_id: str) -> Verdict | None:
        q = self.question
        a = self.guide.answers.get(answer_id)
        if q is None:
            raise ValueError("the walk has already reached an outcome")
        if a is None or a.question != q.id:
            raise ValueError(f"{answer_id!r} is not an answer to the question {q.id!r}")
        self.history.append(answer_id)
        return self.verdict()

    def back(self) -> None:
        if self.history:
            self.history.pop()

    def verdict(self) -> Verdict | None:
        if not self.history or self.guide.answers[self.history[-1]].outcome is None:
            return None
        g = self.guide
        outcome = g.outcomes[g.answers[self.history[-1]].outcome]
        met: set[str] = set(outcome.articles)
        qid = g.start
        for aid in self.history:
            met.update(g.questions[qid].articles)
            met.update(g.answers[aid].articles)
            qid = g.answers[aid].next or qid
        procedure = g.procedure if outcome.claims else None
        if procedure:
            met.update(procedure[2])
        return Verdict(outcome, tuple(a for a in ROMAN if a in met), procedure)


# --- loading and checking ---------------------------------------------------------------------------


def _text(doc: TomlDoc, entry: dict, array: str, i: int, key: str, required: bool = True) -> str:
    value = entry.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise doc.error(f"{array} needs a text '{key}'", array, i, key)
    return value


def _articles(doc: TomlDoc, entry: dict, array: str, i: int) -> tuple[str, ...]:
    value = entry.get("articles", [])
    if not isinstance(value, list) or not all(isinstance(a, str) and a in ROMAN for a in value):
        raise doc.error(f"'articles' must be a list of article numbers I to XXVIII, got {value!r}", array, i, "articles")
    return tuple(value)


def _unique(doc: TomlDoc, seen: dict, array: str, i: int, ident: str) -> None:
    if ident in seen:
        raise doc.error(f"{array} id {ident!r} is used twice", array, i, "id")


def load(path: str | Path | None = None) -> Walkthrough:
    """Load and check the walk-through. Raises ContentError naming file and line."""
    path = Path(path) if path else resource("walkthroughs", "liability.toml")
    doc = TomlDoc.load(path)
    d = doc.data
    questions: dict[str, Question] = {}
    for i, e in enumerate(d.get("question", [])):
        qid = _text(doc, e, "question", i, "id")
        _unique(doc, questions, "question", i, qid)
        questions[qid] = Question(qid, _text(doc, e, "question", i, "text"), _text(doc, e, "question", i, "help", False),
                                  _articles(doc, e, "question", i))
    outcomes: dict[str, Outcome] = {}
    for i, e in enumerate(d.get("outcome", [])):
        oid = _text(doc, e, "outcome", i, "id")
        _unique(doc, outcomes, "outcome", i, oid)
        arts = _articles(doc, e, "outcome", i)
        if not arts:
            raise doc.error("an outcome must cite at least one article", "outcome", i, "articles")
        if not isinstance(e.get("claims"), bool):
            raise doc.error("'claims' must be true or false", "outcome", i, "claims")
        outcomes[oid] = Outcome(oid, _text(doc, e, "outcome", i, "title"), _text(doc, e, "outcome", i, "text"),
                                arts, e["claims"])
    answers: dict[str, Answer] = {}
    for i, e in enumerate(d.get("answer", [])):
        aid = _text(doc, e, "answer", i, "id")
        _unique(doc, answers, "answer", i, aid)
        qid = _text(doc, e, "answer", i, "question")
        if qid not in questions:
            raise doc.error(f"answer to unknown question {qid!r}", "answer", i, "question")
        nxt, out = e.get("next"), e.get("outcome")
        if (nxt is None) == (out is None):
            raise doc.error("an answer leads either to a 'next' question or to an 'outcome', not both or neither",
                            "answer", i, "label")
        if nxt is not None and nxt not in questions:
            raise doc.error(f"'next' names unknown question {nxt!r}", "answer", i, "next")
        if out is not None and out not in outcomes:
            raise doc.error(f"'outcome' names unknown outcome {out!r}", "answer", i, "outcome")
        answers[aid] = Answer(aid, qid, _text(doc, e, "answer", i, "label"), nxt, out, _articles(doc, e, "answer", i))

    start = d.get("start")
    if start not in questions:
        raise ContentError(path, doc.key_line(None, 0, "start"), f"'start' must name a question, got {start!r}")
    for i, (qid, _q) in enumerate(questions.items()):
        if len([a for a in answers.values() if a.question == qid]) < 2:
            raise doc.error(f"question {qid!r} needs at least two answers", "question", i, "id")
    _check_graph(doc, start, questions, answers, outcomes)

    proc = d.get("procedure")
    if not isinstance(proc, dict) or not isinstance(proc.get("text"), str) or not isinstance(proc.get("title"), str):
        raise ContentError(path, None, "missing [procedure] with title and text")
    proc_articles = proc.get("articles", [])
    if not proc_articles or not all(a in ROMAN for a in proc_articles):
        raise ContentError(path, None, "[procedure] articles must be article numbers I to XXVIII")
    guide = Walkthrough(start, questions, answers, outcomes, (proc["title"], proc["text"], tuple(proc_articles)), {})

    for i, e in enumerate(d.get("example", [])):
        ex = Example(_text(doc, e, "example", i, "id"), _text(doc, e, "example", i, "title"),
                     tuple(e.get("answers", [])), _text(doc, e, "example", i, "outcome"),
                     _text(doc, e, "example", i, "text"), _text(doc, e, "example", i, "source"),
                     _text(doc, e, "example", i, "url"))
        try:
            reached = guide.follow(ex.answers).outcome.id
        except ValueError as exc:
            raise doc.error(f"example answers are not a walk: {exc}", "example", i, "answers") from None
        if reached != ex.outcome:
            raise doc.error(f"example reaches {reached!r}, not {ex.outcome!r}", "example", i, "outcome")
        guide.examples[ex.id] = ex
    return guide


def _check_graph(doc: TomlDoc, start: str, questions: dict, answers: dict, outcomes: dict) -> None:
    """Every question and outcome reachable from the start, and no question leads back to itself."""
    order = list(questions)
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reached_outcomes: set[str] = set()

    def visit(qid: str) -> None:
        state[qid] = 1
        for a in answers.values():
            if a.question != qid:
                continue
            if a.outcome:
                reached_outcomes.add(a.outcome)
            elif state.get(a.next) == 1:
                raise doc.error(f"answer {a.id!r} leads back to question {a.next!r}: a loop", "answer",
                                list(answers).index(a.id), "next")
            elif a.next not in state:
                visit(a.next)
        state[qid] = 2

    visit(start)
    for qid in order:
        if qid not in state:
            raise doc.error(f"question {qid!r} cannot be reached from the start", "question", order.index(qid), "id")
    for k, oid in enumerate(outcomes):
        if oid not in reached_outcomes:
            raise doc.error(f"outcome {oid!r} cannot be reached", "outcome", k, "id")


@lru_cache(maxsize=1)
def walkthrough() -> Walkthrough:
    """The shipped walk-through, loaded once."""
    return load()
