"""Fair grading of typed text: the issue's rejected right answers, and the properties that hold
for every answer (a swap of two letters is one typo; a rival term is never accepted)."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.grading import (
    allowed_typos,
    check_keywords,
    check_short,
    normalize_text,
    text_forms,
)

WORD = st.text(alphabet=string.ascii_lowercase, min_size=5, max_size=12)


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("bonud", ["bound", "limit"]),  # a transposition is one edit (OSA), not two
        ("sigmiod", ["sigmoid"]),
        ("tahn", ["tanh"]),  # four letters take a swap and nothing else
        ("sigmoid function", ["sigmoid"]),
        ("the sigmoid activation", ["sigmoid"]),
        ("reset gate r_t", ["reset"]),
        ("r_t, the reset gate", ["reset gate"]),
        ("No, they are independent", ["they are independent"]),
        ("Yes: greedy decoding", ["greedy decoding"]),
        ("it is the cell state", ["cell state"]),
        ("tanh and sigmoid", ["sigmoid and tanh"]),
        ("ＴＡＮＨ", ["tanh"]),
    ],
)
def test_right_answers_the_issue_saw_rejected(typed: str, accepted: list[str]) -> None:
    assert check_short(typed, accepted).correct


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("tan", ["tanh"]),
        ("elu", ["relu"]),
        ("output gate", ["input gate"]),
        ("no W_hh", ["W_hh"]),  # a negation is not a filler word
        ("No", ["they are independent"]),
        ("function", ["sigmoid"]),
        ("step", ["step T_max"]),  # an accepted answer's own symbol is part of it
        ("W_xh is missing", ["W_hh is missing"]),  # word by word: 'xh' is no typo of 'hh'
    ],
)
def test_wrong_answers_stay_wrong(typed: str, accepted: list[str]) -> None:
    assert not check_short(typed, accepted).correct


def test_a_typo_nearer_a_rival_is_that_rival() -> None:
    """'forgat' is as near 'forget' as 'forgot'; with 'forgot' a term of the bank, it is no
    typo of 'forget'; without it, it is."""
    assert check_short("forgat", ["forget"]).correct
    match = check_short("forgat", ["forget"], rivals=["forgot"])
    assert not match.correct and match.rival == "forgot"
    assert check_short("forgte", ["forget"], rivals=["forgot"]).correct  # nearer 'forget'


def test_keywords_any_order_typos_and_negation() -> None:
    keywords = ["independent | not coupled", "f_t | forget"]
    assert check_keywords("the forget gate and i_t are independnet", keywords).correct
    assert check_keywords("they're not coupled: f_t has its own weights", keywords).correct
    assert not check_keywords("f_t is not independent of i_t", keywords).correct
    denied = check_keywords("forget gate", keywords)
    assert not denied.correct and denied.missing == ("independent | not coupled",)


def test_a_distractor_repeated_is_wrong_whatever_it_names() -> None:
    distractor = "It is f_t + o_t that sums to 1, not f_t + i_t."
    match = check_keywords(distractor, ["f_t"], distractors=[distractor])
    assert not match.correct and match.distractor == distractor


# -- properties --------------------------------------------------------------------------------
@settings(max_examples=400, deadline=None)
@given(WORD, st.data())
def test_no_transposition_in_a_long_word_is_rejected(word: str, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(word) - 2), label="swap at")
    assume(word[k] != word[k + 1])
    swapped = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    assert check_short(swapped, [word]).correct


@settings(max_examples=300, deadline=None)
@given(st.lists(WORD, min_size=2, max_size=3), st.data())
def test_no_transposition_in_a_phrase_is_rejected(words: list[str], data: st.DataObject) -> None:
    which = data.draw(st.integers(0, len(words) - 1), label="word")
    word = words[which]
    k = data.draw(st.integers(0, len(word) - 2), label="swap at")
    assume(word[k] != word[k + 1])
    typed = [*words]
    typed[which] = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    assume(" ".join(words).split()[-1] not in {"function", "gate", "activation"})
    assert check_short(" ".join(typed), [" ".join(words)]).correct


@settings(max_examples=400, deadline=None)
@given(WORD, WORD)
def test_an_answer_equal_to_a_rival_is_never_accepted(accepted: str, rival: str) -> None:
    assume(text_forms(rival).isdisjoint(text_forms(accepted)))
    assert not check_short(rival, [accepted], rivals=[rival]).correct


@settings(max_examples=400, deadline=None)
@given(WORD, st.data())
def test_one_substitution_from_a_rival_is_never_accepted(rival: str, data: st.DataObject) -> None:
    """Whatever the accepted answer, a typo of another key term reads as that term."""
    k = data.draw(st.integers(0, len(rival) - 1), label="at")
    letter = data.draw(st.sampled_from(string.ascii_lowercase), label="letter")
    typed = rival[:k] + letter + rival[k + 1 :]
    accepted = data.draw(
        st.one_of(WORD, st.just(typed[:-1] + ("a" if typed[-1] != "a" else "b"))), label="answer"
    )
    assume(text_forms(accepted).isdisjoint(text_forms(rival) | text_forms(typed)))
    assert not check_short(typed, [accepted], rivals=[rival]).correct


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(max_size=20), max_size=3))
def test_text_grading_never_raises(text: str, accepted: list[str]) -> None:
    check_short(text, accepted, ["x"], aliases=accepted, rivals=accepted)
    check_keywords(text, accepted, distractors=accepted, rivals=accepted)


def test_the_budget_grows_with_the_length() -> None:
    assert [allowed_typos(w) for w in ("tanh", "sigmoid", "hyperbolic")] == [0, 1, 2]
    assert normalize_text("  The   Reset-Gate!  ") == "the reset gate"


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("supervised", ["unsupervised"]),  # two edits, within the budget, and the opposite
        ("alignment labels", ["no alignment labels"]),
        ("attention", ["no attention"]),
        ("dependent", ["independent"]),
        ("coupled", ["uncoupled"]),
        ("linear", ["nonlinear"]),
        ("recurrence", ["no recurrence"]),
    ],
)
def test_a_negation_dropped_or_added_is_no_typo(typed: str, accepted: list[str]) -> None:
    """Seen in an audit: "supervised" was accepted as a small typo of "unsupervised"."""
    assert not check_short(typed, accepted).correct
    assert check_short(typed, accepted).near is None  # nor a near miss to overrule
    assert not check_short(accepted[0], [typed]).correct


def test_a_typo_inside_a_negated_form_is_still_forgiven() -> None:
    assert check_short("unsupervsed", ["unsupervised"]).correct
    assert check_short("no alignmnet labels", ["no alignment labels"]).correct
    assert check_short("independant", ["independent"]).correct


def test_a_keyword_is_not_named_by_its_opposite() -> None:
    assert not check_keywords("c_t is bounded by one", ["unbounded | no bound"]).correct
    assert check_keywords("c_t is unbouned", ["unbounded | no bound"]).correct


@settings(max_examples=200, deadline=None)
@given(word=st.text(alphabet=string.ascii_lowercase, min_size=7, max_size=12))
def test_no_negating_prefix_is_ever_a_typo(word: str) -> None:
    for prefix in ("un", "in", "non", "dis"):
        assert not check_short(word, [prefix + word]).correct
        assert not check_short(prefix + word, [word]).correct
    assert not check_short(word, ["no " + word]).correct
