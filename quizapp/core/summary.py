"""The end of a session: how it went, what was missed and when it comes back, and what it did
for the interview. Review, practice and mock sessions all end with one.

- **Right and wrong** per kind and per topic (topic titles, weakest first). A flashcard counts
  as right when recalled (Hard or better), as the review log counts it; a mock question left
  unanswered counts as wrong.
- **When each comes back**: the question's card due date in the store. A review moves it (a
  miss comes back within minutes, as FSRS's relearning step says); practice and mock answers
  leave it alone, so it is the date the reviews already had, or none for a question never
  reviewed.
- **The interview**, when a date is set: each question's retrievability at the interview's
  moment (FSRS, as the planner computes it), before this session's first answer to it (noted
  by the session) and now; across the catalog the change is the answered questions' change
  over all questions (the others did not move).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quizapp.core.presentation import Feedback, counts_right
from quizapp.core.titles import first_line
from quizapp.i18n import N_, _, ngettext
from quizapp.store import Store

KIND_NAMES = {
    "choice": N_("Single choice"),
    "multi": N_("Multiple choice"),
    "short": N_("Short answer"),
    "numeric": N_("Numeric"),
    "flashcard": N_("Flashcard"),
    "spot_the_mistake": N_("Spot the mistake"),
}
SCHEDULED_MODES = frozenset({"review"})  # the modes whose answers move the schedule
NOT_SCHEDULED = N_("not in your reviews yet")  # English keys; screens translate them


@dataclass(frozen=True)
class Tally:
    """Right and wrong answers under one heading (a kind, a topic)."""

    label: str
    right: int
    wrong: int

    @property
    def total(self) -> int:
        return self.right + self.wrong

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class Missed:
    """A question answered wrong (or not at all), and when the reviews bring it back."""

    feedback: Feedback
    prompt: str  # the prompt's first line, as plain text
    topics: tuple[str, ...]  # titles
    due: datetime | None  # None: the question is not in the reviews
    comes_back: str  # "in 10 min", "tomorrow", "in 4 days (Fri 06 Mar)", NOT_SCHEDULED

    @property
    def question_id(self) -> str:
        return self.feedback.question_id


@dataclass(frozen=True)
class Interview:
    """The interview the learner set: its moment, how far off it is, the whole catalog."""

    at: datetime
    when: str  # "in 6 days", "tomorrow", "today"
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class InterviewEffect:
    """Projected recall on the interview day, before this session and after it."""

    when: str
    moved: bool  # False: practice and mock answers leave the schedule (and the day) alone
    answered: int
    recall_before: float  # mean over the questions answered
    recall_after: float
    total: int
    overall_before: float  # mean over every question (never studied: 0)
    overall_after: float

    @property
    def line(self) -> str:
        if not self.moved:
            return ngettext(
                "Interview {when}: practice and mock answers leave the schedule alone, so "
                "projected recall on the day stays {recall} across {count} question; today's "
                "review moves it.",
                "Interview {when}: practice and mock answers leave the schedule alone, so "
                "projected recall on the day stays {recall} across {count} questions; today's "
                "review moves it.",
                self.total,
            ).format(when=self.when, recall=f"{self.overall_after:.0%}", count=self.total)
        return ngettext(
            "Interview {when}: projected recall on the day {before} → {after} for this "
            "question; across all {total}: {all_before} → {all_after}.",
            "Interview {when}: projected recall on the day {before} → {after} for these "
            "{count}; across all {total}: {all_before} → {all_after}.",
            self.answered,
        ).format(
            when=self.when,
            before=f"{self.recall_before:.0%}",
            after=f"{self.recall_after:.0%}",
            count=self.answered,
            total=self.total,
            all_before=f"{self.overall_before:.0%}",
            all_after=f"{self.overall_after:.0%}",
        )


@dataclass(frozen=True)
class SessionSummary:
    mode: str
    right: int
    wrong: int
    claimed: int  # counted right by the learner over the grader ("I was right")
    per_kind: tuple[Tally, ...]
    per_topic: tuple[Tally, ...]  # weakest first
    missed: tuple[Missed, ...]
    returns: tuple[tuple[str, int], ...]  # (when, how many of the questions answered)
    interview: InterviewEffect | None = None

    @property
    def total(self) -> int:
        return self.right + self.wrong

    @property
    def headline(self) -> str:
        if self.claimed:
            return _("{right} of {total} right ({claimed} counted right by you)").format(
                right=self.right, total=self.total, claimed=self.claimed
            )
        return _("{right} of {total} right").format(right=self.right, total=self.total)

    @property
    def missed_ids(self) -> list[str]:
        return [m.question_id for m in self.missed]


def summarize(
    answers: Sequence[Feedback],
    *,
    mode: str,
    store: Store,
    now: datetime,
    topic_title: Callable[[str], str],
    interview: Interview | None = None,
    recall_before: Mapping[str, float] | None = None,
) -> SessionSummary:
    """The summary of ``answers`` (one per question, in the order asked; a mock's unanswered
    questions among them, as wrong feedback that was never recorded)."""
    latest = {feedback.question_id: feedback for feedback in answers}
    kept = list(latest.values())
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    topics: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for feedback in kept:
        slot = 0 if counts_right(feedback) else 1
        kinds[feedback.presented.kind][slot] += 1
        for topic in feedback.presented.question.topics:
            topics[topic][slot] += 1
    due = {qid: _due(store, qid) for qid in latest}
    missed = tuple(
        Missed(
            feedback=feedback,
            prompt=first_line(feedback.presented.question.prompt),
            topics=tuple(topic_title(t) for t in feedback.presented.question.topics),
            due=due[feedback.question_id],
            comes_back=comes_back(due[feedback.question_id], now),
        )
        for feedback in kept
        if not counts_right(feedback)
    )
    per_topic = sorted(
        (Tally(topic_title(topic), right, wrong) for topic, (right, wrong) in topics.items()),
        key=lambda t: (t.accuracy, -t.total, t.label),
    )
    right = sum(1 for feedback in kept if counts_right(feedback))
    effect = None
    if interview is not None:
        effect = interview_effect(
            latest, store, interview, recall_before or {}, moved=mode in SCHEDULED_MODES
        )
    return SessionSummary(
        mode=mode,
        right=right,
        wrong=len(kept) - right,
        claimed=sum(1 for feedback in kept if feedback.claimed),
        per_kind=tuple(
            Tally(_(KIND_NAMES[kind]) if kind in KIND_NAMES else kind, right_n, wrong_n)
            for kind, (right_n, wrong_n) in sorted(kinds.items(), key=lambda kv: _kind_order(kv[0]))
        ),
        per_topic=tuple(per_topic),
        missed=missed,
        returns=_returns(due.values(), now),
        interview=effect,
    )


def comes_back(due: datetime | None, now: datetime) -> str:
    """When a question is next asked in the reviews, as a learner says it."""
    if due is None:
        return NOT_SCHEDULED
    delta = due - now
    if delta <= timedelta(0):
        return _("due now")
    if delta < timedelta(hours=1):
        return _("in {minutes} min").format(minutes=max(1, round(delta.total_seconds() / 60)))
    days = (due.date() - now.date()).days
    if days == 0:
        return _("in {hours} h").format(hours=round(delta.total_seconds() / 3600))
    if days == 1:
        return _("tomorrow")
    return _("in {days} days ({date})").format(days=days, date=f"{due:%a %d %b}")


def interview_effect(
    latest: Mapping[str, Feedback],
    store: Store,
    interview: Interview,
    recall_before: Mapping[str, float],
    *,
    moved: bool,
) -> InterviewEffect:
    """Recall on the day now, against before (a question without a noted value: unchanged)."""
    after = {qid: store.retrievability(qid, interview.at) or 0.0 for qid in interview.question_ids}
    answered = [qid for qid in latest if qid in after]
    before = {qid: recall_before.get(qid, after[qid]) if moved else after[qid] for qid in answered}
    total = len(after)
    overall_after = _mean(after.values())
    change = sum(after[qid] - before[qid] for qid in answered) / total if total else 0.0
    return InterviewEffect(
        when=interview.when,
        moved=moved,
        answered=len(answered),
        recall_before=_mean(before.values()),
        recall_after=_mean(after[qid] for qid in answered),
        total=total,
        overall_before=overall_after - change,
        overall_after=overall_after,
    )


# -- the pieces ------------------------------------------------------------------------------
RETURN_BUCKETS = (N_("within a day"), N_("in 1-3 days"), N_("in 4-7 days"), N_("in over a week"))


def _returns(dues: Iterable[datetime | None], now: datetime) -> tuple[tuple[str, int], ...]:
    counts = dict.fromkeys((*RETURN_BUCKETS, NOT_SCHEDULED), 0)
    for due in dues:
        if due is None:
            counts[NOT_SCHEDULED] += 1
            continue
        days = (due - now) / timedelta(days=1)
        bucket = 0 if days < 1 else 1 if days < 4 else 2 if days < 8 else 3
        counts[RETURN_BUCKETS[bucket]] += 1
    return tuple((when, n) for when, n in counts.items() if n)


def _due(store: Store, question_id: str) -> datetime | None:
    card = store.card(question_id)
    return card.due if card is not None else None


def _kind_order(kind: str) -> int:
    order = list(KIND_NAMES)
    return order.index(kind) if kind in order else len(order)


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
