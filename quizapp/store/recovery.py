"""A damaged database: moved aside (renamed, never deleted), its readable rows saved into the
fresh one, and a ``Recovery`` that says where it went, what was saved and how to get it back.

Salvage reads a copy of the damaged file (the file moved aside stays byte for byte as it was):
with the ``sqlite3`` command's ``.recover`` where it is installed, which reads around damaged
pages, else table by table, skipping past rows that cannot be read. Rows are checked as they
are copied (constraints, card states, foreign keys); the totals are rebuilt from what was saved.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from quizapp.i18n import N_, _
from quizapp.store.aggregates import totals_rebuilt_after
from quizapp.store.clock import to_db

# copied in this order (parents first); the totals are rebuilt, not copied
SALVAGED = ("settings", "sessions", "cards", "reviews", "review_topics")
RECOVER_TIMEOUT_S = 300
RECENT_DAYS = 7  # every command repeats a recovery this long


class Recovery(msgspec.Struct, frozen=True):
    """What happened to a damaged database, as the CLI prints it and the app shows it."""

    database: Path
    moved_to: Path
    reason: str
    when: str  # UTC, as the store writes times
    saved: dict[str, int] = msgspec.field(default_factory=dict)
    method: str = ""

    @property
    def message(self) -> str:
        """Where the file went and how to get it back, in the interface's language (table
        names stay as the database spells them)."""
        if self.method:
            counts = ", ".join(f"{n} {table}" for table, n in self.saved.items() if n)
            saved = _("{counts} were saved from it (read with {method})").format(
                counts=counts or _("no rows"), method=_(self.method)
            )
        else:
            saved = _("nothing could be read from it")
        return _(
            "On {when} UTC {name} could not be used "
            "({reason}). It was moved to {moved_to} (nothing was deleted) and a fresh "
            "database was started; {saved}. To go back to the old file: close every quizapp, "
            "then rename {moved_name} to {name} (and its -wal file "
            "alongside, if there is one)."
        ).format(
            when=self.when[:16].replace("T", " "),
            name=self.database.name,
            reason=self.reason,
            moved_to=self.moved_to,
            saved=saved,
            moved_name=self.moved_to.name,
        )


def move_aside(path: Path, now: datetime) -> Path:
    """Rename the file (and its -wal and -shm) to a free ``.corrupt-<time>`` name."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    path.rename(backup)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(backup.with_name(backup.name + suffix))
    return backup


def salvage(damaged: Path, target: sqlite3.Connection) -> tuple[dict[str, int], str]:
    """Copy what can be read of ``damaged`` into ``target`` (a fresh, migrated store, in
    autocommit mode); returns the rows saved per table and the method used."""
    with tempfile.TemporaryDirectory(prefix="quizapp-salvage-") as scratch:
        copy = Path(scratch) / "damaged.sqlite3"
        shutil.copyfile(damaged, copy)
        wal = damaged.with_name(damaged.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        source, method = _recovered(copy, Path(scratch) / "recovered.sqlite3")
        try:
            return _copy_rows(source, target), method
        finally:
            source.close()


def _recovered(copy: Path, out: Path) -> tuple[sqlite3.Connection, str]:
    """The sqlite3 command's ``.recover`` of the copy, or the copy itself to read directly."""
    command = shutil.which("sqlite3")
    if command is not None:
        try:
            script = subprocess.run(
                [command, str(copy), ".recover"],
                capture_output=True,
                timeout=RECOVER_TIMEOUT_S,
                check=True,
            ).stdout.decode("utf-8", "surrogateescape")
            recovered = sqlite3.connect(out, isolation_level=None)
            recovered.executescript(script)
            return recovered, N_("sqlite3 .recover")
        except (OSError, subprocess.SubprocessError, sqlite3.Error, UnicodeError):
            out.unlink(missing_ok=True)
    return sqlite3.connect(copy, isolation_level=None), N_("a table-by-table copy")


def _copy_rows(source: sqlite3.Connection, target: sqlite3.Connection) -> dict[str, int]:
    saved = dict.fromkeys(SALVAGED, 0)
    sessions: set[int] = set()
    reviews: set[int] = set()
    target.execute("BEGIN IMMEDIATE")
    try:
        with totals_rebuilt_after(target):
            for table in SALVAGED:
                columns = _shared_columns(source, target, table)
                if not columns:
                    continue
                insert = (
                    f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})"
                )
                for values in _readable_rows(source, table, columns):
                    row: dict[str, Any] = dict(zip(columns, values, strict=True))
                    if not _acceptable(table, row, sessions, reviews):
                        continue
                    if target.execute(insert, list(row.values())).rowcount == 1:
                        saved[table] += 1
                        if table == "sessions":
                            sessions.add(int(row["id"]))
                        elif table == "reviews":
                            reviews.add(int(row["id"]))
        target.execute("COMMIT")
    except BaseException:
        if target.in_transaction:
            target.execute("ROLLBACK")
        raise
    return saved


def _acceptable(table: str, row: dict[str, Any], sessions: set[int], reviews: set[int]) -> bool:
    """Keep rows the app can use: valid settings JSON, real card states, and no reference to
    a row that was lost (an answer whose session is lost keeps the answer, not the link)."""
    if table == "settings":
        return _is_json(row.get("value"))
    if table == "cards":
        return row.get("state") in (1, 2, 3) and isinstance(row.get("due"), str)
    if table == "reviews":
        if row.get("session_id") not in sessions:
            row["session_id"] = None
        if row.get("prev_card") is not None and not _is_json(row["prev_card"]):
            return False
        return isinstance(row.get("id"), int) and isinstance(row.get("time"), str)
    if table == "review_topics":
        return row.get("review_id") in reviews
    return table == "sessions" and isinstance(row.get("id"), int)


def _is_json(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _shared_columns(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str
) -> list[str]:
    try:
        have = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
    except sqlite3.DatabaseError:
        return []
    wanted = {r[1] for r in target.execute(f"PRAGMA table_info({table})")}
    return [c for c in have if c in wanted]


def _readable_rows(
    source: sqlite3.Connection, table: str, columns: list[str]
) -> Iterator[tuple[Any, ...]]:
    """Rows in rowid order; past a page that cannot be read, on from further rowids."""
    select = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    after, jump = 0, 1  # rowids of these tables start at 1
    while after < 2**62:
        try:
            for rowid, *values in source.execute(select, (after,)):
                after, jump = rowid, 1
                yield tuple(values)
            return
        except sqlite3.DatabaseError:
            after += jump
            jump *= 4


def recent(connection: sqlite3.Connection, database: Path, now: datetime) -> Recovery | None:
    """The latest recovery of the last ``RECENT_DAYS`` days recorded in this database."""
    from datetime import timedelta

    row = connection.execute(
        "SELECT time, moved_to, reason, saved FROM recoveries WHERE time >= ? "
        "ORDER BY id DESC LIMIT 1",
        (to_db(now - timedelta(days=RECENT_DAYS)),),
    ).fetchone()
    if row is None:
        return None
    saved = json.loads(row[3])
    method = str(saved.pop("_method", ""))
    return Recovery(database, Path(row[1]), row[2], row[0], saved, method)


def record(connection: sqlite3.Connection, recovery: Recovery) -> None:
    connection.execute(
        "INSERT INTO recoveries (time, moved_to, reason, saved) VALUES (?, ?, ?, ?)",
        (
            recovery.when,
            str(recovery.moved_to),
            recovery.reason,
            json.dumps({**recovery.saved, "_method": recovery.method}),
        ),
    )
