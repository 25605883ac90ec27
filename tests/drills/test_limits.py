"""Code that does not run, or runs away: each gets its own clear message, and the only
traceback ever shown is the learner's own, trimmed to their file."""

from __future__ import annotations

import os
import re
import time

import pytest

from quizapp.drills import DRILLS, Limits, render_verdict
from quizapp.drills.verdict import (
    BadSignature,
    ExitedEarly,
    MissingFunction,
    OutOfMemory,
    OutOfTime,
    OutputFlood,
    RaisedError,
    SyntaxProblem,
    Verdict,
    WrongShape,
)
from tests.drills.helpers import FAST, run_check

pytestmark = pytest.mark.skipif(os.name != "posix", reason="resource limits are POSIX")

SIGMOID = DRILLS["sigmoid"]
HEAD = "import numpy as np\n\n\ndef sigmoid(x):\n"


def check(body: str, limits: Limits = FAST, prelude: str = "") -> tuple[Verdict, str]:
    verdict = run_check(SIGMOID, prelude + HEAD + body)
    text = render_verdict(verdict)
    assert "quizapp/drills" not in text and "harness.py" not in text  # never our traceback
    for frame in re.findall(r'File "([^"]+)"', text):
        assert frame == "learner.py"
    return verdict, " ".join(text.split())  # phrases survive the renderer's wrapping


def test_an_infinite_loop_is_stopped_by_the_cpu_limit() -> None:
    verdict, text = check("    while True:\n        pass\n")
    assert isinstance(verdict.outcome, OutOfTime) and verdict.outcome.limit == "cpu"
    assert verdict.outcome.case is not None and verdict.outcome.case.number == 1
    assert "used more than 2 s of CPU time" in text and "infinite loop" in text


def test_sleeping_is_stopped_by_the_wall_clock() -> None:
    started = time.monotonic()
    verdict = run_check(
        SIGMOID,
        "import time\n\n\ndef sigmoid(x):\n    time.sleep(60)\n",
        Limits(cpu_s=5, wall_s=1.5),
    )
    assert time.monotonic() - started < 30  # killed, not slept through (60 s)
    assert isinstance(verdict.outcome, OutOfTime) and verdict.outcome.limit == "wall"
    assert "did not finish within 1.5 s" in render_verdict(verdict)


def test_a_ten_gib_allocation_is_refused_with_the_learners_line() -> None:
    verdict, text = check("    return np.ones(10 * 2**30 // 8)\n")
    assert isinstance(verdict.outcome, OutOfMemory)
    assert verdict.outcome.error is not None and verdict.outcome.error.line == 5
    assert "ran out of memory" in text and "1 GiB" in text
    assert 'File "learner.py", line 5, in sigmoid' in text


def test_a_print_of_100_mb_is_cut_off_without_filling_memory() -> None:
    verdict, text = check("    print('x' * 100_000_000)\n")
    assert isinstance(verdict.outcome, OutputFlood)
    assert FAST.output_bytes < verdict.output_bytes < 100_000_000
    assert len(verdict.output) <= FAST.shown_output_bytes
    assert "printed more than 1 MiB" in text and "Your code printed" in text


def test_os_exit_is_reported_with_its_code() -> None:
    verdict, text = check("    import os\n    os._exit(3)\n")
    assert isinstance(verdict.outcome, ExitedEarly) and verdict.outcome.how == "os._exit"
    assert "exit code 3" in text and "case 1 of 6" in text


def test_sys_exit_is_reported_as_such() -> None:
    verdict, text = check("    import sys\n    sys.exit(2)\n")
    assert isinstance(verdict.outcome, ExitedEarly) and verdict.outcome.how == "sys.exit"
    assert "sys.exit(2)" in text


def test_a_syntax_error_names_its_line_and_column() -> None:
    verdict, text = check("    return (1 +\n")
    assert isinstance(verdict.outcome, SyntaxProblem)
    assert verdict.outcome.line == 5
    assert "does not compile" in text and "5 | return (1 +" in text and "^" in text


