"""The draw's shortcuts give the variant the whole path gives.

A ``DraftTemplate`` decides a redraw from its numbers alone and writes the text only for the
draw it keeps; ``collides`` and ``name_coinciding`` rule out far-apart answers by their first
number before ``check_numeric``. Each is checked here against the general form it replaced:
the whole build, ``Variant.colliding_mistakes``, and a check of every pair.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest

from quizapp.i18n import Language
from quizapp.templates import TEMPLATES
from quizapp.templates.base import (
    MAX_REDRAWS,
    Block,
    DraftTemplate,
    Mistake,
    Prose,
    Template,
    Tolerance,
    Variant,
    _generator,
    _name_salt,
    collides,
    draw_blocks,
    draw_rounded,
    name_coinciding,
)
from quizapp.templates.prose import prose
from quizapp.tolerance import check_numeric
from tests.templates.test_draw_bounds import SEEDS, corners
from tests.templates.test_templates import PARAM_SETS

DRAFTED = sorted(name for name, t in TEMPLATES.items() if isinstance(t, DraftTemplate))


def test_the_templates_that_redraw_most_are_drafted() -> None:
    assert {"lstm_step", "lstm_cell_jacobian", "gru_step", "irnn_steps"} <= set(DRAFTED)


@pytest.mark.parametrize("name", DRAFTED)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_draft_renders_the_variant_its_build_gives(name: str, language: Language) -> None:
    """render(numbers(rng)) is build(rng); the draft's slips are the variant's mistakes'
    answers in order, and it collides exactly when the variant lists a colliding mistake."""
    template = TEMPLATES[name]
    assert isinstance(template, DraftTemplate)
    tr = prose(language)
    for params in [{}, *PARAM_SETS.get(name, [])]:
        parsed = template.params_model.parse(params)
        for seed in range(60):
            key = [seed, _name_salt(name)]
            draft = template.numbers(_generator(key), parsed)
            variant = template.render(draft, parsed, tr)
            assert variant == template.build(_generator(key), parsed, tr), (params, seed)
            assert draft.answer == variant.answer and draft.tolerance == variant.tolerance
            assert list(draft.slips) == [m.answer for m in variant.mistakes], (params, seed)
            listed = bool(variant.colliding_mistakes())
            assert collides(draft.answer, draft.tolerance, draft.slips) == listed, (params, seed)


@pytest.mark.parametrize("name", DRAFTED)
def test_a_drafted_draw_needs_few_tries_within_the_declared_bounds(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``test_draw_bounds`` counts builds: a drafted template's tries are its ``numbers``."""
    from quizapp.banks.template_checks import LOAD_SEEDS, draw_problem
    from tests.templates.test_draw_bounds import MAX_BUILDS

    template = TEMPLATES[name]
    assert isinstance(template, DraftTemplate)
    tries = 0
    numbers = template.numbers

    def counted(rng: object, params: object) -> object:
        nonlocal tries
        tries += 1
        return numbers(rng, params)  # type: ignore[arg-type]

    monkeypatch.setattr(template, "numbers", counted)
    worst = 0
    for data in corners(template.params_model):
        if draw_problem(template, data, LOAD_SEEDS) is not None:
            continue
        for seed in SEEDS:
            tries = 0
            template.draw(seed, data)
            worst = max(worst, tries)
    assert 1 <= worst <= min(MAX_BUILDS, MAX_REDRAWS)


def _every_pair(mistakes: tuple[Mistake, ...], tolerance: Tolerance) -> list[list[int]]:
    """For each mistake, the others graded alike, by a check of every pair (the general form)."""
    return [
        [
            i
            for i, other in enumerate(mistakes)
            if i != j and check_numeric(other.answer, m.answer, tolerance)
        ]
        for j, m in enumerate(mistakes)
    ]


TOLERANCES = [Tolerance(abs=0.01), Tolerance(abs=0.0), Tolerance(rel=0.02), Tolerance(sig_figs=3)]


