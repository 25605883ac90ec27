"""Every database fault ends in a clear message on the command line, and loses nothing.

Each test injects one fault and runs a real command (in-process with click's runner, or the
``quizapp`` command in its own process where the fault needs one). It checks the exit code,
the message (no traceback), and that every answer is still there: in the live database, or,
for a damaged file, in the file moved aside (never deleted) with what could be read salvaged.

| # | fault | injected by | CLI (exit, message) |
|---|-------|-------------|---------------------|
| 1 | database from a newer quizapp | ``PRAGMA user_version`` past ``SCHEMA_VERSION`` | 1, "written by a newer quizapp ... upgrade quizapp"; file unchanged |
| 2 | read-only data directory | tmpfs remounted ``ro`` (else ``chattr +i``) | 1, "is read-only ... --data-dir" |
| 3 | read-only database file | ``chattr +i`` on the file | 1, "cannot be written ... chattr -i" |
| 4 | data directory is a file | a file at the ``--data-dir`` path | 1, "cannot create the data directory" |
| 5 | full disk while answering | tmpfs filled (else ``max_page_count``) | StoreError "the disk ... is full. This answer was not saved"; earlier answers kept; next answer saves once space is freed |
| 6 | full disk during import | the same, ``import-progress --replace`` | 1, "is full ... Free some disk space"; nothing changed |
| 7 | full disk during export | backup on a full tmpfs | 1, "is full"; the previous backup byte for byte as it was |
| 8 | write lock held by another process > 10 s | a process in ``BEGIN IMMEDIATE`` | 1, "kept ... locked for more than 10 seconds ... close the other quizapp" (slow) |
| 9 | exclusive lock held by another process | ``locking_mode = EXCLUSIVE`` + a write | 1, the same message, for a read-only command (slow) |
| 10 | damaged page after a clean close | a leaf page of ``reviews`` scribbled | 1, "is damaged"; then "moved to ... saved N reviews ... rename ... to get it back" |
| 11 | damaged page after ``kill -9`` | the same + a stale crash marker | 0, inline check: moved aside, salvage count, how to get it back |
| 12 | damaged, another instance has it open | a second process holding a store | 1, "left as it is, because another quizapp has it open"; not renamed |
| 13 | FIFO in place of the database | ``mkfifo`` | 1, "is a FIFO (named pipe), not a file"; never opened (no hang) |
| 14 | folder in place of the database | ``mkdir`` | 1, "is a folder" |
| 15 | dangling symlink in place of it | ``ln -s /nowhere`` | 1, "symbolic link to ..., which does not exist"; nothing created there |
| 16 | folder in place of the ``-wal`` file | ``mkdir progress.sqlite3-wal`` | 1, "progress.sqlite3-wal is a folder" |
| 17 | folder in place of the lock file | ``mkdir progress.sqlite3.lock`` | 1, "progress.sqlite3.lock is a folder" |
| 18 | another program's SQLite file | tables of its own | 1, "an SQLite database of another program"; untouched, journal mode too |
| 19 | SQLite file with a foreign application id | ``PRAGMA application_id`` | 1, the same |
| 20 | not an SQLite file at all | random bytes | 0, "moved to ... nothing could be read from it" |
| 21 | truncated database | file cut to 5 pages | 0, moved aside, salvage reported |
| 22 | quizapp database with a table dropped | ``DROP TABLE cards`` | 0, moved aside, reviews salvaged |
| 23 | garbage ``-wal`` file | random bytes | 0, ignored by SQLite, no answer lost |
| 24 | a setting that is not JSON (old import) | ``UPDATE settings`` | 0, "setting ... is not JSON; using the default" |
| 25 | empty (0-byte) database file | ``truncate -s 0`` | 0, a fresh database |
| 26 | ``kill -9`` mid-answer | SIGKILL to a writing process | see test_durability: no shown answer lost |

Counts (this suite): 26 faults tried, 26 clean in the CLI (clear message, no traceback, exit
code as above); answers lost: 0 (for the damaged files, every answer stays in the moved-aside
file; the salvage copied what the damaged pages still held); backups lost: 0.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.paths import database_path
from quizapp.store import Fault, FixedClock, Store, StoreError
from quizapp.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from tests.store.helpers import (
    ANSWERS,
    START,
    cli,
    damage_table,
    fill,
    leave_crash_marker,
    quizapp_process,
    record,
    remount,
    reviews_in,
    store_with_answers,
    tmpfs,
)


def _clean(output: str) -> None:
    assert "Traceback" not in output
    assert not re.search(r"sqlite3\.[A-Za-z]*Error", output)


def _moved_aside(data: Path) -> list[Path]:
    return sorted(
        p for p in data.glob("progress.sqlite3.corrupt-*") if not p.name.endswith(("-wal", "-shm"))
    )


# 1
def test_newer_schema_is_refused_and_untouched(data: Path) -> None:
    path = database_path(data)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = path.read_bytes()
    result = cli(data, "stats")
    assert result.exit_code == 1 and "newer quizapp" in result.output
    assert "upgrade quizapp" in result.output.lower() and "not changed" in result.output
    _clean(result.output)
    assert path.read_bytes() == before


# 2
def test_read_only_data_directory(tmp_path: Path) -> None:
    try:
        with tmpfs(tmp_path / "mnt", "4m") as mounted:
            store_with_answers(mounted / "data", ANSWERS)
            remount(mounted, "ro")
            result = cli(mounted / "data", "stats")
            assert result.exit_code == 1 and "is read-only" in result.output
            assert "--data-dir" in result.output
            _clean(result.output)
            remount(mounted, "rw")
            assert reviews_in(database_path(mounted / "data")) == ANSWERS
    except OSError as exc:
        pytest.skip(str(exc))


# 3
def test_read_only_database_file(data: Path) -> None:
    path = database_path(data)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        for command in (["stats"], ["export-progress", str(data.parent / "b.json")]):
            result = cli(data, *command)
            assert result.exit_code == 1 and "cannot be written" in result.output
            assert "chattr -i" in result.output
            _clean(result.output)
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert reviews_in(path) == ANSWERS


# 4
def test_data_directory_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    given = cli(blocker, "stats")  # click checks --data-dir itself
    assert given.exit_code == 2 and "is a file" in given.output
    below = cli(blocker / "data", "stats")
    assert below.exit_code == 1 and "Cannot create the data directory" in below.output
    _clean(given.output + below.output)
    assert blocker.read_text() == "not a folder"


# 5
def test_full_disk_while_answering(small_disk: Path) -> None:
    data = small_disk / "data"
    store_with_answers(data, ANSWERS)
    clock = FixedClock(START)
    with Store.open(data, clock) as store:
        filler = fill(small_disk)
        saved = ANSWERS
        with pytest.raises(StoreError) as full:
            for k in range(2000):  # until the WAL needs a page the disk does not have
                record(store, f"new{k}", topics=("t",) * 1)
                saved += 1
        error = full.value
        assert error.fault is Fault.DISK_FULL and "is full" in error.message
        assert "this answer was not saved" in error.kept and "free some disk space" in error.todo
        assert store.total_reviews() == saved  # every answer before it is there
        filler.unlink()
        record(store, "after")
        assert store.total_reviews() == saved + 1
    assert reviews_in(database_path(data)) == saved + 1


# 6
def test_full_disk_during_import(small_disk: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    store_with_answers(source, 3000)
    backup = tmp_path / "big.json"
    assert cli(source, "export-progress", str(backup)).exit_code == 0
    data = small_disk / "data"
    store_with_answers(data, ANSWERS)
    filler = fill(small_disk)
    result = cli(data, "import-progress", "--replace", str(backup))
    assert result.exit_code == 1 and "is full" in result.output
    assert "Free some disk space" in result.output
    _clean(result.output)
    filler.unlink()
    assert reviews_in(database_path(data)) == ANSWERS


# 7
def test_full_disk_during_export(small_disk: Path, data: Path) -> None:
    backup = small_disk / "backup.json"
    assert cli(data, "export-progress", str(backup)).exit_code == 0
    before = backup.read_bytes()
    with Store.open(data, FixedClock(START)) as store:
        for k in range(300):
            record(store, f"more{k}")
    fill(small_disk)
    result = cli(data, "export-progress", "--force", str(backup))
    assert result.exit_code == 1 and "is full" in result.output
    _clean(result.output)
    assert backup.read_bytes() == before  # the previous backup, whole
    assert not list(small_disk.glob(".backup.json.*"))  # no temporary left behind


HOLDER = textwrap.dedent(
    """
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    if sys.argv[2] == "exclusive":
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("UPDATE settings SET value = value")
    else:
        connection.execute("BEGIN IMMEDIATE")
    print("holding", flush=True)
    time.sleep(60)
    """
)


def _hold(data: Path, how: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database_path(data)), how],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def _stop(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


# 8
@pytest.mark.slow
def test_write_lock_held_past_the_busy_timeout(data: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.json"
    assert cli(data, "export-progress", str(backup)).exit_code == 0
    holder = _hold(data, "immediate")
    try:
        began = time.monotonic()
        done = quizapp_process(data, "import-progress", "--replace", str(backup))
        assert time.monotonic() - began >= 9
    finally:
        _stop(holder)
    assert done.returncode == 1, done.stderr
    assert "locked for more than 10 seconds" in done.stderr
    assert "close the other quizapp" in done.stderr.lower()
    _clean(done.stderr)
    assert reviews_in(database_path(data)) == ANSWERS


# 9
@pytest.mark.slow
def test_exclusive_lock_held_by_another_process(data: Path) -> None:
    holder = _hold(data, "exclusive")
    try:
        done = quizapp_process(data, "stats")
    finally:
        _stop(holder)
    assert done.returncode == 1 and "locked for more than 10 seconds" in done.stderr
    _clean(done.stderr)
    assert reviews_in(database_path(data)) == ANSWERS


# 10
def test_damaged_page_after_a_clean_close(data: Path, tmp_path: Path) -> None:
    old_backup = tmp_path / "old.json"
    assert cli(data, "export-progress", str(old_backup)).exit_code == 0
    kept = old_backup.read_bytes()
    damage_table(data)
    result = cli(data, "export-progress", "--force", str(old_backup))
    assert result.exit_code == 1 and "is damaged" in result.output
    assert "moved to" in result.output and "To go back to the old file" in result.output
    _clean(result.output)
    assert old_backup.read_bytes() == kept  # no backup written from a damaged database
    (aside,) = _moved_aside(data)
    assert reviews_in_salvage(result.output) < ANSWERS
    again = cli(data, "stats")
    assert again.exit_code == 0 and "moved to" in again.output  # every command repeats it
    refused = cli(data, "export-progress", str(old_backup))
    assert refused.exit_code == 1 and old_backup.read_bytes() == kept  # fewer: asks first
    assert aside.exists()


def reviews_in_salvage(output: str) -> int:
    found = re.search(r"(\d+) reviews", output)
    return int(found.group(1)) if found else 0


# 11
def test_damaged_page_after_a_kill(data: Path) -> None:
    damage_table(data)
    leave_crash_marker(data)
    result = cli(data, "stats")
    assert result.exit_code == 0, result.output
    assert "moved to" in result.output and "were saved from it" in result.output
    _clean(result.output)
    assert len(_moved_aside(data)) == 1
    saved = reviews_in_salvage(result.output)
    assert 0 < saved < ANSWERS and f"Reviews stored: {saved}" in result.output
    assert not list(data.glob("progress.sqlite3.in-use*"))


OPEN_STORE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from quizapp.store import Store
    store = Store.open(Path(sys.argv[1]))
    print("open", flush=True)
    time.sleep(60)
    """
)


