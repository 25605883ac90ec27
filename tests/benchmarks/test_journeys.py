"""The journeys measure what their rows' labels say, through the real ``quizapp`` command.

- A start-up's clock stops only once the first question is on screen: its prompt, every
  option of a choice, and the numbers of the numeric variant the app really drew.
- A review answers the questions it says, one of each kind here, and the app logged them.
- The lab walk moves every knob and waits for each redrawn plot.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from benchmarks.bench_cli import listed_commands
from benchmarks.common import Row
from benchmarks.journeys import (
    COLS,
    QUIZAPP,
    ROWS,
    BareReview,
    QuizappReview,
    first_line,
    lab_walk,
    last_variant_seed,
    numbers_asked,
    plain,
    question_shown,
    quizapp_start,
    variant_line,
)
from benchmarks.learner import data_dir_from, due_today, kind_of, simulate
from benchmarks.pty_driver import replay, shows
from quizapp.banks.frozen import NumericRecord
from quizapp.cli import main
from quizapp.core.catalog import Catalog, load_catalog
from quizapp.paths import database_path
from quizapp.tools.lab_settings import KNOBS


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(tmp_path_factory.mktemp("catalog"), cache=False)


def prepared(tmp_path: Path, catalog: Catalog, first: str) -> Path:
    folder = tmp_path / "prepared"
    simulate(folder, catalog.questions, days=21, first=first, now=datetime.now(UTC))
    load_catalog(folder)
    return folder


def test_a_numeric_start_stops_the_clock_with_the_drawn_numbers_on_screen(
    tmp_path: Path, catalog: Catalog
) -> None:
    first = next(q for q in catalog.questions.values() if getattr(q, "template", "") == "lstm_step")
    assert isinstance(first, NumericRecord)
    data_dir = data_dir_from(prepared(tmp_path, catalog, first.id), tmp_path / "run", warm=True)
    result = quizapp_start(data_dir, catalog, first)
    seed = last_variant_seed(data_dir)
    assert seed is not None
    at_stop = replay(result.chunks, result.stopped_at, COLS, ROWS)
    assert at_stop == result.screen  # nothing changed between the stop and the answer
    assert question_shown(catalog, first, 1)(at_stop)
    assert shows(variant_line(first, seed))(at_stop)  # the numbers the learner must read
    assert result.home_s > 0 and result.question_s > 0 and result.rss_kib > 30_000


def test_a_choice_start_waits_for_every_option(tmp_path: Path, catalog: Catalog) -> None:
    first = next(q for q in catalog.questions.values() if q.kind == "choice")
    data_dir = data_dir_from(prepared(tmp_path, catalog, first.id), tmp_path / "run", warm=False)
    result = quizapp_start(data_dir, catalog, first)
    options = [first_line(option.text, 30) for option in first.options]
    assert len(options) >= 3 and shows(*options)(result.screen)
    before = replay(result.chunks, result.stopped_at - 1e-9, COLS, ROWS)
    assert before != result.screen  # the stop is the frame that completed the question


def test_a_start_in_chinese_stops_on_the_chinese_question(tmp_path: Path, catalog: Catalog) -> None:
    """The Chinese start-up row's clock waits for the Chinese heading, prompt and options
    (``--lang zh``), not for English text that would never come."""
    first = next(q for q in catalog.questions.values() if q.kind == "choice")
    chinese = catalog.in_language("zh")
    shown = chinese.questions[first.id]
    assert shown.prompt != first.prompt  # the question is translated
    data_dir = data_dir_from(prepared(tmp_path, catalog, first.id), tmp_path / "run", warm=True)
    result = quizapp_start(data_dir, chinese, shown)
    assert shows("第 1 题，共", first_line(plain(chinese, shown.prompt)))(result.screen)
    assert not question_shown(catalog, first, 1)(result.screen)  # no English question


def test_a_review_answers_one_question_of_every_kind_and_the_app_logs_them(
    tmp_path: Path, catalog: Catalog
) -> None:
    kinds = ["choice", "multi", "short", "flashcard", "numeric", "template", "spot_the_mistake"]
    ids = [next(q.id for q in catalog.questions.values() if kind_of(q) == k) for k in kinds]
    data_dir = tmp_path / "data"
    due_today(data_dir, catalog.questions, ids, datetime.now(UTC))
    with closing(sqlite3.connect(database_path(data_dir))) as connection:
        (logged_before,) = connection.execute("SELECT max(id) FROM reviews").fetchone()
    review = QuizappReview(data_dir, catalog, ids, rss_at=(3,))
    try:
        review.step(len(ids))
    finally:
        review.close()
    answers = review.review.answers
    assert [a.question_id for a in answers] == ids
    assert Counter(a.kind for a in answers) == Counter(kinds)
    assert all(a.feedback_s > 0 for a in answers) and all(a.next_s > 0 for a in answers[:-1])
    assert review.review.rss_after[3] > 30_000
    with closing(sqlite3.connect(database_path(data_dir))) as connection:
        logged = connection.execute(
            "SELECT question_id FROM reviews WHERE id > ? ORDER BY id", (logged_before,)
        ).fetchall()
    assert [qid for (qid,) in logged] == ids  # each answer really reached the store


def test_the_bare_review_pushes_and_pops_its_screens() -> None:
    bare = BareReview(rss_at=(2,))
    try:
        bare.step(3)
    finally:
        bare.close()
    assert [a.question_id for a in bare.review.answers] == ["bare-1", "bare-2", "bare-3"]
    assert bare.review.rss_after[2] > 20_000


def test_the_lab_walk_steps_every_knob_and_times_each_redraw(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    catalog = load_catalog(data_dir)
    steps = lab_walk(data_dir, catalog)
    assert {step.knob for step in steps} == {knob.name for knob in KNOBS}
    assert [s.value for s in steps if s.knob == "radius"] == ["1.05", "1"]
    assert all(step.redrawn_s > 0 for step in steps)


def test_numbers_asked_reads_the_answer_line() -> None:
    assert numbers_asked(["", " Answer: a vector of 3 numbers, to 3 decimals "]) == 3
    assert numbers_asked(["Answer: two numbers A, B, to 3 decimals"]) == 2
    assert numbers_asked(["Answer: 4 numbers, row by row, to 3 decimals"]) == 4
    assert numbers_asked(["each of the 3 numbers in the prompt", "Answer: a whole number"]) == 1


def test_first_line_cuts_at_a_word() -> None:
    assert first_line("\n  How   does attention remove the context-vector bottleneck?") == (
        "How does attention remove the"
    )
    assert first_line("short") == "short"


def test_the_help_listing_parser_reads_click_help() -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["--help"]).output
    assert listed_commands(text) == sorted(main.list_commands(click.Context(main)))
    assert QUIZAPP.is_file()


def test_a_row_passes_on_its_target_or_its_ratio_alternative() -> None:
    def row(value: float, subject: float, baseline: float) -> Row:
        return Row("r", subject, baseline, "", target=35, value=value, unit="ms", or_ratio=1.6)

    assert row(30, 0.030, 0.010).meets_target  # under 35 ms
    assert row(50, 0.050, 0.040).meets_target  # over, but 1.25x the baseline
    assert not row(50, 0.050, 0.020).meets_target