@pytest.mark.parametrize(
    ("source", "phrase"),
    [(b"def sigmoid(x):\n    return x\x00\n", "null bytes"), (b"s = '\xff'\n", "utf-8")],
)
def test_unreadable_source_is_a_syntax_problem(source: bytes, phrase: str) -> None:
    from quizapp.drills import check_source

    verdict = check_source(SIGMOID, source, "learner.py", FAST)
    assert isinstance(verdict.outcome, SyntaxProblem)
    assert phrase in verdict.outcome.message.lower()


def test_a_wrong_shape_says_which_shapes() -> None:
    verdict, text = check("    return np.zeros(3)\n")
    assert isinstance(verdict.outcome, WrongShape)
    assert "y has shape (3,), expected (6,)" in text


def test_a_tuple_where_one_array_belongs_is_a_wrong_shape() -> None:
    verdict, text = check("    return x, x\n")
    assert isinstance(verdict.outcome, WrongShape)
    assert "y should be one array (6,); returned a tuple of 2 values" in text


def test_a_missing_function_suggests_the_close_name() -> None:
    verdict = run_check(SIGMOID, "def sigmod(x):\n    return x\n\n\ndef helper():\n    pass\n")
    assert isinstance(verdict.outcome, MissingFunction)
    assert verdict.outcome.suggestion == "sigmod"
    text = render_verdict(verdict)
    assert "no function named sigmoid; did you mean sigmod?" in text
    assert "Functions in your file: sigmod, helper" in text


def test_a_name_that_is_not_a_function() -> None:
    verdict = run_check(SIGMOID, "sigmoid = 3\n")
    assert isinstance(verdict.outcome, MissingFunction) and verdict.outcome.not_callable


def test_a_signature_that_cannot_take_the_arguments() -> None:
    verdict = run_check(SIGMOID, "def sigmoid(x, y):\n    return x\n")
    assert isinstance(verdict.outcome, BadSignature)
    assert "missing a required argument: 'y'" in " ".join(render_verdict(verdict).split())


def test_an_exception_shows_only_the_learners_frames() -> None:
    body = "    return helper(x)\n\n\ndef helper(x):\n    return x @ np.ones((7, 7))\n"
    verdict, text = check(body)
    assert isinstance(verdict.outcome, RaisedError)
    assert verdict.outcome.error.type_name == "ValueError" and verdict.outcome.error.line == 9
    assert text.count('File "learner.py"') == 2
    assert "numpy" not in verdict.outcome.error.traceback.split("ValueError")[0]


def test_an_error_while_the_file_loads() -> None:
    verdict = run_check(SIGMOID, "import numpy as np\n\nraise RuntimeError('boom')\n")
    assert isinstance(verdict.outcome, RaisedError) and verdict.outcome.case is None
    assert "while the file was loading: boom" in render_verdict(verdict)


def test_runaway_recursion_is_collapsed() -> None:
    verdict, text = check("    return sigmoid(x)\n")
    assert isinstance(verdict.outcome, RaisedError)
    assert verdict.outcome.error.type_name == "RecursionError"
    assert "Previous line repeated" in text and len(text.splitlines()) < 40


def test_input_gets_end_of_file_not_a_hang() -> None:
    verdict, _ = check("    input()\n")
    assert (
        isinstance(verdict.outcome, RaisedError) and verdict.outcome.error.type_name == "EOFError"
    )


def test_a_file_past_the_size_cap_fails_in_the_learners_code() -> None:
    body = "    with open('big.bin', 'wb') as f:\n        f.write(b'0' * (2 << 20))\n"
    verdict = run_check(SIGMOID, HEAD + body, Limits(cpu_s=2, wall_s=8.0, file_bytes=1 << 20))
    assert (
        isinstance(verdict.outcome, RaisedError)
        and "File too large" in verdict.outcome.error.message
    )


def test_processes_the_code_starts_are_killed_with_it() -> None:
    body = (
        "    import subprocess\n"
        "    p = subprocess.Popen(['sleep', '30'])\n"
        "    print('pid', p.pid, flush=True)\n"
        "    e = np.exp(-np.abs(x))\n"
        "    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))\n"
    )
    verdict = run_check(SIGMOID, HEAD + body)
    assert verdict.passed
    pids = [int(p) for p in re.findall(r"pid (\d+)", verdict.output)]
    assert pids
    deadline = time.monotonic() + 5
    for pid in pids:
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie is dead, awaiting its reaper
    except FileNotFoundError:
        return False
