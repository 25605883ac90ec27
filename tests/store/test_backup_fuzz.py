"""Hypothesis over the backup model: any valid backup round-trips exactly through a store, and
no file, however broken, gets past the reader and the model as anything but a StoreError."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.store import Store, StoreError
from quizapp.store.backup import export_progress, import_progress, read_backup
from quizapp.store.backup_model import TABLES, validate_backup
from quizapp.store.migrations import SCHEMA_VERSION

times = st.builds(
    lambda day, second, micro: (
        f"2026-03-{day:02d}T{second // 3600:02d}:"
        f"{second // 60 % 60:02d}:{second % 60:02d}.{micro:06d}Z"
    ),
    st.integers(1, 28),
    st.integers(0, 86_399),
    st.integers(0, 999_999),
)
ids = st.text("abcdefghij.-_", min_size=1, max_size=12)
texts = st.text(max_size=30)
finite = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def card(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "state": draw(st.integers(1, 3)),
        "step": draw(st.none() | st.integers(0, 5)),
        "stability": draw(st.none() | finite),
        "difficulty": draw(st.none() | st.floats(1, 10)),
        "due": draw(times),
        "last_review": draw(st.none() | times),
        "reps": draw(st.integers(0, 50)),
        "lapses": draw(st.integers(0, 20)),
    }


@st.composite
def backups(draw: st.DrawFn) -> dict[str, Any]:
    """A valid backup, in the file's own shape."""
    session_ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=5))
    sessions = [
        [s, draw(times), draw(st.none() | times), draw(st.sampled_from(["review", "cram", "mock"]))]
        for s in session_ids
    ]
    question_ids = draw(st.lists(ids, unique=True, max_size=6))
    cards = [[q, *draw(card()).values()] for q in question_ids]
    review_ids = draw(st.lists(st.integers(1, 10**9), unique=True, max_size=8))
    reviews = []
    for r in review_ids:
        prev = draw(st.none() | card())
        reviews.append(
            [
                r,
                draw(times),
                draw(ids),
                draw(texts),
                draw(texts),
                draw(st.none() | st.integers(-(2**40), 2**40)),
                draw(texts),
                draw(st.integers(0, 1)),
                draw(st.integers(1, 4)),
                draw(st.integers(0, 10**7)),
                draw(st.sampled_from(["review", "practice", "cram", "mock"])),
                draw(st.none() | st.sampled_from(session_ids)) if session_ids else None,
                json.dumps(prev) if prev is not None else None,
                draw(st.integers(0, 1)),
                draw(st.integers(0, 1)),
                draw(st.integers(0, 1)),
            ]
        )
    topics = []
    for r in review_ids:
        for topic in draw(st.lists(ids, unique=True, max_size=2)):
            topics.append([r, topic, draw(st.integers(0, 1)), draw(st.integers(0, 1))])
    attempts = [
        [
            a,
            draw(times),
            draw(ids),
            draw(ids),
            draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
            draw(st.sampled_from(["passed", "wrong-answer", "timeout", "error"])),
            draw(st.integers(0, 1)),
            draw(st.integers(0, 20)),
            draw(st.integers(0, 20)),
            draw(st.integers(0, 10**6)),
            draw(st.sampled_from(["app", "cli"])),
            draw(st.none() | st.sampled_from(session_ids)) if session_ids else None,
            draw(st.none() | st.sampled_from(review_ids)) if review_ids else None,
        ]
        for a in draw(st.lists(st.integers(1, 10**6), unique=True, max_size=4))
    ]
    settings_rows = []
    if draw(st.booleans()):
        settings_rows.append(["theme", json.dumps(draw(st.text(min_size=1, max_size=20)))])
    if draw(st.booleans()):
        settings_rows.append(["new_per_day", json.dumps(draw(st.integers(0, 500)))])
    if draw(st.booleans()):
        settings_rows.append(["desired_retention", json.dumps(draw(st.floats(0.7, 0.99)))])
    return {
        "format": "quizapp-progress",
        "schema_version": SCHEMA_VERSION,
        "settings": {"columns": ["key", "value"], "rows": settings_rows},
        "sessions": {"columns": ["id", "started", "ended", "mode"], "rows": sessions},
        "cards": {
            "columns": [
                "question_id",
                "state",
                "step",
                "stability",
                "difficulty",
                "due",
                "last_review",
                "reps",
                "lapses",
            ],
            "rows": cards,
        },
        "reviews": {
            "columns": [
                "id",
                "time",
                "question_id",
                "bank_id",
                "content_hash",
                "variant_seed",
                "answer",
                "correct",
                "rating",
                "duration_ms",
                "mode",
                "session_id",
                "prev_card",
                "first_of_day",
                "was_review",
                "claimed",
            ],
            "rows": reviews,
        },
        "review_topics": {
            "columns": ["review_id", "topic", "correct", "counts_for_retention"],
            "rows": topics,
        },
        "code_attempts": {
            "columns": [
                "id",
                "time",
                "question_id",
                "drill_id",
                "code_sha256",
                "verdict",
                "passed",
                "cases_passed",
                "cases_total",
                "duration_ms",
                "origin",
                "session_id",
                "review_id",
            ],
            "rows": attempts,
        },
    }


def _rows(data: dict[str, Any], table: str) -> list[tuple[Any, ...]]:
    block = data[table]
    return sorted(
        (tuple(dict(zip(block["columns"], row, strict=True)).items()) for row in block["rows"]),
        key=repr,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(backups())
def test_any_valid_backup_round_trips_exactly(data: dict[str, Any]) -> None:
    text = json.dumps(data)
    backup = validate_backup(json.loads(text), "fuzz")
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp)) as store:
        import_progress(store, backup)
        again = export_progress(store)
    for table in TABLES:
        if table == "settings":  # the store adds nothing, and keeps what the file set
            assert set(_rows(data, table)) <= set(_rows(again, table))
            continue
        assert _rows(again, table) == _rows(data, table), table


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@st.composite
def broken_backups(draw: st.DrawFn) -> object:
    """A valid backup with one thing anywhere replaced by any JSON value."""
    data = draw(backups())
    target: Any = data
    path = []
    while isinstance(target, dict | list) and target and draw(st.booleans()):
        key = draw(
            st.sampled_from(sorted(target) if isinstance(target, dict) else range(len(target)))
        )
        path.append((target, key))
        target = target[key]
    if path:
        parent, key = path[-1]
        parent[key] = draw(json_values)
        return data
    return draw(json_values)


@settings(max_examples=300, deadline=None)
@given(broken_backups())
def test_garbage_never_crashes_the_model(raw: object) -> None:
    try:
        validate_backup(raw, "fuzz")
    except StoreError as exc:
        assert "fuzz" in exc.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_garbage_bytes_never_crash_the_reader(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.json"
        path.write_bytes(raw)
        with contextlib.suppress(StoreError):  # a clear refusal is fine; anything else fails
            validate_backup(read_backup(path), str(path))
