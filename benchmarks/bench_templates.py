"""Templates rows: numeric template draws per second, against a target of 2,000.

Two workloads, each timed in interleaved rounds against the same number of bare seeded draws
(``default_rng(seed).normal(size=8)``): every registered template at its default params, and
every template question of the shipped banks with the params it gives (the draws a learner
meets, the heavy curves included). Seeds never repeat, so no per-seed cache can flatter; what
may be reused across draws is what the app reuses too (a question's validated params). Each
round is whole passes over the workload, long enough to hold the slow tail of redraws. The
verdict is the median draws/s over the rounds, min-max beside it (and the overall rate in
the JSON).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from typing import Any

import numpy as np

from benchmarks.common import Row, median_of_interleaved

TARGET = 2000.0  # draws per second (issue 18)
ROUNDS = 9
# A round is whole passes over the workload, at least this many draws: per-draw costs are
# heavy-tailed (a redraw can take ten builds), so a short round's median would skip the tail.
MIN_DRAWS_PER_ROUND = 500


def rows() -> list[Row]:
    from quizapp.templates import TEMPLATES

    defaults: list[tuple[str, dict[str, Any]]] = [(name, {}) for name in TEMPLATES]
    return [
        _row("templates: draws/s, every template at its defaults", defaults),
        _row("templates: draws/s, the shipped banks' template questions", _bank_questions()),
    ]


def _bank_questions() -> list[tuple[str, dict[str, Any]]]:
    from quizapp.banks import load_banks
    from quizapp.banks.models import NumericQuestion
    from quizapp.paths import builtin_banks_dir, topics_file
    from quizapp.templates import TEMPLATES

    result = load_banks([builtin_banks_dir()], topics_path=topics_file(), templates=TEMPLATES)
    return [
        (q.template, dict(q.params))
        for q in result.questions.values()
        if isinstance(q, NumericQuestion) and q.template is not None
    ]


def _row(name: str, workload: list[tuple[str, dict[str, Any]]]) -> Row:
    from quizapp.templates import TEMPLATES

    seeds: Iterator[int] = itertools.count()
    passes = -(-MIN_DRAWS_PER_ROUND // len(workload))  # every round draws the same mix
    per_round = passes * len(workload)

    def draws() -> None:
        for _ in range(passes):
            for template, params in workload:
                TEMPLATES[template].draw(next(seeds), params)

    def bare() -> None:
        for _ in range(per_round):
            np.random.default_rng(next(seeds)).normal(size=8)

    spread = median_of_interleaved(draws, bare, rounds=ROUNDS)
    rates = [per_round / s for s in spread.subject]

    def per_draw(times: list[float]) -> float:
        return statistics.median(times) / per_round

    extra = spread.extra()
    extra.update(
        draws_per_s_median=statistics.median(rates),
        draws_per_s_min=min(rates),
        draws_per_s_max=max(rates),
        draws_per_s_overall=per_round * len(rates) / sum(spread.subject),
        questions=float(len(workload)),
    )
    return Row(
        name,
        per_draw(spread.subject),
        per_draw(spread.baseline),
        "default_rng(seed).normal(8) per draw",
        target=TARGET,
        target_op=">=",
        value=statistics.median(rates),
        unit="draws/s",
        notes=(
            f"{len(workload)} question(s); draws/s median {statistics.median(rates):.0f} "
            f"(min {min(rates):.0f}, max {max(rates):.0f}) over {ROUNDS} interleaved rounds"
        ),
        extra=extra,
    )
