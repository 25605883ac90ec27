"""The worked solution fits the screen: at 80 columns every step's formula and value is shown
whole, wrapped inside its column, for every template question of the shipped banks."""

from __future__ import annotations

import itertools

import pytest
from rich.cells import cell_len
from rich.console import Console

from quizapp.banks.frozen import NumericRecord
from quizapp.core.catalog import Catalog, load_catalog
from quizapp.core.presentation import PresentedQuestion, WorkedStepView
from quizapp.core.presenter import worked_steps
from quizapp.i18n import Language
from quizapp.templates import get_template
from quizapp.tui.widgets.worked_solution import SLIPPED_MARK, steps_table

WIDTH = 74  # the table's room at 80 columns: the body's padding and its scrollbar taken off
SEEDS = range(3)
LANGUAGES: tuple[Language, ...] = ("en", "zh")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(tmp_path_factory.mktemp("data"))


def _steps(
    question: NumericRecord, seed: int, language: Language = "en"
) -> tuple[WorkedStepView, ...]:
    assert question.template is not None
    template = get_template(question.template)
    variant = template.draw(seed, dict(question.params or {}), language=language)
    return worked_steps(
        PresentedQuestion(question=question, prompt=variant.prompt, variant=variant)
    )


def _rendered(steps: tuple[WorkedStepView, ...], slipped: str | None = None) -> list[str]:
    console = Console(width=WIDTH, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(steps_table(steps, slipped))
    return captured.get().splitlines()


def _ink(text: str) -> str:
    """What is printed of ``text``: no spaces, no rules."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "─")


def test_every_template_questions_steps_fit_80_columns_and_lose_nothing(
    catalog: Catalog,
) -> None:
    checked = 0
    for question in catalog.questions.values():
        if not isinstance(question, NumericRecord) or not question.template:
            continue
        for seed, language in itertools.product(SEEDS, LANGUAGES):
            steps = _steps(question, seed, language)
            lines = _rendered(steps)
            assert all(cell_len(line) <= WIDTH for line in lines), question.id
            cells = "".join(_ink(s.label + s.formula + s.value) for s in steps)
            header = _ink("stepformulavalue")
            # every character of every cell is on screen: folded or wrapped, never cut
            assert len(_ink("".join(lines))) == len(cells) + len(header), (
                question.id,
                seed,
                language,
            )
            checked += 1
    assert checked > 200  # the shipped banks' template questions, three draws in each language


def test_the_slipped_step_is_marked_and_a_wrapped_row_starts_at_its_label(
    catalog: Catalog,
) -> None:
    question = catalog.questions["numeric_drills.rnn-jacobian-3"]
    assert isinstance(question, NumericRecord)
    steps = _steps(question, 19)
    lines = _rendered(steps, slipped="J")
    labels = [line.split()[0] for line in lines[2:] if line[:1] != " " and line.strip()]
    assert labels[-1] == SLIPPED_MARK.strip()  # "▶ J": the diagnosis's step
    assert len(lines) > len(steps) + 2  # its nine values wrapped, under the value column
    formula_column = lines[0].index("formula")
    continuation = [line for line in lines[2:] if line[:1] == " "]
    assert continuation  # the step column is blank on a wrapped row's later lines
    assert all(not line[:formula_column].strip() for line in continuation)
