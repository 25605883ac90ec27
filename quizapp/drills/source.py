"""The starter and reference files a drill hands out: one header, one docstring, two bodies.

Both are complete Python files importing only NumPy. The starter runs and raises
NotImplementedError with a friendly message (the checker reports it as "not written yet"); the
reference passes every hidden case. They share the header and the docstring, so the task a
learner reads is the task the reference solves.
"""

from __future__ import annotations

import textwrap

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
) -> tuple[str, str]:
    """(starter, reference) for one drill.

    ``signature`` is the ``def`` line(s) without the trailing docstring; ``docstring`` and
    ``body`` are written unindented; ``helpers`` are top-level definitions the reference uses.
    """
    header = textwrap.dedent(
        f'''\
        """Drill {drill_id}: {title}.

        Write {function} below, then check it (it runs on hidden cases: small hand-sized ones,
        random sizes, batches, edge cases; every output is compared with quizapp's engine):

            quizapp drill check {drill_id} THIS_FILE

        Only NumPy and the standard library are available.
        """

        from __future__ import annotations

        import numpy as np
        '''
    )
    doc = textwrap.indent(f'"""{docstring.strip()}\n"""', "    ")
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
