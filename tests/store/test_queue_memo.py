"""What the queue and Home's counts keep between calls (``quizapp.store.queue_memo``) is never
served stale: after this connection's writes, another process's commits, an undo that deletes a
card, a rescheduling update and the passing of the moment, every answer equals a plain reading.
And migration 8 gives an older database the index the due queue reads alone."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.paths import database_path
from quizapp.store import FixedClock, Store, queue_memo, queues
from quizapp.store.clock import to_db
from quizapp.store.migrations import SCHEMA_VERSION, migrate
from tests.helpers import START
from tests.store.test_queues import IDS, _answer, _plain, _plain_counts

GROUPS = {"a": IDS[:20], "b": IDS[20:45], "c": IDS[45:]}  # the catalog, bank after bank


@pytest.fixture(autouse=True)
def _scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept-set path, as at 100,000 cards (the lookup path keeps nothing)."""
    monkeypatch.setattr(queues, "LOOKUP_LIMIT", 10)


def _home_agrees(store: Store, clock: FixedClock) -> None:
    """A Home visit (a reader: counts, then the queue's length) and the owning store's queue
    equal a plain reading of every card."""
    now = clock.now()
    with store.reader() as reader:
        assert reader.status_counts(GROUPS, now) == _plain_counts(store, GROUPS, now)
        assert reader.due_queue(IDS, now, new_per_day=6) == _plain(store, IDS, now, 6)
    assert store.status_counts(GROUPS, now) == _plain_counts(store, GROUPS, now)
    assert store.due_queue(IDS, now, new_per_day=6) == _plain(store, IDS, now, 6)


def test_kept_answers_follow_every_change(tmp_path: Path) -> None:
    clock = FixedClock(START)
    data = tmp_path / "data"
    with Store.open(data, clock) as store, Store.open(data, clock) as other:
        for k in range(0, 30, 2):
            _answer(store, clock, IDS[k], 3)
        _answer(store, clock, IDS[1], 1)  # Again: a learning step due in minutes
        clock.advance(days=3)
        _home_agrees(store, clock)
        _home_agrees(store, clock)  # served from what was kept
        _answer(store, clock, IDS[40], 3)  # this connection writes (a new card)
        _home_agrees(store, clock)
        _answer(store, clock, IDS[2], 4)  # rewrites a due card: due later, same card ids
        _home_agrees(store, clock)
        _answer(other, clock, IDS[50], 3)  # another store commits
        _answer(other, clock, IDS[4], 1)
        _home_agrees(store, clock)
        store.undo(_answer(store, clock, IDS[55], 3))  # a first answer undone: a card deleted
        _home_agrees(store, clock)
        clock.advance(minutes=30)  # the learning steps come due
        _home_agrees(store, clock)
        clock.advance(days=1)  # another day
        _home_agrees(store, clock)
        dues = store.connection.execute("SELECT due FROM cards ORDER BY question_id").fetchall
        before = dues()
        settings = other.settings
        settings.interview_date = (clock.now() + timedelta(days=2)).date().isoformat()
        other.save_settings(settings)  # an UPDATE of due dates only (no card added)
        assert dues() != before
        _home_agrees(store, clock)


def test_the_groups_teach_the_catalog_they_make_up_and_no_other(tmp_path: Path) -> None:
    """Home's counts work out the unseen and due ids of the catalog their groups make up; a
    catalog in another order (or another catalog) is worked out on its own."""
    clock = FixedClock(START)
    with Store.open(tmp_path / "data", clock) as store:
        for k in range(0, 50, 3):
            _answer(store, clock, IDS[k], 1 + k % 4)
        clock.advance(days=2)
        now = clock.now()
        worked: list[list[str]] = []
        real = queue_memo.unseen_in

        def counted(ids: list[str], cards: frozenset[str]) -> list[str]:
            worked.append(ids)
            return real(ids, cards)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(queue_memo, "unseen_in", counted)
            store.status_counts(GROUPS, now)
            assert worked == list(GROUPS.values())  # one pass over each group
            assert store.due_queue(IDS, now, new_per_day=5) == _plain(store, IDS, now, 5)
            assert len(worked) == len(GROUPS)  # taught by the groups
            backwards = IDS[::-1]
            assert store.due_queue(backwards, now, new_per_day=5) == _plain(
                store, backwards, now, 5
            )
            assert worked[len(GROUPS) :] == [backwards]


def test_overlapping_groups_and_repeated_ids_count_as_before(tmp_path: Path) -> None:
    """Groups may share ids (topics) or list one twice: each listing counts, as it always did."""
    clock = FixedClock(START)
    groups = {"x": IDS[:30] + IDS[:5], "y": IDS[10:40], "z": [], "w": IDS[5:8] * 3}
    with Store.open(tmp_path / "data", clock) as store:
        for k in range(0, 40, 2):
            _answer(store, clock, IDS[k], 1 + k % 4)
        clock.advance(days=1)
        reordered = dict(reversed(groups.items()))  # equal as a dict, in another order
        for asked in (groups, groups, reordered, groups):
            counts = store.status_counts(asked, clock.now())
            assert counts == _plain_counts(store, asked, clock.now())
            assert list(counts) == list(asked)
        listed_twice = IDS[1:2] + IDS  # q001 (unseen) twice
        queue = store.due_queue(listed_twice, clock.now(), new_per_day=40)
        assert queue == store.due_queue(tuple(listed_twice), clock.now(), new_per_day=40)
        assert len(set(queue)) < len(queue)  # an unseen id listed twice is offered twice


def test_an_older_database_gets_the_due_index(tmp_path: Path) -> None:
    """Migration 8: a version 7 database with cards upgrades; the due queue then reads the
    index alone, in the index's (due, id) order, and answers as a plain reading."""
    assert SCHEMA_VERSION >= 8
    path = database_path(tmp_path / "data")
    path.parent.mkdir()
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection, target=7)
    day = START + timedelta(days=2)
    for k, qid in enumerate(IDS[:30]):  # review (2) and learning (1, 3) cards, some tied
        due = to_db(day + timedelta(hours=(k % 7) - 3))
        connection.execute(
            "INSERT INTO cards (question_id, state, step, stability, difficulty, due, "
            "last_review, reps, lapses) VALUES (?, ?, 0, 3.0, 5.0, ?, ?, 1, 0)",
            (qid, 1 + k % 3, due, to_db(START)),
        )
    connection.close()
    clock = FixedClock(day)
    with Store.open(tmp_path / "data", clock) as store:
        indexes = {name for (name,) in store.connection.execute("SELECT name FROM sqlite_master")}
        assert "cards_due_id_state" in indexes and "cards_due_id" not in indexes
        plan = store.connection.execute(
            "EXPLAIN QUERY PLAN SELECT question_id FROM cards AS c "
            f"WHERE {queues._DUE} ORDER BY due",
            queues.DueBy.at(day).params,
        ).fetchall()
        assert "COVERING INDEX cards_due_id_state" in plan[0][3]
        assert not any("TEMP B-TREE" in row[3] for row in plan)  # ordered by the index
        _home_agrees(store, clock)
