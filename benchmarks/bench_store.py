"""Store rows: the first session of a day on a simulated learner's progress, 1M and 5M reviews.

The data (``benchmarks/store_data.py``) is 100,000 answered questions (the built-in catalog's
ids, then user banks) and 100 never answered, with reviews that carry real FSRS card states,
generated once per generator and schema version and cached (``QUIZAPP_BENCH_CACHE``, default
the user cache dir). ``now`` is the morning after the last answer: nothing is introduced yet,
so the due queue must find the day's new questions among every card id (or, as a start
usually does, in the summary of them the last start left in the database).

Rows, each the median over interleaved rounds (min-max and the load average in the JSON):
- due queue, warm (the review session after Home) and the first of a start (what it adds to
  opening the store and loading the catalog, with the store's read-ahead), with the summary
  the last start left and, without a target, with none (every card id read);
- Home counts, as Home's worker takes them per visit (a reader, per-bank counts and the due
  queue's length), warm and the first of a start;
- the statistics summary, as ``quizapp stats`` takes it;
- what a crash marker adds to opening the store (the full check is not on that path).
Targets are the issue's absolute ones (due queue and Home < 30 ms at 1M and < 50 ms at 5M,
stats < 150 ms). Beside them, the ratio to one pass over every card id inside SQLite
(``BASELINE``), timed in the same rounds: on a loaded machine it moves less than milliseconds.
``QUIZAPP_BENCH_STORE_SIZES=1M`` runs one size only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import platformdirs

from benchmarks.common import Row, Spread, median_of_interleaved
from benchmarks.store_data import Generated, Plan, cached
from quizapp.core.catalog import load_catalog
from quizapp.paths import database_path
from quizapp.store import FixedClock, Store
from quizapp.store.stats import summary

PLANS = {
    "1M": Plan(reviews=1_000_000, cards=100_000, new_per_day=400),
    "5M": Plan(reviews=5_000_000, cards=100_000, new_per_day=400),
}
TARGET_MS = {"1M": 30.0, "5M": 50.0}
STATS_TARGET_MS = 150.0
REOPEN_TARGET_MS = 100.0  # what reopening after an unclean exit may add before the first screen
ROUNDS = 9
BASELINE = "SELECT sum(length(question_id)) FROM cards"


def cache_root() -> Path:
    configured = os.environ.get("QUIZAPP_BENCH_CACHE")
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("quizapp-bench"))


def builtin_topics() -> dict[str, list[str]]:
    """The loaded built-in catalog's question ids (and their topics), in bank order."""
    from quizapp.core.catalog import load_catalog

    with tempfile.TemporaryDirectory() as tmp:
        return load_catalog(Path(tmp), [], cache=False).topics_of()


def _row(name: str, rounds: Spread, target: float | None, load_before: float) -> Row:
    extra = rounds.summary()
    extra["load_1min_before"] = load_before
    extra["load_1min_after"] = os.getloadavg()[0]
    return Row(
        name,
        extra["median_ms"] / 1e3,
        extra["baseline_median_ms"] / 1e3,
        BASELINE,
        target=target,
        value=extra["median_ms"],
        unit="ms",
        notes=(
            f"median of {len(rounds.subject)} rounds, "
            f"{extra['min_ms']:.1f}-{extra['max_ms']:.1f} ms; load {load_before:.2f}"
        ),
        extra=extra,
    )


def _warm(name: str, call: Callable[[], object], store: Store, target: float) -> Row:
    load = os.getloadavg()[0]
    return _row(name, median_of_interleaved(call, lambda: _count(store), ROUNDS), target, load)


def _first_visit(
    name: str,
    data: Generated,
    call: Callable[[Store], object],
    target: float | None,
    *,
    summary: bool = True,
) -> Row:
    """What the first call of a start adds to it, as ``open_context`` starts: the store opened
    (its read-ahead started, ``Store.warm_up``), the built-in catalog loaded from its cache,
    then the call; against the same start without the call (and without the read-ahead, which
    only serves it). With ``summary``, the store as the last start left it: with its summary
    of the catalog's unseen ids (``quizapp.store.summaries``), the everyday case; without, the
    summaries removed before every round (both sides), so the call works the unseen ids out
    from every card id (a start after the catalog changed, or after a card was deleted). The
    screen's own start-up, which overlaps the read-ahead too in the app, is left out: this is
    the conservative side."""
    load = os.getloadavg()[0]
    clock = FixedClock(data.now)
    load_catalog(data.data_dir)  # the catalog's cache written, as after any earlier start
    with_call: list[float] = []
    without: list[float] = []
    for _ in range(ROUNDS):
        for calls, times in ((True, with_call), (False, without)):
            if not summary:
                _forget_summaries(data.data_dir)
            start = time.perf_counter()
            with Store.open(data.data_dir, clock) as store:
                if calls:
                    store.warm_up()
                load_catalog(data.data_dir)
                if calls:
                    call(store)
                times.append(time.perf_counter() - start)
    row = _row(name, Spread(with_call, without), target, load)
    row.baseline = "the same start without the call"
    row.value = row.extra["median_ms"] - row.extra["baseline_median_ms"]
    row.notes = (
        f"added {row.value:.1f} ms (median of {ROUNDS}; start without it "
        f"{row.extra['baseline_median_ms']:.0f} ms); load {load:.2f}"
    )
    return row


