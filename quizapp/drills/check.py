"""Check a learner's code against a drill: run it in a child process, judge, return a Verdict.

The engine computes the expected outputs while the child starts and runs, so a check costs
about one Python start with NumPy. Wrong methods are computed only for a failing case.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from quizapp.drills.harness import encode
from quizapp.drills.judge import judge
from quizapp.drills.model import Drill
from quizapp.drills.runner import Limits, learner_process
from quizapp.drills.verdict import Verdict

DEFAULT_LIMITS = Limits()


def check_source(
    drill: Drill, source: bytes, filename: str = "solution.py", limits: Limits = DEFAULT_LIMITS
) -> Verdict:
    """Run ``source`` (a Python file's bytes) on every hidden case of ``drill``.

    ``filename`` is how the learner's file is named in tracebacks and messages.
    """
    cases = drill.cases()
    encoded = [[encode(value) for value in case.args.values()] for case in cases]
    with learner_process(
        source, filename, drill.function, encoded, drill.strict_floats, limits
    ) as collect:
        expected = [drill.expected(case) for case in cases]
        run = collect()
    outcome, passed = judge(drill, cases, expected, run, limits)
    return Verdict(
        drill_id=drill.id,
        outcome=outcome,
        cases_passed=passed,
        cases_total=len(cases),
        seconds=run.seconds,
        code_sha256=hashlib.sha256(source).hexdigest(),
        output=run.output,
        output_bytes=run.output_bytes,
    )


def check_file(drill: Drill, path: Path, limits: Limits = DEFAULT_LIMITS) -> Verdict:
    """``check_source`` on a file; OSError (missing, a folder, unreadable) is the caller's."""
    return check_source(drill, path.read_bytes(), str(path), limits)
