"""Code drill attempts: every check of a learner's code, kept beside the review log.

A mixin of ``Store``. An attempt is one run of the checker (the code's hash, never the code;
the verdict's kind; cases passed; how long the check took); the review that schedules the
question is written once per asking, by the recorder, and the asking's attempts are linked
to it so statistics can say "passed on the third check".
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal

import msgspec

from quizapp.i18n import N_
from quizapp.store.clock import from_db, require_utc, to_db
from quizapp.store.writing import Transaction, guarded

Origin = Literal["app", "cli"]
ATTEMPT_KEPT = N_("this check was not saved; every earlier attempt and answer is kept")


class CodeAttempt(msgspec.Struct, frozen=True):
    """One check of a learner's code against a drill."""

    time: datetime
    question_id: str
    drill_id: str
    code_sha256: str
    verdict: str  # the Verdict's kind: passed, wrong-answer, timeout, ...
    passed: bool
    cases_passed: int
    cases_total: int
    duration_ms: int  # how long the check ran
    origin: Origin = "app"
    session_id: int | None = None
    review_id: int | None = None


class CodeAttemptLog:
    """Needs the store's connection, lock and path."""

    connection: sqlite3.Connection
    path: Path
    damage_seen: bool
    _lock: threading.RLock

    @guarded(N_("saving the code check"), ATTEMPT_KEPT)
    def record_code_attempt(self, attempt: CodeAttempt) -> int:
        """Write one attempt (committed before it returns); return its id."""
        if len(attempt.code_sha256) != 64:
            raise ValueError("code_sha256 must be a SHA-256 hex digest")
        with Transaction(self.connection, self._lock):
            cursor = self.connection.execute(
                "INSERT INTO code_attempts (time, question_id, drill_id, code_sha256, verdict, "
                "passed, cases_passed, cases_total, duration_ms, origin, session_id, review_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    to_db(require_utc(attempt.time)),
                    attempt.question_id,
                    attempt.drill_id,
                    attempt.code_sha256,
                    attempt.verdict,
                    int(attempt.passed),
                    attempt.cases_passed,
                    attempt.cases_total,
                    max(0, int(attempt.duration_ms)),
                    attempt.origin,
                    attempt.session_id,
                    attempt.review_id,
                ),
            )
        return int(cursor.lastrowid or 0)

    @guarded(
        N_("linking the code checks to their answer"), N_("the answer and the checks are kept")
    )
    def link_code_attempts(self, attempt_ids: Sequence[int], review_id: int) -> None:
        """Say which review (the asking's rated answer) these attempts led to."""
        with Transaction(self.connection, self._lock):
            self.connection.executemany(
                "UPDATE code_attempts SET review_id = ? WHERE id = ?",
                [(review_id, attempt_id) for attempt_id in attempt_ids],
            )

    @guarded(N_("reading the code checks"), N_("nothing was changed"))
    def open_code_attempts(self, question_id: str) -> list[tuple[int, bool, datetime]]:
        """(id, passed, time) of the attempts at ``question_id`` since its last answered
        asking: those no review is linked to yet, in order."""
        rows = self.connection.execute(
            "SELECT id, passed, time FROM code_attempts WHERE question_id = ? "
            "AND review_id IS NULL AND id > coalesce((SELECT max(id) FROM code_attempts "
            "WHERE question_id = ? AND review_id IS NOT NULL), 0) ORDER BY id",
            (question_id, question_id),
        ).fetchall()
        return [(int(row[0]), bool(row[1]), from_db(row[2])) for row in rows]

    @guarded(N_("reading the code checks"), N_("nothing was changed"))
    def code_attempts(self, question_id: str | None = None) -> list[CodeAttempt]:
        """Attempts in the order they were made, of one question or of all."""
        query = (
            "SELECT time, question_id, drill_id, code_sha256, verdict, passed, cases_passed, "
            "cases_total, duration_ms, origin, session_id, review_id FROM code_attempts"
        )
        args: tuple[str, ...] = ()
        if question_id is not None:
            query += " WHERE question_id = ?"
            args = (question_id,)
        rows = self.connection.execute(query + " ORDER BY id", args).fetchall()
        return [
            CodeAttempt(
                time=from_db(row[0]),
                question_id=row[1],
                drill_id=row[2],
                code_sha256=row[3],
                verdict=row[4],
                passed=bool(row[5]),
                cases_passed=row[6],
                cases_total=row[7],
                duration_ms=row[8],
                origin=row[9],
                session_id=row[10],
                review_id=row[11],
            )
            for row in rows
        ]
