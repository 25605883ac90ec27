"""What both exporters share: which banks to read, loading them, drawing numeric variants.

Variants are drawn with the same code the app uses (``quizapp.core.presenter``) from seeds
derived from the question id, so an export is the same every time it is run.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quizapp.banks import (
    BankError,
    ChoiceQuestion,
    LoadResult,
    MultiQuestion,
    NumericQuestion,
    SpotTheMistakeQuestion,
    load_banks,
)
from quizapp.core.formatting import format_answer
from quizapp.core.presenter import present, worked_steps
from quizapp.i18n import Language, current_language
from quizapp.paths import builtin_banks_dir, topics_file, user_banks_dir

# the kinds answered by lettered options, which both exporters list with their marks and feedback
OptionQuestion = ChoiceQuestion | MultiQuestion | SpotTheMistakeQuestion


class ExportError(Exception):
    """An export that cannot go ahead; ``lines`` are shown one per line, no traceback."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def export_paths(
    data_dir: Path, banks: Sequence[Path] = (), extra: Sequence[Path] = ()
) -> list[Path]:
    """``--bank`` paths alone when given; otherwise built-in banks, user banks and ``extra``."""
    if banks:
        return [Path(p) for p in banks]
    paths = [builtin_banks_dir()]
    user_dir = user_banks_dir(data_dir)
    if user_dir.is_dir():
        paths.append(user_dir)
    paths.extend(Path(p) for p in extra)
    return paths


def load_for_export(paths: Iterable[Path]) -> LoadResult:
    """Load every bank; any error at all refuses the export (raises ``ExportError``)."""
    from quizapp.templates import TEMPLATES

    paths = list(paths)
    missing = [BankError(str(p), 1, 1, "no such file or folder") for p in paths if not p.exists()]
    result = load_banks(
        [p for p in paths if p.exists()], topics_path=topics_file(), templates=TEMPLATES
    )
    errors = sorted([*missing, *result.errors])
    if errors:
        raise ExportError(
            [str(e) for e in errors]
            + [f"nothing exported: {len(errors)} error(s) in the banks; fix them and rerun"]
        )
    if not result.questions:
        raise ExportError(["nothing exported: no questions found in the given banks"])
    return result


def variant_seeds(question_id: str, count: int) -> list[int]:
    """``count`` deterministic seeds for a template question, distinct per question."""
    seeds = []
    for k in range(count):
        digest = hashlib.sha256(f"{question_id}#variant{k}".encode()).digest()
        seeds.append(int.from_bytes(digest[:4], "big") % (2**31 - 1))
    return seeds


@dataclass(frozen=True)
class DrawnVariant:
    seed: int
    prompt: str  # the question's prompt followed by the drawn numbers
    answer: str
    tolerance: str
    steps: tuple[tuple[str, str, str], ...]  # (label, formula, value)


def draw_variant(
    question: NumericQuestion, seed: int, language: Language | None = None
) -> DrawnVariant:
    """One template variant exactly as the app would present it for ``seed`` (in ``language``,
    by default the current one: an export's ``--lang``)."""
    language = language or current_language()
    where = f"{question.source_path or question.bank_id}: question {question.id}"
    try:
        presented = present(
            question.to_record(), random.Random(seed), variant_seed=seed, language=language
        )
    except Exception as exc:  # a template bug becomes a positioned-style message, not a traceback
        raise ExportError(
            [f"{where}: template '{question.template}' failed for seed {seed}: {exc}"]
        ) from None
    variant = presented.variant
    if variant is None:
        raise ExportError([f"{where}: has no template to draw a variant from"])
    steps = tuple((s.label, s.formula, s.value) for s in worked_steps(presented))
    answer = variant.answer
    shown = (
        format_answer(float(answer))
        if isinstance(answer, int | float)
        else format_answer([float(v) for v in np.ravel(answer)])
    )
    return DrawnVariant(
        seed=seed,
        prompt=presented.prompt,
        answer=shown,
        tolerance=variant.tolerance.describe(language),
        steps=steps,
    )


def fixed_answer(question: NumericQuestion) -> str:
    answer = question.answer
    if answer is None:
        raise ExportError([f"{question.id}: a template question has no fixed answer"])
    if isinstance(answer, int | float):
        return format_answer(float(answer))
    return format_answer([float(v) for v in answer])


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one go; any OS problem is one friendly line."""
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        path.write_bytes(data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError | NotADirectoryError):
            reason = f"{reason} (does the folder {path.parent} exist?)"
        raise ExportError([f"{path}: cannot write the export: {reason}"]) from None
