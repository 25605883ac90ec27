"""Implement-it drills: the learner writes a cell (or its gradient) in NumPy; the engine grades it.

```python
from quizapp.drills import DRILLS, get_drill, check_file, render_verdict
drill = get_drill("gru-step.keep.after")      # UnknownDrill (a KeyError) if there is none
drill.starter, drill.reference                # complete Python files
verdict = check_file(drill, Path("gru.py"))   # runs in a separate, limited process
print(render_verdict(verdict)); verdict.passed
```
A drill is quizapp's own code: a bank can name a drill, never code to run. This package
imports the engine and NumPy only (no Textual, YAML, TUI or store).
"""

from __future__ import annotations

from quizapp.drills import (
    bptt,
    clipping,
    conversion,
    counting,
    gru_step,
    lstm_backward,
    lstm_forward,
    lstm_step,
    padding,
    rnn_step,
    sigmoid,
)
from quizapp.drills.check import DEFAULT_LIMITS, check_file, check_source
from quizapp.drills.model import Drill
from quizapp.drills.render import render_verdict
from quizapp.drills.runner import Limits
from quizapp.drills.verdict import Verdict

DRILLS: dict[str, Drill] = {
    drill.id: drill
    for module in (
        sigmoid,
        rnn_step,
        lstm_step,
        gru_step,
        lstm_forward,
        padding,
        bptt,
        lstm_backward,
        clipping,
        counting,
        conversion,
    )
    for drill in module.DRILLS
}


class UnknownDrill(KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown drill"


def get_drill(drill_id: str) -> Drill:
    try:
        return DRILLS[drill_id]
    except KeyError:
        raise UnknownDrill(f"unknown drill '{drill_id}'") from None


__all__ = [
    "DEFAULT_LIMITS",
    "DRILLS",
    "Drill",
    "Limits",
    "UnknownDrill",
    "Verdict",
    "check_file",
    "check_source",
    "get_drill",
    "render_verdict",
]
