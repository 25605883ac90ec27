"""The interview-date planner: how ready the learner will be on the day, and what to do daily.

Everything here is an estimate built from fsrs's own model, never a re-implemented curve:

- **The moment.** The interview is taken to start at 09:00 UTC on its date (``INTERVIEW_HOUR``);
  the app's clock is UTC throughout, and fsrs counts whole days, so the hour only matters on
  the day itself. Days left = the date minus today's (UTC) date: 0 means "today".
- **Projected recall.** For a studied question, ``Scheduler.get_card_retrievability(card, D)``
  at that moment, *if nothing more is studied* (the pessimistic baseline the session improves
  on). A question never studied counts as 0 and is reported as unseen.
- **Readiness.** The share of questions whose projected recall is at least the learner's desired
  retention (Settings); per topic over that topic's questions, overall over distinct questions
  (a question in two topics counts once overall).
- **Daily load.** New questions a day = ``ceil(unseen / max(days_left - 1, 1))``
  (``quizapp.store.deadline``): new ones are introduced from today until two days before, so
  the last day before the interview is for reviews only. With ``Settings.fit_to_interview`` on
  the schedule applies that count itself; off, the plan advises raising the setting. Above
  ``MAX_NEW_PER_DAY`` the plan says it cannot be done and how many could be. Reviews = the
  current cards whose due date falls before the interview, by day (overdue ones count today);
  reviews that new questions and future answers will create are not known yet and not counted.
- **Today's session.** The queue the app would serve now (``quizapp.core.ordering.today``: due
  reviews + today's new questions in the syllabus's order), each answered Good at the current
  time via ``Scheduler.review_card``; the resulting cards' retrievability at D against the
  baseline. One review of a new question is
  an optimistic single step (its learning steps would bring it back the same day).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from fsrs import Card, Rating, Scheduler

from quizapp.core.catalog import Catalog
from quizapp.core.ordering import today as todays_queue
from quizapp.core.summary import Interview
from quizapp.i18n import _, ngettext
from quizapp.store import Clock, Settings, Store
from quizapp.store.deadline import (
    INTERVIEW_HOUR,
    MAX_NEW_PER_DAY,
    Deadline,
    interview_moment,
    new_days_left,
    new_per_day_needed,
    parse_interview_date,
)

PlanStatus = Literal["no_date", "invalid", "past", "ready"]
__all__ = ["INTERVIEW_HOUR", "MAX_NEW_PER_DAY", "interview_moment", "parse_interview_date"]


@dataclass(frozen=True)
class TopicReadiness:
    """One topic's projection for the interview."""

    topic: str
    title: str  # what screens call it (``Catalog.topic_title``)
    questions: int
    unseen: int
    ready: int  # projected recall >= desired retention
    expected_recall: float  # mean over the topic's questions; unseen ones count as 0

    @property
    def readiness(self) -> float:
        return self.ready / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class DailyLoad:
    """What each day until the interview has to hold."""

    new_per_day: int  # needed to see every unseen question in time (may exceed the cap)
    new_days: int  # days on which new questions can still be introduced
    feasible: bool
    reviews_by_day: tuple[int, ...]  # already scheduled reviews, today first
    message: str
    fitted: bool = False  # the schedule applies ``new_per_day`` itself (``store.deadline``)
    setting: int = 20  # the learner's New questions per day

    @property
    def raise_advised(self) -> bool:
        """The learner must raise their setting to see every question in time."""
        return not self.fitted and self.feasible and self.new_per_day > self.setting

    @property
    def reviews_before(self) -> int:
        return sum(self.reviews_by_day)

    @property
    def reviews_per_day(self) -> int:
        return math.ceil(self.reviews_before / max(len(self.reviews_by_day), 1))


@dataclass(frozen=True)
class TodayEffect:
    """The projection on the day with and without today's session."""

    reviews: int
    new: int
    recall_without: float
    recall_with: float
    readiness_without: float
    readiness_with: float

    @property
    def empty(self) -> bool:
        return self.reviews == 0 and self.new == 0


@dataclass(frozen=True)
class Plan:
    status: PlanStatus
    message: str
    interview_date: date | None = None
    interview_at: datetime | None = None
    days_left: int = 0
    desired_retention: float = 0.9
    total: int = 0
    unseen: int = 0
    overall_recall: float = 0.0
    overall_readiness: float = 0.0
    topics: tuple[TopicReadiness, ...] = ()  # weakest (lowest expected recall) first
    load: DailyLoad | None = None
    today: TodayEffect | None = None
    recall: dict[str, float] = field(default_factory=dict)  # question id -> projected recall

    @property
    def has_projection(self) -> bool:
        return self.status == "ready"


