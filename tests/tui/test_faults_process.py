"""Faults of the real ``quizapp`` command in a real pseudo-terminal (the benchmarks' pty driver):
``kill -9`` mid-answer and a restart, another process holding the lock past the real 10 s busy
timeout, and databases that cannot be opened at all, each read off the emulated screen.

| fault | the app | lost |
|---|---|---|
| ``kill -9`` while an answer is half typed | restart: Home, the full check in the background, no notice | nothing (the answer whose feedback was shown is there) |
| write lock held > 10 s by another process | "The progress database is locked"; Enter back, answer kept; sent again | nothing |
| FIFO / folder / dangling link / newer / foreign database at start | exit 1, the message, no traceback, file untouched | nothing |
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.pty_driver import Terminal, shows, squeeze
from quizapp.paths import database_path
from tests.store.helpers import reviews_in, store_with_answers
from tests.tui.test_faults import Holder

COMMAND = [sys.executable, "-c", "from quizapp.cli import main; main()"]
VECTOR = re.compile(r"Answer: a vector of (\d+) numbers")


def quizapp(data: Path) -> Terminal:
    return Terminal([*COMMAND, "--data-dir", str(data)], cols=100, rows=30)


def clean(term: Terminal) -> None:
    assert not re.search(r"Traceback|sqlite3\.\w*Error|StoreError", term.text), term.text


def typed_answer(screen: str) -> str:
    """Something the question's form reads (right or wrong, it is recorded)."""
    text = squeeze(screen)
    if "Space shows the answer" in text:
        return " 3"
    if "Pick " in text:
        return "a"
    match = VECTOR.search(text)
    if match:
        return ", ".join(["0"] * int(match.group(1)))
    if "Answer: " in text:
        return "0"
    return "x"


def first_question(term: Terminal) -> str:
    term.wait_for(shows("today's review"), what="Home")
    term.press("r")
    term.wait_for(
        lambda lines: any(
            k in squeeze("\n".join(lines)) for k in ("Pick ", "Answer:", "Type ", "Space")
        ),
        what="the first question",
    )
    term.settle(lambda lines: True, 0.3)
    return typed_answer(term.text)


def test_kill_mid_answer_then_restart_loses_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with quizapp(data) as term:
        answer = first_question(term)
        term.press(answer)
        if not answer.startswith(" "):
            term.press("\r")
        term.wait_for(shows("Recorded as"), what="feedback")  # shown: saved
        term.press("\r")
        term.settle(lambda lines: True, 0.3)
        term.press("0.12")  # the next answer, half typed
        term.settle(lambda lines: True, 0.2)
        os.killpg(term.process.pid, signal.SIGKILL)
        assert term.process.wait(10) == -signal.SIGKILL
    assert list(data.glob("progress.sqlite3.in-use-*"))  # the kill left its marker
    assert reviews_in(database_path(data)) == 1
    with quizapp(data) as term:
        term.wait_for(shows("today's review"), what="Home after the kill")
        term.settle(lambda lines: True, 1.0)  # the full check ran in the background
        clean(term)
        assert "could not be used" not in squeeze(term.text)  # nothing was moved aside
        code = term.close()
    assert code == 0
    connection = sqlite3.connect(database_path(data))
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    assert reviews_in(database_path(data)) == 1
    assert not list(data.glob("progress.sqlite3.in-use-*"))  # checked, and closed cleanly


@pytest.mark.slow
def test_a_lock_held_past_the_busy_timeout_in_the_running_app(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_with_answers(data, 5)
    with quizapp(data) as term:
        answer = first_question(term)
        holder = Holder(data)
        try:
            term.press(answer)
            if not answer.startswith(" "):
                term.press("\r")
            locked = shows("The progress database is locked", "close the other quizapp")
            term.wait_for(locked, timeout=30, what="fault")
            term.press("\r")  # back: the answer is still typed
            term.wait_for(shows("Not saved: your answer is still in the box"), what="kept")
        finally:
            holder.release()
        term.press(" 3" if answer.startswith(" ") else "\r")
        term.wait_for(shows("Recorded as"), what="sent again")
        clean(term)
        assert term.close() == 0
    assert reviews_in(database_path(data)) == 5 + 1


def _newer(path: Path) -> None:
    store_with_answers(path.parent, 3)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()


def _foreign(path: Path) -> None:
    path.parent.mkdir(parents=True)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.close()


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True)
    os.mkfifo(path)


def _dangling_link(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.symlink_to("/nowhere/x")


START_FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "is a FIFO"),
    "folder": (lambda p: p.mkdir(parents=True), "is a folder"),
    "dangling-link": (_dangling_link, "symbolic link"),
    "newer": (_newer, "newer quizapp"),
    "foreign": (_foreign, "another program"),
}


@pytest.mark.parametrize("fault", sorted(START_FAULTS))
def test_a_database_that_cannot_be_opened_ends_with_its_message(tmp_path: Path, fault: str) -> None:
    data = tmp_path / "data"
    path = database_path(data)
    make, words = START_FAULTS[fault]
    make(path)
    before = path.read_bytes() if path.is_file() else None
    done = subprocess.run(
        [*COMMAND, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr + done.stdout
    if before is not None:
        assert path.read_bytes() == before  # left as it was
