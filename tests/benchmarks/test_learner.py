"""The simulated learner's progress is what the app would have written, and pins today's first
question; the data directories made from it are warm or cold as their labels say."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.learner import data_dir_from, due_today, first_question, kind_of, simulate
from quizapp.banks.files import bank_files
from quizapp.banks.frozen import QuestionRecord
from quizapp.core import catalog_cache
from quizapp.core.catalog import Catalog, bank_paths, load_catalog
from quizapp.paths import cache_dir, database_path, topics_file
from quizapp.store import FixedClock, Store

NOW = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(tmp_path_factory.mktemp("catalog"), cache=False)


def template_question(catalog: Catalog) -> QuestionRecord:
    return next(q for q in catalog.questions.values() if kind_of(q) == "template")


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database_path(data_dir))) as connection:
        return connection.execute(sql).fetchall()


@pytest.mark.parametrize("kind", ["choice", "template"])
def test_todays_first_question_is_the_pinned_one(
    tmp_path: Path, catalog: Catalog, kind: str
) -> None:
    pinned = next(q for q in catalog.questions.values() if kind_of(q) == kind)
    history = simulate(tmp_path, catalog.questions, days=30, first=pinned.id, now=NOW)
    assert first_question(tmp_path, catalog.questions, NOW) == pinned.id
    assert history.reviews == sum(history.per_day) > len(catalog.questions)
    with Store.open(tmp_path, FixedClock(NOW)) as store:
        queue = store.due_queue(list(catalog.questions), NOW)
        assert len(queue) > 1  # a real day's review, not a single planted card
        # the first session of the day: every question is known, none introduced today, so
        # the queue reads every card id for its new questions (and finds none)
        assert len(store.introduced_on(NOW)) == 0
        assert rows(tmp_path, "SELECT count(*) FROM cards")[0][0] == len(catalog.questions)


def test_reviews_carry_real_card_states_of_catalog_questions(
    tmp_path: Path, catalog: Catalog
) -> None:
    simulate(tmp_path, catalog.questions, days=30, first=template_question(catalog).id, now=NOW)
    reviews = rows(tmp_path, "SELECT question_id, prev_card, rating, time FROM reviews ORDER BY id")
    assert {qid for qid, *_ in reviews} == set(catalog.questions)
    seen: set[object] = set()
    for qid, prev_card, rating, when in reviews:
        # a question's first review has no previous card; every later one has the card
        # state FSRS gave it the time before
        assert (prev_card is None) == (qid not in seen)
        if prev_card is not None:
            state = json.loads(str(prev_card))
            assert state["state"] in (1, 2, 3) and state["due"]
        seen.add(qid)
        assert rating in (1, 2, 3, 4) and str(when) < NOW.isoformat()
    ratings = Counter(rating for _, _, rating, _ in reviews)
    assert ratings[3] > ratings[1] > 0  # mostly Good, some Again


def test_new_questions_arrive_twenty_a_day_in_bank_order(tmp_path: Path, catalog: Catalog) -> None:
    history = simulate(tmp_path, catalog.questions, days=3, now=NOW)
    assert history.per_day[0] == 20
    first_day = rows(tmp_path, "SELECT question_id FROM reviews ORDER BY id LIMIT 20")
    assert [qid for (qid,) in first_day] == list(catalog.questions)[:20]


def test_due_today_makes_exactly_that_review(tmp_path: Path, catalog: Catalog) -> None:
    ids = [
        next(q.id for q in catalog.questions.values() if q.kind == k) for k in ("short", "multi")
    ]
    due_today(tmp_path, catalog.questions, ids, NOW)
    with Store.open(tmp_path, FixedClock(NOW)) as store:
        assert store.due_queue(list(catalog.questions), NOW) == ids


def test_warm_copies_carry_the_cache_the_app_reads_and_cold_ones_none(
    tmp_path: Path, catalog: Catalog
) -> None:
    prepared = tmp_path / "prepared"
    simulate(prepared, catalog.questions, days=2, now=NOW - timedelta(days=1))
    load_catalog(prepared)  # writes the cache, as the app does
    warm = data_dir_from(prepared, tmp_path / "warm", warm=True)
    cold = data_dir_from(prepared, tmp_path / "cold", warm=False)
    for target in (warm, cold):
        assert rows(target, "SELECT count(*) FROM reviews") == rows(
            prepared, "SELECT count(*) FROM reviews"
        )
    key = catalog_cache.cache_key(bank_files(bank_paths(warm)), topics_file())
    assert catalog_cache.read(cache_dir(warm), key) is not None  # a warm start would hit it
    assert not cache_dir(cold).exists()


def test_cold_starts_read_the_shipped_catalog_and_the_banks_read_row_reads_the_banks(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each cold row's start loads, as its label says: the catalog shipped with quizapp
    (no bank parsed), or, with a bank of the learner's own, every bank."""
    from benchmarks.bench_tui import _with_own_bank
    from quizapp.banks import loader
    from quizapp.core.catalog import load_catalog_for_start

    prepared = tmp_path / "prepared"
    simulate(prepared, catalog.questions, days=2, now=NOW - timedelta(days=1))
    parsed: list[int] = []
    real_load_banks = loader.load_banks

    def counted(*args: Any, **kwargs: Any) -> Any:
        parsed.append(1)
        return real_load_banks(*args, **kwargs)

    monkeypatch.setattr(loader, "load_banks", counted)
    shipped, _ = load_catalog_for_start(data_dir_from(prepared, tmp_path / "cold", warm=False))
    assert parsed == [] and len(shipped.questions) == len(catalog.questions)
    read, _ = load_catalog_for_start(_with_own_bank(prepared, tmp_path / "own"))
    assert parsed == [1] and not read.errors
    assert set(read.questions) == set(catalog.questions) | {"own.flashcard"}
