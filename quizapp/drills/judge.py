"""Turn what the child process did into one outcome: the first thing that went wrong.

The events say how far the learner's file got (compiled, loaded, found the function, bound
the arguments, ran case k); the process's end says why it stopped when the events stop early
(the CPU limit, the wall clock, the output cap, a memory kill, ``os._exit``).
"""

from __future__ import annotations

import difflib
from typing import Any

from quizapp.drills.compare import check_output, match_mistake, notes_on, unpack
from quizapp.drills.harness import decode
from quizapp.drills.model import Case, Drill, Expected, LearnerError, Output
from quizapp.drills.runner import ChildRun, Limits
from quizapp.drills.verdict import (
    BadSignature,
    Crashed,
    ExitedEarly,
    FailedCase,
    MissingFunction,
    MistakeMatch,
    NotWritten,
    Outcome,
    OutOfMemory,
    OutOfTime,
    OutputCheck,
    OutputFlood,
    Passed,
    RaisedError,
    Shown,
    SyntaxProblem,
    WrongAnswer,
    WrongShape,
)


def judge(
    drill: Drill, cases: list[Case], expected: list[Expected], run: ChildRun, limits: Limits
) -> tuple[Outcome, int]:
    """The outcome and how many cases passed before it."""
    if run.internal is not None:
        return Crashed(None, f"quizapp's checker failed: {run.internal}"), 0
    current: int | None = None
    passed = 0
    for event in run.events:
        kind = event["event"]
        if kind == "syntax_error":
            return _syntax(event), 0
        if kind == "load_error":
            return _raised(drill, None, _error(event["error"]), limits), 0
        if kind == "missing_function":
            return _missing(drill, event), 0
        if kind == "signature":
            calls = f"{drill.function}({', '.join(cases[0].args)})"
            return BadSignature(calls, event["found"], event["message"]), 0
        if kind == "start":
            current = event["case"]
        elif kind == "error":
            index = event["case"]
            error = _error(event["error"])
            return _raised(drill, _failed(cases, index), error, limits, cases[index]), passed
        elif kind == "result":
            index = event["case"]
            failure = _compare(drill, cases, index, expected[index], decode(event["value"]))
            if failure is not None:
                return failure, passed
            passed += 1
            current = None
        elif kind == "done":
            return Passed(), passed
    case = _failed(cases, current) if current is not None else None
    return _ended(run, case, limits), passed


def _failed(cases: list[Case], index: int) -> FailedCase:
    case = cases[index]
    inputs = tuple(Shown(name, value) for name, value in case.args.items())
    return FailedCase(index + 1, len(cases), case.label, inputs)


def _error(data: dict[str, Any]) -> LearnerError:
    return LearnerError(
        data["type"], data["message"], data["line"], data["traceback"], data["category"]
    )


def _syntax(event: dict[str, Any]) -> SyntaxProblem:
    return SyntaxProblem(
        event["message"], event["line"], event["col"], event["text"], event["type"] or "SyntaxError"
    )


def _missing(drill: Drill, event: dict[str, Any]) -> MissingFunction:
    found = tuple(event["found"])
    close = difflib.get_close_matches(drill.function, found, n=1, cutoff=0.6)
    return MissingFunction(drill.function, found, close[0] if close else None, event["present"])


def _raised(
    drill: Drill,
    case: FailedCase | None,
    error: LearnerError,
    limits: Limits,
    raw: Case | None = None,
) -> Outcome:
    if error.category == "NotImplementedError":
        return NotWritten(drill.function, error.message)
    if error.category == "MemoryError":
        return OutOfMemory(case, limits.memory_bytes, error)
    if error.category == "SystemExit":
        return ExitedEarly(case, error.message or "0", "sys.exit")
    mistake = None
    if raw is not None:
        for method in drill.mistakes:
            if method.recognise is not None and method.recognise(error, raw):
                mistake = MistakeMatch(
                    method.id, method.name, method.explanation, method.convention
                )
                break
    return RaisedError(case, error, mistake)


def _ended(run: ChildRun, case: FailedCase | None, limits: Limits) -> Outcome:
    """Why the process stopped before the check finished."""
    if run.stopped == "output":
        return OutputFlood(case, limits.output_bytes)
    if run.stopped == "wall":
        return OutOfTime(case, "wall", limits.wall_s)
    signal_name = run.signal_name
    if signal_name == "SIGXCPU":
        return OutOfTime(case, "cpu", float(limits.cpu_s))
    if signal_name == "SIGKILL":  # nobody here sent it: the system's out-of-memory killer
        return OutOfMemory(case, limits.memory_bytes)
    if signal_name is not None:
        return Crashed(case, f"the Python process running your code died of {signal_name}")
    return ExitedEarly(case, str(run.returncode), "os._exit")


def _compare(
    drill: Drill, cases: list[Case], index: int, expected: Expected, value: Any
) -> Outcome | None:
    case = cases[index]
    failed = _failed(cases, index)
    shown_expected = tuple(Shown(k, v) for k, v in expected.outputs.items())
    unpacked = unpack(drill.returns, value)
    if isinstance(unpacked, str):
        return WrongShape(failed, unpacked, shown_expected, value)
    returned = unpacked.outputs
    checks = tuple(
        check_output(output, expected.outputs[output.name], returned[output.name], drill.tolerance)
        for output in drill.returns.outputs
    )
    failing = [c.name for c in checks if not c.ok]
    if not failing:
        return None
    mistake = match_mistake(drill, case, returned, failing)
    shape_problem = next((c for c in checks if c.shape), None)
    if shape_problem is not None:
        return WrongShape(failed, shape_problem.detail, shown_expected, value, mistake)
    divergence = _divergence(drill, expected, unpacked.intermediates)
    return WrongAnswer(failed, checks, divergence, mistake, notes_on(returned))


def _divergence(
    drill: Drill, expected: Expected, intermediates: dict[str, Any] | None
) -> OutputCheck | None:
    """The first intermediate, in computation order, whose returned value is off."""
    if not intermediates:
        return None
    for name in drill.returns.intermediates:
        if name not in intermediates or name not in expected.intermediates:
            continue
        check = check_output(
            Output(name), expected.intermediates[name], intermediates[name], drill.tolerance
        )
        if not check.ok:
            return check
    return None
