"""The built-in banks as a careful item writer and a fact checker would read them (issue 15)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pytest

import engine
from quizapp.banks.item_rules import (
    check_items,
    internal_references,
    learner_texts,
    length_figures,
)
from quizapp.banks.topics import load_topics
from quizapp.paths import topics_file
from quizapp.templates import get_template

if TYPE_CHECKING:
    from quizapp.banks import LoadResult, Question

MAX_LONGEST_SHARE = 0.35  # chance with three or four options is 25-33%
MAX_MEDIAN_RATIO = 1.25


def test_no_item_writing_rule_fires_on_a_builtin_bank(builtin: LoadResult) -> None:
    assert [str(w) for w in check_items(builtin.banks)] == []


def test_option_length_gives_nothing_away(builtin: LoadResult) -> None:
    """The correct option is the longest (ties count) in at most 35% of single-answer questions,
    and its length over the mean distractor's has a median of at most 1.25."""
    singles = [
        q
        for q in builtin.questions.values()
        if q.kind in ("choice", "spot_the_mistake") and q.options
    ]
    figures = length_figures(builtin.questions.values())
    assert figures.questions == len(singles) > 0
    by_hand = sum(
        1
        for q in singles
        if len(" ".join(next(o for o in q.options if o.correct).text.replace("`", "").split()))
        >= max(len(" ".join(o.text.replace("`", "").split())) for o in q.options if not o.correct)
    )
    assert figures.correct_longest == by_hand
    assert figures.longest_share <= MAX_LONGEST_SHARE, figures
    assert figures.median_ratio <= MAX_MEDIAN_RATIO, figures


def test_no_learner_text_names_a_seed_note(builtin: LoadResult) -> None:
    found = {
        (q.id, where): refs
        for q in builtin.questions.values()
        for where, text in learner_texts(q)
        if (refs := internal_references(text))
    }
    assert not found
    for topic in load_topics(topics_file()).values():
        assert not internal_references(topic.summary), topic.id
        assert "seed" not in topic.summary.lower(), topic.id


PLACEMENT = re.compile(
    r"\breset(?:s| gate| is| applied)*\s+(before|after)\s+the\s+(?:hidden\s+)?matmul"
)


def _expected_reset(question: Question) -> str | None:
    """The placement a template question computes with, from its parameters."""
    params = dict(question.params)
    if question.template == "gru_step":
        return str(params.get("reset", "after"))
    if question.template == "param_count" and params.get("cell") == "gru":
        framework = params.get("framework", "pytorch")
        if framework == "textbook":
            return "before"
        if framework == "keras":
            return "after" if params.get("reset_after", True) else "before"
        return "after"
    return None


def test_reset_placement_wording_matches_each_questions_conventions(builtin: LoadResult) -> None:
    """A prompt that names one placement names the one its conventions (and template) use."""
    checked = 0
    for q in builtin.questions.values():
        stated = set(PLACEMENT.findall(q.prompt))
        conventions = q.effective_conventions
        expected = _expected_reset(q) if q.kind == "numeric" and q.template else None
        if expected is not None:
            assert conventions.gru_reset == expected, q.id
        if len(stated) == 1:
            checked += 1
            assert conventions.gru_reset == stated.pop(), q.id
        assert not re.search(r"PyTorch[^.;()]*\breset[^.;()]*\bbefore\b", q.prompt), q.id
    assert checked >= 10


def test_gru_template_prompts_state_the_placement_they_compute() -> None:
    template = get_template("gru_step")
    for reset in ("before", "after"):
        for seed in range(20):
            prompt = template.draw(seed, {"reset": reset}).prompt
            assert f"reset {reset} the matmul" in prompt
            other = "after" if reset == "before" else "before"
            assert f"reset {other} the matmul" not in prompt


def _options(builtin: LoadResult, qid: str) -> dict[str, bool]:
    return {o.text: o.correct for o in builtin.questions[qid].options}