def days_phrase(days_left: int) -> str:
    if days_left == 0:
        return _("today")
    if days_left == 1:
        return _("tomorrow")
    return ngettext("in {count} day", "in {count} days", days_left).format(count=days_left)


def plan(
    catalog: Catalog,
    store: Store,
    clock: Clock,
    interview_date: date | str | None = None,
) -> Plan:
    """The plan for ``interview_date`` (default: the one in Settings)."""
    settings = store.settings
    if interview_date is None:
        interview_date = settings.interview_date
    if isinstance(interview_date, str):
        try:
            interview_date = parse_interview_date(interview_date)
        except ValueError as exc:
            return Plan(
                "invalid",
                _("The stored interview date is unreadable: {problem}").format(problem=exc),
            )
    if interview_date is None:
        return Plan(
            "no_date",
            _("No interview date set: enter it in Settings (key ,) as YYYY-MM-DD."),
        )
    now = clock.now()
    today = now.astimezone(UTC).date()
    days_left = (interview_date - today).days
    if days_left < 0:
        return Plan(
            "past",
            ngettext(
                "The interview date {date} has passed ({count} day ago): set the next one in "
                "Settings (key ,).",
                "The interview date {date} has passed ({count} days ago): set the next one in "
                "Settings (key ,).",
                -days_left,
            ).format(date=interview_date.isoformat(), count=-days_left),
            interview_date=interview_date,
            days_left=days_left,
        )
    at = interview_moment(interview_date)
    scheduler = store.scheduler
    target = settings.desired_retention
    ids = list(catalog.questions)
    cards = {qid: card for qid in ids if (card := store.fsrs_card(qid)) is not None}
    recall = {qid: _recall(scheduler, cards.get(qid), at) for qid in ids}
    unseen = len(ids) - len(cards)

    topics: list[TopicReadiness] = []
    for topic, members in catalog.questions_by_topic().items():
        values = [recall[qid] for qid in members]
        topics.append(
            TopicReadiness(
                topic=topic,
                title=catalog.topic_title(topic),
                questions=len(members),
                unseen=sum(1 for qid in members if qid not in cards),
                ready=sum(1 for v in values if v >= target),
                expected_recall=_mean(values),
            )
        )
    rank = {topic: k for k, topic in enumerate(catalog.syllabus)}
    # weakest first; with no history (every recall 0) that is the syllabus's order
    topics.sort(key=lambda t: (t.expected_recall, t.readiness, rank.get(t.topic, len(rank))))

    load = _daily_load(unseen, days_left, interview_date, at, today, cards.values(), settings)
    queue = todays_queue(catalog, store, now)
    after = dict(recall)
    for qid in queue.served:
        after[qid] = _recall_after_good(scheduler, cards.get(qid), now, at)
    today_effect = TodayEffect(
        reviews=len(queue.due),
        new=len(queue.new),
        recall_without=_mean(recall.values()),
        recall_with=_mean(after.values()),
        readiness_without=_share(recall.values(), target),
        readiness_with=_share(after.values(), target),
    )
    return Plan(
        "ready",
        _("Interview {when} ({date}, assumed {hour}:00 UTC)").format(
            when=days_phrase(days_left),
            date=interview_date.isoformat(),
            hour=f"{INTERVIEW_HOUR:02d}",
        ),
        interview_date=interview_date,
        interview_at=at,
        days_left=days_left,
        desired_retention=target,
        total=len(ids),
        unseen=unseen,
        overall_recall=today_effect.recall_without,
        overall_readiness=today_effect.readiness_without,
        topics=tuple(topics),
        load=load,
        today=today_effect,
        recall=recall,
    )


def interview_of(
    settings: Settings, now: datetime, question_ids: Iterable[str]
) -> Interview | None:
    """The interview a session's summary measures itself against: None without a date, with
    an unreadable one, or once the day is over."""
    try:
        day = parse_interview_date(settings.interview_date)
    except ValueError:
        return None
    if day is None:
        return None
    days_left = (day - now.astimezone(UTC).date()).days
    if days_left < 0:
        return None
    return Interview(interview_moment(day), days_phrase(days_left), tuple(question_ids))


