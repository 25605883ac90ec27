"""The rival rule on the built-in banks: no typed answer equal to a wrong option, to another
question's accepted answer, or one substitution away from another key term of the bank
vocabulary is ever accepted."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.banks.frozen import ShortRecord, SpotTheMistakeRecord
from quizapp.core.catalog import load_catalog
from quizapp.core.grader import Verdict, grade
from quizapp.core.presenter import present
from quizapp.core.vocabulary import accepted_terms, vocabulary
from quizapp.grading import check_short, text_forms

TypedRecord = ShortRecord | SpotTheMistakeRecord
_CATALOG = load_catalog(Path(__file__).parent / "no-data", cache=False)
TYPED: list[TypedRecord] = [
    q for q in _CATALOG.questions.values() if isinstance(q, TypedRecord) and accepted_terms(q)
]
VOCABULARY = vocabulary(_CATALOG.questions.values())


def _own_forms(question: TypedRecord) -> frozenset[str]:
    return frozenset().union(*(text_forms(t) for t in accepted_terms(question)))


def _accepts(question: TypedRecord, typed: str) -> bool:
    """The key-term match every typed answer goes through first (keywords aside)."""
    if isinstance(question, ShortRecord):
        return check_short(
            typed, question.answers, aliases=question.aliases, rivals=question.rivals
        ).correct
    return check_short(typed, question.answers, rivals=question.rivals).correct


def test_there_are_typed_questions_and_a_vocabulary() -> None:
    assert len(TYPED) >= 25 and len(VOCABULARY) >= 100


@pytest.mark.parametrize("question", TYPED, ids=lambda q: q.id)
def test_no_other_questions_answer_is_accepted(question: TypedRecord) -> None:
    own = _own_forms(question)
    for term in VOCABULARY:
        if text_forms(term) & own:
            continue  # this question accepts it too
        assert not _accepts(question, term), term


@pytest.mark.parametrize(
    "question",
    [q for q in TYPED if isinstance(q, SpotTheMistakeRecord) and q.options],
    ids=lambda q: q.id,
)
def test_no_wrong_option_typed_out_is_accepted(question: SpotTheMistakeRecord) -> None:
    presented = present(question, random.Random(0))
    for option in question.options:
        verdict = grade(presented, option.text)
        assert isinstance(verdict, Verdict)
        assert verdict.correct is option.correct, option.text


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(TYPED), st.sampled_from(VOCABULARY), st.data())
def test_one_substitution_from_another_term_is_not_accepted(
    question: TypedRecord, term: str, data: st.DataObject
) -> None:
    own = _own_forms(question)
    assume(not text_forms(term) & own)
    letters = [k for k, ch in enumerate(term) if ch.isalpha()]
    assume(letters)
    k = data.draw(st.sampled_from(letters), label="at")
    letter = data.draw(st.sampled_from(string.ascii_lowercase), label="letter")
    typed = term[:k] + letter + term[k + 1 :]
    assume(not text_forms(typed) & own)  # the substitution made it this question's answer
    assert not _accepts(question, typed)
