"""A review or practice session: next question, answer, feedback, record, undo.

The session is the whole quiz loop without a terminal: the TUI calls these methods and renders
what they return, and tests drive it directly. Each answer is written to the store (committed)
*before* its feedback is returned, so feedback on screen always means the answer is saved.

Modes: ``review`` moves the FSRS schedule; ``cram`` (practising a topic or a bank) and ``mock``
are logged but leave the schedule alone (see ``quizapp.store``).
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from quizapp.core.presentation import AnswerProblem, Diagnosis, Feedback, PresentedQuestion
from quizapp.core.presenter import answer_record, present, worked_steps
from quizapp.store import Clock, Store

Mode = Literal["review", "practice", "cram", "mock"]


class ReviewSession:
    """One sitting: a queue of question ids served in order, each graded and recorded."""

    def __init__(
        self,
        questions: Mapping[str, Any],
        store: Store,
        clock: Clock,
        rng: random.Random,
        *,
        queue: Sequence[str] | None = None,
        mode: Mode = "review",
        new_per_day: int | None = None,
    ) -> None:
        self.questions = questions
        self.store = store
        self.clock = clock
        self.rng = rng
        self.mode: Mode = mode
        if queue is None:
            queue = store.due_queue(list(questions), clock.now(), new_per_day=new_per_day)
        self._queue: deque[str] = deque(qid for qid in queue if qid in questions)
        self.total = len(self._queue)
        self.answered: list[Feedback] = []
        self.current: PresentedQuestion | None = None
        self.last_feedback: Feedback | None = None
        self.session_id = store.start_session(mode, clock.now())
        self._revealed = False

    # -- serving -----------------------------------------------------------------------------
    @property
    def remaining(self) -> int:
        return len(self._queue)

    def next_question(self) -> PresentedQuestion | None:
        """Present the next question (shuffling options, drawing a numeric variant), or None."""
        if not self._queue:
            self.current = None
            return None
        question_id = self._queue.popleft()
        self.current = present(
            self.questions[question_id],
            self.rng,
            position=len(self.answered) + 1,
            total=self.total,
            due_left=len(self._queue),
            shown_at=self.clock.now(),
        )
        self._revealed = False
        return self.current

    def hint(self) -> str | None:
        """The next hint of the current question; asking for one lowers the rating to Hard."""
        current = self._require_current()
        if current.hints_shown >= len(current.hints):
            return None
        hint = current.hints[current.hints_shown]
        self.current = replace(current, hints_shown=current.hints_shown + 1)
        return hint

    # -- answering ---------------------------------------------------------------------------
    def submit(self, raw: str) -> Feedback | AnswerProblem:
        """Grade a typed or picked answer, record it, and return the feedback.

        An answer that cannot be read returns an ``AnswerProblem`` and is not recorded.
        """
        from quizapp.core import grader  # with the first answer, not at start-up
        from quizapp.store.scheduling import rating_for

        current = self._require_current()
        if current.kind == "flashcard":
            return AnswerProblem("Reveal the answer first, then rate how well you recalled it.")
        verdict = grader.grade(current, raw)
        if isinstance(verdict, AnswerProblem):
            return verdict
        duration_ms = self._duration_ms(current)
        rating = rating_for(
            correct=verdict.correct,
            used_hint=current.hints_shown > 0,
            duration_ms=duration_ms,
            median_ms=self.store.median_duration_ms(),
        )
        return self._record(
            current,
            answer_given=raw.strip(),
            correct=verdict.correct,
            rating=int(rating),
            duration_ms=duration_ms,
            expected=verdict.expected,
            option_feedback=grader.option_feedback(current, verdict.picked),
            matched=verdict.matched,
            note=verdict.note,
            diagnosis=verdict.diagnosis,
        )

    def reveal(self) -> str:
        """Show a flashcard's answer; the learner then rates their recall with ``rate``."""
        from quizapp.core import grader

        current = self._require_current()
        self._revealed = True
        return grader.expected_answer(current)

    def rate(self, rating: int) -> Feedback:
        """Record a self-rated flashcard (1 Again, 2 Hard, 3 Good, 4 Easy)."""
        from quizapp.core import grader

        current = self._require_current()
        if current.kind != "flashcard":
            raise ValueError("only flashcards are rated by the learner before feedback")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, got {rating}")
        return self._record(
            current,
            answer_given="(self-rated)",
            correct=rating > 1,
            rating=rating,
            duration_ms=self._duration_ms(current),
            expected=grader.expected_answer(current),
            self_rated=True,
        )

    def override_rating(self, rating: int) -> Feedback:
        """Change the rating recorded for the last answer (the feedback screen's 1-4 keys)."""
        if self.last_feedback is None:
            raise ValueError("no answer to re-rate")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, got {rating}")
        self.store.rerate(self._last_review_id(), rating)
        self.last_feedback = replace(self.last_feedback, rating=rating)
        self.answered[-1] = self.last_feedback
        return self.last_feedback

    def undo(self) -> PresentedQuestion | None:
        """Take back the last answer (review row and card state) and ask that question again."""
        if self.last_feedback is None:
            return None
        self.store.undo(self._last_review_id())
        undone = self.answered.pop()
        if self.current is not None and self.current is not undone.presented:
            self._queue.appendleft(self.current.question_id)
        self.current = replace(undone.presented, shown_at=self.clock.now(), hints_shown=0)
        self.last_feedback = self.answered[-1] if self.answered else None
        return self.current

    def finish(self) -> None:
        self.store.end_session(self.session_id, self.clock.now())

    # -- internals ---------------------------------------------------------------------------
    def _last_review_id(self) -> int:
        """This session's last answer (another window's answers are never touched)."""
        review_id = self.last_feedback.review_id if self.last_feedback else None
        if review_id is None:
            raise ValueError("the last answer has no stored review")
        return review_id

    def _require_current(self) -> PresentedQuestion:
        if self.current is None:
            raise ValueError("no question is being asked: call next_question() first")
        return self.current

    def _duration_ms(self, presented: PresentedQuestion) -> int:
        if presented.shown_at is None:
            return 0
        elapsed = self.clock.now() - presented.shown_at
        return max(0, int(elapsed.total_seconds() * 1000))

    def _record(
        self,
        presented: PresentedQuestion,
        *,
        answer_given: str,
        correct: bool,
        rating: int,
        duration_ms: int,
        expected: str,
        option_feedback: tuple = (),
        matched: str | None = None,
        note: str | None = None,
        self_rated: bool = False,
        diagnosis: Diagnosis | None = None,
    ) -> Feedback:
        question = presented.question
        review_id = self.store.record_answer(
            answer_record(
                presented,
                when=self.clock.now(),
                answer_given=answer_given,
                correct=correct,
                rating=rating,
                duration_ms=duration_ms,
                mode=self.mode,
                session_id=self.session_id,
            )
        )
        feedback = Feedback(
            presented=presented,
            answer_given=answer_given,
            correct=None if self_rated else correct,
            expected=expected,
            explanation=question.explanation,
            rating=rating,
            option_feedback=option_feedback,
            worked_steps=worked_steps(presented),
            matched=matched,
            note=note,
            review_id=review_id,
            duration_ms=duration_ms,
            used_hint=presented.hints_shown > 0,
            diagnosis=diagnosis,
        )
        self.answered.append(feedback)
        self.last_feedback = feedback
        return feedback
