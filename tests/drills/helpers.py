"""Shared pieces of the drill tests: tight limits, so runaway code is stopped in seconds."""

from __future__ import annotations

import pytest

from quizapp.drills import Drill, Limits, Verdict, check_source

# Short enough that the limit tests stay fast, long enough for NumPy to start on a busy machine.
FAST = Limits(cpu_s=2, wall_s=8.0)


def run_check(drill: Drill, source: str, limits: Limits = FAST) -> Verdict:
    return check_source(drill, source.encode(), "learner.py", limits)


def patched(reference: str, replacements: list[tuple[str, str]]) -> str:
    """The reference with each (old, new) applied once; a missing ``old`` fails the test."""
    for old, new in replacements:
        if old not in reference:
            pytest.fail(f"the reference no longer contains {old!r}")
        reference = reference.replace(old, new)
    return reference
