"""The built-in banks teach every topic, correctly labelled: the content rules of issue 5."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from quizapp.banks import LoadResult
from quizapp.banks.topics import load_topics
from quizapp.paths import topics_file


def test_every_topic_has_two_questions_one_not_a_flashcard(builtin: LoadResult) -> None:
    by_topic: dict[str, list[str]] = defaultdict(list)
    for question in builtin.questions.values():
        for topic in question.topics:
            by_topic[topic].append(question.kind)
    thin = {
        t: by_topic.get(t, []) for t in load_topics(topics_file()) if len(by_topic.get(t, [])) < 2
    }
    assert not thin, thin
    # the glossary deck is flashcards by design (issue 20): recalling a term, not applying it
    only_flashcards = [
        t
        for t, kinds in by_topic.items()
        if set(kinds) == {"flashcard"} and not t.startswith("glossary.")
    ]
    assert not only_flashcards


def test_no_question_names_an_unknown_topic(builtin: LoadResult) -> None:
    known = set(builtin.topics)  # topics.yaml and the topics banks define themselves
    assert set(load_topics(topics_file())) <= known
    unknown = {q.id: t for q in builtin.questions.values() for t in q.topics if t not in known}
    assert not unknown


def test_every_gru_question_states_its_convention(builtin: LoadResult) -> None:
    gru_topics = re.compile(r"^(gru\.|numeric\.gru-step|compare\.)")
    missing = [
        q.id
        for q in builtin.questions.values()
        if any(gru_topics.match(t) for t in q.topics)
        and ("GRU" in q.prompt or "gru" in q.id or q.id.startswith("gru."))
        and q.effective_conventions.gru_update is None
    ]
    assert not missing, missing


def test_every_question_cites_a_source(builtin: LoadResult) -> None:
    assert not [q.id for q in builtin.questions.values() if not q.sources]


def test_parameter_count_questions_name_the_framework(builtin: LoadResult) -> None:
    missing = [
        q.id
        for q in builtin.questions.values()
        if "numeric.param-count" in q.topics
        and q.kind == "numeric"
        and q.effective_conventions.framework is None
    ]
    assert not missing, missing


def test_size_mix_and_seed_errors(builtin: LoadResult) -> None:
    questions = list(builtin.questions.values())
    assert len(questions) >= 200
    assert sum(1 for q in questions if q.kind == "numeric" and q.template) >= 30
    assert Counter(q.difficulty for q in questions).keys() == {1, 2, 3}
    banks = {q.bank_id for q in questions}
    assert len(banks) >= 6
    spot = {t for q in questions if q.kind == "spot_the_mistake" for t in q.topics}
    assert {"rnn.why-tanh", "gru.candidate"} <= spot  # the two seed errors named in topics.md


def test_choice_questions_give_feedback_for_every_option(builtin: LoadResult) -> None:
    missing = [
        q.id
        for q in builtin.questions.values()
        if q.kind in ("choice", "spot_the_mistake") and any(not o.feedback for o in q.options)
    ]
    assert not missing, missing


def test_follow_up_chains_exist(builtin: LoadResult) -> None:
    assert sum(1 for q in builtin.questions.values() if q.follow_ups) >= 30


def test_explain_flashcards_have_model_answers_of_several_sentences(builtin: LoadResult) -> None:
    cards = [
        q for q in builtin.questions.values() if q.kind == "flashcard" and "own words" in q.prompt
    ]
    assert len(cards) >= 8
    for card in cards:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", card.answer.strip()) if s]
        assert 3 <= len(sentences) <= 6, (card.id, len(sentences))


@pytest.mark.parametrize("seed", range(3))
def test_every_template_question_draws(builtin: LoadResult, seed: int) -> None:
    from quizapp.templates import get_template

    for q in builtin.questions.values():
        if q.kind == "numeric" and q.template:
            variant = get_template(q.template).draw(seed, dict(q.params))
            assert variant.steps
