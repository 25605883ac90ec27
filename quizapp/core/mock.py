"""A mock interview: N questions across topics, a time limit, no feedback until the end.

Like an interviewer, it follows up: after a question with ``follow_ups``, the next question is
one of them (one level deeper), as long as the interview has room. Answers go through the same
``AnswerRecorder`` as a review (one rating rule), logged with mode ``mock``; they never move
the schedule. The report names the weakest topics and keeps every
wrong answer with its explanation for review.

The report is honest about what was not answered: when time runs out (or the learner ends the
interview) what is typed in the answer box is graded as submitted; the question on screen with
nothing typed, and the questions the interview never reached (the pending follow-up, then the
next openers, up to its length), count as wrong and are listed with their expected answers.
They are not written to the store: the log keeps only answers that were given.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from quizapp.banks.frozen import CodeRecord, QuestionRecord
from quizapp.core.code_drill import CodeAsking
from quizapp.core.mock_report import (
    CONFIDENCE_LEVELS,
    SURE_LEVEL,
    CalibrationRow,
    MockAnswer,
    MockReport,
    MockUnanswered,
    TopicScore,
)
from quizapp.core.presentation import AnswerProblem, Feedback, PresentedQuestion
from quizapp.core.presenter import present
from quizapp.core.recorder import AnswerRecorder
from quizapp.store import Clock, Store

if TYPE_CHECKING:
    from quizapp.core.code_drill import Check
    from quizapp.drills import Verdict

__all__ = [
    "CODE_KINDS",
    "CONFIDENCE_LEVELS",
    "INTERVIEW_KINDS",
    "SURE_LEVEL",
    "CalibrationRow",
    "MockAnswer",
    "MockInterview",
    "MockReport",
    "MockUnanswered",
    "TopicScore",
    "pick_interview_questions",
]

# Flashcards are self-rated, so an interview cannot score them; code questions come as the
# coding round, on their own clock (``drills``).
INTERVIEW_KINDS = frozenset({"choice", "multi", "short", "numeric", "spot_the_mistake"})
CODE_KINDS = frozenset({"code"})


def pick_interview_questions(
    questions: Mapping[str, QuestionRecord],
    rng: random.Random,
    length: int,
    topics: Sequence[str] | None = None,
    kinds: frozenset[str] = INTERVIEW_KINDS,
) -> list[str]:
    """Opening questions spread evenly across the chosen topics (round-robin, shuffled)."""
    wanted = set(topics or ())
    by_topic: dict[str, list[str]] = defaultdict(list)
    for qid, question in sorted(questions.items()):
        if question.kind not in kinds:
            continue
        for topic in question.topics:
            if not wanted or topic in wanted:
                by_topic[topic].append(qid)
    topic_order = sorted(by_topic)
    rng.shuffle(topic_order)
    for topic in topic_order:
        rng.shuffle(by_topic[topic])
    chosen: list[str] = []
    while len(chosen) < length and any(by_topic.values()):
        for topic in topic_order:
            pool = by_topic[topic]
            while pool and pool[-1] in chosen:
                pool.pop()
            if pool and len(chosen) < length:
                chosen.append(pool.pop())
    return chosen


class MockInterview:
    """Ask, record silently, follow up; ``finish`` produces the report."""

    def __init__(
        self,
        questions: Mapping[str, QuestionRecord],
        store: Store,
        clock: Clock,
        rng: random.Random,
        *,
        length: int = 10,
        topics: Sequence[str] | None = None,
        time_limit_s: float = 600.0,
        drills: int = 0,
        drill_time_limit_s: float = 900.0,
    ) -> None:
        """``drills``: code questions asked last (the coding round), each with its own
        ``drill_time_limit_s``; the interview's clock stands still while one is asked."""
        if length < 1 and drills < 1:
            raise ValueError("a mock interview needs at least one question")
        self.questions = questions
        self.store = store
        self.clock = clock
        self.rng = rng
        self.length = length
        self.time_limit = timedelta(seconds=time_limit_s)
        self.started_at = clock.now()
        self.drill_time_limit = timedelta(seconds=drill_time_limit_s)
        self._openers = pick_interview_questions(questions, rng, length, topics)
        coding = pick_interview_questions(questions, rng, drills, topics, CODE_KINDS)
        if drills and not coding:
            raise ValueError("no code questions match the chosen topics")
        if not self._openers and not coding:
            raise ValueError("no interview questions match the chosen topics")
        self.length = min(length, self._reachable()) + len(coding)
        self._openers += coding
        self.code: CodeAsking | None = None  # the coding round's question being asked
        self._drill_started: datetime | None = None
        self._paused = timedelta(0)
        self.answers: list[MockAnswer] = []
        self._asked: set[str] = set()
        self._pending_follow_up: tuple[str, str] | None = None
        self.current: PresentedQuestion | None = None
        self._current_follow_up_of: str | None = None
        self._confidence: int | None = None
        self.session_id = store.start_session("mock", self.started_at)
        self._recorder = AnswerRecorder(store, clock, "mock", self.session_id)
        self._finished: MockReport | None = None
        self._ended = False
        self._ended_at = self.started_at  # set when the report is built

    def _reachable(self) -> int:
        """How many questions the interview could ask: the openers and their follow-ups (and
        theirs), so the length shown is never more than can be asked."""
        seen = set(self._openers)
        frontier = list(self._openers)
        while frontier:
            for qid in self.questions[frontier.pop()].follow_ups:
                question = self.questions.get(qid)
                if question is not None and qid not in seen and question.kind in INTERVIEW_KINDS:
                    seen.add(qid)
                    frontier.append(qid)
        return len(seen)

    # -- time --------------------------------------------------------------------------------
    def time_left(self, now: datetime | None = None) -> timedelta:
        """The interview's time; it stands still while a drill runs on its own clock."""
        now = self._drill_started or now or self.clock.now()
        return max(timedelta(0), self.started_at + self.time_limit + self._paused - now)

    def drill_time_left(self, now: datetime | None = None) -> timedelta | None:
        """The current drill's own time (None when no drill is being asked)."""
        if self._drill_started is None:
            return None
        now = now or self.clock.now()
        return max(timedelta(0), self._drill_started + self.drill_time_limit - now)

    @property
    def timed_out(self) -> bool:
        return self.time_left() <= timedelta(0)

    # -- asking ------------------------------------------------------------------------------
    def next_question(self) -> PresentedQuestion | None:
        """The next question: a pending follow-up first, else the next opener; None when over."""
        if len(self.answers) >= self.length:
            self.current = None
            return None
        if self.timed_out:  # the coding round keeps its own clock: only drills are left
            question_id, follow_up_of = self._next_drill(), None
        else:
            question_id, follow_up_of = self._next_id()
        if question_id is None:
            self.current = None
            return None
        self._asked.add(question_id)
        self._current_follow_up_of = follow_up_of
        self._confidence = None
        self.current = present(
            self.questions[question_id],
            self.rng,
            position=len(self.answers) + 1,
            total=self.length,
            due_left=self.length - len(self.answers) - 1,
            shown_at=self.clock.now(),
        )
        question = self.current.question
        if isinstance(question, CodeRecord):
            self.code = CodeAsking(question)
            self._drill_started = self.current.shown_at
        return self.current

    def _next_drill(self) -> str | None:
        """The coding round's next question, the rest left as they are (the report lists
        what was never reached)."""
        for candidate in self._openers:
            if candidate not in self._asked and self.questions[candidate].kind in CODE_KINDS:
                self._openers.remove(candidate)
                return candidate
        return None

    def _next_id(self) -> tuple[str | None, str | None]:
        if self._pending_follow_up is not None:
            pending, self._pending_follow_up = self._pending_follow_up, None
            return pending
        while self._openers:
            candidate = self._openers.pop(0)
            if candidate not in self._asked:
                return candidate, None
        return None, None

    @property
    def current_follow_up_of(self) -> str | None:
        """The question the current one follows up on, if the interviewer is digging deeper."""
        return self._current_follow_up_of

    def set_confidence(self, level: int) -> None:
        """How sure the learner is before answering (1 guessing ... 4 certain)."""
        if level not in CONFIDENCE_LEVELS:
            raise ValueError(f"confidence must be 1-4, got {level}")
        self._confidence = level

    def readable(self, raw: str) -> AnswerProblem | None:
        """Why ``raw`` cannot be graded (nothing is recorded), or None when it can."""
        from quizapp.core import grader

        if self.current is None:
            raise ValueError("no question is being asked: call next_question() first")
        verdict = grader.grade(self.current, raw)
        return verdict if isinstance(verdict, AnswerProblem) else None

    def submit(self, raw: str) -> MockAnswer | AnswerProblem:
        """Grade silently and record (mode ``mock``); an unreadable answer is a problem."""
        if self.current is None:
            raise ValueError("no question is being asked: call next_question() first")
        feedback = self._recorder.submit(self.current, raw)
        if isinstance(feedback, AnswerProblem):
            return feedback
        question = self.current.question
        answer = MockAnswer(
            feedback=feedback,
            topics=question.topics,
            seconds=feedback.duration_ms / 1000,
            confidence=self._confidence,
            follow_up_of=self._current_follow_up_of,
        )
        self.answers.append(answer)
        self._queue_follow_up(question)
        self.current = None
        return answer

    def hint(self) -> str | None:
        """An interview gives no hints."""
        return None

    def record_check(self, verdict: Verdict) -> Check:
        """The drill's code as submitted, written as an attempt (the report shows it)."""
        if self.code is None:
            raise ValueError("the current question is not a code question")
        return self.code.record(self.store, verdict, self.clock.now(), session_id=self.session_id)

    def finish_code(self, *, gave_up: bool = False, width: int = 100) -> Feedback:
        """Record the drill (pass or not, silently) and give the interview its clock back."""
        if self.current is None or self.code is None or self._drill_started is None:
            raise ValueError("no code question is being asked")
        feedback = self._recorder.code_answered(
            self.current, self.code.question, self.code.summary(), gave_up=gave_up, width=width
        )
        self.answers.append(
            MockAnswer(
                feedback=feedback,
                topics=self.code.question.topics,
                seconds=feedback.duration_ms / 1000,
                confidence=self._confidence,
            )
        )
        self._paused += self.clock.now() - self._drill_started
        self._drill_started = None
        self.code = None
        self.current = None
        return feedback

    def _queue_follow_up(self, question: QuestionRecord) -> None:
        """An interviewer digs one level deeper into what was just answered."""
        remaining = self.length - len(self.answers)
        if remaining <= 0:
            return
        options = [
            qid
            for qid in question.follow_ups
            if qid in self.questions
            and qid not in self._asked
            and self.questions[qid].kind in INTERVIEW_KINDS
        ]
        if options:
            self._pending_follow_up = (options[self.rng.randrange(len(options))], question.id)

    # -- the report --------------------------------------------------------------------------
    def finish(self, typed: str = "") -> MockReport:
        """End the interview: ``typed`` (the answer box) is graded as submitted; the question
        on screen without an answer and those never reached count as wrong. The report is
        built first, then the session's end written (a fault there raises ``StoreError``, and
        ``report()`` still gives the report)."""
        report = self.report(typed)
        if not self._ended:
            self.store.end_session(self.session_id, self._ended_at)
            self._ended = True
        return report

    def report(self, typed: str = "") -> MockReport:
        """The interview's report, built once when it ends."""
        if self._finished is not None:
            return self._finished
        timed_out = self.timed_out
        why = "time ran out" if timed_out else "ended early"
        unanswered: list[MockUnanswered] = []
        current = self.current
        if current is not None:
            result = self.submit(typed) if typed.strip() else None
            if isinstance(result, AnswerProblem):
                reason = f"{why}; what was typed could not be read ({result.message})"
                unanswered.append(_unanswered(current, reason, typed.strip()))
            elif result is None:
                unanswered.append(_unanswered(current, f"{why} before an answer"))
            self.current = None
        for question_id in self._unreached(self.length - len(self.answers) - len(unanswered)):
            presented = present(self.questions[question_id], self.rng)
            unanswered.append(_unanswered(presented, f"not reached: {why}"))
        now = self.clock.now()
        self._ended_at = now
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for answer in self.answers:
            for topic in answer.topics:
                tally[topic][1] += 1
                tally[topic][0] += int(bool(answer.feedback.correct))
        for missing in unanswered:
            for topic in missing.feedback.presented.question.topics:
                tally[topic][1] += 1
        per_topic = sorted(
            (TopicScore(topic, right, total) for topic, (right, total) in tally.items()),
            key=lambda s: (s.accuracy, -s.total, s.topic),
        )
        weakest = tuple(s.topic for s in per_topic if s.accuracy < 1.0)[:3]
        calibration: dict[int, tuple[int, int]] = {}
        for answer in self.answers:
            if answer.confidence is None:
                continue
            right, n = calibration.get(answer.confidence, (0, 0))
            calibration[answer.confidence] = (right + int(bool(answer.feedback.correct)), n + 1)
        self._finished = MockReport(
            answers=tuple(self.answers),
            per_topic=tuple(per_topic),
            weakest_topics=weakest,
            total_seconds=min(now - self.started_at, self.time_limit).total_seconds(),
            timed_out=timed_out,
            unanswered=tuple(unanswered),
            calibration=calibration,
        )
        return self._finished

    def _unreached(self, room: int) -> list[str]:
        """What the interview would have asked next: the pending follow-up, then openers."""
        upcoming = [self._pending_follow_up[0]] if self._pending_follow_up else []
        upcoming += [qid for qid in self._openers if qid not in self._asked]
        return list(dict.fromkeys(upcoming))[: max(0, room)]


def _unanswered(presented: PresentedQuestion, reason: str, typed: str = "") -> MockUnanswered:
    """A question counted wrong without an answer, with what its feedback would have shown."""
    from quizapp.core import grader
    from quizapp.core.presenter import worked_steps

    feedback = Feedback(
        presented=presented,
        answer_given=typed,
        correct=False,
        expected=grader.expected_answer(presented),
        explanation=presented.question.explanation,
        rating=1,
        option_feedback=grader.option_feedback(presented, ()),
        worked_steps=worked_steps(presented),
        note=f"Not answered: {reason}.",
    )
    return MockUnanswered(feedback=feedback, reason=reason, typed=typed)
