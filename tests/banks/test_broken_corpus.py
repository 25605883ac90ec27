"""The corpus of broken banks (``tests/data/broken``): one defect per file, through ``quizapp
validate`` and through independent JSON Schema validators.

Each file says in its first lines what is wrong (``# defect:``), what validate prints for it
(``# validate: line:col: message``, one line per error) and whether JSON Schema can refuse it
(``# schema: rejects``, or ``# schema: validate only: why``, or ``# schema: not YAML``). A rule
the schema could state but does not fails here, and so does a schema stricter than validate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizapp.banks.schema import bank_schema
from quizapp.cli import main
from quizapp.paths import builtin_banks_dir
from tests.helpers import DATA_DIR

CORPUS = DATA_DIR / "broken"


@dataclass(frozen=True)
class Broken:
    path: Path
    defect: str
    schema: str  # "rejects", "validate only: ...", "not YAML: ..."
    expected: tuple[str, ...]  # validate's lines, without the path

    @property
    def schema_rejects(self) -> bool:
        return self.schema == "rejects"

    def lines(self) -> list[str]:
        shown = str(self.path)
        return [f"{shown}:{line.replace('{file}', shown)}" for line in self.expected]


def _read(path: Path) -> Broken:
    header = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")
    ]
    fields: dict[str, list[str]] = {}
    for line in header:
        key, _, value = line[2:].partition(": ")
        fields.setdefault(key, []).append(value)
    return Broken(path, fields["defect"][0], fields["schema"][0], tuple(fields["validate"]))


BROKEN = [_read(path) for path in sorted(CORPUS.glob("*.yaml"))]
IDS = [b.path.stem for b in BROKEN]


def test_the_corpus_is_large_and_labelled() -> None:
    assert len(BROKEN) >= 44
    for broken in BROKEN:
        assert broken.expected, broken.path
        assert broken.schema == "rejects" or broken.schema.startswith(
            ("validate only: ", "not YAML: ")
        ), broken.path
    assert sum(b.schema_rejects for b in BROKEN) >= 44


def validate(*paths: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--seeds", "3", *map(str, paths)])
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize("broken", BROKEN, ids=IDS)
def test_validate_says_what_the_file_says(broken: Broken) -> None:
    code, lines = validate(broken.path)
    assert code == 1
    assert lines[:-1] == broken.lines(), broken.defect
    assert lines[-1] == f"{len(broken.expected)} error(s) in 1 of 1 file(s)"


def test_one_run_reports_every_error_of_every_file() -> None:
    code, lines = validate(CORPUS)
    expected = sorted(line for broken in BROKEN for line in broken.lines())
    assert code == 1
    assert sorted(lines[:-1]) == expected
    assert lines[-1] == f"{len(expected)} error(s) in {len(BROKEN)} of {len(BROKEN)} file(s)"


def test_several_errors_in_one_file_come_in_one_run(tmp_path: Path) -> None:
    """Five defects of different layers in one bank: one run names all five."""
    text = (CORPUS / "40-two-tolerances.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: numeric", "kind: numeric\n    difficulty: true")  # a field
    text = text.replace("topics: [lstm.param-count]", "topics: [lstm.param-counts]")  # cross
    text = text.replace("  title: Broken\n", "  title: Broken\n  titel: again\n")  # a key
    text += (
        (CORPUS / "44-numeric-answer-and-template.yaml")
        .read_text(encoding="utf-8")
        .split("questions:\n", 1)[1]
    )  # answer and template, and two tolerances above: two rules
    path = tmp_path / "five.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines = validate(path)
    assert code == 1
    messages = [line.split(": ", 1)[1] for line in lines[:-1]]
    assert len(messages) == 5, lines
    assert any(m.startswith("unknown key 'titel'") for m in messages)
    assert any(m.startswith("'difficulty': Input should be 1, 2 or 3; got True") for m in messages)
    assert any("a tolerance gives exactly one of abs, rel or sig_figs" in m for m in messages)
    assert any(
        "either 'answer' or 'template'" in m and "(question 'b44.step')" in m for m in messages
    )
    assert any(m.startswith("unknown topic 'lstm.param-counts'") for m in messages)


# -- the schema, checked by validators nobody here wrote --------------------------------------
def _data(broken: Broken) -> object:
    return yaml.safe_load(broken.path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("broken", BROKEN, ids=IDS)
def test_the_schema_refuses_what_validate_refuses_where_json_schema_can(broken: Broken) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if broken.schema.startswith("not YAML"):
        with pytest.raises(yaml.YAMLError):
            _data(broken)
        return
    validator = jsonschema.Draft202012Validator(bank_schema())
    errors = list(validator.iter_errors(_data(broken)))
    if broken.schema_rejects:
        assert errors, f"the schema accepts {broken.path.name} ({broken.defect})"
    else:  # the label must stay honest: a rule the schema learns to state is "rejects"
        assert not errors, [e.message for e in errors]


def _valid_banks() -> list[Path]:
    return [*sorted(builtin_banks_dir().glob("*.yaml")), DATA_DIR / "valid.yaml"]


def test_the_schema_accepts_every_bank_validate_accepts() -> None:
    """A bank that validates never shows red in the editor."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(bank_schema())
    jsonschema.Draft202012Validator.check_schema(bank_schema())
    for path in _valid_banks():
        if path.name == "topics.yaml":
            continue
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path, [e.message for e in errors][:3])


def _check_jsonschema() -> str:
    found = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    return found


def test_check_jsonschema_agrees(tmp_path: Path) -> None:
    """check-jsonschema (its own YAML parser, its own run) flags exactly the "rejects" files."""
    tool = _check_jsonschema()
    schema = tmp_path / "bank.schema.json"
    schema.write_text(json.dumps(bank_schema()), encoding="utf-8")
    files = [b for b in BROKEN if not b.schema.startswith("not YAML")]
    valid = [p for p in _valid_banks() if p.name != "topics.yaml"]
    run = subprocess.run(
        [
            tool,
            "--schemafile",
            str(schema),
            "-o",
            "json",
            *(str(b.path) for b in files),
            *map(str, valid),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stdout)
    # its YAML parser refuses a duplicate key outright, as validate does
    unparsed = {Path(error["filename"]).name for error in report["parse_errors"]}
    assert unparsed == {b.path.name for b in files if "duplicate key" in " ".join(b.expected)}
    flagged = {Path(error["filename"]).name for error in report["errors"]}
    assert flagged == {b.path.name for b in files if b.schema_rejects}