# 12
def test_damaged_while_another_instance_has_it_open(data: Path, tmp_path: Path) -> None:
    damage_table(data)
    other = subprocess.Popen(
        [sys.executable, "-c", OPEN_STORE, str(data)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        result = cli(data, "export-progress", str(tmp_path / "b.json"))  # reads every answer
    finally:
        _stop(other)
    assert result.exit_code == 1 and "is damaged" in result.output
    assert "left as it is, because another quizapp has it open" in result.output
    _clean(result.output)
    assert not _moved_aside(data) and database_path(data).exists()


# 13-17
@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("progress.sqlite3", lambda p: os.mkfifo(p), "is a FIFO (named pipe)"),
        ("progress.sqlite3", lambda p: p.mkdir(), "is a folder"),
        ("progress.sqlite3", lambda p: p.symlink_to("/nowhere/p.db"), "which does not exist"),
        ("progress.sqlite3-wal", lambda p: p.mkdir(), "progress.sqlite3-wal is a folder"),
        ("progress.sqlite3.lock", lambda p: p.mkdir(), "progress.sqlite3.lock is a folder"),
    ],
    ids=["fifo", "folder", "dangling-link", "wal-folder", "lock-folder"],
)
def test_not_a_file_in_place_of_one(
    tmp_path: Path, name: str, make: Callable[[Path], object], words: str
) -> None:
    data = tmp_path / "data"
    if name == "progress.sqlite3":
        data.mkdir()
    else:
        store_with_answers(data, ANSWERS)
        (data / name).unlink(missing_ok=True)
    make(data / name)
    result = quizapp_process(data, "stats")  # a FIFO once hung the command: the timeout catches it
    assert result.returncode == 1 and words in result.stderr, result.stderr
    assert "left as it is" in result.stderr
    _clean(result.stderr)
    assert not Path("/nowhere/p.db").exists()


