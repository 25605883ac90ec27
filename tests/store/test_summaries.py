"""The summary a start's first due queue and Home count read instead of every card id
(``quizapp.store.summaries``, migration 9) never gives a wrong queue: it is written by the
store's own connection only, read back on the next start without reading the card ids, and
left unused (worked out again) after a card deletion, from a later state than the database's,
for another catalog, or when it does not fit; a real second process killed with -9 after its
writes leaves nothing that misleads the next start."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.paths import database_path
from quizapp.store import FixedClock, Store, queues, summaries
from quizapp.store.migrations import SCHEMA_VERSION, migrate
from tests.helpers import START
from tests.store.test_queues import IDS, _answer, _plain, _plain_counts

GROUPS = {"a": IDS[:20], "b": IDS[20:45], "c": IDS[45:]}  # the catalog, bank after bank


@pytest.fixture(autouse=True)
def _scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The big-catalog path, as at 100,000 cards."""
    monkeypatch.setattr(queues, "LOOKUP_LIMIT", 10)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times every card id was read (its length each time)."""
    counted: list[int] = []
    real = queues._all_card_ids

    def counting(connection: sqlite3.Connection) -> frozenset[str]:
        ids = real(connection)
        counted.append(len(ids))
        return ids

    monkeypatch.setattr(queues, "_all_card_ids", counting)
    yield counted


def _agrees(store: Store, now_days: float = 0) -> None:
    now = store.clock.now() + timedelta(days=now_days)
    with store.reader() as reader:
        assert reader.status_counts(GROUPS, now) == _plain_counts(store, GROUPS, now)
        assert reader.due_queue(IDS, now, new_per_day=8) == _plain(store, IDS, now, 8)
    assert store.due_queue(IDS, now, new_per_day=8) == _plain(store, IDS, now, 8)


def _summaries(data: Path) -> list[tuple[str, int, int, str]]:
    connection = sqlite3.connect(database_path(data))
    try:
        return connection.execute(
            "SELECT catalog, additions, deletions, unseen FROM catalog_summaries"
        ).fetchall()
    finally:
        connection.close()


def _history(data: Path, clock: FixedClock) -> None:
    with Store.open(data, clock) as store:
        for k in range(0, 40, 2):
            _answer(store, clock, IDS[k], 1 + k % 4)
        clock.advance(days=2)
        _agrees(store)


def test_the_next_start_reads_the_summary_not_the_card_ids(
    tmp_path: Path, reads: list[int]
) -> None:
    clock = FixedClock(START)
    data = tmp_path / "data"
    _history(data, clock)
    assert len(_summaries(data)) == 1  # Home's catalog (the queue's is the same list)
    reads.clear()
    with Store.open(data, clock) as store:
        store.warm_up().join(timeout=10)  # a summary may serve: the read-ahead reads nothing
        _agrees(store)
        assert reads == []
        _answer(store, clock, IDS[41], 3)  # a new card: the kept answer is rechecked
        _answer(store, clock, IDS[2], 4)  # an old one rewritten
        _agrees(store)
        _agrees(store, now_days=1)
        assert reads == []
    with Store.open(data, clock) as store:
        _agrees(store)
        assert reads == []
    _, additions, deletions, unseen = _summaries(data)[0]
    assert (additions, deletions) == (21, 0)  # as of the last answer, rewritten at close
    assert len(json.loads(unseen)) == len(IDS) - 21


def test_a_deleted_card_or_another_catalog_is_worked_out_again(
    tmp_path: Path, reads: list[int]
) -> None:
    clock = FixedClock(START)
    data = tmp_path / "data"
    _history(data, clock)
    with Store.open(data, clock) as other:  # undo of a first answer: a card deleted
        other.undo(_answer(other, clock, IDS[50], 3))
    reads.clear()
    with Store.open(data, clock) as store:
        _agrees(store)
        assert reads == [20]  # the summary predates the deletion: every card id read
        backwards = IDS[::-1]
        assert store.due_queue(backwards, new_per_day=5) == _plain(store, backwards, clock.now(), 5)
    assert len(_summaries(data)) == 2  # one per catalog


def test_a_summary_that_cannot_be_this_databases_is_not_used(
    tmp_path: Path, reads: list[int]
) -> None:
    """A summary from a later state (more additions than the database counts, as in a file
    put back from an older copy) or with positions past the catalog's end is not served."""
    clock = FixedClock(START)
    data = tmp_path / "data"
    _history(data, clock)
    for tampering in (
        "UPDATE catalog_summaries SET additions = additions + 1",
        "UPDATE catalog_summaries SET unseen = '[1, 2, 999]'",
    ):
        connection = sqlite3.connect(database_path(data), isolation_level=None)
        connection.execute(tampering)
        connection.close()
        reads.clear()
        with Store.open(data, clock) as store:
            _agrees(store)
        assert reads == [20], tampering


