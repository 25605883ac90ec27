"""The due queue and Home's counts from SQL and the kept set of card ids equal a plain reading
of every card, through answers, undo (a deleted card, a reused rowid), a second store writing
and an import that replaces everything."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from quizapp.store import AnswerRecord, FixedClock, Store, StoreError, queues
from quizapp.store.clock import to_db
from tests.helpers import START

IDS = [f"q{k:03d}" for k in range(60)]


@pytest.fixture(params=["lookup", "scan"])
def limit(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both paths: ids looked up one by one, and (over LOOKUP_LIMIT) the kept id set."""
    if request.param == "scan":
        monkeypatch.setattr(queues, "LOOKUP_LIMIT", 10)
    return str(request.param)


def _in_steps(store: Store, now: datetime) -> set[str]:
    """Cards in their learning or relearning steps (state 1 or 3) that are not due at ``now``."""
    rows = store.connection.execute("SELECT question_id, state, due FROM cards").fetchall()
    return {q for q, state, when in rows if state != 2 and when > to_db(now)}


def _dues(store: Store, now: datetime) -> tuple[dict[str, str], set[str]]:
    """Every card's due time, and the ids due at ``now`` read plainly: a review-state card
    (state 2) for the whole UTC day it falls on, a learning card from its due time."""
    rows = store.connection.execute("SELECT question_id, state, due FROM cards").fetchall()
    day_end = to_db(datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=UTC))
    due = {q for q, state, when in rows if when <= to_db(now) or (state == 2 and when < day_end)}
    return {q: when for q, _, when in rows}, due


def _plain(store: Store, ids: Sequence[str], now: datetime, allowance: int) -> list[str]:
    dues, due_now = _dues(store, now)
    due = sorted((dues[q], q) for q in ids if q in due_now)
    new = [q for q in ids if q not in dues][: max(0, allowance - len(store.introduced_on(now)))]
    return queues.interleave([q for _, q in due], new)


def _plain_counts(
    store: Store, groups: Mapping[str, Sequence[str]], now: datetime
) -> dict[str, tuple[int, int, int, int]]:
    dues, due_now = _dues(store, now)
    stepping = _in_steps(store, now)
    out = {}
    for name, ids in groups.items():
        due = sum(1 for q in ids if q in due_now)
        new = sum(1 for q in ids if q not in dues)
        learning = sum(1 for q in ids if q in stepping)
        out[name] = (due, new, learning, len(ids) - due - new - learning)
    return out


def _answer(store: Store, clock: FixedClock, qid: str, rating: int, mode: str = "review") -> int:
    return store.record_answer(
        AnswerRecord(clock.now(), qid, "b", "h", None, "x", rating > 1, rating, 900, mode)
    )


def test_random_days_agree_with_a_plain_reading(tmp_path: Path, limit: str) -> None:
    rng = random.Random(7)
    clock = FixedClock(START)
    groups = {"a": IDS[:25], "b": IDS[25:], "empty": []}
    with Store.open(tmp_path / "data", clock) as store:
        answered: list[int] = []
        for _ in range(12):
            for _ in range(rng.randrange(5, 30)):
                answered.append(
                    _answer(store, clock, rng.choice(IDS[:45]), rng.choice((1, 3, 3, 4)))
                )
                clock.advance(minutes=rng.randrange(1, 50))
            if answered and rng.random() < 0.5:
                with contextlib.suppress(StoreError):  # refused: answered again since
                    store.undo(answered.pop())
            clock.advance(days=rng.randrange(1, 4))
            now = clock.now()
            with store.reader() as reader:
                assert reader.due_queue(IDS, now, new_per_day=8) == _plain(store, IDS, now, 8)
                assert reader.status_counts(groups, now) == _plain_counts(store, groups, now)
            assert store.due_queue(IDS, now) == _plain(store, IDS, now, 20)


def test_a_deleted_card_and_a_reused_rowid_are_seen(tmp_path: Path, limit: str) -> None:
    """Undo deletes the newest card; the next card may take its rowid: the kept set must not
    keep the first id nor miss the second (a trigger counts deletions)."""
    clock = FixedClock(START)
    with Store.open(tmp_path / "data", clock) as store:
        _answer(store, clock, "q000", 3)
        store.status_counts({"all": IDS})  # the set is read now
        store.undo(_answer(store, clock, "q001", 3))
        _answer(store, clock, "q002", 3)
        assert store.status_counts({"all": IDS}) == _plain_counts(store, {"all": IDS}, clock.now())
        assert "q001" in store.due_queue(IDS, new_per_day=3)


