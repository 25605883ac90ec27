"""Mutated banks and random bytes never raise: they load or give positioned errors.

Also ``quizapp validate`` and ``quizapp schema`` as a user runs them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.banks import load_banks
from quizapp.banks.schema import schema_text
from quizapp.cli import main
from tests.helpers import CLEAN_BANK as CLEAN
from tests.helpers import VALID_BANK as VALID

POSITIONED = re.compile(r"^.+:\d+:\d+: .+$")
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _assert_clean(path: Path, topics: Path) -> None:
    result = load_banks([path], topics_path=topics)
    for error in result.errors:
        assert POSITIONED.match(str(error)), str(error)
        assert error.line >= 1 and error.col >= 1


@FUZZ
@given(data=st.data())
def test_line_mutations_never_raise(
    write_bank: Callable[..., Path], topics_path: Path, data: st.DataObject
) -> None:
    lines = VALID.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "retype", "indent"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, data.draw(st.text(max_size=30)))
        elif action == "retype":
            lines[index] = re.sub(
                r": .*$",
                ": "
                + data.draw(st.sampled_from(["[]", "{}", "3", "~", "true", "&a x", "*a", "'"])),
                lines[index],
            )
        else:
            lines[index] = "  " + lines[index]
    _assert_clean(write_bank("fuzz.yaml", "\n".join(lines) + "\n"), topics_path)


@FUZZ
@given(blob=st.binary(max_size=400))
def test_random_bytes_never_raise(
    write_bank: Callable[..., Path], topics_path: Path, blob: bytes
) -> None:
    _assert_clean(write_bank("bytes.yaml", blob), topics_path)


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text_never_raises(
    write_bank: Callable[..., Path], topics_path: Path, text: str
) -> None:
    _assert_clean(write_bank("text.yaml", text.encode("utf-8", "surrogatepass")), topics_path)


def test_validate_success_prints_one_summary_line(write_bank: Callable[..., Path]) -> None:
    path = write_bank(
        "ok.yaml", CLEAN.replace("t.one", "lstm.equations").replace("t.two", "gru.gates")
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("ok: 1 file(s), 7 questions")


def test_validate_errors_exit_1_without_traceback(write_bank: Callable[..., Path]) -> None:
    good = write_bank(
        "ok.yaml", VALID.replace("t.one", "lstm.equations").replace("t.two", "gru.gates")
    )
    bad = write_bank("bad.yaml", "bank: {id: broken\n")
    result = CliRunner().invoke(
        main, ["validate", str(good), str(bad), str(good.parent / "missing.yaml")]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert all(POSITIONED.match(line) for line in lines[:-1]), lines
    assert "Traceback" not in result.output
    assert lines[-1].startswith("2 error(s)")


def test_validate_runs_checks_pins(write_bank: Callable[..., Path]) -> None:
    text = (
        VALID.replace("t.one", "lstm.equations")
        .replace("t.two", "gru.gates")
        .replace(
            "params: {quantity: h}",
            "params: {quantity: h}\n    checks:\n      - {seed: 3, answer: [9.0, 9.0]}",
        )
    )
    result = CliRunner().invoke(main, ["validate", str(write_bank("pin.yaml", text))])
    assert result.exit_code == 1
    assert re.search(
        r"pin\.yaml:51:9: check with seed 3: expected \[9\.0, 9\.0\], the template computes",
        result.output,
    )


def test_builtin_banks_validate() -> None:
    result = CliRunner().invoke(main, ["validate", "questions/"])
    assert result.exit_code == 0, result.output


def test_schema_command_and_committed_copy_agree() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "quizapp question bank"
    kinds = json.dumps(schema)
    for kind in ("choice", "multi", "short", "flashcard", "numeric", "spot_the_mistake"):
        assert f'"{kind}"' in kinds
    committed = Path(__file__).parents[2] / "docs" / "bank.schema.json"
    assert committed.read_text() == schema_text(), "run: quizapp schema > docs/bank.schema.json"
