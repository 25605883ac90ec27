"""A code question asked: the learner's file, checks against its drill, each check recorded.

The drill (``quizapp.drills``) is quizapp's own code; a bank only names it. The learner's
solution is kept per drill in the data directory (``drills/<drill id>.py``), so a second
attempt, in the app or from the shell, starts from the first. A check runs the code in a
separate, limited process (``run_check``, safe on a worker thread: it touches no store); its
verdict is then written as an attempt (``record``, on the store's own thread).
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import msgspec

from quizapp.banks.frozen import CodeRecord
from quizapp.store import Clock, CodeAttempt, Store
from quizapp.store.code_attempts import Origin

if TYPE_CHECKING:  # the drills load NumPy and the engine: only when a code question is asked
    import random

    from quizapp.core.presentation import Feedback, PresentedQuestion
    from quizapp.drills import Drill, Limits, Verdict

SOLUTIONS_DIRNAME = "drills"


def solution_path(data_dir: Path, drill_id: str) -> Path:
    """Where the learner's file for ``drill_id`` lives (kept between attempts)."""
    return data_dir / SOLUTIONS_DIRNAME / f"{drill_id}.py"


def drill_of(question: CodeRecord) -> Drill:
    from quizapp.drills import get_drill

    return get_drill(question.drill_id)


class Solution(msgspec.Struct, frozen=True):
    """The learner's code as read from their file; ``problem`` says what went wrong reading it."""

    text: str
    path: Path
    problem: str | None = None


def read_solution(data_dir: Path, drill: Drill) -> Solution:
    """The learner's file, or the starter when there is none yet (not written until saved).

    A file that cannot be read as UTF-8 text is moved aside, never overwritten, and the
    starter is shown instead; the problem says where the old file went.
    """
    path = solution_path(data_dir, drill.id)
    try:
        return Solution(path.read_text(encoding="utf-8"), path)
    except FileNotFoundError:
        return Solution(drill.starter, path)
    except UnicodeDecodeError:
        aside = path.with_name(f"{path.name}.unreadable")
        try:
            os.replace(path, aside)
        except OSError as exc:
            return Solution(drill.starter, path, f"{path} is not UTF-8 text ({exc.strerror})")
        return Solution(
            drill.starter, path, f"{path} was not UTF-8 text: moved to {aside.name}, starter shown"
        )
    except OSError as exc:
        return Solution(drill.starter, path, f"cannot read {path}: {exc.strerror or exc}")


def write_solution(path: Path, text: str) -> None:
    """Save atomically (a crash leaves the old file or the new one, never half of one).

    OSError is the caller's: the screen says so and keeps the text in the editor.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_check(drill: Drill, source: str, filename: str, limits: Limits | None = None) -> Verdict:
    """Run ``source`` on every hidden case (a child process; no store, any thread).

    A fault of quizapp's own, never the learner's, comes back as a crashed verdict that
    says so: a check never raises into the screen that asked for it.
    """
    from quizapp.drills import DEFAULT_LIMITS, check_source

    encoded = source.encode("utf-8")
    try:
        return check_source(drill, encoded, filename, limits or DEFAULT_LIMITS)
    except Exception as exc:
        import hashlib

        from quizapp.drills.verdict import Crashed, Verdict

        detail = f"quizapp could not check the code (internal error: {type(exc).__name__}: {exc})"
        return Verdict(
            drill_id=drill.id,
            outcome=Crashed(case=None, detail=detail),
            cases_passed=0,
            cases_total=0,
            seconds=0.0,
            code_sha256=hashlib.sha256(encoded).hexdigest(),
        )


class Check(msgspec.Struct, frozen=True):
    """One recorded check: the verdict and the attempt row it was written as."""

    verdict: Verdict
    attempt_id: int


class CodeAsker(Protocol):
    """What asks a code question: a review session, or a mock interview's coding round."""

    @property
    def current(self) -> PresentedQuestion | None: ...

    @property
    def code(self) -> CodeAsking | None: ...

    def hint(self) -> str | None: ...

    def record_check(self, verdict: Verdict) -> Check: ...

    def finish_code(self, *, gave_up: bool = False, width: int = 100) -> Feedback: ...


