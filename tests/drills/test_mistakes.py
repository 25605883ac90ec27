"""Every named mistake of every drill: a wrong solution with that slip is caught and named."""

from __future__ import annotations

import pytest

from quizapp.drills import DRILLS
from quizapp.drills.verdict import RaisedError, WrongAnswer, WrongShape
from tests.drills.helpers import patched, run_check
from tests.drills.wrong_solutions import WRONG

PAIRS = [(d.id, m.id) for d in DRILLS.values() for m in d.mistakes]


def test_every_named_mistake_has_a_wrong_solution() -> None:
    missing = [pair for pair in PAIRS if pair[1] not in WRONG.get(pair[0], {})]
    extra = [
        (drill_id, mistake_id)
        for drill_id, patches in WRONG.items()
        for mistake_id in patches
        if (drill_id, mistake_id) not in PAIRS
    ]
    assert not missing and not extra


@pytest.mark.parametrize(("drill_id", "mistake_id"), PAIRS)
def test_wrong_solution_is_caught_and_named(drill_id: str, mistake_id: str) -> None:
    drill = DRILLS[drill_id]
    source = patched(drill.reference, WRONG[drill_id][mistake_id])
    verdict = run_check(drill, source)
    assert not verdict.passed
    outcome = verdict.outcome
    assert isinstance(outcome, WrongAnswer | WrongShape | RaisedError), outcome
    assert outcome.mistake is not None, f"{drill_id}: no mistake named for {outcome}"
    assert outcome.mistake.id == mistake_id
