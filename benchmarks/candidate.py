"""A simulated candidate studying the built-in banks for an interview N days away.

The candidate's memory follows the FSRS model the app schedules with (default parameters):
after each answer the question's memory state is the FSRS card that answer produced, and the
chance the candidate recalls it at a moment is that card's retrievability then, on FSRS's
forgetting curve ``(1 + F t / S) ** -w20`` with ``t`` in fractional days (fsrs's
``get_card_retrievability`` rounds ``t`` down to whole days, which would call every answer of
the evening before the interview certain). A question
never seen is recalled on first sight with probability ``FIRST_SIGHT`` (a half-prepared
candidate knows some cold). Each answer is right with that probability (a seeded draw) and
rated as the app rates an auto-graded answer: Good when right, Again when wrong.

Every study day (the interview day excluded) at ``SESSION_HOUR`` the candidate takes today's
review through the store's own queue (``Store.due_queue`` with the given new-question order)
and answers all of it, ``ANSWER_SECONDS`` apart; learning steps that come back the same day
are taken when they fall due (until ``SESSION_END``). On the interview day at 09:00 UTC the
outcome is the expected recall of every built-in question (unseen ones 0), the share never
introduced and the topics never reached.

The app's way (``subject``): the interview date set (``store.deadline``: no interval past the
date, the daily new count fitted to it) and new questions in ``Catalog.new_order``. The
baseline: plain FSRS with new questions in bank-file order, the default 20 a day.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from fsrs import Card, Scheduler

from quizapp.core.catalog import Catalog
from quizapp.store import AnswerRecord, FixedClock, Store
from quizapp.store.clock import from_db, to_db
from quizapp.store.deadline import interview_moment
from quizapp.store.queues import NewOrder

FIRST_SIGHT = 0.5  # chance a never-seen question is answered right
SESSION_HOUR = 9
SESSION_END = 22  # learning steps later than this wait for tomorrow
ANSWER_SECONDS = 40
MAX_ANSWERS_PER_DAY = 2000  # a guard: no day of study is longer
START = date(2026, 3, 2)


@dataclass(frozen=True)
class Outcome:
    """The interview day, as the simulation found it."""

    days: int
    mean_recall: float  # over every question, unseen ones as 0
    never_introduced: float  # share of the questions
    topics_missed: tuple[str, ...]  # topics none of whose questions was introduced
    answers: int
    max_answers_per_day: int
    new_per_day: tuple[int, ...]


def run(catalog: Catalog, days: int, *, app_way: bool, seed: int = 0) -> Outcome:
    """``days`` days of study before the interview, the app's way or the baseline's."""
    rng = random.Random(seed)
    ids = list(catalog.questions)
    interview = START + timedelta(days=days)
    clock = FixedClock(datetime.combine(START, time(SESSION_HOUR), tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp), clock) as store:
        settings = store.settings
        settings.interview_date = interview.isoformat() if app_way else None
        store.save_settings(settings)
        order = catalog.new_order if app_way else None
        per_day: list[int] = []
        new_per_day: list[int] = []
        for day in range(days):
            study_day = START + timedelta(days=day)
            clock.set(datetime.combine(study_day, time(SESSION_HOUR), tzinfo=UTC))
            answered, new = _study_day(catalog, store, clock, ids, order, rng)
            per_day.append(answered)
            new_per_day.append(new)
        at = interview_moment(interview)
        recall = {qid: _recall(store, qid, at) for qid in ids}
        seen = {qid for qid in ids if store.card(qid) is not None}
    topics = {t for q in catalog.questions.values() for t in q.topics}
    reached = {t for qid in seen for t in catalog.questions[qid].topics}
    return Outcome(
        days=days,
        mean_recall=sum(recall.values()) / len(ids),
        never_introduced=1 - len(seen) / len(ids),
        topics_missed=tuple(sorted(topics - reached)),
        answers=sum(per_day),
        max_answers_per_day=max(per_day, default=0),
        new_per_day=tuple(new_per_day),
    )


def _study_day(
    catalog: Catalog,
    store: Store,
    clock: FixedClock,
    ids: list[str],
    order: NewOrder | None,
    rng: random.Random,
) -> tuple[int, int]:
    """One day's sessions; returns (answers, new questions introduced)."""
    end = clock.now().replace(hour=SESSION_END)
    answered = new = 0
    while answered < MAX_ANSWERS_PER_DAY:
        queue = store.due_queue(ids, clock.now(), order=order)
        if not queue:
            coming = _next_step(store, clock.now(), end)
            if coming is None:
                break
            clock.set(max(coming, clock.now()))
            continue
        session = store.start_session("review", clock.now())
        for qid in queue:
            card = store.fsrs_card(qid)
            if card is None:
                new += 1
                chance = FIRST_SIGHT
            else:
                chance = recall_at(store.scheduler, card, clock.now())
            right = rng.random() < chance
            _answer(store, catalog, qid, clock.now(), right, session)
            answered += 1
            clock.advance(seconds=ANSWER_SECONDS)
        store.end_session(session, clock.now())
    return answered, new


def _next_step(store: Store, now: datetime, end: datetime) -> datetime | None:
    """When the first learning step still to come today falls due (None: none before
    ``end``)."""
    (due,) = store.connection.execute(
        "SELECT min(due) FROM cards WHERE due > ? AND due < ?", (to_db(now), to_db(end))
    ).fetchone()
    return None if due is None else from_db(due)


def _recall(store: Store, qid: str, at: datetime) -> float:
    card = store.fsrs_card(qid)
    return 0.0 if card is None else recall_at(store.scheduler, card, at)


def recall_at(scheduler: Scheduler, card: Card, when: datetime) -> float:
    """FSRS retrievability of ``card`` at ``when``, elapsed time in fractional days."""
    if card.last_review is None or card.stability is None:
        return 0.0
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed = max((when - card.last_review).total_seconds() / 86_400, 0.0)
    return float((1 + factor * elapsed / card.stability) ** decay)


def _answer(
    store: Store, catalog: Catalog, qid: str, when: datetime, right: bool, session: int
) -> None:
    question = catalog.questions[qid]
    store.record_answer(
        AnswerRecord(
            time=when,
            question_id=qid,
            bank_id=question.bank_id,
            content_hash=question.content_hash,
            variant_seed=None,
            answer_given="(simulated)",
            correct=right,
            rating=3 if right else 1,
            duration_ms=ANSWER_SECONDS * 1000,
            mode="review",
            session_id=session,
            topics=tuple(question.topics),
        )
    )
