"""A JSON backup of all progress that round-trips exactly: cards, reviews, sessions, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizapp.store.database import StoreError
from quizapp.store.migrations import SCHEMA_VERSION
from quizapp.store.store import Store

TABLES = ("settings", "sessions", "cards", "reviews", "review_topics")
FORMAT = "quizapp-progress"


def export_progress(store: Store) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
    for table in TABLES:
        cursor = store.connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
        columns = [d[0] for d in cursor.description]
        data[table] = {"columns": columns, "rows": [list(r) for r in cursor.fetchall()]}
    return data


def write_backup(store: Store, path: Path) -> int:
    data = export_progress(store)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from exc
    return len(data["reviews"]["rows"])


def import_progress(store: Store, data: dict[str, Any], *, replace: bool = False) -> int:
    """Load a backup into the store; refuses to mix with existing progress unless ``replace``."""
    if data.get("format") != FORMAT:
        raise StoreError("not a quizapp progress backup (no 'format: quizapp-progress')")
    if int(data.get("schema_version", 0)) > SCHEMA_VERSION:
        raise StoreError("this backup was written by a newer quizapp; upgrade to import it")
    if store.total_reviews() and not replace:
        raise StoreError(
            "this data directory already has progress; pass --replace to overwrite it "
            "(export it first if you want to keep it)"
        )
    connection = store.connection
    connection.execute("BEGIN IMMEDIATE")
    try:
        for table in reversed(TABLES):
            connection.execute(f"DELETE FROM {table}")
        for table in ("review_days", "question_totals", "topic_totals"):
            connection.execute(f"DELETE FROM {table}")
        for table in TABLES:
            block = data.get(table, {"columns": [], "rows": []})
            columns = block["columns"]
            if not columns:
                continue
            placeholders = ", ".join("?" for _ in columns)
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
                block["rows"],
            )
        connection.execute("COMMIT")
    except Exception as exc:
        connection.execute("ROLLBACK")
        raise StoreError(f"the backup could not be imported: {exc}") from exc
    store.reload()
    return len(data.get("reviews", {}).get("rows", []))


def read_backup(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from exc
