"""A mock interview: N questions across topics, a time limit, no feedback until the end.

Like an interviewer, it follows up: after a question with ``follow_ups``, the next question is
one of them (one level deeper), as long as the interview has room. Answers go through the same
``AnswerRecorder`` as a review (one rating rule), logged with mode ``mock``; they never move
the schedule. The report names the weakest topics and keeps every
wrong answer with its explanation for review.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from quizapp.banks.frozen import QuestionRecord
from quizapp.core.presentation import AnswerProblem, Feedback, PresentedQuestion
from quizapp.core.presenter import present
from quizapp.core.recorder import AnswerRecorder
from quizapp.store import Clock, Store

# Flashcards are self-rated, so an interview cannot score them.
INTERVIEW_KINDS = frozenset({"choice", "multi", "short", "numeric", "spot_the_mistake"})
CONFIDENCE_LEVELS = {1: "guessing", 2: "unsure", 3: "fairly sure", 4: "certain"}
SURE_LEVEL = 3  # "fairly sure" and above: a wrong answer given with this much confidence costs


@dataclass(frozen=True)
class MockAnswer:
    """One interview answer, graded silently; shown only in the report."""

    feedback: Feedback
    topics: tuple[str, ...]
    seconds: float
    confidence: int | None = None
    follow_up_of: str | None = None


@dataclass(frozen=True)
class TopicScore:
    topic: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class CalibrationRow:
    """How often the learner was right when they said they were this sure."""

    level: int
    label: str
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class MockReport:
    answers: tuple[MockAnswer, ...]
    per_topic: tuple[TopicScore, ...]  # weakest first
    weakest_topics: tuple[str, ...]
    total_seconds: float
    timed_out: bool
    unanswered: int  # questions of the interview never answered: each counts as wrong
    calibration: dict[int, tuple[int, int]] = field(default_factory=dict)  # conf -> (right, n)
    # the unanswered ones the interview had drawn: the one on screen when it ended, then the
    # openers it never reached (follow-ups it would have asked are not known)
    unanswered_ids: tuple[str, ...] = ()

    @property
    def correct(self) -> int:
        return sum(1 for a in self.answers if a.feedback.correct)

    @property
    def total(self) -> int:
        """The interview's length: answered and unanswered questions alike."""
        return len(self.answers) + self.unanswered

    @property
    def score_line(self) -> str:
        line = f"{self.correct} of {self.total} right"
        return line + (f" ({self.unanswered} unanswered)" if self.unanswered else "")

    @property
    def wrong_answers(self) -> tuple[MockAnswer, ...]:
        return tuple(a for a in self.answers if not a.feedback.correct)

    @property
    def confident_and_wrong(self) -> tuple[MockAnswer, ...]:
        """The costly case in an interview: sure of an answer that was wrong."""
        return tuple(a for a in self.wrong_answers if (a.confidence or 0) >= SURE_LEVEL)

    # -- confidence calibration ----------------------------------------------------------------
    @property
    def calibration_rows(self) -> tuple[CalibrationRow, ...]:
        """Answers and accuracy for every confidence level, guessing to certain (0 if unused)."""
        rows = []
        for level, label in sorted(CONFIDENCE_LEVELS.items()):
            correct, answers = self.calibration.get(level, (0, 0))
            rows.append(CalibrationRow(level, label, answers=answers, correct=correct))
        return tuple(rows)

    @property
    def rated(self) -> int:
        """Answers given with a confidence level."""
        return sum(1 for a in self.answers if a.confidence is not None)

    @property
    def unrated(self) -> int:
        return len(self.answers) - self.rated

    @property
    def sure_and_wrong(self) -> int:
        """How many answers were wrong although the learner was fairly sure or certain."""
        return len(self.confident_and_wrong)

    @property
    def calibration_line(self) -> str:
        """One sentence on calibration, for the report's headline of the section."""
        if not self.rated:
            return "No confidence given: say how sure you are before answering next time."
        sure = [a for a in self.answers if (a.confidence or 0) >= SURE_LEVEL]
        right = sum(1 for a in sure if a.feedback.correct)
        if sure:
            parts = [f"When sure you were right {right} of {len(sure)} ({right / len(sure):.0%})"]
        else:
            parts = ["Never fairly sure or certain"]
        parts.append(f"{self.sure_and_wrong} sure and wrong")
        if self.unrated:
            parts.append(f"{self.unrated} answer(s) without a confidence")
        return " · ".join(parts)


