"""The starter and reference files a drill hands out: one header, one docstring, two bodies.

Both are complete Python files importing only NumPy. The starter runs and raises
NotImplementedError with a friendly message (the checker reports it as "not written yet"); the
reference passes every hidden case. They share the header and the docstring, so the task a
learner reads is the task the reference solves.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from quizapp.drills.model import Case, Drill, Expected, Returns, Tolerance, WrongMethod

STABLE_SIGMOID = '''
def sigmoid(a: np.ndarray) -> np.ndarray:
    """σ(a) = 1 / (1 + exp(−a)) without overflow: exp only ever sees −|a| ≤ 0."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
'''


def drill_files(
    drill_id: str,
    title: str,
    function: str,
    signature: str,
    docstring: str,
    body: str,
    helpers: str = "",
    uses_numpy: bool = True,
) -> tuple[str, str]:
    """(starter, reference) for one drill.

    ``signature`` is the ``def`` line(s) without the trailing docstring; ``docstring`` and
    ``body`` are written unindented; ``helpers`` are top-level definitions the reference uses.
    Lines longer than the files' 100 columns are wrapped, keeping their indentation.
    """
    title_line = _fit(f"Drill {drill_id}: {title}.", 97)
    header = (
        f'"""{title_line}\n\n'
        f"Write {function} below, then check it (it runs on hidden cases: small hand-sized ones,\n"
        "random sizes, batches, edge cases; every output is compared with quizapp's engine):\n\n"
        f"    quizapp drill check {drill_id} THIS_FILE\n\n"
        "Only NumPy and the standard library are available.\n"
        '"""\n\n'
        "from __future__ import annotations\n"
    )
    if uses_numpy:
        header += "\nimport numpy as np\n"
    doc = textwrap.indent(f'"""{_fit(docstring.strip(), 96)}\n"""', "    ")
    head = f"{header}\n\n{signature.strip()}\n{doc}\n"
    todo = (
        f"    raise NotImplementedError(\n"
        f'        "{function} is not written yet: replace this line with your code, then run "\n'
        f'        "quizapp drill check {drill_id} THIS_FILE"\n'
        f"    )\n"
    )
    starter = head + todo
    extra = f"\n\n{helpers.strip()}\n" if helpers.strip() else ""
    reference = (
        f"{header}{extra}\n\n{signature.strip()}\n{doc}\n"
        + textwrap.indent(textwrap.dedent(body).strip(), "    ")
        + "\n"
    )
    return starter, reference


ARGUMENT = re.compile(r"^\s+[\w\[\]\", ]+: ")


def _fit(text: str, width: int) -> str:
    """Each over-long line wrapped at ``width``, continuing at its own indentation (one level
    deeper for an argument's description)."""
    lines = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        more = lead + ("    " if ARGUMENT.match(line) else "")
        lines += textwrap.wrap(
            line.strip(),
            width,
            initial_indent=lead,
            subsequent_indent=more,
            break_on_hyphens=False,
            break_long_words=False,
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Task:
    """What a drill's files hold: the function to write, its ``def`` line(s), the docstring
    (written unindented), the reference body and any top-level helpers it uses."""

    function: str
    signature: str
    docstring: str
    body: str
    helpers: str = ""
    uses_numpy: bool = True


def build_drill(
    drill_id: str,
    title: str,
    task: Task,
    *,
    summary: str,
    returns: Returns,
    cases: Callable[[], list[Case]],
    expected: Callable[[Case], Expected],
    mistakes: tuple[WrongMethod, ...],
    topics: tuple[str, ...],
    tags: Mapping[str, str] | None = None,
    tolerance: Tolerance | None = None,
    strict_floats: bool = True,
) -> Drill:
    """A ``Drill`` whose starter and reference are made from ``task``."""
    starter, reference = drill_files(
        drill_id,
        title,
        task.function,
        task.signature,
        task.docstring,
        task.body,
        task.helpers,
        task.uses_numpy,
    )
    return Drill(
        id=drill_id,
        title=title,
        function=task.function,
        signature=task.signature.strip(),
        summary=summary,
        returns=returns,
        starter=starter,
        reference=reference,
        cases=cases,
        expected=expected,
        mistakes=mistakes,
        tolerance=tolerance or Tolerance(),
        strict_floats=strict_floats,
        topics=topics,
        tags=dict(tags or {}),
    )