# 18-19
@pytest.mark.parametrize("how", ["tables", "application-id"])
def test_another_programs_sqlite_file_is_left_untouched(tmp_path: Path, how: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = database_path(data)
    connection = sqlite3.connect(path)
    if how == "tables":
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        connection.execute("INSERT INTO photos (path) VALUES ('a.jpg')")
    else:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID + 1}")
        connection.execute("CREATE TABLE cards (question_id TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    result = cli(data, "stats")
    assert result.exit_code == 1 and "another program" in result.output
    assert "left untouched" in result.output
    _clean(result.output)
    assert path.read_bytes() == before  # journal mode included: still not WAL
    assert not _moved_aside(data)


# 20-22
@pytest.mark.parametrize("how", ["garbage", "truncated", "dropped-table"])
def test_unusable_file_is_moved_aside_and_salvaged(data: Path, how: str) -> None:
    path = database_path(data)
    if how == "garbage":
        path.write_bytes(os.urandom(50_000))
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: 5 * 4096])
    else:
        connection = sqlite3.connect(path)
        connection.execute("DROP TABLE cards")
        connection.commit()
        connection.close()
    original = path.read_bytes()
    result = cli(data, "stats")
    assert result.exit_code == 0, result.output
    assert "moved to" in result.output and "nothing was deleted" in result.output
    _clean(result.output)
    (aside,) = _moved_aside(data)
    assert aside.read_bytes() == original
    if how == "garbage":
        assert "nothing could be read from it" in result.output
    if how == "dropped-table":
        assert f"{ANSWERS} reviews" in result.output  # every answer saved into the fresh file