def pick_interview_questions(
    questions: Mapping[str, QuestionRecord],
    rng: random.Random,
    length: int,
    topics: Sequence[str] | None = None,
) -> list[str]:
    """Opening questions spread evenly across the chosen topics (round-robin, shuffled)."""
    wanted = set(topics or ())
    by_topic: dict[str, list[str]] = defaultdict(list)
    for qid, question in sorted(questions.items()):
        if question.kind not in INTERVIEW_KINDS:
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
    ) -> None:
        if length < 1:
            raise ValueError("a mock interview needs at least one question")
        self.questions = questions
        self.store = store
        self.clock = clock
        self.rng = rng
        self.length = length
        self.time_limit = timedelta(seconds=time_limit_s)
        self.started_at = clock.now()
        self._openers = pick_interview_questions(questions, rng, length, topics)
        if not self._openers:
            raise ValueError("no interview questions match the chosen topics")
        self.length = min(length, len(self._openers) + self._follow_up_room())
        self.answers: list[MockAnswer] = []
        self._asked: set[str] = set()
        self._pending_follow_up: tuple[str, str] | None = None
        self.current: PresentedQuestion | None = None
        self._current_follow_up_of: str | None = None
        self._confidence: int | None = None
        self.session_id = store.start_session("mock", self.started_at)
        self._recorder = AnswerRecorder(store, clock, "mock", self.session_id)
        self._finished: MockReport | None = None

    def _follow_up_room(self) -> int:
        return sum(len(q.follow_ups) for q in self.questions.values())

    # -- time --------------------------------------------------------------------------------
    def time_left(self, now: datetime | None = None) -> timedelta:
        now = now or self.clock.now()
        return max(timedelta(0), self.started_at + self.time_limit - now)

    @property
    def timed_out(self) -> bool:
        return self.time_left() <= timedelta(0)

    # -- asking ------------------------------------------------------------------------------
    def next_question(self) -> PresentedQuestion | None:
        """The next question: a pending follow-up first, else the next opener; None when over."""
        if self.timed_out or len(self.answers) >= self.length:
            self.current = None
            return None
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
        return self.current

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

    def submit(self, raw: str) -> MockAnswer | AnswerProblem:
        """Grade silently and record (mode ``mock``); an unreadable answer is a problem."""
        if self.current is None or self._finished is not None:
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
    def time_up(self, typed: str = "") -> MockReport:
        """Time ran out (or the learner ended it) with ``typed`` in the answer box: that text
        is graded as submitted, late or not, and the interview ends. An empty or unreadable
        answer leaves the question unanswered (wrong, and listed in the report)."""
        if self.current is not None and typed.strip():
            self.submit(typed)
        return self.finish()

    def _unanswered_ids(self) -> tuple[str, ...]:
        room = max(0, self.length - len(self.answers))
        shown = [self.current.question_id] if self.current is not None else []
        later = [qid for qid in self._openers if qid not in self._asked]
        return tuple([*shown, *later][:room])

    def finish(self) -> MockReport:
        if self._finished is not None:
            return self._finished
        now = self.clock.now()
        self.store.end_session(self.session_id, now)
        unanswered_ids = self._unanswered_ids()
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for answer in self.answers:
            for topic in answer.topics:
                tally[topic][1] += 1
                tally[topic][0] += int(bool(answer.feedback.correct))
        for qid in unanswered_ids:  # unanswered: wrong in each of its topics
            for topic in self.questions[qid].topics:
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
            total_seconds=(now - self.started_at).total_seconds(),
            timed_out=self.timed_out,
            unanswered=max(0, self.length - len(self.answers)),
            calibration=calibration,
            unanswered_ids=unanswered_ids,
        )
        return self._finished
