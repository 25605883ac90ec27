"""Code questions without a terminal: the learner's file, checks as attempts, one rated review
per asking, undo, and ``quizapp drill check`` recording for a loaded bank question."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.banks.frozen import CodeRecord
from quizapp.cli import main
from quizapp.core.code_drill import (
    drill_of,
    read_solution,
    run_check,
    solution_path,
    write_solution,
)
from quizapp.core.context import QuizContext
from quizapp.core.session import ReviewSession
from quizapp.drills import get_drill
from quizapp.store import FixedClock, Store
from quizapp.store.migrations import SCHEMA_VERSION, migrate
from tests.helpers import CODE_BANK, CORE_BANK, make_context

NAIVE = "import numpy as np\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n"


@pytest.fixture
def code_context(tmp_path: Path) -> QuizContext:
    ctx = make_context(tmp_path, CODE_BANK)
    assert ctx.catalog.errors == []
    return ctx


def _session(context: QuizContext, question_id: str = "code.sigmoid") -> ReviewSession:
    session = ReviewSession(
        context.catalog.questions,
        context.store,
        context.clock,
        random.Random(1),
        queue=[question_id],
    )
    assert session.next_question() is not None
    return session


def _check(session: ReviewSession, source: str) -> bool:
    assert session.code is not None
    verdict = run_check(drill_of(session.code.question), source, "solution.py")
    return session.record_check(verdict).verdict.passed


def test_the_loader_names_the_variant_and_the_session_asks_it(code_context: QuizContext) -> None:
    question = code_context.catalog.questions["code.gru"]
    assert isinstance(question, CodeRecord) and question.drill_id == "gru-step.keep.after"
    session = _session(code_context, "code.gru")
    assert session.code is not None and session.code.question is question
    problem = session.submit("anything")
    assert getattr(problem, "message", "").startswith("Write the function, then check it")


def test_fail_then_pass_is_one_hard_review_with_both_attempts(code_context: QuizContext) -> None:
    session = _session(code_context)
    drill = get_drill("sigmoid")
    with pytest.raises(ValueError, match="no check has passed"):
        session.finish_code()
    assert not _check(session, NAIVE)
    assert code_context.store.total_reviews() == 0  # a failed check is not an answer
    assert _check(session, drill.reference)
    feedback = session.finish_code(width=80)
    assert feedback.correct and feedback.rating == 2  # a failed check before the pass: Hard
    assert feedback.code is not None and feedback.code.reference == drill.reference
    assert feedback.answer_given.endswith("passed on check 2 of 2")
    attempts = code_context.store.code_attempts("code.sigmoid")
    assert [a.verdict for a in attempts] == ["exception", "passed"]
    assert {a.review_id for a in attempts} == {feedback.review_id}
    assert all(len(a.code_sha256) == 64 and a.cases_total == 6 for a in attempts)
    card = code_context.store.card("code.sigmoid")
    assert card is not None and card.reps == 1


@pytest.mark.parametrize(
    ("hint", "fail_first", "gave_up", "rating"),
    [(False, False, False, 3), (True, False, False, 2), (False, True, True, 1)],
    ids=["first-check-good", "hint-hard", "given-up-again"],
)
def test_ratings(
    code_context: QuizContext, hint: bool, fail_first: bool, gave_up: bool, rating: int
) -> None:
    session = _session(code_context)
    if hint:
        assert session.hint() is not None
    if fail_first:
        _check(session, NAIVE)
    if not gave_up:
        _check(session, get_drill("sigmoid").reference)
    feedback = session.finish_code(gave_up=gave_up)
    assert feedback.rating == rating and feedback.correct is (not gave_up)
    if gave_up:
        assert feedback.code is not None and "FAIL  sigmoid:" in feedback.code.verdict_report


def test_undo_takes_the_review_back_and_keeps_the_attempts(code_context: QuizContext) -> None:
    session = _session(code_context)
    _check(session, get_drill("sigmoid").reference)
    session.finish_code()
    again = session.undo()
    assert again is not None and session.code is not None and not session.code.checks
    assert code_context.store.total_reviews() == 0
    [attempt] = code_context.store.code_attempts()
    assert attempt.passed and attempt.review_id is None  # unlinked, not lost


def test_the_file_is_kept_per_drill_and_an_unreadable_one_moved_aside(tmp_path: Path) -> None:
    drill = get_drill("sigmoid")
    first = read_solution(tmp_path, drill)
    assert first.text == drill.starter and first.problem is None and not first.path.exists()
    write_solution(first.path, NAIVE)
    assert read_solution(tmp_path, drill).text == NAIVE
    assert first.path == solution_path(tmp_path, "sigmoid") == tmp_path / "drills/sigmoid.py"
    first.path.write_bytes(b"\xff\xfe not utf-8")
    broken = read_solution(tmp_path, drill)
    assert broken.text == drill.starter and broken.problem is not None
    assert "moved to sigmoid.py.unreadable" in broken.problem
    assert (tmp_path / "drills/sigmoid.py.unreadable").read_bytes() == b"\xff\xfe not utf-8"
    assert [p.name for p in (tmp_path / "drills").iterdir()] == ["sigmoid.py.unreadable"]


def test_migration_5_adds_code_attempts_to_a_version_4_database(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    assert migrate(connection, target=4) == 4
    connection.execute(
        "INSERT INTO sessions (started, mode) VALUES ('2026-03-02T09:00:00.000000Z', 'review')"
    )
    assert migrate(connection) == SCHEMA_VERSION >= 5
    columns = [row[1] for row in connection.execute("PRAGMA table_info(code_attempts)")]
    assert columns[:6] == ["id", "time", "question_id", "drill_id", "code_sha256", "verdict"]
    with pytest.raises(sqlite3.IntegrityError):  # the hash is a SHA-256 digest or nothing
        connection.execute(
            "INSERT INTO code_attempts (time, question_id, drill_id, code_sha256, verdict, "
            "passed, cases_passed, cases_total, duration_ms, origin) "
            "VALUES ('t', 'q', 'd', 'short', 'passed', 1, 1, 1, 0, 'app')"
        )
    connection.close()


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "quizapp/" not in result.output + result.stderr  # the learner's frames only
    return result.exit_code, result.stdout, result.stderr


def test_drill_check_records_an_attempt_at_a_loaded_question(tmp_path: Path) -> None:
    bank = tmp_path / "code.yaml"
    bank.write_text(CODE_BANK, encoding="utf-8")
    data = tmp_path / "data"
    solution = tmp_path / "sigmoid.py"
    solution.write_text(NAIVE, encoding="utf-8")
    common = ["--data-dir", str(data), "--bank", str(bank)]
    code, out, err = _cli(*common, "drill", "check", "sigmoid", str(solution))
    assert code == 1 and out.startswith("FAIL  sigmoid:") and "Recorded" not in out
    assert "Recorded the attempt at code.sigmoid." in err
    assert "Recorded the attempt at code_drills.sigmoid." in err  # the built-in question too
    solution.write_text(get_drill("sigmoid").reference, encoding="utf-8")
    code, out, err = _cli(*common, "drill", "check", "sigmoid", str(solution))
    assert code == 0 and out.startswith("PASS  sigmoid:")
    assert "Recorded code.sigmoid as passed (Hard" in err  # a failed attempt came first
    with Store.open(data) as store:
        attempts = store.code_attempts("code.sigmoid")
        assert [(a.origin, a.passed) for a in attempts] == [("cli", False), ("cli", True)]
        assert attempts[0].review_id == attempts[1].review_id is not None
        assert store.total_reviews() == 2  # code.sigmoid and code_drills.sigmoid
        assert store.card("code.sigmoid") is not None


def test_drill_check_of_a_drill_no_question_names_records_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    solution = tmp_path / "clip.py"
    solution.write_text(get_drill("clip-grad.value").reference, encoding="utf-8")
    bank = tmp_path / "code.yaml"
    bank.write_text(CODE_BANK, encoding="utf-8")
    code, _, err = _cli(
        "--data-dir",
        str(data),
        "--bank",
        str(bank),
        "drill",
        "check",
        "clip-grad.value",
        str(solution),
    )
    assert code == 0
    assert "code_drills.clip-grad-value" in err  # the built-in bank names it


def test_a_store_that_cannot_be_opened_leaves_the_exit_code_to_the_verdict(
    tmp_path: Path,
) -> None:
    (tmp_path / "file").write_text("a file where a folder of the data directory should be")
    data = tmp_path / "file" / "data"
    solution = tmp_path / "sigmoid.py"
    solution.write_text(get_drill("sigmoid").reference, encoding="utf-8")
    code, out, err = _cli("--data-dir", str(data), "drill", "check", "sigmoid", str(solution))
    assert code == 0 and out.startswith("PASS  sigmoid:")
    assert "Warning: the check was not recorded" in err


def test_a_mock_interview_ends_with_a_coding_round_on_its_own_clock(
    tmp_path: Path, clock: FixedClock
) -> None:
    from quizapp.core.mock import MockInterview

    context = make_context(tmp_path, CORE_BANK, CODE_BANK, clock=clock)
    mock = MockInterview(
        context.catalog.questions,
        context.store,
        clock,
        random.Random(3),
        length=1,
        time_limit_s=60,
        drills=1,
        drill_time_limit_s=900,
    )
    assert mock.length == 2
    first = mock.next_question()
    assert first is not None and first.kind != "code" and mock.drill_time_left() is None
    clock.advance(seconds=61)  # the questions' time is up: the coding round still comes
    assert mock.timed_out
    mock.submit("a" if first.options else "x")
    drill = mock.next_question()
    assert drill is not None and drill.kind == "code" and mock.code is not None
    assert mock.drill_time_left() == timedelta(seconds=900)
    clock.advance(seconds=300)
    assert mock.drill_time_left() == timedelta(seconds=600)
    verdict = run_check(drill_of(mock.code.question), NAIVE, "solution.py")
    mock.record_check(verdict)
    feedback = mock.finish_code()
    assert feedback.correct is False and feedback.code is not None
    assert mock.next_question() is None
    report = mock.finish()
    assert len(report.answers) == 2 and report.answers[-1].feedback is feedback
    assert report.answers[-1].seconds == pytest.approx(300)
    assert context.store.card(drill.question_id) is None  # a mock answer is not scheduled
    [attempt] = context.store.code_attempts(drill.question_id)
    assert attempt.review_id == feedback.review_id and attempt.session_id == mock.session_id
