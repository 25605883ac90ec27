"""What every numeric template returns, and the small helpers templates share.

A template draws small readable numbers from a seed (weights to one decimal), asks the engine
for the exact answer computed from those rounded numbers, and returns the answer, a tolerance
fit for hand computation, and the worked solution as ordered steps. Same seed, same variant.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from quizapp.i18n import Language
from quizapp.templates.collisions import (
    collides,
    far_apart,
    first_number,
    reach_of,
    surely_collides,
)
from quizapp.templates.drafts import Draft, LazyDraft
from quizapp.templates.drawing import Block, draw_blocks, draw_rounded
from quizapp.templates.params import Field, Params
from quizapp.templates.prose import Prose, prose
from quizapp.tolerance import check_numeric

__all__ = [
    "Block",
    "Draft",
    "DraftTemplate",
    "Field",
    "LazyDraft",
    "Mistake",
    "Params",
    "Prose",
    "Template",
    "Tolerance",
    "Variant",
    "WorkedStep",
    "collides",
    "draw_blocks",
    "draw_rounded",
    "surely_collides",
]


@dataclass(frozen=True)
class Tolerance:
    """Exactly one of abs, rel or sig_figs: the same names the bank format uses."""

    abs: float | None = None
    rel: float | None = None
    sig_figs: int | None = None

    def describe(self, language: Language = "en") -> str:
        tr = prose(language)
        if self.abs is not None:
            return tr("exact") if self.abs == 0 else tr("within ±{abs:g}", abs=self.abs)
        if self.rel is not None:
            if self.rel >= 0.01:
                return tr("within {rel:.0%}", rel=self.rel)
            return tr("within a relative {rel:g}", rel=self.rel)
        return tr("to {figures} significant figures", figures=self.sig_figs)


@dataclass(frozen=True)
class WorkedStep:
    label: str
    formula: str
    value: float | list[float] | str


@dataclass(frozen=True)
class Mistake:
    """A common wrong method, and the answer it gives on this variant's numbers.

    ``convention``: the answer is right under another framework or convention (Keras's bias
    layout, the other GRU update direction...), so feedback says so instead of "wrong".
    """

    id: str  # stable across variants, e.g. "lstm.no-forget-gate"
    name: str  # what the learner did, e.g. "the forget gate was left out"
    step: str  # label of the worked step where the method goes astray
    answer: float | list[float]
    explanation: str  # what that step does instead
    convention: bool = False


@dataclass(frozen=True)
class Variant:
    givens: dict[str, Any]
    prompt: str
    answer: float | list[float]
    tolerance: Tolerance
    steps: list[WorkedStep]
    answer_form: str
    seed: int = 0
    extras: dict[str, Any] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    language: Language = "en"  # the language of its text; the numbers are the same in every one

    def colliding_mistakes(self) -> list[Mistake]:
        """Wrong methods whose answer would be graded right on these numbers.

        An all-zero answer counts as one: from a small step "0, 0" must not pass for
        h = [0.005, −0.010].
        """
        zeros = [0.0] * len(self.answer) if isinstance(self.answer, list) else 0.0
        tr = prose(self.language)
        guard = Mistake("zero", tr("an all-zero answer"), "", zeros, tr("Compute each value."))
        return [
            m
            for m in (*self.mistakes, guard)
            if check_numeric(m.answer, self.answer, self.tolerance)
        ]


def name_coinciding(
    mistakes: tuple[Mistake, ...], tolerance: Tolerance, tr: Prose
) -> tuple[Mistake, ...]:
    """Each mistake also named for the others whose answer would be taken for it.

    Feedback names the first listed mistake within the tolerance of the learner's answer. When
    two wrong methods give the same answer on a variant's numbers (ReLU left out, and ReLU
    applied once at the end, agree whenever no final sum is negative), naming one of them
    could name the wrong one. Some pairs agree on every draw (PyTorch's two-bias count of a GRU
    is the Keras count with reset_after=True), so drawing other numbers cannot separate them:
    instead mistake m names every other mistake n whose answer is graded as m's ("m, or n; on
    these numbers they give the same answer", with both explanations) and reads as another
    convention only if all of them are. Ids, steps and answers stay as they were.
    """
    if len(mistakes) < 2:
        return mistakes
    firsts = [first_number(m.answer) for m in mistakes]
    named: list[Mistake] = []
    for j, mistake in enumerate(mistakes):
        reach = reach_of(firsts[j], tolerance)
        others = [
            other
            for i, other in enumerate(mistakes)
            if other is not mistake
            and not far_apart(firsts[i], firsts[j], reach)
            and check_numeric(other.answer, mistake.answer, tolerance)
        ]
        if not others:
            named.append(mistake)
            continue
        names, explanation = mistake.name, mistake.explanation
        for other in others:
            names = tr("{names}, or {name}", names=names, name=other.name)
            explanation = tr(
                "{explanation} Or, for “{name}”: {other}",
                explanation=explanation,
                name=other.name,
                other=other.explanation,
            )
        named.append(
            dataclasses.replace(
                mistake,
                name=tr("{names}; on these numbers they give the same answer", names=names),
                explanation=explanation,
                convention=mistake.convention and all(other.convention for other in others),
            )
        )
    return tuple(named)


MAX_REDRAWS = 256  # a one-unit step from zero state can need ~100 draws to separate all


class Template:
    """Subclasses set name, summary, topics and Params, and implement ``build`` (or, to draw
    again without writing the text of numbers that are then thrown away, ``DraftTemplate``'s
    ``numbers`` and ``render``)."""

    name: ClassVar[str]
    summary: ClassVar[str]
    topics: ClassVar[tuple[str, ...]]
    params_model: ClassVar[type[Params]] = Params

    def draw(
        self, seed: int, params: dict[str, Any] | None = None, *, language: Language = "en"
    ) -> Variant:
        """The variant for ``seed``: numbers are drawn again (from a sub-seed) while a listed
        mistake would land within the tolerance, so a wrong method is never graded right.
        If no draw separates them, the last one is returned and ``quizapp validate`` says so.
        Wrong methods that agree with each other are named together (``name_coinciding``).
        ``language`` sets the text (prompt, answer form, step labels, mistakes); the numbers,
        the redraws and the answer are the same in every language.
        """
        parsed = self.params_model.parse(params or {})
        salt = _name_salt(self.name)
        tr = prose(language)
        variant = None
        attempt = 0
        while variant is None:
            key = [int(seed), salt] if attempt == 0 else [int(seed), salt, attempt]
            attempt += 1
            variant = self.attempt(_generator(key), parsed, tr, last=attempt == MAX_REDRAWS)
        v = variant  # built here, not copied with dataclasses.replace: a draw's fixed cost
        return Variant(
            givens=v.givens,
            prompt=v.prompt,
            answer=v.answer,
            tolerance=v.tolerance,
            steps=v.steps,
            answer_form=v.answer_form,
            seed=int(seed),
            extras=v.extras,
            mistakes=name_coinciding(v.mistakes, v.tolerance, tr),
            language=language,
        )

    def attempt(
        self, rng: np.random.Generator, params: Any, tr: Prose, *, last: bool
    ) -> Variant | None:
        """The variant ``rng`` gives, or None when a listed mistake lands within its tolerance
        (then the draw tries other numbers), unless this is the ``last`` try."""
        variant = self.build(rng, params, tr)
        answers = [mistake.answer for mistake in variant.mistakes]
        if not last and collides(variant.answer, variant.tolerance, answers):
            return None
        return variant

    def build(
        self, rng: np.random.Generator, params: Any, tr: Prose
    ) -> Variant:  # pragma: no cover
        raise NotImplementedError


class DraftTemplate(Template):
    """A template whose draws often need redrawing: ``numbers`` draws and computes, ``render``
    writes the text, and only for the numbers the draw keeps. ``render(numbers(rng))`` is what
    ``build`` gives, so the variant is the same as if it were built whole each time. A draft
    may compute its exact numbers only when they are read, and rule a draw out before
    (``Draft.surely_collides``): then a redraw costs the drawing and an estimate."""

    def attempt(
        self, rng: np.random.Generator, params: Any, tr: Prose, *, last: bool
    ) -> Variant | None:
        draft = self.numbers(rng, params)
        if not last and (
            draft.surely_collides() or collides(draft.answer, draft.tolerance, draft.slips)
        ):
            return None
        return self.render(draft, params, tr)

    def build(self, rng: np.random.Generator, params: Any, tr: Prose) -> Variant:
        return self.render(self.numbers(rng, params), params, tr)

    def numbers(self, rng: np.random.Generator, params: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    def render(self, draft: Any, params: Any, tr: Prose) -> Variant:  # pragma: no cover
        raise NotImplementedError


def _generator(key: list[int]) -> np.random.Generator:
    """``np.random.default_rng(key)``, the same stream, built faster.

    default_rng(key) is Generator(PCG64(SeedSequence(key))), and SeedSequence reads a list of
    ints below 2**32 as exactly those uint32 words; handing it the words as an array skips its
    per-int conversion. Other keys (negative, wider) take the list path and its errors.
    """
    if min(key) >= 0 and max(key) < 2**32:
        return np.random.Generator(np.random.PCG64(np.array(key, dtype=np.uint32)))
    return np.random.default_rng(key)


@functools.cache
def _name_salt(name: str) -> int:
    return sum((k + 1) * ord(c) for k, c in enumerate(name))


def as_list(value: Any) -> Any:
    """Plain Python floats (nested lists for matrices), never NumPy types."""
    if type(value) is np.ndarray and value.dtype == np.float64:  # the usual case, no copy
        return value.tolist()
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return float(array)
    return array.tolist()


def fmt(value: Any, decimals: int = 4) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return _num(float(array), decimals)
    if array.ndim == 1:
        return _row(array.tolist(), decimals)
    return "[" + ", ".join([_row(row, decimals) for row in array.tolist()]) + "]"


@functools.lru_cache(maxsize=4096)  # drawn numbers repeat: one decimal in a small range
def _num(value: float, decimals: int) -> str:
    if value.is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def matrix_block(named: Sequence[tuple[str, Any]]) -> str:
    """Small matrices and vectors as an aligned code block, one per line; a one-element
    vector or matrix (one unit, one input) as the number it holds."""
    width = max([_cells(name) for name, _ in named])
    lines = []
    for name, value in named:
        array = value if type(value) is np.ndarray and value.dtype == float else None
        if array is None:
            array = np.asarray(value, dtype=float)
        padded = name + " " * (width - _cells(name))
        if array.size == 1:
            lines.append(f"{padded} = {_num(float(array.reshape(-1)[0]), 2)}")
        elif array.ndim == 2 and array.shape[0] > 1:
            rows = [_row(row, 2) for row in array.tolist()]
            lines.append(f"{padded} = [{rows[0]}")
            lines.extend(f"{'':<{width}}    {row}" for row in rows[1:-1])
            lines.append(f"{'':<{width}}    {rows[-1]}]")
        elif array.ndim == 1:
            lines.append(f"{padded} = {_row(array.tolist(), 2)}")
        else:
            lines.append(f"{padded} = {fmt(array if array.ndim < 2 else array[0], 2)}")
    return "```\n" + "\n".join(lines) + "\n```"


@functools.lru_cache(maxsize=1024)  # a template lists the same few names on every draw
def _cells(name: str) -> int:
    """Terminal cells a given's name takes: a wide (CJK) character two, anything else one
    (as ``len`` counts it, so English listings are laid out exactly as before)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in name)


def _row(values: list[float], decimals: int) -> str:
    return _row_text(tuple(values), decimals)


@functools.lru_cache(maxsize=8192)  # rows of small rounded numbers repeat as the numbers do
def _row_text(values: tuple[float, ...], decimals: int) -> str:
    return "[" + ", ".join([_num(v, decimals) for v in values]) + "]"


def vector_form(tr: Prose, length: int, decimals: int = 3) -> str:
    if length == 1:
        return tr("a number, to {decimals} decimals", decimals=decimals)
    return tr(
        "a vector of {length} numbers, to {decimals} decimals", length=length, decimals=decimals
    )


def figures_form(tr: Prose, length: int = 1, figures: int = 3) -> str:
    """For answers whose size varies by orders of magnitude, graded with a relative tolerance:
    a value rounded to 3 significant figures is less than 0.5% off, so a relative tolerance of
    0.5% or more accepts it on every draw."""
    if length == 1:
        return tr("a number, to {figures} significant figures", figures=figures)
    return tr(
        "a vector of {length} numbers, each to {figures} significant figures",
        length=length,
        figures=figures,
    )