def _forget_summaries(data_dir: Path) -> None:
    with contextlib.closing(sqlite3.connect(database_path(data_dir))) as connection:
        connection.execute("DELETE FROM catalog_summaries")
        connection.commit()


def _count(store: Store) -> None:
    """The baseline: one pass over every card id inside SQLite (no rows to Python)."""
    store.connection.execute(BASELINE).fetchone()


def rows_for(size: str, data: Generated) -> list[Row]:
    label = f"({data.cards // 1000}k cards, {size} reviews, first session of the day)"
    target = TARGET_MS[size]
    ids = data.question_ids

    def due(store: Store) -> None:
        store.due_queue(ids, data.now)

    def home(store: Store) -> None:
        with store.reader() as reader:  # as Home's worker, once per visit
            reader.status_counts(data.groups, data.now)
            len(reader.due_queue(ids, data.now))

    out: list[Row] = []
    with Store.open(data.data_dir, FixedClock(data.now)) as store:
        out.append(_warm(f"store: due queue, warm {label}", lambda: due(store), store, target))
        out.append(_warm(f"store: Home counts, warm {label}", lambda: home(store), store, target))
        out.append(
            _warm(
                f"store: stats summary {label}",
                lambda: summary(store, data.topics, data.now),
                store,
                STATS_TARGET_MS,
            )
        )
    out.append(_first_visit(f"store: due queue, first of a start {label}", data, due, target))
    out.append(_first_visit(f"store: Home counts, first of a start {label}", data, home, target))
    # no target: the rarer start that finds no summary it can use (a new catalog, a deletion)
    first = f"first of a start with no summary {label}"
    out.append(_first_visit(f"store: due queue, {first}", data, due, None, summary=False))
    out.append(_first_visit(f"store: Home counts, {first}", data, home, None, summary=False))
    out.append(_reopen(f"store: open after an unclean exit, added ({size} reviews)", data))
    return out


def _reopen(name: str, data: Generated) -> Row:
    """What a crash marker adds to opening the store (the full check runs later, in the
    background): the open with a dead process's marker beside the file, minus a clean open."""
    load = os.getloadavg()[0]
    marker = data.data_dir / "progress.sqlite3.in-use-0-benchmark"
    clock = FixedClock(data.now)
    unclean: list[float] = []
    clean: list[float] = []
    for _ in range(ROUNDS):
        for stale, times in ((True, unclean), (False, clean)):
            if stale:
                marker.touch()
            start = time.perf_counter()
            with Store.open(data.data_dir, clock) as store:
                assert store.needs_check is stale
            times.append(time.perf_counter() - start)
            marker.unlink(missing_ok=True)
    row = _row(name, Spread(unclean, clean), REOPEN_TARGET_MS, load)
    row.baseline = "a clean open"
    row.value = row.extra["median_ms"] - row.extra["baseline_median_ms"]
    row.notes = f"added {row.value:.1f} ms (median of {ROUNDS}); load {load:.2f}"
    return row


def rows() -> list[Row]:
    sizes = os.environ.get("QUIZAPP_BENCH_STORE_SIZES", ",".join(PLANS)).split(",")
    builtin = builtin_topics()
    out: list[Row] = []
    for size in sizes:
        data, made = cached(cache_root(), PLANS[size.strip()], builtin)
        if made:
            print(f"(generated the {size} store data in {data.data_dir})", file=sys.stderr)
        out.extend(rows_for(size.strip(), data))
    return out


if __name__ == "__main__":
    began = time.perf_counter()
    print(Row.table(rows()))
    print(f"{time.perf_counter() - began:.1f}s")
