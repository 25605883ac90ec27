"""The English every template writes is byte for byte what it was before the templates spoke
Chinese: each draw's prompt, answer form, tolerance, worked steps, mistakes and the shape of its
numbers are fingerprinted against ``data/english_snapshot.json`` (every template question of the
built-in banks at 50 seeds, every accepted combination of each template's choices at 5 seeds),
taken from the English-only templates and retaken, unchanged but for floats' values, when the
fingerprint stopped hashing those (they differ in the last bits between CPUs; ``draw_cases``
says why). A change to English text must update the snapshot on purpose: ``python -m
tests.templates.test_english_unchanged``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from quizapp.templates import TEMPLATES
from tests.templates.draw_cases import bank_cases, choice_cases, fingerprint

SNAPSHOT = Path(__file__).parent / "data" / "english_snapshot.json"


@cache
def snapshot() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return data


def test_the_snapshot_covers_every_bank_question_and_choice() -> None:
    data = snapshot()
    assert set(data["bank"]) == {case_id for case_id, _, _ in bank_cases()}
    assert set(data["choices"]) == {case_id for case_id, _, _ in choice_cases()}
    assert len(data["bank"]) == 101


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_english_draws_match_the_snapshot(name: str) -> None:
    data = snapshot()
    changed = []
    for key, cases, seeds in (
        ("bank", bank_cases(), data["bank_seeds"]),
        ("choices", choice_cases(), data["choice_seeds"]),
    ):
        for case_id, template, params in cases:
            if template != name:
                continue
            for seed in range(seeds):
                variant = TEMPLATES[name].draw(seed, params)
                if seed == 0:  # English is the default language, and the same when asked for
                    assert variant == TEMPLATES[name].draw(seed, params, language="en")
                if fingerprint(variant) != data[key][case_id][seed]:
                    changed.append((case_id, seed))
    assert changed == []


def main() -> None:
    """Rewrite the snapshot from today's templates: only when English output changed on
    purpose (say what changed in the commit) or the fingerprint itself did."""
    bank_seeds, choice_seeds = 50, 5
    data = {
        "bank": {
            case_id: [fingerprint(TEMPLATES[name].draw(seed, params)) for seed in range(bank_seeds)]
            for case_id, name, params in bank_cases()
        },
        "bank_seeds": bank_seeds,
        "choice_seeds": choice_seeds,
        "choices": {
            case_id: [
                fingerprint(TEMPLATES[name].draw(seed, params)) for seed in range(choice_seeds)
            ]
            for case_id, name, params in choice_cases()
        },
    }
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
