"""Templates row: numeric template draws per second across every template."""

from __future__ import annotations

import time

import numpy as np

from benchmarks.common import Row
from quizapp.templates import TEMPLATES


def rows() -> list[Row]:
    templates = list(TEMPLATES.values())
    draws = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 1.5:
        for template in templates:
            template.draw(draws, {})
            draws += 1
    elapsed = time.perf_counter() - start
    base_start = time.perf_counter()
    for seed in range(draws):
        np.random.default_rng(seed).normal(size=8)
    baseline = (time.perf_counter() - base_start) / draws
    return [
        Row(
            "templates: numeric draws per second (all templates)",
            elapsed / draws,
            baseline,
            "default_rng(seed).normal(8) per draw",
            target=1000,
            target_op=">=",
            value=draws / elapsed,
            unit="draws/s",
        )
    ]