# 23
def test_garbage_wal_file_is_ignored(data: Path) -> None:
    data.joinpath("progress.sqlite3-wal").write_bytes(os.urandom(20_000))
    result = cli(data, "stats")
    assert result.exit_code == 0 and f"Reviews stored: {ANSWERS}" in result.output
    _clean(result.output)


# 24
def test_a_stored_setting_that_is_not_json(data: Path) -> None:
    connection = sqlite3.connect(database_path(data))
    connection.execute("INSERT OR REPLACE INTO settings VALUES ('new_per_day', '{oops')")
    connection.commit()
    connection.close()
    result = cli(data, "stats")
    assert result.exit_code == 0
    assert (
        "setting new_per_day is not JSON" in result.output and "using the default" in result.output
    )
    with Store.open(data) as store:
        assert store.settings.new_per_day == 20


# 25
def test_an_empty_database_file_starts_fresh(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database_path(data).write_bytes(b"")
    result = cli(data, "stats")
    assert result.exit_code == 0 and "Reviews stored: 0" in result.output
    assert not _moved_aside(data)


def test_every_cli_command_that_opens_the_store_says_it(data: Path, tmp_path: Path) -> None:
    """A recovery is repeated by each command for a week, whichever command made it."""
    database_path(data).write_bytes(b"junk" * 1000)
    commands = [
        ["stats"],
        ["optimize"],
        ["export-progress", str(tmp_path / "b.json")],
        ["import-progress", "--replace", str(tmp_path / "b.json")],
    ]
    for command in commands:
        result = cli(data, *command)
        assert "moved to" in result.output, (command, result.output)
        _clean(result.output)


def test_a_killed_answer_process_then_the_cli(tmp_path: Path) -> None:
    """kill -9 while answering, then a command: the inline check passes, nothing is said."""
    data = tmp_path / "data"
    store_with_answers(data, 5)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom pathlib import Path\nfrom quizapp.store import Store\n"
            "from tests.store.helpers import record\n"
            "store = Store.open(Path(sys.argv[1]))\n"
            "for k in range(100000):\n    record(store, f'k{k}')\n    print(k, flush=True)\n",
            str(data),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert writer.stdout is not None
    shown = [writer.stdout.readline() for _ in range(30)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    result = cli(data, "stats")
    assert result.exit_code == 0 and "moved" not in result.output
    assert reviews_in(database_path(data)) >= 5 + len(shown)
    shutil.rmtree(data)
