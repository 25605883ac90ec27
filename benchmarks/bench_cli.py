"""CLI row: ``quizapp --help`` (the console script) against ``python -c "import textual"``.

Listing the subcommands must not import them: the help is what a learner types first, and
it should come back before Textual alone could load. Both run as fresh processes, alternating
in each round; the row is the median of the per-round ratios with their min-max. The help
must list every subcommand with its one-line summary, so a faster help that lost them fails.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Row

ROUNDS = 15
TARGET = 0.5
QUIZAPP = Path(sys.executable).with_name("quizapp")


def _timed(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def listed_commands(help_text: str) -> list[str]:
    """The names in the "Commands:" section of click's help (up to its blank line)."""
    section = help_text.split("Commands:\n", 1)[-1].split("\n\n", 1)[0]
    return [
        match.group(1) for line in section.splitlines() if (match := re.match(r"^  (\S+)", line))
    ]


def rows() -> list[Row]:
    import click

    from quizapp.cli import main

    expected = sorted(main.list_commands(click.Context(main)))
    help_argv = [str(QUIZAPP), "--help"]
    textual_argv = [sys.executable, "-c", "import textual"]
    _, text = _timed(help_argv)
    if listed_commands(text) != expected:
        raise AssertionError(f"quizapp --help lists {listed_commands(text)}, not {expected}")
    _timed(textual_argv)
    load_before = os.getloadavg()[0]
    ours: list[float] = []
    base: list[float] = []
    for k in range(ROUNDS):
        pair = [(help_argv, ours), (textual_argv, base)]
        for argv, times in pair if k % 2 == 0 else reversed(pair):
            times.append(_timed(argv)[0])
    ratios = [o / b for o, b in zip(ours, base, strict=True)]
    return [
        Row(
            "cli: quizapp --help vs python -c 'import textual'",
            statistics.median(ours),
            statistics.median(base),
            "python -c 'import textual'",
            target=TARGET,
            value=statistics.median(ratios),
            unit="x",
            notes=(
                f"median of {ROUNDS} paired ratios (min {min(ratios):.2f}, max {max(ratios):.2f}); "
                f"{len(expected)} subcommands listed with their summaries; load {load_before:.1f}"
            ),
            extra={
                "ratio_median": statistics.median(ratios),
                "ratio_min": min(ratios),
                "ratio_max": max(ratios),
                "subject_s_median": statistics.median(ours),
                "baseline_s_median": statistics.median(base),
            },
        )
    ]
