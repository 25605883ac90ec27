"""A review or cram session: next question, answer, feedback, record, undo.

The session is the whole quiz loop without a terminal: the TUI calls these methods and renders
what they return, and tests drive it directly. Answers go through the ``AnswerRecorder``
(``quizapp.core.recorder``), which writes each to the store (committed) *before* its feedback
is returned, so feedback on screen always means the answer is saved.

Modes: ``review`` moves the FSRS schedule; ``cram`` (practising a topic or a bank) is logged
but leaves the schedule alone (see ``quizapp.store``); mock interviews are their own session
(``quizapp.core.mock``) over the same recorder.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from quizapp.banks.frozen import CodeRecord, FlashcardRecord, QuestionRecord
from quizapp.core.code_drill import CodeAsking
from quizapp.core.presentation import AnswerProblem, Feedback, PresentedQuestion, counts_right
from quizapp.core.presenter import present
from quizapp.core.recorder import AnswerRecorder, Mode, check_rating
from quizapp.i18n import _
from quizapp.store import Clock, Store
from quizapp.store.queues import NewOrder

if TYPE_CHECKING:
    from quizapp.core.code_drill import Check
    from quizapp.core.summary import Interview, SessionSummary
    from quizapp.drills import Verdict

__all__ = ["Mode", "ReviewSession"]


class ReviewSession:
    """One sitting: a queue of question ids served in order, each graded and recorded.

    Without a ``queue`` it is today's review: due cards and new questions in ``order`` (pass
    ``catalog.new_order``, the syllabus's; without it, the order of ``questions``).
    """

    def __init__(
        self,
        questions: Mapping[str, QuestionRecord],
        store: Store,
        clock: Clock,
        rng: random.Random,
        *,
        queue: Sequence[str] | None = None,
        mode: Mode = "review",
        new_per_day: int | None = None,
        order: NewOrder | None = None,
        interview_at: datetime | None = None,
    ) -> None:
        """``interview_at``: the interview's moment, when one is set: the session notes each
        question's projected recall then before its first answer, so its summary can say what
        the session did for the day."""
        self.questions = questions
        self.store = store
        self.clock = clock
        self.rng = rng
        self.mode: Mode = mode
        if queue is None:
            queue = store.due_queue(
                list(questions), clock.now(), new_per_day=new_per_day, order=order
            )
        self._queue: deque[str] = deque(qid for qid in queue if qid in questions)
        self.total = len(self._queue)
        self.answered: list[Feedback] = []
        self.current: PresentedQuestion | None = None
        self.last_feedback: Feedback | None = None
        self.code: CodeAsking | None = None  # the checks of the code question being asked
        self.session_id = store.start_session(mode, clock.now())
        self._recorder = AnswerRecorder(store, clock, mode, self.session_id)
        self.interview_at = interview_at
        self.recall_before: dict[str, float] = {}  # question id -> recall on the day, before

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
        self._ask_code(self.current)
        return self.current

    def _ask_code(self, presented: PresentedQuestion) -> None:
        question = presented.question
        self.code = CodeAsking(question) if isinstance(question, CodeRecord) else None

    def hint(self) -> str | None:
        """The next hint of the current question; asking for one lowers the rating to Hard."""
        current = self._require_current()
        if current.hints_shown >= len(current.hints):
            return None
        hint = current.hints[current.hints_shown]
        self.current = msgspec.structs.replace(current, hints_shown=current.hints_shown + 1)
        return hint

    # -- answering ---------------------------------------------------------------------------
    def submit(self, raw: str) -> Feedback | AnswerProblem:
        """Grade a typed or picked answer, record it, and return the feedback.

        An answer that cannot be read returns an ``AnswerProblem`` and is not recorded.
        """
        current = self._require_current()
        if isinstance(current.question, FlashcardRecord):
            return AnswerProblem(_("Reveal the answer first, then rate how well you recalled it."))
        if isinstance(current.question, CodeRecord):
            return AnswerProblem(
                _("Write the function, then check it; it is graded by its checks.")
            )
        self._note_recall_before(current.question_id)
        outcome = self._recorder.submit(current, raw)
        return self._kept(outcome) if isinstance(outcome, Feedback) else outcome

    def reveal(self) -> str:
        """Show a flashcard's answer; the learner then rates their recall with ``rate``."""
        from quizapp.core import grader

        return grader.expected_answer(self._require_current())

    def rate(self, rating: int) -> Feedback:
        """Record a self-rated flashcard (1 Again, 2 Hard, 3 Good, 4 Easy)."""
        current = self._require_current()
        if not isinstance(current.question, FlashcardRecord):
            raise ValueError("only flashcards are rated by the learner before feedback")
        self._note_recall_before(current.question_id)
        return self._kept(self._recorder.self_rated(current, rating))

    def record_check(self, verdict: Verdict) -> Check:
        """Keep a check of the current code question (written as an attempt, committed)."""
        if self.code is None:
            raise ValueError("the current question is not a code question")
        return self.code.record(self.store, verdict, self.clock.now(), session_id=self.session_id)

    def finish_code(self, *, gave_up: bool = False, width: int = 100) -> Feedback:
        """End the current code question: passed, or given up (the reference is shown)."""
        current = self._require_current()
        if self.code is None:
            raise ValueError("the current question is not a code question")
        if not gave_up and not self.code.passed:
            raise ValueError("no check has passed yet: check again, or give up")
        feedback = self._recorder.code_answered(
            current, self.code.question, self.code.summary(), gave_up=gave_up, width=width
        )
        return self._kept(feedback)

    def override_rating(self, rating: int) -> Feedback:
        """Change the rating recorded for the last answer (the feedback screen's 1-4 keys)."""
        if self.last_feedback is None:
            raise ValueError("no answer to re-rate")
        check_rating(rating)
        self.store.rerate(self._last_review_id(), rating)
        self.last_feedback = msgspec.structs.replace(self.last_feedback, rating=rating)
        self.answered[-1] = self.last_feedback
        return self.last_feedback

    def claim_correct(self) -> Feedback:
        """ "I was right": the last answer, which the grader rejected, counts as right and is
        rated as a right answer would have been (the statistics count the claim)."""
        if self.last_feedback is None or self.last_feedback.correct is not False:
            raise ValueError("only a rejected answer can be counted as right")
        self.last_feedback = self._recorder.claim(self.last_feedback)
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
        self.current = msgspec.structs.replace(
            undone.presented, shown_at=self.clock.now(), hints_shown=0
        )
        self._ask_code(self.current)
        self.last_feedback = self.answered[-1] if self.answered else None
        return self.current

    def finish(self) -> None:
        self.store.end_session(self.session_id, self.clock.now())

    @property
    def missed(self) -> list[str]:
        """Questions answered wrong in this session (flashcards rated Again), in answer order."""
        return [f.question_id for f in self.answered if not counts_right(f)]

    def summary(
        self,
        store: Store,
        topic_title: Callable[[str], str],
        interview: Interview | None = None,
    ) -> SessionSummary:
        """What the session did: right and wrong per kind and topic, the misses and when they
        come back. ``store`` may be a reader (a worker thread's own connection)."""
        from quizapp.core.summary import summarize

        return summarize(
            self.answered,
            mode=self.mode,
            store=store,
            now=self.clock.now(),
            topic_title=topic_title,
            interview=interview,
            recall_before=self.recall_before,
        )

    # -- internals ---------------------------------------------------------------------------
    def _note_recall_before(self, question_id: str) -> None:
        """The question's projected recall on the interview day before this session's first
        answer to it (0 for a question never studied); only scheduled answers move it."""
        if self.interview_at is None or self.mode != "review":
            return
        if question_id not in self.recall_before:
            recall = self.store.retrievability(question_id, self.interview_at)
            self.recall_before[question_id] = recall or 0.0

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

    def _kept(self, feedback: Feedback) -> Feedback:
        """The answer just recorded becomes the one to re-rate or take back."""
        self.answered.append(feedback)
        self.last_feedback = feedback
        return feedback
