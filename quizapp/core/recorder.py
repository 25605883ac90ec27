"""One answer graded, rated and written to the store: the one path of every session mode.

Review, cram (practising a bank or a topic) and mock interviews all answer through an
``AnswerRecorder``, so an answer is rated by one rule (``quizapp.store.scheduling.rating_for``:
wrong is Again; a hint or a slow answer Hard; a fast one Easy; else Good) and logged the same
way whatever asked it. The row is committed *before* the feedback is returned, so feedback on
screen always means the answer is saved. Only the schedule differs by mode: cram and mock
answers are logged but leave it alone (``quizapp.store.UNSCHEDULED_MODES``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

import msgspec

from quizapp.core.presentation import AnswerProblem, CodeFeedback, Feedback, PresentedQuestion
from quizapp.core.presenter import answer_record, worked_steps
from quizapp.store import Clock, Store

if TYPE_CHECKING:
    from quizapp.banks.frozen import CodeRecord
    from quizapp.core.code_drill import CodeSummary

Mode = Literal["review", "cram", "mock"]
RATINGS = (1, 2, 3, 4)  # Again, Hard, Good, Easy


class AnswerRecorder(msgspec.Struct):
    store: Store
    clock: Clock
    mode: Mode
    session_id: int

    def submit(self, presented: PresentedQuestion, raw: str) -> Feedback | AnswerProblem:
        """Grade a typed or picked answer, rate it, record it; unreadable: not recorded."""
        from quizapp.core import grader  # with the first answer, not at start-up
        from quizapp.store.scheduling import rating_for

        verdict = grader.grade(presented, raw)
        if isinstance(verdict, AnswerProblem):
            return verdict
        now = self.clock.now()
        duration_ms = _duration_ms(presented, now)
        rating = rating_for(
            correct=verdict.correct,
            used_hint=presented.hints_shown > 0,
            duration_ms=duration_ms,
            median_ms=self.store.median_duration_ms(),
        )
        return self._record(
            verdict.correct,
            now,
            Feedback(
                presented=presented,
                answer_given=raw.strip(),
                correct=verdict.correct,
                expected=verdict.expected,
                explanation=presented.question.explanation,
                rating=int(rating),
                option_feedback=grader.option_feedback(presented, verdict.picked),
                worked_steps=worked_steps(presented),
                matched=verdict.matched,
                note=verdict.note,
                duration_ms=duration_ms,
                used_hint=presented.hints_shown > 0,
                diagnosis=verdict.diagnosis,
            ),
        )

    def self_rated(self, presented: PresentedQuestion, rating: int) -> Feedback:
        """A flashcard the learner rated after revealing it (1 Again ... 4 Easy)."""
        from quizapp.core import grader

        check_rating(rating)
        now = self.clock.now()
        return self._record(
            rating > 1,  # the log counts Hard and better as recalled
            now,
            Feedback(
                presented=presented,
                answer_given="(self-rated)",
                correct=None,
                expected=grader.expected_answer(presented),
                explanation=presented.question.explanation,
                rating=rating,
                worked_steps=worked_steps(presented),
                duration_ms=_duration_ms(presented, now),
                used_hint=presented.hints_shown > 0,
            ),
        )

    def code_answered(
        self,
        presented: PresentedQuestion,
        question: CodeRecord,
        checks_made: CodeSummary,
        *,
        gave_up: bool,
        width: int = 100,
    ) -> Feedback:
        """A code question ends: passed (rated by ``code_rating``) or given up (Again).

        One review per asking, whatever the number of checks; the asking's attempts are
        linked to it. ``width``: the verdict's text width.
        """
        from quizapp.core.code_drill import drill_of
        from quizapp.drills import render_verdict
        from quizapp.store.scheduling import code_rating

        passed = checks_made.passed and not gave_up
        used_hint = presented.hints_shown > 0
        failed = checks_made.failed_before_pass
        rating = int(code_rating(passed=passed, failed_checks=failed, used_hint=used_hint))
        drill = drill_of(question)
        verdict = checks_made.last
        checks = checks_made.checks
        if passed:
            shown = f"passed on check {failed + 1} of {checks}"
        elif checks:
            shown = f"gave up after {checks} check{'s' * (checks != 1)}"
        else:
            shown = "gave up before checking"
        digest = f"code {verdict.code_sha256[:12]}" if verdict is not None else "no code checked"
        now = self.clock.now()
        feedback = self._record(
            passed,
            now,
            Feedback(
                presented=presented,
                answer_given=f"{digest} · {shown}",
                correct=passed,
                expected=f"every hidden case passes ({drill.id})",
                explanation=presented.question.explanation,
                rating=rating,
                duration_ms=_duration_ms(presented, now),
                used_hint=used_hint,
                code=CodeFeedback(
                    drill_id=drill.id,
                    checks=checks,
                    passed=passed,
                    gave_up=gave_up,
                    cases_total=len(drill.cases()) if verdict is None else verdict.cases_total,
                    verdict_kind=verdict.kind if verdict is not None else "",
                    verdict_report=render_verdict(verdict, width) if verdict is not None else "",
                    reference=drill.reference,
                ),
            ),
        )
        if feedback.review_id is not None and checks_made.attempt_ids:
            self.store.link_code_attempts(checks_made.attempt_ids, feedback.review_id)
        return feedback

    def claim(self, feedback: Feedback) -> Feedback:
        """ "I was right": a rejected answer counts as right, rated as a right answer is (the
        same rule, the same time and hints), and flagged so statistics can count the claims."""
        from quizapp.store.scheduling import rating_for

        if feedback.correct is not False or feedback.review_id is None:
            raise ValueError("only a recorded, rejected answer can be counted as right")
        rating = int(
            rating_for(
                correct=True,
                used_hint=feedback.used_hint,
                duration_ms=feedback.duration_ms,
                median_ms=self.store.median_duration_ms(),
            )
        )
        self.store.rerate(feedback.review_id, rating)
        self.store.mark_claimed(feedback.review_id)
        return msgspec.structs.replace(
            feedback, correct=True, claimed=True, rating=rating, diagnosis=None
        )

    def _record(self, correct: bool, now: datetime, feedback: Feedback) -> Feedback:
        """Write ``feedback``'s answer (committed), then hand it back with its review id."""
        review_id = self.store.record_answer(
            answer_record(
                feedback.presented,
                when=now,
                answer_given=feedback.answer_given,
                correct=correct,
                rating=feedback.rating,
                duration_ms=feedback.duration_ms,
                mode=self.mode,
                session_id=self.session_id,
            )
        )
        return msgspec.structs.replace(feedback, review_id=review_id)


def check_rating(rating: int) -> None:
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1-4, got {rating}")


def _duration_ms(presented: PresentedQuestion, now: datetime) -> int:
    if presented.shown_at is None:
        return 0
    return max(0, int((now - presented.shown_at).total_seconds() * 1000))
