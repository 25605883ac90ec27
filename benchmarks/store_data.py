"""Realistic progress for the store benchmarks: a learner simulated review by review with FSRS.

The old benchmark data had reviews without a previous card state, so 1,417 of them counted as
new cards introduced today, the day's allowance was spent and the due queue skipped the branch
that looks at every card id: it measured a day no learner has. Here a learner studies day by
day: new questions are introduced in catalog order (``new_per_day``), every scheduled answer is
rated from a plausible recall rate and scheduled by the store's own FSRS scheduler, each review
row carries the card state it was given at (``prev_card``, ``first_of_day``, ``was_review``) as
``Store.record_answer`` writes it, and some answers are cram and mock practice (logged, not
scheduled). The simulation stops at exactly ``reviews`` answers, and ``now`` is the next
morning: the first session of a day, with nothing introduced yet.

Question ids are the loaded built-in catalog's, then user-bank questions up to ``cards``
answered ones, then ``new_questions`` never answered (a bank added last). A test replays the
generated log through ``Store.record_answer`` and gets the same tables, row for row.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import json
import random
import shutil
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Card, Rating

from quizapp.paths import database_path
from quizapp.store import FixedClock, Store
from quizapp.store.aggregates import totals_rebuilt_after
from quizapp.store.cards import REVIEW_STATE, CardRow, from_fsrs, next_counts, to_fsrs
from quizapp.store.clock import to_db
from quizapp.store.scheduling import make_scheduler

START = datetime(2019, 1, 7, tzinfo=UTC)
STUDY_HOUR = 7  # the day's session starts at 07:00 UTC and runs for a few hours
BATCH = 20_000
USER_BANK_SIZE = 1_000


@dataclass(frozen=True)
class Plan:
    """What to generate; every field goes into the cache key."""

    reviews: int
    cards: int
    new_questions: int = 100
    new_per_day: int = 60
    cram_share: float = 0.04  # answers in cram mode (logged, schedule untouched)
    mock_share: float = 0.01
    seed: int = 0


@dataclass(frozen=True)
class Generated:
    data_dir: Path
    now: datetime  # the next morning: first session of the day
    question_ids: list[str]  # the catalog in bank order, as ``due_queue`` is given it
    groups: dict[str, list[str]]  # bank -> its question ids, as Home counts them
    topics: dict[str, tuple[str, ...]]
    reviews: int
    cards: int


def catalog_for(plan: Plan, builtin: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """The built-in catalog (id -> topics), then user banks of 1,000 questions each."""
    wanted = plan.cards + plan.new_questions
    catalog = {qid: tuple(topics) for qid, topics in builtin.items()}
    topic_pool = sorted({t for topics in catalog.values() for t in topics}) or ["user.topic"]
    k = 0
    while len(catalog) < wanted:
        catalog[f"user{k // USER_BANK_SIZE:03d}.q{k % USER_BANK_SIZE:04d}"] = (
            topic_pool[k % len(topic_pool)],
        )
        k += 1
    return catalog


def bank_of(question_id: str) -> str:
    return question_id.split(".", 1)[0]


@dataclass
class _Session:
    id: int
    started: str
    ended: str
    mode: str


class _Learner:
    """The simulation: an event queue of (time, card) answered in time order."""

    def __init__(self, plan: Plan, order: Sequence[str], topics: Mapping[str, Sequence[str]]):
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.scheduler = make_scheduler(0.9)
        self.order = order[: plan.cards]
        self.topics = topics
        self.cards: dict[str, CardRow] = {}
        self.seen_day: dict[str, str] = {}
        self.sessions: dict[tuple[str, str], _Session] = {}  # (day, mode) -> its session
        self.new_sessions: list[_Session] = []  # not written yet
        self.events: list[tuple[datetime, int, str]] = []
        for k, qid in enumerate(self.order):  # introduced in bank order, new_per_day a day
            day, slot = divmod(k, plan.new_per_day)
            when = START + timedelta(days=day, hours=STUDY_HOUR, seconds=30 * slot + 5)
            self.events.append((when, k, qid))
        heapq.heapify(self.events)
        self.sequence = len(self.order)

    def answers(self) -> Iterator[tuple[tuple[object, ...], list[tuple[object, ...]]]]:
        """Review rows (no id yet) and their topic rows in time order, ``plan.reviews`` in all."""
        made = 0
        extra_share = self.plan.cram_share + self.plan.mock_share
        while made < self.plan.reviews:
            when, _, qid = heapq.heappop(self.events)
            yield self._scheduled(when, qid)
            made += 1
            if made < self.plan.reviews and self.rng.random() < extra_share / (1 - extra_share):
                mode = "cram" if self.rng.random() * extra_share < self.plan.cram_share else "mock"
                other = self.order[self.rng.randrange(len(self.cards))]
                yield self._unscheduled(when, other, mode)
                made += 1

    def _scheduled(
        self, when: datetime, qid: str
    ) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
        previous = self.cards.get(qid)
        recall = 0.9 if previous and previous["state"] == REVIEW_STATE else 0.8
        if self.rng.random() >= recall:
            rating = 1
        else:
            rating = self.rng.choices((2, 3, 4), weights=(1, 7, 2))[0]
        card = to_fsrs(previous) if previous else Card(card_id=1, due=when)
        updated, _ = self.scheduler.review_card(card, Rating(rating), when)
        self.cards[qid] = from_fsrs(updated, *next_counts(previous, rating))
        row = self._row(when, qid, previous, rating, "review")
        self._push(qid, updated.due, when)
        return row

    def _unscheduled(
        self, when: datetime, qid: str, mode: str
    ) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
        rating = 3 if self.rng.random() < 0.85 else 1
        return self._row(when, qid, self.cards.get(qid), rating, mode)

    def _row(
        self, when: datetime, qid: str, previous: CardRow | None, rating: int, mode: str
    ) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
        text = to_db(when)
        day = text[:10]
        first_of_day = self.seen_day.get(qid) != day
        self.seen_day[qid] = day
        was_review = previous is not None and previous["state"] == REVIEW_STATE
        correct = int(rating > 1)
        review = (
            text,
            qid,
            bank_of(qid),
            self._content_hash(qid),
            None,
            "answer",
            correct,
            rating,
            int(self.rng.lognormvariate(8.8, 0.6)),
            mode,
            self._session(day, mode, text),
            json.dumps(previous) if previous is not None else None,
            int(first_of_day),
            int(was_review),
        )
        counts = int(was_review and mode == "review")
        return review, [(topic, correct, counts) for topic in self.topics[qid]]

    @functools.cache  # noqa: B019  (one learner per run; the cache dies with it)
    def _content_hash(self, qid: str) -> str:
        return "h" + hashlib.blake2b(qid.encode(), digest_size=6).hexdigest()

    def _session(self, day: str, mode: str, text: str) -> int:
        """One session per day and mode, from its first answer to its last."""
        session = self.sessions.get((day, mode))
        if session is None:
            session = self.sessions[day, mode] = _Session(len(self.sessions) + 1, text, text, mode)
            self.new_sessions.append(session)
        session.ended = text
        return session.id

    def _push(self, qid: str, due: datetime, answered: datetime) -> None:
        """The learner answers learning steps on time and reviews on their day, often late."""
        if due - answered < timedelta(hours=6):
            when = due
        else:
            late = 0
            while self.rng.random() < 0.3:
                late += 1
            day = due.date() + timedelta(days=late)
            offset = self.rng.uniform(0, 3 * 3600)
            when = datetime(day.year, day.month, day.day, STUDY_HOUR, tzinfo=UTC)
            when = max(when + timedelta(seconds=offset), due)
        self.sequence += 1
        heapq.heappush(self.events, (when, self.sequence, qid))


def generate(data_dir: Path, plan: Plan, builtin: Mapping[str, Sequence[str]]) -> Generated:
    """Write the simulated learner's progress to a fresh store in ``data_dir``."""
    topics = catalog_for(plan, builtin)
    order = list(topics)
    learner = _Learner(plan, order, topics)
    last = to_db(START)
    with Store.open(data_dir, FixedClock(START)) as store:
        db = store.connection
        # one bulk transaction: a rollback journal (new pages need none) instead of a WAL
        # the size of the database, and no syncs; WAL again at the end, as the store has it
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -262144")
        db.execute("BEGIN IMMEDIATE")
        with totals_rebuilt_after(db):
            reviews: list[tuple[object, ...]] = []
            topic_rows: list[tuple[object, ...]] = []
            for review_id, (review, rows) in enumerate(learner.answers(), start=1):
                reviews.append((review_id, *review))
                topic_rows.extend((review_id, *row) for row in rows)
                last = str(review[0])
                if len(reviews) >= BATCH:
                    _insert(db, learner, reviews, topic_rows)
                    reviews, topic_rows = [], []
            _insert(db, learner, reviews, topic_rows)
            db.executemany(
                "UPDATE sessions SET ended = ? WHERE id = ?",
                ((s.ended, s.id) for s in learner.sessions.values()),
            )
            db.executemany(
                "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((qid, *row.values()) for qid, row in learner.cards.items()),
            )
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode = WAL")
    morning = datetime.fromisoformat(last).date() + timedelta(days=1)
    now = datetime(morning.year, morning.month, morning.day, STUDY_HOUR, tzinfo=UTC)
    groups: dict[str, list[str]] = {}
    for qid in order:
        groups.setdefault(bank_of(qid), []).append(qid)
    return Generated(data_dir, now, order, groups, topics, plan.reviews, len(learner.cards))