class CodeSummary(msgspec.Struct, frozen=True):
    """What the rated answer to a code question needs from its checks."""

    passed: bool
    failed_before_pass: int
    checks: int
    last: Verdict | None
    attempt_ids: tuple[int, ...]


class CodeAsking(msgspec.Struct):
    """One asking of a code question: the checks so far, in order."""

    question: CodeRecord
    checks: list[Check] = msgspec.field(default_factory=list)

    @property
    def passed(self) -> bool:
        return any(check.verdict.passed for check in self.checks)

    @property
    def failed_before_pass(self) -> int:
        """Checks that failed before the first pass (all of them when none passed)."""
        count = 0
        for check in self.checks:
            if check.verdict.passed:
                break
            count += 1
        return count

    @property
    def last(self) -> Check | None:
        return self.checks[-1] if self.checks else None

    def summary(self) -> CodeSummary:
        return CodeSummary(
            passed=self.passed,
            failed_before_pass=self.failed_before_pass,
            checks=len(self.checks),
            last=self.checks[-1].verdict if self.checks else None,
            attempt_ids=tuple(check.attempt_id for check in self.checks),
        )

    def record(
        self,
        store: Store,
        verdict: Verdict,
        when: datetime,
        *,
        session_id: int | None,
        origin: Origin = "app",
    ) -> Check:
        """Write the check as an attempt (committed before it returns) and keep it."""
        attempt = attempt_of(self.question, verdict, when, session_id=session_id, origin=origin)
        attempt_id = store.record_code_attempt(attempt)
        check = Check(verdict, attempt_id)
        self.checks.append(check)
        return check


def attempt_of(
    question: CodeRecord,
    verdict: Verdict,
    when: datetime,
    *,
    session_id: int | None = None,
    origin: Origin = "app",
) -> CodeAttempt:
    return CodeAttempt(
        time=when,
        question_id=question.id,
        drill_id=verdict.drill_id,
        code_sha256=verdict.code_sha256,
        verdict=verdict.kind,
        passed=verdict.passed,
        cases_passed=verdict.cases_passed,
        cases_total=verdict.cases_total,
        duration_ms=int(verdict.seconds * 1000),
        origin=origin,
        session_id=session_id,
    )


def record_outside_check(
    store: Store, clock: Clock, question: CodeRecord, verdict: Verdict, rng: random.Random
) -> Feedback | None:
    """A check made from the shell (``quizapp drill check``), kept as an attempt.

    A pass also answers the question, as passing in the app does: one review (mode review,
    so FSRS schedules it), rated by ``code_rating`` from the attempts since the question's
    last answer (a failed one makes it Hard), all of them linked to it. A failure is only an
    attempt: the learner is still working. Returns the pass's feedback, else None.
    """
    from quizapp.core.presenter import present
    from quizapp.core.recorder import AnswerRecorder

    earlier = store.open_code_attempts(question.id)
    now = clock.now()
    attempt_id = store.record_code_attempt(attempt_of(question, verdict, now, origin="cli"))
    if not verdict.passed:
        return None
    failed = sum(1 for _, passed, _ in earlier if not passed)
    session_id = store.start_session("review", now)
    presented = present(question, rng, shown_at=earlier[0][2] if earlier else now)
    summary = CodeSummary(
        passed=True,
        failed_before_pass=failed,
        checks=len(earlier) + 1,
        last=verdict,
        attempt_ids=(*(attempt for attempt, _, _ in earlier), attempt_id),
    )
    recorder = AnswerRecorder(store, clock, "review", session_id)
    feedback = recorder.code_answered(presented, question, summary, gave_up=False)
    store.end_session(session_id, clock.now())
    return feedback
