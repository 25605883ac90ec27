"""A JSON backup of all progress that round-trips exactly: cards, reviews, sessions, settings.

- Export reads every table inside one read transaction: a snapshot, consistent even while
  another instance is answering (reading table by table once gave answers pointing at
  sessions the file did not hold). The file is written beside its final name, synced, then
  renamed over it: an existing backup is replaced whole or not at all, never truncated.
- Import validates the whole file first (``backup_model``), takes a safety copy of the
  database with SQLite's backup API before ``replace``, and loads in one transaction: a
  failure leaves everything as it was, settings included. A merge (no ``replace``, into a
  store without answers) only adds and updates what the file names.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.i18n import N_, _
from quizapp.store.aggregates import totals_rebuilt_after
from quizapp.store.clock import to_db
from quizapp.store.errors import IMPORT_KEPT, IMPORT_TODO, Fault, StoreError, describe
from quizapp.store.migrations import SCHEMA_VERSION
from quizapp.store.store import Store

if TYPE_CHECKING:
    from quizapp.store.backup_model import Backup

TABLES = ("settings", "sessions", "cards", "reviews", "review_topics", "code_attempts")
FORMAT = "quizapp-progress"
BACKUP_KEPT = N_("the existing file was not touched")


@dataclass(frozen=True)
class ImportOutcome:
    reviews: int
    safety_copy: Path | None  # the database as it was before a --replace


def export_progress(store: Store) -> dict[str, Any]:
    """Every table, read in one snapshot."""
    data: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
    connection = store.connection
    try:
        with store.snapshot():
            for table in TABLES:
                cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
                columns = [d[0] for d in cursor.description]
                data[table] = {"columns": columns, "rows": [list(r) for r in cursor.fetchall()]}
    except (sqlite3.Error, OSError) as exc:
        doing = _("reading progress for the backup")
        raise describe(exc, store.path, doing, _(BACKUP_KEPT)) from exc
    return data


def backup_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False) + "\n"


def review_count(data: dict[str, Any]) -> int:
    return len(data["reviews"]["rows"])


def existing_review_count(path: Path) -> int | None:
    """How many answers the backup already at ``path`` holds (None: not a backup we can read)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        data = json.loads(path.read_bytes())
        return len(data["reviews"]["rows"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def write_atomically(path: Path, text: str) -> None:
    """``path`` holds ``text`` whole, or (on any failure) exactly what it held before."""
    directory = path.parent
    if not directory.is_dir():
        raise StoreError(
            _("cannot write {path}: the folder {directory} does not exist").format(
                path=path, directory=directory
            ),
            kept=_("nothing was written"),
            todo=_("create the folder first, or give another path"),
            fault=Fault.IO,
            path=path,
        )
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600  # progress is private
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise describe(exc, path, _("writing {path}").format(path=path), _(BACKUP_KEPT)) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise describe(
                exc, path, _("writing {path}").format(path=path), _(BACKUP_KEPT)
            ) from exc
        raise
    _sync_directory(directory)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def read_backup(path: Path) -> object:
    """The file's JSON, or a StoreError saying why it cannot be read (nothing is trusted)."""

    def bad(reason: str, where: str = "") -> StoreError:
        return StoreError(
            f"{path}{where}: {reason}",
            kept=_(IMPORT_KEPT),
            todo=_(IMPORT_TODO),
            fault=Fault.BAD_BACKUP,
        )

    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise bad(_("not a regular file (a folder, FIFO or device)"))
        raw = path.read_bytes()
    except OSError as exc:
        raise bad(_("cannot be read ({reason})").format(reason=exc.strerror)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad(
            _("byte {offset} is not UTF-8 text: not a backup export-progress wrote").format(
                offset=exc.start
            )
        ) from None

    def no_constant(name: str) -> object:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        where = f":{exc.lineno}:{exc.colno}"
        raise bad(_("not valid JSON: {reason}").format(reason=exc.msg), where) from None
    except ValueError as exc:
        raise bad(_("not valid JSON: {reason}").format(reason=exc)) from None
    except RecursionError:
        raise bad(_("nested too deeply to be a progress backup")) from None


def load_backup(path: Path) -> Backup:
    """Read and validate a backup file whole, before any database is opened."""
    from quizapp.store.backup_model import validate_backup  # pydantic: only when importing

    return validate_backup(read_backup(path), str(path))


def import_progress(store: Store, backup: Backup, *, replace: bool = False) -> ImportOutcome:
    """Load a validated backup; refuses to mix with existing answers unless ``replace``."""
    if store.total_reviews() and not replace:
        raise StoreError(
            _("{directory} already has progress ({count} answers)").format(
                directory=store.path.parent, count=store.total_reviews()
            ),
            kept=_(IMPORT_KEPT),
            todo=_(
                "pass --replace to overwrite it (a safety copy of it is kept), or import into "
                "another --data-dir"
            ),
            fault=Fault.BAD_BACKUP,
        )
    safety = safety_copy(store) if replace else None
    connection = store.connection
    try:
        with store.transaction(), totals_rebuilt_after(connection):
            if replace:
                for table in reversed(TABLES):
                    connection.execute(f"DELETE FROM {table}")
            _load(connection, backup.tables)
    except (sqlite3.Error, OSError) as exc:
        raise describe(exc, store.path, _("importing the backup"), _(IMPORT_KEPT)) from exc
    finally:
        store.reload()
    return ImportOutcome(backup.review_count, safety)


def _load(connection: sqlite3.Connection, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the file's rows; sessions whose ids are taken get new ones (answers follow)."""
    for row in tables["settings"]:
        connection.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (row["key"], row["value"]),
        )
    taken = {sid for (sid,) in connection.execute("SELECT id FROM sessions")}
    next_id = max(taken | {row["id"] for row in tables["sessions"]} | {0}) + 1
    renumbered: dict[int, int] = {}
    for row in tables["sessions"]:
        if row["id"] in taken:
            renumbered[row["id"]] = next_id
            next_id += 1
        _insert(connection, "sessions", {**row, "id": renumbered.get(row["id"], row["id"])})
    for row in tables["cards"]:
        _insert(connection, "cards", row, verb="INSERT OR REPLACE")
    for row in tables["reviews"]:
        session = row["session_id"]
        _insert(connection, "reviews", {**row, "session_id": renumbered.get(session, session)})
    for row in tables["review_topics"]:
        _insert(connection, "review_topics", row)
    taken_attempts = {aid for (aid,) in connection.execute("SELECT id FROM code_attempts")}
    for row in tables["code_attempts"]:
        session = row["session_id"]
        attempt = {**row, "session_id": renumbered.get(session, session)}
        if row["id"] in taken_attempts:  # a merge beside checks of this store: a new id
            del attempt["id"]
        _insert(connection, "code_attempts", attempt)


def _insert(
    connection: sqlite3.Connection, table: str, row: dict[str, Any], verb: str = "INSERT"
) -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    connection.execute(f"{verb} INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def safety_copy(store: Store) -> Path:
    """The whole database, copied with SQLite's online backup API beside the original."""
    stamp = to_db(store.clock.now())[:19].replace("-", "").replace(":", "")
    target = store.path.with_name(f"{store.path.name}.before-import-{stamp}")
    counter = 1
    while target.exists():
        target = store.path.with_name(f"{store.path.name}.before-import-{stamp}-{counter}")
        counter += 1
    try:
        copy = sqlite3.connect(target)
        try:
            store.connection.backup(copy)
        finally:
            copy.close()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise describe(
            exc, store.path, _("copying the database before the import"), _(IMPORT_KEPT)
        ) from exc
    return target
