"""A verdict as plain text for the terminal: a headline, then what the learner needs to act.

Arrays print with four significant decimals; expected and returned values stand side by side
when both fit in the width, one above the other otherwise. Nothing here is a traceback of
quizapp's: the only traceback ever shown is the learner's own, trimmed to their file.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from quizapp.drills.harness import Opaque
from quizapp.drills.model import LearnerError
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
    Verdict,
    WrongAnswer,
    WrongShape,
)

WIDTH = 100
INDENT = "  "


def render_verdict(verdict: Verdict, width: int = WIDTH) -> str:
    """The whole verdict; the first line alone is a fair summary."""
    head = f"{'PASS' if verdict.passed else 'FAIL'}  {verdict.drill_id}: {headline(verdict)}"
    sections = [s for s in [*_sections(verdict.outcome, width), _printed(verdict, width)] if s]
    return "\n\n".join(["\n".join(_wrap([head], width)), *("\n".join(s) for s in sections)]) + "\n"


def _sections(o: Outcome, width: int) -> list[list[str]]:
    """The blocks under the headline, in the order a learner reads them."""
    if isinstance(o, WrongAnswer):
        failing = [_comparison(f"Output {c.name}", c, width) for c in o.outputs if not c.ok]
        divergence = (
            [
                _comparison(
                    f"First intermediate that diverges, {o.divergence.name}", o.divergence, width
                )
            ]
            if o.divergence is not None
            else []
        )
        notes = _wrap([f"Note: {note}" for note in o.notes], width)
        return [_case(o.case, width), *failing, *divergence, _mistake(o.mistake, width), notes]
    if isinstance(o, WrongShape):
        expected = ["Expected:", *_values(o.expected, width)]
        returned = ["Returned:", *_indent(_format(o.returned, width - 2))]
        return [_case(o.case, width), expected + returned, _mistake(o.mistake, width)]
    if isinstance(o, NotWritten):
        advice = (
            f"Write {o.function} in your file (the task, shapes and conventions are in its "
            "docstring), then run the check again."
        )
        return [_wrap([advice], width)]
    if isinstance(o, SyntaxProblem):
        return [_syntax(o)]
    if isinstance(o, MissingFunction) and o.found:
        return [_wrap([f"Functions in your file: {', '.join(o.found)}"], width)]
    if isinstance(o, BadSignature):
        return [[f"The drill calls {o.expected}", f"Yours takes   {o.found}"]]
    if isinstance(o, RaisedError):
        return [_traceback(o.error), _mistake(o.mistake, width), _case(o.case, width)]
    if isinstance(o, OutOfMemory):
        return [_traceback(o.error), _case(o.case, width)]
    if isinstance(o, OutOfTime | ExitedEarly | OutputFlood | Crashed):
        return [_case(o.case, width)]
    return []


def headline(verdict: Verdict) -> str:
    """One sentence: what happened, and where."""
    o = verdict.outcome
    where = _where(getattr(o, "case", None))
    if isinstance(o, Passed):
        return f"all {verdict.cases_total} cases pass ({verdict.seconds:.2f} s)"
    if isinstance(o, WrongAnswer):
        wrong = [c.name for c in o.outputs if not c.ok]
        verb = "differs" if len(wrong) == 1 else "differ"
        return f"{' and '.join(wrong)} {verb} from the engine's in {where}{_passed(verdict)}"
    if isinstance(o, WrongShape):
        return f"wrong shape in {where}: {o.problem}{_passed(verdict)}"
    if isinstance(o, NotWritten):
        return f"{o.function} is not written yet (it raises NotImplementedError)"
    if isinstance(o, SyntaxProblem):
        at = f" at line {o.line}" if o.line else ""
        return f"the file does not compile: {o.error_type}{at}: {o.message}"
    if isinstance(o, MissingFunction):
        if o.not_callable:
            return f"{o.function} in your file is not a function"
        guess = f"; did you mean {o.suggestion}?" if o.suggestion else ""
        return f"your file defines no function named {o.function}{guess}"
    if isinstance(o, BadSignature):
        return f"the function cannot be called with the drill's arguments: {o.message}"
    if isinstance(o, RaisedError):
        place = f"in {where}" if o.case else "while the file was loading"
        line = f" at line {o.error.line}" if o.error.line else ""
        message = _first_line(o.error)
        return f"your code raised {o.error.type_name}{line} {place}: {message}{_passed(verdict)}"
    if isinstance(o, OutOfTime):
        if o.limit == "cpu":
            return (
                f"{_subject(o.case)} used more than {o.seconds:g} s of CPU time and was "
                "stopped (an infinite loop?)"
            )
        return (
            f"{_subject(o.case)} did not finish within {o.seconds:g} s and was stopped "
            "(waiting, sleeping or blocked?)"
        )
    if isinstance(o, OutOfMemory):
        return (
            f"{_subject(o.case)} ran out of memory: the check allows {_size(o.limit_bytes)} "
            "(an array far larger than the inputs?)"
        )
    if isinstance(o, ExitedEarly):
        if o.how == "sys.exit":
            return f"your code called sys.exit({o.code}) in {where}: return the result instead"
        return (
            f"the process ended early (exit code {o.code}) in {where}: os._exit() or a crash in "
            "native code; return the result instead"
        )
    if isinstance(o, OutputFlood):
        return (
            f"{_subject(o.case)} printed more than {_size(o.limit_bytes)} and was stopped: "
            "print less (or nothing)"
        )
    return f"{o.detail} in {where}"


def _where(case: FailedCase | None) -> str:
    if case is None:
        return "the file"
    return f"case {case.number} of {case.total} ({case.label})"


def _subject(case: FailedCase | None) -> str:
    return "your file, while loading," if case is None else _where(case)


def _passed(verdict: Verdict) -> str:
    n = verdict.cases_passed
    return f"; {n} case{'s' * (n != 1)} passed before it" if n else ""


def _size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def _first_line(error: LearnerError) -> str:
    text = error.message.strip().splitlines()
    return text[0] if text else "(no message)"


def _case(case: FailedCase | None, width: int) -> list[str]:
    if case is None:
        return []
    return [f"Inputs of case {case.number} ({case.label}):", *_values(case.inputs, width)]


def _values(values: tuple[Shown, ...], width: int) -> list[str]:
    lines: list[str] = []
    label = max((len(v.name) for v in values), default=0)
    for shown in values:
        block = _format(shown.value, width - label - 4)
        first, *rest = block or [""]
        lines.append(f"{INDENT}{shown.name:<{label}}  {first}")
        lines += [f"{INDENT}{'':<{label}}  {line}".rstrip() for line in rest]
    return lines


def _comparison(title: str, check: OutputCheck, width: int) -> list[str]:
    expected = _format(check.expected, width // 2 - 4)
    returned = _format(check.returned, width // 2 - 4)
    column = max(len(line) for line in [*expected, "expected"])
    lines = [f"{title}:"]
    if column + 4 + max(len(line) for line in [*returned, "returned"]) <= width - 2:
        lines.append(f"{INDENT}{'expected':<{column}}    returned")
        for k in range(max(len(expected), len(returned))):
            left = expected[k] if k < len(expected) else ""
            right = returned[k] if k < len(returned) else ""
            lines.append(f"{INDENT}{left:<{column}}    {right}".rstrip())
    else:
        lines += [f"{INDENT}expected", *_indent(expected, 2), f"{INDENT}returned"]
        lines += _indent(returned, 2)
    if check.detail:
        lines.append(f"{INDENT}{check.detail}")
    return lines


def _format(value: Any, width: int) -> list[str]:
    """A value as lines: arrays with their shape, lists of arrays one per line."""
    if isinstance(value, Opaque):
        return [value.description + (f" {value.shape}" if value.shape is not None else "")]
    if isinstance(value, np.ndarray):
        text = np.array2string(
            value,
            precision=4,
            max_line_width=max(width, 30),
            threshold=60,
            edgeitems=3,
            separator=" ",
        )
        shape = f"{value.shape} " if value.ndim else ""
        dtype = "" if value.dtype == np.float64 else f" ({value.dtype})"
        first, *rest = text.splitlines()
        pad = " " * len(shape)
        return [f"{shape}{first}{dtype}", *((pad + line).rstrip() for line in rest)]
    if isinstance(value, tuple | list):
        if not value:
            return ["[]" if isinstance(value, list) else "()"]
        lines = []
        for k, item in enumerate(value):
            first, *rest = _format(item, width - 5) or [""]
            lines.append(f"[{k}]  {first}")
            lines += [f"     {line}" for line in rest]
        return lines
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            first, *rest = _format(item, width - len(key) - 2) or [""]
            lines.append(f"{key}: {first}")
            lines += [" " * (len(key) + 2) + line for line in rest]
        return lines or ["{}"]
    if isinstance(value, float):
        return [f"{value:.10g}"]
    return [repr(value)]


def _indent(lines: list[str], depth: int = 1) -> list[str]:
    return [INDENT * depth + line for line in lines]


def _mistake(mistake: MistakeMatch | None, width: int) -> list[str]:
    if mistake is None:
        return []
    if mistake.convention:
        lead = "This is right under another convention"
    elif mistake.complete:
        lead = "This matches a known wrong method"
    else:
        verb = "matches" if len(mistake.outputs) == 1 else "match"
        lead = f"{' and '.join(mistake.outputs)} {verb} a known wrong method"
    explanation = _wrap([mistake.explanation], width, INDENT, hanging=False)
    return _wrap([f"{lead}: {mistake.name}"], width) + explanation


def _syntax(problem: SyntaxProblem) -> list[str]:
    if not problem.text or problem.line is None:
        return []
    gutter = f"{problem.line} | "
    lines = [f"{INDENT}{gutter}{problem.text}"]
    if problem.column:
        lines.append(f"{INDENT}{' ' * (len(gutter) + problem.column - 1)}^")
    return lines


def _traceback(error: LearnerError | None) -> list[str]:
    return error.traceback.rstrip("\n").splitlines() if error else []


def _wrap(paragraphs: list[str], width: int, indent: str = "", hanging: bool = True) -> list[str]:
    """Each paragraph filled to the width; continuation lines indented once more if hanging."""
    lines: list[str] = []
    for text in paragraphs:
        lines += textwrap.wrap(
            text,
            width,
            initial_indent=indent,
            subsequent_indent=indent + INDENT * hanging,
            break_on_hyphens=False,
            break_long_words=False,
        ) or [""]
    return lines


def _printed(verdict: Verdict, width: int) -> list[str]:
    """What the learner's code printed: at most 20 lines, each cut to the width."""
    if not verdict.output_bytes:
        return []
    lines = verdict.output.splitlines()
    shown = [_cut(line, width - len(INDENT)) for line in lines[:20]]
    more = verdict.output_bytes > len(verdict.output.encode()) or len(lines) > len(shown)
    title = f"Your code printed {_size(verdict.output_bytes)}" + (", the start:" if more else ":")
    return [title, *_indent(shown), *([f"{INDENT}…"] if more else [])]


def _cut(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"
