"""Code questions: a drill family and parameters select one of quizapp's drills, never code.

The broken corpus (``tests/data/broken/70-*`` to ``81-*``) holds one bank per way a code
question can go wrong, each through validate and both JSON Schema validators; these tests add
what a corpus file cannot say: the record, the cache, every family, and the no-code rule
everywhere in a bank.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.banks import CodeQuestion, load_banks
from quizapp.banks.frozen import CodeRecord, question_from_data, to_data
from quizapp.banks.no_code import RUNNABLE_KEYS, looks_runnable
from quizapp.cli import main
from quizapp.core.catalog import load_catalog
from quizapp.drills import DRILLS
from quizapp.drills.variants import families
from quizapp.paths import topics_file
from tests.helpers import CODE_BANK


def _load(write_bank: Callable[..., Path], text: str) -> tuple[list[str], dict[str, object]]:
    path = write_bank("code.yaml", text)
    result = load_banks([path], topics_path=topics_file())
    return [str(e).removeprefix(str(path) + ":") for e in result.errors], dict(result.questions)


def test_a_code_question_loads_and_names_its_variant(write_bank: Callable[..., Path]) -> None:
    errors, questions = _load(write_bank, CODE_BANK)
    assert errors == []
    gru = questions["code.gru"]
    assert isinstance(gru, CodeQuestion) and gru.drill_id == "gru-step.keep.after"
    record = gru.to_record()
    assert isinstance(record, CodeRecord)
    assert (record.drill, record.drill_id, record.params["update"]) == (
        "gru-step",
        "gru-step.keep.after",
        "keep",
    )
    assert question_from_data(to_data(record)) == record
    assert questions["code.sigmoid"].to_record().drill_id == "sigmoid"


def test_the_catalog_cache_keeps_code_records(tmp_path: Path) -> None:
    bank = tmp_path / "code.yaml"
    bank.write_text(CODE_BANK)
    first = load_catalog(tmp_path / "data", [bank], builtin=False)
    second = load_catalog(tmp_path / "data", [bank], builtin=False)  # from the cache
    assert second.questions == first.questions
    assert isinstance(second.questions["code.gru"], CodeRecord)


def test_every_family_is_every_combination_of_its_parameters() -> None:
    """So parameters that pass the rules always select exactly one registered variant."""
    for family in families().values():
        combos = list(itertools.product(*(family.params[k] for k in family.required)))
        assert len(combos) == len(family.variants), family.name
        for combo in combos:
            chosen = family.select(dict(zip(family.required, combo, strict=True)))
            assert chosen is not None, (family.name, combo)
    assert sum(len(f.variants) for f in families().values()) == len(DRILLS)


@pytest.mark.parametrize("drill_id", list(DRILLS))
def test_every_variant_can_be_named_by_a_bank(
    write_bank: Callable[..., Path], drill_id: str
) -> None:
    drill = DRILLS[drill_id]
    family = families()[drill.family]
    params = ", ".join(f"{k}: {drill.tags[k]}" for k in family.required)
    text = CODE_BANK.replace("drill: sigmoid", f"drill: {drill.family}\n    params: {{{params}}}")
    errors, questions = _load(write_bank, text)
    assert errors == []
    assert questions["code.sigmoid"].to_record().drill_id == drill_id


@pytest.mark.parametrize("key", sorted(RUNNABLE_KEYS))
def test_no_key_that_names_a_file_or_code_is_accepted_anywhere(
    write_bank: Callable[..., Path], key: str
) -> None:
    """In a code question, in any other kind, in the bank's metadata: refused, positioned."""
    places = [
        ("    drill: sigmoid\n", f"    drill: sigmoid\n    {key}: run_me.py\n", "8:5"),
        ("bank: {id: code, title: Code}", f"bank: {{id: code, title: Code, {key}: x.py}}", "1:31"),
    ]
    for old, new, where in places:
        errors, _ = _load(write_bank, CODE_BANK.replace(old, new, 1))
        assert len(errors) == 1, errors
        assert errors[0].startswith(f"{where}: unknown key '{key}'"), errors
        assert "a bank can never name a file or code for quizapp to run" in errors[0]


@pytest.mark.parametrize(
    "drill",
    [
        "./solution.py",
        "/etc/passwd",
        "checks.py",
        "__import__('os').system('ls')",
        "https://example.com/check.py",
        "lstm step",
    ],
)
def test_a_drill_that_names_a_path_or_code_is_refused(
    write_bank: Callable[..., Path], drill: str
) -> None:
    assert looks_runnable(drill)
    text = CODE_BANK.replace("drill: sigmoid", f'drill: "{drill}"')
    errors, _ = _load(write_bank, text)
    assert len(errors) == 1 and errors[0].startswith("7:12: "), errors
    assert "a bank can never name a file or code for quizapp to run" in errors[0]


def test_validate_accepts_code_questions_and_says_where_a_parameter_is_wrong(
    tmp_path: Path,
) -> None:
    bank = tmp_path / "code.yaml"
    bank.write_text(CODE_BANK)
    ok = CliRunner().invoke(main, ["validate", "--strict", str(bank)])
    assert ok.exit_code == 0, ok.output
    bank.write_text(CODE_BANK.replace("update: keep, reset", "update: keep, rest"))
    bad = CliRunner().invoke(main, ["validate", str(bank)])
    assert bad.exit_code == 1
    assert (
        f"{bank}:16:28: unknown parameter 'rest' of the drill 'gru-step' (did you mean 'reset'?)"
        in bad.output
    )
    assert "Traceback" not in bad.output
