"""The built-in code bank asks every drill once, in the conventions the drill checks."""

from __future__ import annotations

from quizapp.banks import CodeQuestion, LoadResult
from quizapp.drills import DRILLS


def _code_questions(builtin: LoadResult) -> list[CodeQuestion]:
    return [q for q in builtin.questions.values() if isinstance(q, CodeQuestion)]


def test_every_drill_variant_has_exactly_one_builtin_question(builtin: LoadResult) -> None:
    asked = sorted(q.drill_id for q in _code_questions(builtin))
    assert asked == sorted(DRILLS)


def test_each_question_teaches_what_its_drill_checks(builtin: LoadResult) -> None:
    for question in _code_questions(builtin):
        drill = DRILLS[question.drill_id]
        assert question.bank_id == "code_drills"
        assert question.sources and len(question.explanation) > 200, question.id
        assert any(t.startswith("code.") for t in question.topics), question.id
        assert set(drill.topics) & set(question.topics), question.id
        assert f"`{drill.function}" in question.prompt or drill.function not in question.prompt


def test_gru_questions_state_the_conventions_their_drill_uses(builtin: LoadResult) -> None:
    for question in _code_questions(builtin):
        tags = DRILLS[question.drill_id].tags
        conventions = question.effective_conventions
        if tags.get("cell") == "gru":
            assert (conventions.gru_update, conventions.gru_reset) == (
                tags["update"],
                tags["reset"],
            )
            wording = "after" if tags["reset"] == "after" else "before"
            assert wording in question.prompt, question.id
        if "framework" in tags:
            assert conventions.framework == tags["framework"], question.id
