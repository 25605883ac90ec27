"""The benchmark's data generator measures what its rows say: a real learner's first session.

- its log is what ``Store.record_answer`` writes, row for row (replayed through the store);
- ``now`` is the next morning: nothing introduced yet, so the due queue takes the day's new
  questions, found among every card id (the branch the old data skipped: 1,417 "new today");
- the question ids are the loaded built-in catalog's, then user banks, then never-answered ones.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from benchmarks.store_data import Generated, Plan, generate
from quizapp.core.catalog import load_catalog
from quizapp.paths import database_path
from quizapp.store import AnswerRecord, FixedClock, Store, queues
from quizapp.store.clock import from_db, to_db

# more cards than the built-in questions, so user-bank ids follow the catalog's
PLAN = Plan(reviews=4_000, cards=560, new_questions=30, new_per_day=40, seed=3)
TABLES = ("sessions", "cards", "reviews", "review_topics", "review_days", "question_totals")


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return load_catalog(tmp_path_factory.mktemp("cat"), [], cache=False).topics_of()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, builtin: dict[str, list[str]]) -> Generated:
    return generate(tmp_path_factory.mktemp("gen") / "data", PLAN, builtin)


def _rows(data_dir: Path, table: str) -> list[tuple[Any, ...]]:  # SQLite's values
    connection = sqlite3.connect(database_path(data_dir))
    try:
        return connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
    finally:
        connection.close()


def test_counts_and_catalog_ids(generated: Generated, builtin: dict[str, list[str]]) -> None:
    assert generated.cards == PLAN.cards
    assert len(_rows(generated.data_dir, "reviews")) == PLAN.reviews
    assert generated.question_ids[: len(builtin)] == list(builtin)  # the loaded catalog first
    assert len(generated.question_ids) == PLAN.cards + PLAN.new_questions
    answered = {row[2] for row in _rows(generated.data_dir, "reviews")}
    assert set(builtin) <= answered
    assert answered == set(generated.question_ids[: PLAN.cards])
    modes = {row[10] for row in _rows(generated.data_dir, "reviews")}
    assert modes == {"review", "cram", "mock"}


def test_reviews_carry_real_card_states(generated: Generated) -> None:
    reviews = _rows(generated.data_dir, "reviews")
    introduced = [r for r in reviews if r[12] is None]
    assert len(introduced) == PLAN.cards  # one first answer per card, every later one has a state
    assert all(r[10] == "review" for r in introduced)
    states = {r[1] for r in _rows(generated.data_dir, "cards")}
    assert states <= {1, 2, 3} and 2 in states
    assert sum(r[14] for r in reviews) > PLAN.reviews // 2  # most answers meet review-state cards


def test_the_log_is_what_the_store_writes(generated: Generated, tmp_path: Path) -> None:
    """Replayed through ``Store.record_answer``, the log gives the same tables row for row."""
    source = sqlite3.connect(database_path(generated.data_dir))
    sessions = source.execute(
        "SELECT id, started, ended, mode FROM sessions ORDER BY id"
    ).fetchall()
    reviews = source.execute(
        "SELECT time, question_id, bank_id, content_hash, variant_seed, answer, correct, rating, "
        "duration_ms, mode, session_id, id FROM reviews ORDER BY id"
    ).fetchall()
    source.close()
    clock = FixedClock(from_db(reviews[0][0]))
    with Store.open(tmp_path / "replay", clock) as store:
        for _, started, _, mode in sessions:
            store.start_session(mode, from_db(started))
        for row in reviews:
            time, question_id, bank, content, seed, answer, correct, *rest, review_id = row
            rating, duration_ms, mode, session_id = rest
            record = AnswerRecord(
                from_db(time),
                question_id,
                bank,
                content,
                seed,
                answer,
                bool(correct),
                rating,
                duration_ms,
                mode,
                session_id,
                topics=generated.topics[question_id],
            )
            assert store.record_answer(record) == review_id
        for session_id, _, ended, _ in sessions:
            store.end_session(session_id, from_db(ended))
    for table in (*TABLES, "topic_totals"):
        assert _rows(tmp_path / "replay", table) == _rows(generated.data_dir, table), table


def test_now_is_the_first_session_of_a_day(generated: Generated) -> None:
    last = max(row[1] for row in _rows(generated.data_dir, "reviews"))
    assert to_db(generated.now)[:10] > last[:10]  # nothing answered yet today
    with Store.open(generated.data_dir, FixedClock(generated.now)) as store:
        assert len(store.introduced_on(generated.now)) == 0
        queue = store.due_queue(generated.question_ids)
        new = [q for q in queue if store.card(q) is None]
        assert new == generated.question_ids[PLAN.cards :][: store.settings.new_per_day]
        assert len(queue) > len(new)  # and reviews are due too


def test_the_due_queue_takes_the_branch_that_reads_every_card_id(
    generated: Generated, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above LOOKUP_LIMIT ids (the benchmark's 100k), today's new questions are found among
    every card id: the generated morning sends the queue there."""
    monkeypatch.setattr(queues, "LOOKUP_LIMIT", 100)
    reads: list[int] = []
    read_all = queues._all_card_ids

    def counted(connection: sqlite3.Connection) -> frozenset[str]:
        ids = read_all(connection)
        reads.append(len(ids))
        return ids

    monkeypatch.setattr(queues, "_all_card_ids", counted)
    with Store.open(generated.data_dir, FixedClock(generated.now)) as store:
        queue = store.due_queue(generated.question_ids)
    assert reads == [PLAN.cards]  # every card id, read once
    assert set(generated.question_ids[PLAN.cards :][:20]) <= set(queue)
