"""The English every template writes is byte for byte what it was before the templates spoke
Chinese: each draw's prompt, answer form, tolerance, worked steps, mistakes and numbers are
fingerprinted against ``data/english_snapshot.json``, taken from the English-only templates
(every template question of the built-in banks at 50 seeds, every accepted combination of each
template's choices at 5 seeds). A change to English text must update the snapshot on purpose."""

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