def test_a_second_store_adding_cards_is_seen(tmp_path: Path, limit: str) -> None:
    clock = FixedClock(START)
    with (
        Store.open(tmp_path / "data", clock) as first,
        Store.open(tmp_path / "data", clock) as second,
    ):
        _answer(first, clock, "q000", 3)
        assert first.status_counts({"all": IDS})["all"][1] == len(IDS) - 1
        _answer(second, clock, "q005", 3)
        second.undo(_answer(second, clock, "q006", 3))
        assert first.status_counts({"all": IDS})["all"][1] == len(IDS) - 2
        assert first.due_queue(IDS, new_per_day=4)[:2] == ["q001", "q002"]


def test_an_import_that_replaces_everything_is_seen(tmp_path: Path, limit: str) -> None:
    from quizapp.store.backup import export_progress, import_progress
    from quizapp.store.backup_model import validate_backup

    clock = FixedClock(START)
    with Store.open(tmp_path / "other", clock) as other:
        _answer(other, clock, "q010", 3)
        backup = validate_backup(export_progress(other), "other")
    with Store.open(tmp_path / "data", clock) as store:
        for qid in IDS[:5]:
            _answer(store, clock, qid, 3)
        assert store.status_counts({"all": IDS})["all"][1] == len(IDS) - 5
        import_progress(store, backup, replace=True)
        assert store.status_counts({"all": IDS}) == _plain_counts(store, {"all": IDS}, clock.now())
        assert store.card("q000") is None and store.card("q010") is not None


def test_the_card_ids_are_read_ahead_and_never_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``warm_up`` reads every card id on its own thread; the first due queue then reads none
    again, and the warm-up never creates a database that is not there."""
    clock = FixedClock(START)
    with Store.open(tmp_path, clock) as store:
        for k in range(30):
            _answer(store, clock, f"q{k}", 3)
    reads: list[int] = []
    real = queues._all_card_ids

    def counted(connection: sqlite3.Connection) -> frozenset[str]:
        ids = real(connection)
        reads.append(len(ids))
        return ids

    monkeypatch.setattr(queues, "_all_card_ids", counted)
    monkeypatch.setattr(queues, "LOOKUP_LIMIT", 0)  # the set path, as at 100,000 cards
    with Store.open(tmp_path, clock) as store:
        store.warm_up().join(timeout=10)
        assert reads == [30]
        ids = [f"q{k}" for k in range(40)]
        queue = store.due_queue(ids, START + timedelta(days=1), new_per_day=5)
        assert reads == [30]
        assert [qid for qid in queue if int(qid[1:]) >= 30] == ["q30", "q31", "q32", "q33", "q34"]
    gone = tmp_path / "elsewhere" / "progress.sqlite3"
    from quizapp.store.queues import CardIds

    CardIds().warm(gone).join(timeout=10)
    assert not gone.exists()


def test_the_due_list_is_kept_only_while_nothing_changed(tmp_path: Path) -> None:
    """Home asks for every due card twice per visit; the second is served from the first
    unless this connection wrote, another one committed, or the moment moved on."""
    from quizapp.store.queues import CardIds, DueBy

    clock = FixedClock(START)
    with Store.open(tmp_path, clock) as store:
        for k in range(5):
            _answer(store, clock, f"q{k}", 1)  # Again: due within minutes
    ids = CardIds()
    later = DueBy.at(START + timedelta(hours=1))
    with Store.open(tmp_path, clock) as store, Store.open(tmp_path, clock) as other:
        connection = store.connection
        first = ids.due_everywhere(connection, later)
        assert sorted(first) == [f"q{k}" for k in range(5)]
        assert ids.due_everywhere(connection, later) is first  # kept
        _answer(other, clock, "q9", 1)  # another connection commits
        assert "q9" in ids.due_everywhere(connection, later)
        _answer(store, clock, "q8", 1)  # this connection writes
        assert "q8" in ids.due_everywhere(connection, later)
        assert ids.due_everywhere(connection, DueBy.at(START)) == []  # another moment


def _interleaved_step_by_step(due: list[str], new: list[str]) -> list[str]:
    """``interleave`` as it was written first: one step per position of the queue."""
    if not new or not due:
        return due + new
    out: list[str] = []
    gap = (len(due) + len(new)) / len(new)
    next_new = gap - 1
    d = n = 0
    for position in range(len(due) + len(new)):
        if n < len(new) and (position >= next_new or d >= len(due)):
            out.append(new[n])
            n += 1
            next_new += gap
        else:
            out.append(due[d])
            d += 1
    return out


def test_interleave_places_each_new_question_where_the_step_by_step_walk_did() -> None:
    """The slice-per-new-question ``interleave`` gives the very queue of the walk over every
    position, for every pair of lengths up to 60 and for Home's sizes (thousands of reviews)."""
    sizes = [(d, n) for d in range(61) for n in range(61)]
    sizes += [(4263, 400), (353, 400), (100_000, 7), (7, 5_000), (4_999, 1)]
    for d, n in sizes:
        due = [f"d{k}" for k in range(d)]
        new = [f"n{k}" for k in range(n)]
        assert queues.interleave(due, new) == _interleaved_step_by_step(due, new), (d, n)
