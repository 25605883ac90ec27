"""A verdict as plain text for the terminal: a headline, then what the learner needs to act.

Arrays print with four significant decimals; expected and returned values stand side by side
when both fit in the width, one above the other otherwise. Nothing here is a traceback of
quizapp's: the only traceback ever shown is the learner's own, trimmed to their file.

The frame (headline, section titles, advice) is in the current language (``quizapp.i18n``);
what the judge measured (a value's description, the first difference) stays as it said it,
and English output is what it always was: ``quizapp drill check`` prints it.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from quizapp.drills.compare import describe_opaque
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
from quizapp.i18n import _, join_names, ngettext
from quizapp.i18n.width import cell_width, pad, wrap_cells

WIDTH = 100
INDENT = "  "


def render_verdict(verdict: Verdict, width: int = WIDTH) -> str:
    """The whole verdict; the first line alone is a fair summary."""
    # Translators: a code check's verdict, e.g. "PASS  rnn-step: all 40 cases pass (0.12 s)"
    status = _("PASS") if verdict.passed else _("FAIL")
    head = _("{status}  {drill}: {headline}").format(
        status=status, drill=verdict.drill_id, headline=headline(verdict)
    )
    sections = [s for s in [*_sections(verdict.outcome, width), _printed(verdict, width)] if s]
    return "\n\n".join(["\n".join(_wrap([head], width)), *("\n".join(s) for s in sections)]) + "\n"


def _sections(o: Outcome, width: int) -> list[list[str]]:
    """The blocks under the headline, in the order a learner reads them."""
    if isinstance(o, WrongAnswer):
        failing = [
            _comparison(_("Output {name}").format(name=c.name), c, width)
            for c in o.outputs
            if not c.ok
        ]
        divergence = (
            [
                _comparison(
                    _("First intermediate that diverges, {name}").format(name=o.divergence.name),
                    o.divergence,
                    width,
                )
            ]
            if o.divergence is not None
            else []
        )
        notes = _wrap([_("Note: {note}").format(note=_(note)) for note in o.notes], width)
        return [_case(o.case, width), *failing, *divergence, _mistake(o.mistake, width), notes]
    if isinstance(o, WrongShape):
        expected = [_("Expected:"), *_values(o.expected, width)]
        returned = [_("Returned:"), *_indent(_format(o.returned, width - 2))]
        return [_case(o.case, width), expected + returned, _mistake(o.mistake, width)]
    if isinstance(o, NotWritten):
        advice = _(
            "Write {function} in your file (the task, shapes and conventions are in its "
            "docstring), then run the check again."
        ).format(function=o.function)
        return [_wrap([advice], width)]
    if isinstance(o, SyntaxProblem):
        return [_syntax(o)]
    if isinstance(o, MissingFunction) and o.found:
        found = _("Functions in your file: {names}").format(names=join_names(o.found))
        return [_wrap([found], width)]
    if isinstance(o, BadSignature):
        # Translators: two lines whose calls line up, "The drill calls rnn_step(x, h, W)" over
        # "Yours takes     rnn_step(x, h)"
        labels = [_("The drill calls"), _("Yours takes")]
        column = max(cell_width(label) for label in labels) + 1
        return [[pad(labels[0], column) + o.expected, pad(labels[1], column) + o.found]]
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
    passed = _passed(verdict)
    if isinstance(o, Passed):
        return _("all {count} cases pass ({seconds:.2f} s)").format(
            count=verdict.cases_total, seconds=verdict.seconds
        )
    if isinstance(o, WrongAnswer):
        wrong = [c.name for c in o.outputs if not c.ok]
        return ngettext(
            "{names} differs from the engine's in {where}{passed}",
            "{names} differ from the engine's in {where}{passed}",
            len(wrong),
        ).format(names=_(" and ").join(wrong), where=where, passed=passed)
    if isinstance(o, WrongShape):
        return _("wrong shape in {where}: {problem}{passed}").format(
            where=where, problem=o.problem, passed=passed
        )
    if isinstance(o, NotWritten):
        return _("{function} is not written yet (it raises NotImplementedError)").format(
            function=o.function
        )
    if isinstance(o, SyntaxProblem):
        if o.line:
            text = _("the file does not compile: {error} at line {line}: {message}")
        else:
            text = _("the file does not compile: {error}: {message}")
        return text.format(error=o.error_type, line=o.line, message=o.message)
    if isinstance(o, MissingFunction):
        if o.not_callable:
            return _("{function} in your file is not a function").format(function=o.function)
        if o.suggestion:
            return _(
                "your file defines no function named {function}; did you mean {suggestion}?"
            ).format(function=o.function, suggestion=o.suggestion)
        return _("your file defines no function named {function}").format(function=o.function)
    if isinstance(o, BadSignature):
        return _("the function cannot be called with the drill's arguments: {message}").format(
            message=o.message
        )
    if isinstance(o, RaisedError):
        fields = {
            "error": o.error.type_name,
            "line": o.error.line,
            "where": where,
            "message": _first_line(o.error),
            "passed": passed,
        }
        if o.case and o.error.line:
            text = _("your code raised {error} at line {line} in {where}: {message}{passed}")
        elif o.case:
            text = _("your code raised {error} in {where}: {message}{passed}")
        elif o.error.line:
            text = _(
                "your code raised {error} at line {line} while the file was loading: "
                "{message}{passed}"
            )
        else:
            text = _("your code raised {error} while the file was loading: {message}{passed}")
        return text.format(**fields)
    subject = _subject(getattr(o, "case", None))
    if isinstance(o, OutOfTime):
        if o.limit == "cpu":
            text = _(
                "{subject} used more than {seconds:g} s of CPU time and was stopped "
                "(an infinite loop?)"
            )
        else:
            text = _(
                "{subject} did not finish within {seconds:g} s and was stopped "
                "(waiting, sleeping or blocked?)"
            )
        return text.format(subject=subject, seconds=o.seconds)
    if isinstance(o, OutOfMemory):
        return _(
            "{subject} ran out of memory: the check allows {size} "
            "(an array far larger than the inputs?)"
        ).format(subject=subject, size=_size(o.limit_bytes))
    if isinstance(o, ExitedEarly):
        if o.how == "sys.exit":
            text = _("your code called sys.exit({code}) in {where}: return the result instead")
        else:
            text = _(
                "the process ended early (exit code {code}) in {where}: os._exit() or a crash "
                "in native code; return the result instead"
            )
        return text.format(code=o.code, where=where)
    if isinstance(o, OutputFlood):
        return _(
            "{subject} printed more than {size} and was stopped: print less (or nothing)"
        ).format(subject=subject, size=_size(o.limit_bytes))
    return _("{detail} in {where}").format(detail=o.detail, where=where)


def _where(case: FailedCase | None) -> str:
    if case is None:
        return _("the file")
    return _("case {number} of {total} ({label})").format(
        number=case.number, total=case.total, label=_(case.label)
    )


def _subject(case: FailedCase | None) -> str:
    return _("your file, while loading,") if case is None else _where(case)


def _passed(verdict: Verdict) -> str:
    n = verdict.cases_passed
    if not n:
        return ""
    return ngettext(
        "; {count} case passed before it", "; {count} cases passed before it", n
    ).format(count=n)


def _size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return ngettext("{count} byte", "{count} bytes", n).format(count=n)


def _first_line(error: LearnerError) -> str:
    text = error.message.strip().splitlines()
    return text[0] if text else _("(no message)")


def _case(case: FailedCase | None, width: int) -> list[str]:
    if case is None:
        return []
    title = _("Inputs of case {number} ({label}):").format(number=case.number, label=_(case.label))
    return [title, *_values(case.inputs, width)]


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
    # Translators: the heads of two columns, the engine's value and the learner's
    said, got = _("expected"), _("returned")
    column = max(cell_width(line) for line in [*expected, said])
    lines = [_("{title}:").format(title=title)]
    if column + 4 + max(cell_width(line) for line in [*returned, got]) <= width - 2:
        lines.append(f"{INDENT}{pad(said, column)}    {got}")
        for k in range(max(len(expected), len(returned))):
            left = expected[k] if k < len(expected) else ""
            right = returned[k] if k < len(returned) else ""
            lines.append(f"{INDENT}{pad(left, column)}    {right}".rstrip())
    else:
        lines += [f"{INDENT}{said}", *_indent(expected, 2), f"{INDENT}{got}"]
        lines += _indent(returned, 2)
    if check.detail:
        lines.append(f"{INDENT}{check.detail}")
    return lines


def _format(value: Any, width: int) -> list[str]:
    """A value as lines: arrays with their shape, lists of arrays one per line."""
    if isinstance(value, Opaque):
        return [describe_opaque(value)]
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
        lead = _("This is right under another convention")
    elif mistake.complete:
        lead = _("This matches a known wrong method")
    else:
        lead = ngettext(
            "{names} matches a known wrong method",
            "{names} match a known wrong method",
            len(mistake.outputs),
        ).format(names=_(" and ").join(mistake.outputs))
    explanation = _wrap([_(mistake.explanation)], width, INDENT, hanging=False)
    named = _("{lead}: {name}").format(lead=lead, name=_(mistake.name))
    return _wrap([named], width) + explanation


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
    """Each paragraph filled to the width; continuation lines indented once more if hanging.
    A paragraph with wide (Chinese) characters is filled by cells, breaking between them."""
    lines: list[str] = []
    for text in paragraphs:
        if cell_width(text) != len(text):  # wide characters: English (with a "−") stays below
            inner = width - len(indent) - len(INDENT) * hanging
            first, *rest = wrap_cells(text, inner) or [""]
            lines += [indent + first, *(indent + INDENT * hanging + line for line in rest)]
            continue
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
    size = _size(verdict.output_bytes)
    if more:
        title = _("Your code printed {size}, the start:").format(size=size)
    else:
        title = _("Your code printed {size}:").format(size=size)
    return [title, *_indent(shown), *([f"{INDENT}…"] if more else [])]


def _cut(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"
