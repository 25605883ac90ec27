"""``quizapp optimize``: a refusal exits 1 and saves nothing; a fit prints its parameters and
the log loss before and after (when fsrs's optimizer extra is installed)."""

from __future__ import annotations

import math
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.store import AnswerRecord, Store
from quizapp.store.optimizing import MIN_REVIEWS, log_loss

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _reviews(count: int, seed: int = 7) -> list[AnswerRecord]:
    """A learner who forgets along an exponential curve: cards reviewed at growing gaps."""
    rng = random.Random(seed)
    out = []
    cards = max(1, count // 20)
    for card in range(cards):
        when, stability = START + timedelta(hours=card), 2.0
        for _ in range(count // cards):
            gap = max(1.0, stability * rng.uniform(0.6, 1.6))
            when += timedelta(days=gap)
            recalled = rng.random() < math.exp(-gap / (stability * 3))
            stability = stability * 2.2 if recalled else max(1.0, stability / 2)
            rating = rng.choice([3, 3, 4]) if recalled else 1
            out.append(
                AnswerRecord(
                    when, f"q.{card}", "b", "h", None, "x", recalled, rating, 4000, "review"
                )
            )
    return out


def _store_with(data: Path, count: int) -> None:
    with Store.open(data) as store:
        for record in _reviews(count):
            store.record_answer(record)


def optimize(data: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["optimize", "--data-dir", str(data)])
    return result.exit_code, result.output


def test_too_few_reviews_is_a_refusal_with_exit_1(tmp_path: Path) -> None:
    _store_with(tmp_path, 40)
    code, output = optimize(tmp_path)
    assert code == 1
    assert f"the optimizer needs at least {MIN_REVIEWS} ({MIN_REVIEWS - 40} more)" in output
    with Store.open(tmp_path) as store:
        assert store.settings.fsrs_parameters is None


def test_a_missing_optimizer_is_a_refusal_with_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fsrs

    class Missing:
        def __init__(self, *args: object) -> None:
            raise ImportError("fsrs[optimizer] is not installed")

    monkeypatch.setattr(fsrs, "Optimizer", Missing, raising=False)
    _store_with(tmp_path, MIN_REVIEWS)
    code, output = optimize(tmp_path)
    assert code == 1 and 'pip install "quizapp[optimizer]"' in output
    with Store.open(tmp_path) as store:
        assert store.settings.fsrs_parameters is None


def test_log_loss_prefers_the_truth() -> None:
    """The measure itself: a model that forgets in a day scores worse on a learner who recalls."""
    fsrs = pytest.importorskip("fsrs")
    logs = [
        fsrs.ReviewLog(1, fsrs.Rating.Good, START + timedelta(days=d), None) for d in (0, 3, 9, 27)
    ]
    default = log_loss(logs, fsrs.scheduler.DEFAULT_PARAMETERS)
    forgetful = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    forgetful[:4] = [0.01, 0.01, 0.01, 0.01]  # initial stabilities: forgotten within hours
    assert 0 < default < log_loss(logs, forgetful)
    assert math.isnan(log_loss(logs[:1], fsrs.scheduler.DEFAULT_PARAMETERS))


def _optimizer_installed() -> bool:
    try:
        from fsrs import Optimizer

        Optimizer([])
    except ImportError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _optimizer_installed(), reason="fsrs[optimizer] is not installed")
def test_a_fit_prints_its_parameters_and_log_loss(tmp_path: Path) -> None:
    _store_with(tmp_path, MIN_REVIEWS)
    code, output = optimize(tmp_path)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == f"fitted FSRS parameters to {MIN_REVIEWS} reviews and saved them"
    shown = [float(p) for p in lines[1].removeprefix("parameters: ").split(", ")]
    losses = re.fullmatch(r"log loss: (\S+) before, (\S+) after \(.*\)", lines[2])
    assert losses, lines[2]
    before, after = float(losses.group(1)), float(losses.group(2))
    with Store.open(tmp_path) as store:
        saved = store.settings.fsrs_parameters
    assert saved is not None and len(shown) == len(saved) == 21
    assert shown == pytest.approx(saved, abs=5e-5)
    assert 0 < after <= before
