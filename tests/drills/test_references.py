"""The registry and its files: every reference passes, every starter runs and says so, the
hidden cases are seeded, and each hand-written slip with no slip equals the engine."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from quizapp.drills import DRILLS, UnknownDrill, get_drill
from quizapp.drills.bptt import bptt_by_hand, jacobian_by_hand
from quizapp.drills.cells import gru_by_hand, lstm_by_hand
from quizapp.drills.lstm_backward import backward_by_hand
from quizapp.drills.model import Case
from quizapp.drills.verdict import NotWritten, Passed
from quizapp.paths import topics_file
from tests.drills.helpers import run_check

IDS = list(DRILLS)
REQUIRED_LABELS = ("hand-sized", "random")


def test_at_least_fourteen_drills_with_distinct_ids_and_functions() -> None:
    assert len(DRILLS) >= 14
    assert all(drill_id == d.id for drill_id, d in DRILLS.items())
    assert len({d.family for d in DRILLS.values()}) >= 10


def test_unknown_drill_is_a_key_error_with_a_message() -> None:
    with pytest.raises(UnknownDrill, match="unknown drill 'nope'"):
        get_drill("nope")


@pytest.mark.parametrize("drill_id", IDS)
def test_reference_passes_every_case(drill_id: str) -> None:
    drill = DRILLS[drill_id]
    verdict = run_check(drill, drill.reference)
    assert isinstance(verdict.outcome, Passed), verdict
    assert verdict.cases_passed == verdict.cases_total == len(drill.cases()) >= 5


@pytest.mark.parametrize("drill_id", IDS)
def test_starter_runs_and_says_it_is_not_written(drill_id: str) -> None:
    drill = DRILLS[drill_id]
    verdict = run_check(drill, drill.starter)
    assert isinstance(verdict.outcome, NotWritten)
    assert f"quizapp drill check {drill_id}" in verdict.outcome.message
    assert drill.signature in drill.starter and drill.signature in drill.reference


@pytest.mark.parametrize("drill_id", IDS)
def test_cases_are_seeded_and_start_hand_sized(drill_id: str) -> None:
    drill = DRILLS[drill_id]
    first, second = drill.cases(), drill.cases()
    assert [c.label for c in first] == [c.label for c in second]
    for a, b in zip(first, second, strict=True):
        for name in a.args:
            assert _same(a.args[name], b.args[name])
    labels = " ".join(c.label for c in first)
    if drill.family not in ("param-count",):
        assert "hand-sized" in first[0].label
        assert any(word in labels for word in ("random", "large", "one unit", "one hidden"))


def _same(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(np.array_equal(np.asarray(a), np.asarray(b)))


def test_cell_drills_cover_batches_one_unit_zero_states_and_large_pre_activations() -> None:
    for drill_id in (
        "lstm-step.rows",
        "gru-step.keep.after",
        "rnn-step.columns",
        "lstm-forward.seq-first",
    ):
        labels = " ".join(c.label for c in DRILLS[drill_id].cases())
        for word in ("batch", "one hidden unit", "zero", "large pre-activations"):
            assert word in labels, (drill_id, word)


def test_large_cases_overflow_a_naive_sigmoid() -> None:
    """Every gate block of the large case has |a| > 709, where exp(-a) overflows."""
    drill = DRILLS["lstm-step.rows"]
    case = next(c for c in drill.cases() if c.label.startswith("large"))
    p = {k: np.asarray(v) for k, v in case.args.items()}
    a = p["x"] @ p["W_ih"].T + p["b_ih"] + p["h_prev"] @ p["W_hh"].T + p["b_hh"]
    assert (a < -709).any() and (a > 709).any()


def test_topics_exist_in_the_topic_list() -> None:
    known = {t["id"] for t in yaml.safe_load(topics_file().read_text())["topics"]}
    for drill in DRILLS.values():
        assert drill.topics and set(drill.topics) <= known, drill.id


RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_starter_and_reference_files_are_lint_clean(tmp_path: Path) -> None:
    ruff = str(RUFF)
    for drill in DRILLS.values():
        stem = drill.id.replace(".", "_").replace("-", "_")
        (tmp_path / f"{stem}_starter.py").write_text(drill.starter)
        (tmp_path / f"{stem}_reference.py").write_text(drill.reference)
    result = subprocess.run(
        [ruff, "check", "--isolated", "--select", "E,F,W,B", "--line-length", "100", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


# -- the hand-written slips equal the engine when nothing slips --------------------------------
def _case(drill_id: str, index: int) -> Case:
    return DRILLS[drill_id].cases()[index]


@pytest.mark.parametrize("index", range(8))
def test_lstm_by_hand_equals_the_engine(index: int) -> None:
    case = _case("lstm-step.rows", index)
    expected = DRILLS["lstm-step.rows"].expected(case).outputs
    got = lstm_by_hand({k: np.asarray(v) for k, v in case.args.items()})
    np.testing.assert_allclose(got["h"], np.asarray(expected["h"], dtype=float), atol=1e-12)
    np.testing.assert_allclose(got["c"], np.asarray(expected["c"], dtype=float), atol=1e-12)


@pytest.mark.parametrize("update", ["keep", "take"])
@pytest.mark.parametrize("reset", ["after", "before"])
@pytest.mark.parametrize("index", [0, 2, 5])
def test_gru_by_hand_equals_the_engine(update: str, reset: str, index: int) -> None:
    drill = DRILLS[f"gru-step.{update}.{reset}"]
    case = drill.cases()[index]
    got = gru_by_hand({k: np.asarray(v) for k, v in case.args.items()}, update, reset)
    expected = np.asarray(drill.expected(case).outputs["h"], dtype=float)
    np.testing.assert_allclose(got, expected, atol=1e-12)


@pytest.mark.parametrize("index", range(8))
def test_backward_slips_with_no_slip_equal_the_engine(index: int) -> None:
    for drill_id, by_hand in (
        ("rnn-bptt", bptt_by_hand),
        ("jacobian-norm", jacobian_by_hand),
        ("lstm-step-backward", backward_by_hand),
    ):
        drill = DRILLS[drill_id]
        case = drill.cases()[index]
        got = by_hand({k: np.asarray(v, dtype=float) for k, v in case.args.items()})
        for name, value in drill.expected(case).outputs.items():
            np.testing.assert_allclose(
                np.asarray(got[name], dtype=float),
                np.asarray(value, dtype=float),
                rtol=1e-10,
                atol=1e-12,
                err_msg=drill_id,
            )