@pytest.mark.parametrize("tolerance", TOLERANCES, ids=repr)
def test_the_first_number_test_never_hides_answers_graded_alike(tolerance: Tolerance) -> None:
    """Random answers near one another (floats, vectors, lengths that differ, inf and NaN):
    ``collides`` agrees with a check of every slip, and ``name_coinciding`` names exactly the
    pairs a check of every pair finds."""
    rng = random.Random(0)
    tr = prose("en")
    specials = [math.inf, -math.inf, math.nan, 0.0, -0.0, 1e-13]

    def number() -> float:
        if rng.random() < 0.05:
            return rng.choice(specials)
        return round(rng.uniform(-1, 1), rng.choice([1, 2, 3, 12]))

    def answer(length: int) -> float | list[float]:
        return number() if length == 0 else [number() for _ in range(length)]

    for _ in range(3000):
        length = rng.choice([0, 1, 2, 3])
        right = answer(length)
        slips = [answer(length if rng.random() < 0.9 else rng.choice([0, 1, 2])) for _ in range(5)]
        if rng.random() < 0.5:  # some slips close to the answer or to each other
            slips[rng.randrange(5)] = right
        zeros = [0.0] * len(right) if isinstance(right, list) else 0.0
        every = any(check_numeric(s, right, tolerance) for s in [*slips, zeros])
        assert collides(right, tolerance, slips) == every, (right, slips)
        mistakes = tuple(Mistake(f"m{k}", f"n{k}", "s", s, f"e{k}") for k, s in enumerate(slips))
        named = name_coinciding(mistakes, tolerance, tr)
        for m, pairs, original in zip(
            named, _every_pair(mistakes, tolerance), mistakes, strict=True
        ):
            assert (m.name == original.name) == (not pairs), (slips, pairs)
            for i in pairs:
                assert mistakes[i].name in m.name


def test_a_template_that_always_collides_returns_its_last_try() -> None:
    """After MAX_REDRAWS tries the last one is returned (``quizapp validate`` reports it)."""
    tries: list[int] = []

    class Always(Template):
        name = "always"
        summary = "test double"
        topics = ("numeric.lstm-step",)

        def build(self, rng: np.random.Generator, params: Any, tr: Prose) -> Variant:
            tries.append(1)
            value = float(rng.uniform(1, 2))
            same = Mistake("same", "same", "x", value, "none")
            return Variant({}, "p", value, Tolerance(abs=0.01), [], "a number", mistakes=(same,))

    variant = Always().draw(3)
    assert len(tries) == MAX_REDRAWS and variant.colliding_mistakes() and variant.seed == 3


def test_draw_blocks_gives_the_numbers_of_one_draw_rounded_per_block() -> None:
    """Over random block lists (shapes, bounds, decimals, empty blocks): the same arrays, bit
    for bit (signs of zero included), and the generator left at the same point."""
    pick = random.Random(1)
    shapes: list[Any] = [1, 2, 3, (2, 2), (3, 3), (1, 1), (2, 1), (3, 2), 0, (0,), (4,)]
    for _ in range(2000):
        blocks: list[Block] = []
        for _ in range(pick.randint(1, 10)):
            low = pick.choice([-1.0, -1.5, 0.1, 0.3, -0.9, -0.5, -3.0, 0.25, 1.0])
            span = pick.choice([0.0, 0.5, 1.0, 2.0, 0.65, 0.8, 6.0, 1e-3])
            blocks.append((pick.choice(shapes), low, low + span, pick.choice([1, 2])))
        seed = pick.randrange(10**6)
        one_by_one, at_once = np.random.default_rng(seed), np.random.default_rng(seed)
        expected = [draw_rounded(one_by_one, *block) for block in blocks]
        for want, got in zip(expected, draw_blocks(at_once, blocks), strict=True):
            assert want.shape == got.shape and np.array_equal(want, got), (blocks, seed)
            assert (np.signbit(want) == np.signbit(got)).all(), (blocks, seed)
        assert one_by_one.random() == at_once.random()


def test_draw_blocks_refuses_what_uniform_refuses() -> None:
    with pytest.raises(ValueError, match="high - low"):
        draw_blocks(np.random.default_rng(0), [(2, 0.0, 1.0, 1), (2, 1.0, 0.0, 1)])