def _insert(
    db: sqlite3.Connection,
    learner: _Learner,
    reviews: list[tuple[object, ...]],
    topic_rows: list[tuple[object, ...]],
) -> None:
    """A batch of answers, after the sessions they belong to (a session's end comes last)."""
    db.executemany(
        "INSERT INTO sessions VALUES (?, ?, ?, ?)",
        ((s.id, s.started, s.ended, s.mode) for s in learner.new_sessions),
    )
    learner.new_sessions.clear()
    db.executemany(
        "INSERT INTO reviews (id, time, question_id, bank_id, content_hash, variant_seed, "
        "answer, correct, rating, duration_ms, mode, session_id, prev_card, first_of_day, "
        "was_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    db.executemany("INSERT INTO review_topics VALUES (?, ?, ?, ?)", topic_rows)


def cached(
    cache_root: Path, plan: Plan, builtin: Mapping[str, Sequence[str]]
) -> tuple[Generated, bool]:
    """The generated data for ``plan``, made once per generator and schema version.

    The key hashes the plan, the built-in catalog's ids and the source of this generator and
    of the store's schema and scheduling, so a change to any of them makes new data. Returns
    the data and whether it was made now.
    """
    import quizapp.store.cards as cards
    import quizapp.store.migrations as migrations
    import quizapp.store.scheduling as scheduling

    digest = hashlib.sha256(json.dumps([asdict(plan), list(builtin)]).encode())
    for module_file in (__file__, migrations.__file__, cards.__file__, scheduling.__file__):
        digest.update(Path(str(module_file)).read_bytes())
    folder = cache_root / f"store-{plan.reviews}-{plan.cards}-{digest.hexdigest()[:16]}"
    meta = folder / "generated.json"
    if meta.exists() and database_path(folder).exists():
        saved = json.loads(meta.read_text())
        topics = catalog_for(plan, builtin)
        order = list(topics)
        groups: dict[str, list[str]] = {}
        for qid in order:
            groups.setdefault(bank_of(qid), []).append(qid)
        now = datetime.fromisoformat(saved["now"])
        return Generated(folder, now, order, groups, topics, plan.reviews, saved["cards"]), False
    shutil.rmtree(folder, ignore_errors=True)
    generated = generate(folder, plan, builtin)
    meta.write_text(json.dumps({"now": generated.now.isoformat(), "cards": generated.cards}))
    return generated, True
