"""Drills row: checking a correct LSTM-step solution on every hidden case.

The subject is one whole check as the CLI and the TUI run it (a child process started, the
learner's file run on all cases, the engine's answers computed meanwhile, the verdict built);
the baseline is starting a bare ``python -c "import numpy"`` with the same interpreter, timed
interleaved in the same run. Target: ratio <= 2.0. The absolute time is in the notes, beside
a numpy start in the child's own environment (isolated mode, one BLAS thread), which is
cheaper than the bare one on a busy machine: the check's own overhead is the gap to that.
"""

from __future__ import annotations

import os
import subprocess
import sys

from benchmarks.common import Row, best_of_interleaved
from quizapp.drills import check_source, get_drill

DRILL_ID = "lstm-step.rows"


def rows() -> list[Row]:
    drill = get_drill(DRILL_ID)
    source = drill.reference.encode()

    def check() -> None:
        verdict = check_source(drill, source, "lstm_step.py")
        assert verdict.passed, verdict

    def bare_numpy() -> None:
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)

    def child_numpy() -> None:
        env = {"PATH": os.environ.get("PATH", os.defpath), "OPENBLAS_NUM_THREADS": "1"}
        subprocess.run([sys.executable, "-I", "-c", "import numpy"], check=True, env=env)

    subject, baseline = best_of_interleaved(check, bare_numpy, repeats=7)
    _, same_env = best_of_interleaved(check, child_numpy, repeats=3)
    cases = len(drill.cases())
    return [
        Row(
            f"drills: check a correct {DRILL_ID} ({cases} cases)",
            subject,
            baseline,
            'python -c "import numpy"',
            target=2.0,
            notes=(
                f"absolute: check {subject * 1e3:.0f} ms, bare numpy start "
                f"{baseline * 1e3:.0f} ms, numpy start in the child's environment "
                f"{same_env * 1e3:.0f} ms"
            ),
            extra={"child_env_numpy_s": same_env},
        )
    ]