def test_when_the_two_reset_placements_agree(builtin: LoadResult) -> None:
    """gru.reset-same-when, checked on the engine: constant r with b_hn = 0 agrees; h_prev = 0
    with b_hn ≠ 0 does not; one unit with b_hn ≠ 0 does not."""
    options = _options(builtin, "gru.reset-same-when")
    assert options["When r is the same in every unit and b_hn = 0."]
    assert not options["When h_{t−1} = 0, whatever b_hn is."]
    assert not options["With a single hidden unit, whatever b_hn is."]
    rng = np.random.default_rng(0)

    def candidates(hidden: int, h_prev: np.ndarray, b_hn: float) -> tuple[np.ndarray, np.ndarray]:
        w_ih = rng.normal(size=(3 * hidden, 2))
        w_hh = rng.normal(size=(3 * hidden, hidden))
        w_ih[:hidden] = 0.0  # r = σ(b_ir): the same in every unit
        w_hh[:hidden] = 0.0
        b_ih = np.concatenate([np.full(hidden, 0.4), rng.normal(size=2 * hidden)])
        b_hh = np.concatenate([np.zeros(2 * hidden), np.full(hidden, b_hn)])
        x = rng.normal(size=2)
        out = []
        for reset in ("before", "after"):
            cell = engine.GRUCell(w_ih, w_hh, b_ih, b_hh, reset=reset)
            out.append(cell.step(x, h_prev).n)
        return out[0], out[1]

    before, after = candidates(3, rng.normal(size=3), b_hn=0.0)
    np.testing.assert_allclose(before, after, atol=1e-12)
    before, after = candidates(3, np.zeros(3), b_hn=0.7)
    assert not np.allclose(before, after)
    before, after = candidates(1, rng.normal(size=1), b_hn=0.7)
    assert not np.allclose(before, after)


def test_the_gru_note_quoted_is_torchs() -> None:
    """The reset-placement questions quote torch.nn.GRU's note: it is the library's own text."""
    torch = pytest.importorskip("torch")
    note = " ".join((torch.nn.GRU.__doc__ or "").split())
    assert "subtly differs from the original paper and other frameworks" in note
    assert "This implementation differs on purpose for efficiency." in note


def test_fixed_statements_stay_fixed(builtin: LoadResult) -> None:
    """Each false or misleading statement of issue 15 stays corrected."""
    questions = builtin.questions
    # teacher forcing does not make an RNN decoder parallel over time
    for q in questions.values():
        if "beyond.teacher-forcing" in q.topics:
            for where, text in learner_texts(q):
                if where == ("statement",) or (
                    where[0] == "options" and where[2] == "text" and not q.options[where[1]].correct
                ):
                    continue  # a statement to refute, or a distractor: false on purpose
                if "parallel" in text:
                    assert re.search(r"\bnot\b|\bonly\b|\bstill\b", text), (q.id, text)
    # the 1997 cell could fall as well as rise; it lacked a learned reset
    original = questions["lstm.original-no-forget"]
    right = next(o for o in original.options if o.correct)
    assert "reset" in right.text and "only" not in right.text
    assert "only grow" not in original.explanation
    # PyTorch's note gives its reason, "on purpose for efficiency" (the texts said it gave
    # none; test_the_gru_note_quoted_is_torchs reads it); the history names the arXiv versions
    for qid in ("gru.reset-placement", "gru.reset-why-after"):
        texts = " ".join(" ".join(t.split()) for _, t in learner_texts(questions[qid]))
        assert "on purpose for efficiency" in texts and "says only" not in texts
        assert "v1" in texts and "v3" in texts
    # the hard_sigmoid question asks for the release where the default changed
    hard = questions["gates.hard-sigmoid-keras"]
    assert next(o for o in hard.options if o.correct).text == "Keras 2.3.0"
    assert "until" not in hard.prompt.lower()
    # a sigmoid gate can stay shut; ReLU's problem is not that it "could not learn to open"
    assert "could not learn to open" not in questions["gates.why-sigmoid"].explanation
    # Keras dropout: the fixed mask matters for the recurrent state, not for input dropout
    dropout = questions["practice.keras-dropout"].explanation
    assert "destroy the memory" not in dropout and "Zaremba" in dropout
    # masking: padded steps leave the loss only with return_sequences and a masked loss
    assert "return_sequences=True" in questions["practice.packing-keras"].explanation
    # clipping at exactly max_norm still scales
    assert "0.9999998" in questions["numeric_drills.clip-by-norm"].explanation
    # section numbers
    for q in questions.values():
        for source in q.sources:
            assert not re.search(r"1211\.5063, §3\.1", source), (q.id, source)
            if "Chung" in source and "§3.2" in source:
                assert q.id.startswith(("numeric_drills.gru-", "gru.")), (q.id, source)
            assert not ("1406.1078" in source and "§2.3" in source and "sigmoid" in q.id)


def test_generated_english_reads_well(builtin: LoadResult) -> None:
    for q in builtin.questions.values():
        for _, text in learner_texts(q):
            assert not re.search(r"\ba LSTM\b|\ba RNN\b|pytorch's|keras's|textbook's", text), q.id
