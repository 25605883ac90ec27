"""Shared pieces of the store tests: answers, real CLI runs, damage and small filesystems."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizapp.cli import main
from quizapp.paths import database_path
from quizapp.store import AnswerRecord, FixedClock, Store
from tests.helpers import START

ANSWERS = 40  # the answers in the store of the ``data`` fixture (tests/conftest.py)


def record(
    store: Store,
    qid: str,
    rating: int = 3,
    *,
    mode: str = "review",
    session_id: int | None = None,
    topics: Sequence[str] = (),
) -> int:
    return store.record_answer(
        AnswerRecord(
            store.clock.now(),
            qid,
            "bank",
            "h",
            None,
            "x" * 100,
            rating > 1,
            rating,
            900,
            mode,
            session_id,
            tuple(topics),
        )
    )


def store_with_answers(data: Path, count: int, *, topics: Sequence[str] = ("t",)) -> None:
    """A closed store holding ``count`` answers (one session), checkpointed into the file."""
    clock = FixedClock(START)
    with Store.open(data, clock) as store:
        session = store.start_session("review")
        for k in range(count):
            record(store, f"q{k}", 3 if k % 4 else 1, session_id=session, topics=tuple(topics))
            clock.advance(seconds=30)
        store.end_session(session)
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def reviews_in(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM reviews").fetchone()[0])
    finally:
        connection.close()


def cli(data: Path, *args: str, input: str | None = None) -> Result:
    """``quizapp --data-dir DATA ARGS`` in this process (stdin is not a terminal)."""
    return CliRunner().invoke(main, ["--data-dir", str(data), *args], input=input)


def quizapp_process(
    data: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real ``quizapp`` command in its own process. ``timeout`` only catches a hang (it
    raises): a start takes a second or two alone, but over 30 s under ``pytest -n 8`` on two
    shared cores, so the bound is generous, never a measure of speed."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from quizapp.cli import main; main()",
            "--data-dir",
            str(data),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def damage_table(data: Path, table: str = "reviews") -> None:
    """Scribble over one leaf page of ``table``: the header and the schema still read."""
    path = database_path(data)
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        n
        for (n,) in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        )
    ]
    connection.close()
    page = pages[len(pages) // 2]
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(b"\xa5" * page_size)


def leave_crash_marker(data: Path) -> None:
    """What a killed process leaves: a marker nobody holds a lock on."""
    (data / "progress.sqlite3.in-use-4000000-dead").touch()


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A small RAM filesystem (needs root and mount rights); raises OSError where not allowed."""
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise OSError(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount_point)], capture_output=True)
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


@contextlib.contextmanager
def tmpfs_or_skip(mount_point: Path, size: str) -> Iterator[Path]:
    """``tmpfs``, or the test skipped where mounting is not allowed."""
    try:
        with tmpfs(mount_point, size) as mounted:
            yield mounted
    except OSError as exc:
        pytest.skip(str(exc))


def remount(mount_point: Path, option: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{option}", str(mount_point)], check=True)


def fill(folder: Path) -> Path:
    """Write a file in ``folder`` until its filesystem is full; returns it (delete to free)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while True:
                out.write(block)
    with contextlib.suppress(OSError):
        os.sync()
    return filler