def today_line(catalog: Catalog, store: Store, clock: Clock) -> str | None:
    """One line for Home, or None when no interview date is set."""
    result = plan(catalog, store, clock)
    if result.status == "no_date":
        return None
    if result.status != "ready" or result.today is None:
        return result.message
    when = days_phrase(result.days_left)
    effect = result.today
    if effect.empty:
        return _(
            "Interview {when}: projected recall {recall} · nothing to do in today's session"
        ).format(when=when, recall=f"{effect.recall_without:.0%}")
    return ngettext(
        "Interview {when}: projected recall {before} → {after} after today's session "
        "({count} review, {new} new)",
        "Interview {when}: projected recall {before} → {after} after today's session "
        "({count} reviews, {new} new)",
        effect.reviews,
    ).format(
        when=when,
        before=f"{effect.recall_without:.0%}",
        after=f"{effect.recall_with:.0%}",
        count=effect.reviews,
        new=effect.new,
    )


# -- the pieces ------------------------------------------------------------------------------
def _recall(scheduler: Scheduler, card: Card | None, at: datetime) -> float:
    return float(scheduler.get_card_retrievability(card, at)) if card is not None else 0.0


def _recall_after_good(
    scheduler: Scheduler, card: Card | None, now: datetime, at: datetime
) -> float:
    """Retrievability at ``at`` of the card answered Good ``now`` (a new card if None)."""
    if card is None:
        card = Card(card_id=1, due=now)  # an explicit id: fsrs otherwise sleeps 1 ms per card
    reviewed, _log = scheduler.review_card(card, Rating.Good, now)
    return float(scheduler.get_card_retrievability(reviewed, at))


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _share(values: Iterable[float], target: float) -> float:
    values = list(values)
    return sum(1 for v in values if v >= target) / len(values) if values else 0.0


def _daily_load(
    unseen: int,
    days_left: int,
    day: date,
    at: datetime,
    today: date,
    cards: Iterable[Card],
    settings: Settings,
) -> DailyLoad:
    buckets = [0] * max(days_left, 1)
    for card in cards:
        if card.due < at:
            index = min(max((card.due.astimezone(UTC).date() - today).days, 0), len(buckets) - 1)
            buckets[index] += 1
    new_days = new_days_left(days_left)
    needed = new_per_day_needed(unseen, days_left)
    fitted = Deadline.from_settings(settings) is not None
    setting = settings.new_per_day
    if unseen == 0:
        feasible, message = True, _("Every question has been seen: keep up with the reviews.")
    elif days_left == 0:
        feasible = False
        message = ngettext(
            "The interview is today: too late to learn the {count} unseen question; skim "
            "its explanation and review what is due.",
            "The interview is today: too late to learn the {count} unseen questions; skim "
            "their explanations and review what is due.",
            unseen,
        ).format(count=unseen)
    elif needed > MAX_NEW_PER_DAY:
        feasible = False
        reach = MAX_NEW_PER_DAY * new_days
        message = ngettext(
            "Cannot be done: {unseen} unseen questions in {days} day would need {needed} "
            "new a day, more than the {most} that can be learned well. At {most} a day you "
            "will see {reach}: start with the weakest topics.",
            "Cannot be done: {unseen} unseen questions in {days} days would need {needed} "
            "new a day, more than the {most} that can be learned well. At {most} a day you "
            "will see {reach}: start with the weakest topics.",
            new_days,
        ).format(unseen=unseen, days=new_days, needed=needed, most=MAX_NEW_PER_DAY, reach=reach)
    else:
        feasible = True
        last_new = day - timedelta(days=2) if days_left > 1 else today
        message = (
            ngettext(
                "{needed} new a day until {date} sees the {unseen} unseen question before "
                "the interview (the schedule does it for you; switch it off in Settings).",
                "{needed} new a day until {date} sees all {unseen} unseen questions before "
                "the interview (the schedule does it for you; switch it off in Settings).",
                unseen,
            )
            if fitted
            else ngettext(
                "{needed} new a day until {date} sees the {unseen} unseen question before "
                "the interview: raise New questions per day from {setting} to {needed} in "
                "Settings.",
                "{needed} new a day until {date} sees all {unseen} unseen questions before "
                "the interview: raise New questions per day from {setting} to {needed} in "
                "Settings.",
                unseen,
            )
            if needed > setting
            else ngettext(
                "{needed} new a day until {date} sees the {unseen} unseen question before "
                "the interview (your setting of {setting} a day covers it).",
                "{needed} new a day until {date} sees all {unseen} unseen questions before "
                "the interview (your setting of {setting} a day covers it).",
                unseen,
            )
        ).format(needed=needed, date=last_new.isoformat(), unseen=unseen, setting=setting)
    return DailyLoad(
        new_per_day=needed,
        new_days=new_days,
        feasible=feasible,
        reviews_by_day=tuple(buckets),
        message=message,
        fitted=fitted,
        setting=setting,
    )