def test_readers_never_write_and_a_busy_database_is_not_waited_for(tmp_path: Path) -> None:
    """Home's worker reads on a read-only connection: its summary waits for the store's next
    call or its close; while another process holds the write lock, the write gives up after
    ``WRITE_BUSY_MS`` (not the store's busy timeout) and is tried again later."""
    clock = FixedClock(START)
    data = tmp_path / "data"
    with Store.open(data, clock) as store:
        for k in range(0, 30, 3):
            _answer(store, clock, IDS[k], 3)
        with store.reader() as reader:
            reader.status_counts(GROUPS)
        assert _summaries(data) == []  # the reader could not write it
        blocker = sqlite3.connect(database_path(data), isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        store.due_queue(IDS)  # tries, the database busy: skipped
        assert (
            summaries.write(
                store.connection, {"k": summaries.Summary(summaries.CardStamp(0, 0), [])}
            )
            is False
        )
        blocker.execute("ROLLBACK")
        blocker.close()
    assert len(_summaries(data)) == 1  # written at close


def test_card_counters_follow_every_change_of_the_card_ids(tmp_path: Path) -> None:
    """Additions count new ids only (a rewritten card is no addition), deletions every card
    gone, a renamed card counts as both; each in the transaction that made it."""
    clock = FixedClock(START)
    with Store.open(tmp_path / "data", clock) as store:

        def stamp() -> summaries.CardStamp:
            return summaries.card_stamp(store.connection)

        assert stamp() == summaries.CardStamp(0, 0)
        _answer(store, clock, IDS[0], 3)
        _answer(store, clock, IDS[0], 4)
        _answer(store, clock, IDS[1], 3, mode="cram")  # logged, no card
        assert stamp() == summaries.CardStamp(1, 0)
        second = _answer(store, clock, IDS[2], 3)
        store.undo(second)
        assert stamp() == summaries.CardStamp(2, 1)
        store.connection.execute("UPDATE cards SET question_id = 'renamed' WHERE rowid > 0")
        assert stamp() == summaries.CardStamp(3, 2)
        with pytest.raises(sqlite3.IntegrityError):  # a failed statement leaves no count
            store.connection.execute(
                "INSERT INTO cards (question_id, state, due) VALUES ('z', 1, NULL)"
            )
        assert stamp() == summaries.CardStamp(3, 2)


def test_a_second_process_killed_after_its_writes_misleads_no_start(
    tmp_path: Path, reads: list[int]
) -> None:
    """A real second process writes its summary, answers new questions, takes a first answer
    back (a deletion) and is killed with -9: the next start's queue and counts are right."""
    clock = FixedClock(START)
    data = tmp_path / "data"
    _history(data, clock)
    script = textwrap.dedent(
        f"""
        import os, signal
        from datetime import datetime
        from quizapp.store import AnswerRecord, FixedClock, Store, queues
        queues.LOOKUP_LIMIT = 10
        clock = FixedClock(datetime.fromisoformat({clock.now().isoformat()!r}))
        ids = {IDS!r}
        store = Store.open({str(data)!r}, clock)
        store.due_queue(ids[::-1])  # another catalog's summary, written now
        def answer(qid):
            return store.record_answer(
                AnswerRecord(clock.now(), qid, "b", "h", None, "x", True, 3, 900))
        answer(ids[51]); answer(ids[53]); answer(ids[4])
        store.undo(answer(ids[55]))
        with store.reader() as reader:
            reader.status_counts({{"all": ids}})
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    reads.clear()
    with Store.open(data, clock) as store:
        _agrees(store)
        assert reads == [22]  # the deletion since: worked out from every card id
        assert store.card(IDS[51]) is not None and store.card(IDS[55]) is None


def test_migration_9_from_a_version_8_database(tmp_path: Path) -> None:
    """A version 8 database with cards gets the counters (from zero), their triggers and the
    summaries' table; its queue then agrees with a plain reading."""
    assert SCHEMA_VERSION >= 9
    path = database_path(tmp_path / "data")
    path.parent.mkdir()
    connection = sqlite3.connect(path, isolation_level=None)
    migrate(connection, target=8)
    for qid in IDS[:30]:
        connection.execute(
            "INSERT INTO cards (question_id, state, step, stability, difficulty, due, "
            "last_review, reps, lapses) VALUES (?, 2, NULL, 3.0, 5.0, ?, ?, 1, 0)",
            (qid, "2024-01-03T08:00:00.000000Z", "2024-01-01T08:00:00.000000Z"),
        )
    connection.close()
    clock = FixedClock(START)
    with Store.open(tmp_path / "data", clock) as store:
        names = {name for (name,) in store.connection.execute("SELECT name FROM sqlite_master")}
        assert {"catalog_summaries", "cards_add", "cards_rename"} <= names
        assert summaries.card_stamp(store.connection) == summaries.CardStamp(0, 0)
        _answer(store, clock, IDS[40], 3)
        assert summaries.card_stamp(store.connection) == summaries.CardStamp(1, 0)
        _agrees(store)
        _agrees(store, now_days=5)


def test_a_catalog_whose_ids_hold_a_line_break_is_never_summarised(tmp_path: Path) -> None:
    """Joined one per line, ["a\\nb", "c"] and ["a", "b\\nc"] read alike: such a catalog is
    answered from the card ids every time, and rightly."""
    clock = FixedClock(START)
    odd = [*IDS[:30], "two\nlines", *IDS[30:]]
    assert summaries.summarisable(IDS) and not summaries.summarisable(odd)
    assert summaries.summarisable([]) and summaries.summarisable(["one"])
    data = tmp_path / "data"
    with Store.open(data, clock) as store:
        for qid in [*IDS[:40:3], "two\nlines"]:
            _answer(store, clock, qid, 3)
        clock.advance(days=1)
        assert store.due_queue(odd, new_per_day=5) == _plain(store, odd, clock.now(), 5)
    assert _summaries(data) == []
    with Store.open(data, clock) as store:
        assert store.due_queue(odd, new_per_day=5) == _plain(store, odd, clock.now(), 5)


def test_a_summary_that_cannot_be_written_fails_nothing(tmp_path: Path) -> None:
    """A write refused by SQLite (here: a trigger that aborts it, as a full disk would, or a
    closed connection) only leaves the summary for later; the queue and the close go on."""
    clock = FixedClock(START)
    data = tmp_path / "data"
    store = Store.open(data, clock)
    for k in range(0, 30, 3):
        _answer(store, clock, IDS[k], 3)
    store.connection.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON catalog_summaries "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    assert store.due_queue(IDS, new_per_day=8) == _plain(store, IDS, clock.now(), 8)
    assert store.due_queue(IDS, new_per_day=8) == _plain(store, IDS, clock.now(), 8)
    closed = sqlite3.connect(":memory:")
    closed.close()
    stamp = summaries.CardStamp(0, 0)
    assert summaries.write(closed, {"k": summaries.Summary(stamp, [])}) is False
    store.close()
    assert _summaries(data) == []
