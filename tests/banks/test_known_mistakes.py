"""Bank-level ``mistakes:`` on fixed-answer numeric questions: checked on load, named on grading."""

from __future__ import annotations

import random
from pathlib import Path

from quizapp.banks import LoadResult, load_banks
from quizapp.core import grader
from quizapp.core.presenter import present
from quizapp.paths import builtin_banks_dir, topics_file

BANK = """\
bank: {id: k, title: K}
questions:
  - id: k.count
    kind: numeric
    topics: [lstm.param-count]
    prompt: nn.LSTM(10, 20)?
    answer: 2560
    tolerance: {abs: 0}
    mistakes:
      - answer: %s
        name: one bias per gate block counted
        explanation: That is the Keras count; PyTorch keeps two.
        convention: true
    explanation: Two biases.
"""


def _load(tmp_path: Path, text: str) -> tuple[Path, LoadResult]:
    path = tmp_path / "k.yaml"
    path.write_text(text)
    return path, load_banks([path], topics_path=topics_file())


def test_a_listed_mistake_is_named_with_its_convention(tmp_path: Path) -> None:
    _, result = _load(tmp_path, BANK % "2480")
    assert result.errors == []
    presented = present(result.questions["k.count"].to_record(), random.Random(0))
    verdict = grader.grade(presented, "2480")
    assert not verdict.correct
    assert verdict.diagnosis is not None and verdict.diagnosis.convention
    assert "Keras count" in verdict.diagnosis.explanation
    assert grader.grade(presented, "2561").diagnosis is None


def test_a_mistake_within_tolerance_is_rejected_where_it_is(tmp_path: Path) -> None:
    path, result = _load(tmp_path, BANK % "2560")
    assert [str(e) for e in result.errors] == [
        f"{path}:10:17: the mistake 'one bias per gate block counted' lies within the "
        "tolerance of the answer, so it would be graded right"
    ]


def test_a_mistake_of_another_shape_is_rejected(tmp_path: Path) -> None:
    _, result = _load(tmp_path, BANK % "[1, 2]")
    assert len(result.errors) == 1 and "same shape" in result.errors[0].message


def test_template_questions_do_not_list_mistakes(tmp_path: Path) -> None:
    text = (BANK % "2480").replace("answer: 2560\n    tolerance: {abs: 0}", "template: lstm_step")
    _, result = _load(tmp_path, text)
    assert len(result.errors) == 1 and "compute" in result.errors[0].message


def test_builtin_framework_questions_name_the_other_frameworks_count() -> None:
    result = load_banks([builtin_banks_dir()], topics_path=topics_file())
    cases = {
        "lstm.params-pytorch": "2480",
        "lstm.params-keras": "2560",
        "gru.params-keras-reset-after": "1860",
        "gru.convention-numeric": "-0.6",
    }
    for qid, typed in cases.items():
        verdict = grader.grade(present(result.questions[qid].to_record(), random.Random(0)), typed)
        assert verdict.diagnosis is not None and verdict.diagnosis.convention, qid
