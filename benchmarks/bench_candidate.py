"""The simulated candidate (``benchmarks/candidate.py``) on the interview day, 7 and 14 days out.

Rows per horizon, the app's way (interview date set, new questions in the syllabus's order)
against the baseline run in the same script (plain FSRS, bank-file order, 20 new a day):
- mean expected recall of every built-in question on the day (target at 7 days: >= 0.80);
- topics never reached (target at 7 days: 0), with the share of questions never introduced.
The figures are recall, not time: ``value`` is the app's, the baseline's is in the notes and the
JSON's ``extra``; a seeded draw decides each answer, so a run is reproducible.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.candidate import Outcome, run
from benchmarks.common import Row
from quizapp.core.catalog import load_catalog

HORIZONS = (7, 14)
TARGET_RECALL = 0.80  # at 7 days, the target


def rows() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        catalog = load_catalog(Path(tmp), cache=False)
    out: list[Row] = []
    for days in HORIZONS:
        ours = run(catalog, days, app_way=True)
        base = run(catalog, days, app_way=False)
        targeted = days == 7
        out.append(
            Row(
                f"candidate {days} days: mean recall on the day",
                None,
                None,
                "plain FSRS, bank-file order, 20 new a day",
                target=TARGET_RECALL if targeted else None,
                target_op=">=",
                value=ours.mean_recall,
                unit="recall",
                notes=f"baseline {base.mean_recall:.3f}; " + _load(ours, base),
                extra=_extra(ours, base),
            )
        )
        out.append(
            Row(
                f"candidate {days} days: topics never reached",
                None,
                None,
                "the same baseline",
                target=0 if targeted else None,
                value=len(ours.topics_missed),
                unit="topics",
                notes=(
                    f"never introduced {ours.never_introduced:.0%} (baseline "
                    f"{base.never_introduced:.0%}, {len(base.topics_missed)} topics never reached)"
                ),
                extra=_extra(ours, base),
            )
        )
    return out


def _load(ours: Outcome, base: Outcome) -> str:
    return (
        f"answers {ours.answers} (baseline {base.answers}), at most {ours.max_answers_per_day} "
        f"a day (baseline {base.max_answers_per_day}), new a day {list(ours.new_per_day)}"
    )


def _extra(ours: Outcome, base: Outcome) -> dict[str, float]:
    return {
        "recall": ours.mean_recall,
        "baseline_recall": base.mean_recall,
        "never_introduced": ours.never_introduced,
        "baseline_never_introduced": base.never_introduced,
        "topics_missed": len(ours.topics_missed),
        "baseline_topics_missed": len(base.topics_missed),
        "answers": ours.answers,
        "baseline_answers": base.answers,
        "max_answers_per_day": ours.max_answers_per_day,
    }
