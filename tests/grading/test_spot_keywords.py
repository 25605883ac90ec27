"""Spot-the-mistake corrections typed in the learner's own words, on the built-in banks:
graded by the question's keywords, never by repeating the mistake or a wrong option."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from quizapp.banks.frozen import SpotTheMistakeRecord
from quizapp.core.catalog import load_catalog
from quizapp.core.grader import Verdict, grade
from quizapp.core.presenter import present

_CATALOG = load_catalog(Path(__file__).parent / "no-data", cache=False)
TYPED = [
    q for q in _CATALOG.questions.values() if isinstance(q, SpotTheMistakeRecord) and q.answers
]

OWN_WORDS = {
    "lstm.independent-sum-mistake": ["No, they are independent", "they're not coupled at all"],
    "gru.seed-candidate-error": ["it forgot to multiply by W_hh", "there is no W_hh"],
    "rnn_gradients.vanishing-total": ["only the long-range terms vanish, short ones dominate"],
    "derive.vanishing-mistake": ["the short-range terms dominate, the gradient is not zero"],
    "tradeoff.generation-mistake": ["generation is still token by token for both"],
    "tradeoff.streaming-mistake": ["an LSTM's state has a fixed size"],
    "seq2seq.bottleneck-mistake": ["without attention it only sees the context vector"],
    "cudnn.keras-left-pad-mistake": ["cuDNN requires right padding when you mask"],
    "relu_ranges.cell-range-mistake": ["c_t is not bounded: it accumulates the writes"],
    "normalisation.bn-padding-mistake": ["the zero padding biases the mean and variance"],
    "seq2seq.teacher-forcing-parallel-mistake": ["h_t still needs h_(t-1), step by step"],
    "linear_rnns.spot-teacher-forcing": ["a GRU step is nonlinear in h"],
    "attention.not-supervised-mistake": ["there are no alignment labels, it is learned jointly"],
    "derive.lstm-never-explodes-mistake": ["it ignores the indirect terms through h_(t-1)"],
    "interview_classics.lstm-extreme-person": [
        "No, a gate can sit anywhere in between",
        "sigmoid is near 0 or 1 only for large inputs",
    ],
}
NOT_FIXES = {
    "gru.seed-candidate-error": ["W_xh is missing", "the tanh should be a sigmoid"],
    "tradeoff.streaming-mistake": ["its memory grows with the text"],
    "interview_classics.lstm-extreme-person": ["the sigmoid is always near 0 or 1"],
    # an audit's: the opposite of the fix, or one half of it, was accepted
    "attention.not-supervised-mistake": [
        "supervised",
        "alignment labels",
        "jointly trained with alignment labels",
    ],
    "seq2seq.bottleneck-mistake": [
        "attention",
        "it uses attention",
        "it only sees the last source word",
    ],
    "seq2seq.teacher-forcing-parallel-mistake": [
        "no recurrence",
        "Teacher forcing removes the recurrence, so it is parallel",
    ],
    "lstm.independent-sum-mistake": ["they sum to 1", "they are not independent", "dependent"],
    "relu_ranges.cell-range-mistake": ["c_t is bounded by 1", "bounded"],
}


def _grade(question: SpotTheMistakeRecord, text: str) -> Verdict:
    verdict = grade(present(question, random.Random(0)), text)
    assert isinstance(verdict, Verdict), verdict
    return verdict


def test_every_typed_spot_question_has_keywords_and_phrasings_here() -> None:
    assert {q.id for q in TYPED} == set(OWN_WORDS)
    assert all(q.keywords for q in TYPED)


@pytest.mark.parametrize("question", TYPED, ids=lambda q: q.id)
def test_own_words_that_name_the_mistake_are_right(question: SpotTheMistakeRecord) -> None:
    for text in (*OWN_WORDS[question.id], *question.answers):
        assert _grade(question, text).correct, text


@pytest.mark.parametrize("question", TYPED, ids=lambda q: q.id)
def test_the_mistake_said_back_or_a_wrong_option_is_wrong(question: SpotTheMistakeRecord) -> None:
    texts = [question.statement, *(o.text for o in question.options if not o.correct)]
    for text in (*texts, *NOT_FIXES.get(question.id, ())):
        verdict = _grade(question, text)
        assert not verdict.correct, text
