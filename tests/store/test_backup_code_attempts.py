"""A backup holds the code drills' checks too: exported, validated, restored with their links.

Before schema 5 no checks were kept, so an older backup without the table imports as before.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from quizapp.store import FixedClock, Store, StoreError, backup_model
from quizapp.store import backup as backup_module
from quizapp.store.backup import export_progress, import_progress
from quizapp.store.backup_model import validate_backup
from quizapp.store.code_attempts import CodeAttempt
from tests.store.helpers import START, record


def _store_with_checks(data: Path) -> list[CodeAttempt]:
    """Two failed checks and a passing one, the last linked to the answer it scheduled."""
    clock = FixedClock(START)
    with Store.open(data, clock) as store:
        session = store.start_session("review")
        attempts = [
            CodeAttempt(
                clock.now(),
                "code_drills.sigmoid",
                "sigmoid",
                hashlib.sha256(f"code {k}".encode()).hexdigest(),
                "passed" if k == 2 else "wrong-answer",
                k == 2,
                5 if k == 2 else 3,
                5,
                40 + k,
                "app" if k else "cli",
                session,
            )
            for k in range(3)
        ]
        ids = [store.record_code_attempt(attempt) for attempt in attempts]
        review = record(store, "code_drills.sigmoid", 3, session_id=session)
        store.link_code_attempts(ids[-1:], review)
        store.end_session(session)
        return store.code_attempts()


def test_checks_survive_export_and_import(tmp_path: Path) -> None:
    kept = _store_with_checks(tmp_path / "source")
    with Store.open(tmp_path / "source") as store:
        data = export_progress(store)
    assert len(data["code_attempts"]["rows"]) == 3
    backup = validate_backup(json.loads(backup_module.backup_text(data)), "backup.json")
    with Store.open(tmp_path / "restored") as store:
        import_progress(store, backup)
        restored = store.code_attempts()
        linked = store.connection.execute(
            "SELECT count(*) FROM code_attempts AS a JOIN reviews AS r ON r.id = a.review_id"
        ).fetchone()[0]
    assert restored == kept
    assert linked == 1


def test_an_older_backup_without_checks_still_imports(tmp_path: Path) -> None:
    _store_with_checks(tmp_path / "source")
    with Store.open(tmp_path / "source") as store:
        data = export_progress(store)
    del data["code_attempts"]
    data["schema_version"] = 4
    backup = validate_backup(data, "old.json")
    with Store.open(tmp_path / "restored") as store:
        assert import_progress(store, backup).reviews == 1
        assert store.code_attempts() == []


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("code_sha256", "not-a-digest", "code_attempts row 1, code_sha256"),
        ("origin", "web", "code_attempts row 1, origin"),
        ("review_id", 999, "review_id 999 is not among the backup's reviews"),
        ("session_id", 999, "session_id 999 is not among the backup's sessions"),
        ("passed", 2, "code_attempts row 1, passed"),
    ],
)
def test_a_bad_check_is_refused_with_its_row(
    tmp_path: Path, column: str, value: Any, message: str
) -> None:
    _store_with_checks(tmp_path / "source")
    with Store.open(tmp_path / "source") as store:
        data = export_progress(store)
    block = data["code_attempts"]
    block["rows"][0][block["columns"].index(column)] = value
    with pytest.raises(StoreError) as refused:
        validate_backup(data, "bad.json")
    assert message in str(refused.value)


def test_export_and_validation_name_the_same_tables() -> None:
    assert backup_module.TABLES == backup_model.TABLES
