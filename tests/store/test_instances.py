"""Several instances on one data directory: crash markers per process, undo by review id, and
the full check off the path to the first screen."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from quizapp.store import FixedClock, Store, StoreError
from quizapp.store import database as database_module
from tests.store.helpers import (
    START,
    damage_table,
    leave_crash_marker,
    record,
    store_with_answers,
)


def _markers(data: Path) -> list[Path]:
    return sorted(data.glob("progress.sqlite3.in-use*"))


def test_undo_and_rerate_touch_only_this_sessions_answer(tmp_path: Path) -> None:
    """Two stores (two windows) on one directory: each undoes its own answer, not the last."""
    data = tmp_path / "data"
    clock = FixedClock(START)
    with Store.open(data, clock) as mine, Store.open(data, clock) as theirs:
        my_answer = record(mine, "mine", 3)
        their_answer = record(theirs, "theirs", 3)
        their_card = theirs.card("theirs")
        mine.rerate(my_answer, 1)
        assert mine.connection.execute("SELECT id, rating FROM reviews ORDER BY id").fetchall() == [
            (my_answer, 1),
            (their_answer, 3),
        ]
        undone = mine.undo(my_answer)
        assert undone.question_id == "mine"
        assert theirs.total_reviews() == 1 and theirs.card("theirs") == their_card
        assert mine.card("mine") is None


def test_an_answer_answered_again_elsewhere_is_not_rewound(tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FixedClock(START)
    with Store.open(data, clock) as mine, Store.open(data, clock) as theirs:
        first = record(mine, "shared", 3)
        clock.advance(minutes=10)
        record(theirs, "shared", 3)
        after = theirs.card("shared")
        for change in (lambda: mine.undo(first), lambda: mine.rerate(first, 1)):
            with pytest.raises(StoreError, match="answered again since"):
                change()
        assert mine.card("shared") == after and mine.total_reviews() == 2


def test_one_instance_closing_leaves_the_others_marker(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = Store.open(data)
    with Store.open(data):  # a CLI command, say
        assert len(_markers(data)) == 2
    assert len(_markers(data)) == 1
    second = Store.open(data)
    assert not second.needs_check  # the first is alive: its marker is no crash
    second.close()
    first.close()
    assert _markers(data) == []


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from quizapp.store import Store
    Store.open(Path(sys.argv[1]))
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_killed_instance_is_noticed_and_checked_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_with_answers(data, 5)
    subprocess.run([sys.executable, "-c", KILLED, str(data)], check=False)
    assert len(_markers(data)) == 1
    with Store.open(data) as store:
        assert store.needs_check
        with Store.open(data) as meanwhile:  # the first one is checking it
            assert not meanwhile.needs_check
        assert store.check_integrity() is None
    with Store.open(data) as later:
        assert not later.needs_check


def test_opening_after_an_unclean_exit_does_not_run_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check would take seconds at a million reviews: it is the caller's to run, off the
    path to the first screen; opening only notes that it is due."""
    data = tmp_path / "data"
    store_with_answers(data, 20)
    leave_crash_marker(data)

    def no_check(path: Path) -> None:
        raise AssertionError("quick_check ran while opening")

    monkeypatch.setattr(database_module, "integrity_problem", no_check)
    with Store.open(data) as store:
        assert store.needs_check and store.total_reviews() == 20


def test_the_check_runs_in_a_worker_and_the_owner_puts_the_file_aside(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_with_answers(data, 40)
    damage_table(data)
    leave_crash_marker(data)
    found: list[str | None] = []
    with Store.open(data, FixedClock(START)) as store:
        worker = threading.Thread(target=lambda: found.append(store.check_integrity()))
        worker.start()
        assert store.total_reviews() == 40  # answering and reading go on meanwhile
        worker.join()
        (problem,) = found
        assert problem is not None
        recovery = store.put_aside(problem)
        assert store.recovery is recovery and "moved to" in (store.notice or "")
        assert 0 < recovery.saved["reviews"] <= 40 == recovery.saved["cards"]
        record(store, "after the recovery")
        assert store.total_reviews() == recovery.saved["reviews"] + 1
    assert _markers(data) == []
    with Store.open(data, FixedClock(START)) as again:  # and the recovery is still told
        assert again.recovery is not None and again.recovery.moved_to == recovery.moved_to


def test_a_damaged_read_leaves_the_marker_for_a_full_check_next_time(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_with_answers(data, 40)
    damage_table(data)
    with Store.open(data) as store, pytest.raises(StoreError) as damaged:
        for k in range(1, 41):
            store.undo(k)  # reads the damaged page sooner or later
    assert damaged.value.fault == "damaged"
    with Store.open(data) as next_time:
        assert next_time.needs_check
