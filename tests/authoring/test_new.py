from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from quizapp.banks import KINDS
from quizapp.banks.schema import SCHEMA_FILENAME, SCHEMA_LINE, schema_text
from quizapp.cli import main


def run(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])


def test_new_bank_validates_and_has_every_kind(tmp_path: Path) -> None:
    path = tmp_path / "My notes.yaml"
    result = run(tmp_path, "new", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE  # ./bank.schema.json, written beside the bank
    assert (tmp_path / SCHEMA_FILENAME).read_text(encoding="utf-8") == schema_text()
    assert f"wrote {tmp_path / SCHEMA_FILENAME}" in result.output
    data = yaml.safe_load(text)
    assert data["bank"]["id"] == "my-notes"
    kinds = [q["kind"] for q in data["questions"]]
    assert set(kinds) == set(KINDS)
    numeric = [q for q in data["questions"] if q["kind"] == "numeric"]
    assert any("answer" in q for q in numeric) and any("template" in q for q in numeric)
    checked = run(tmp_path, "validate", str(path))
    assert checked.exit_code == 0, checked.output
    assert "8 questions" in checked.output


def test_new_with_id_and_title(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    result = run(tmp_path, "new", str(path), "--id", "team.rnn", "--title", 'Team: "RNN" # notes')
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["bank"] == {**data["bank"], "id": "team.rnn", "title": 'Team: "RNN" # notes'}
    assert all(q["id"].startswith("team.rnn.") for q in data["questions"])
    assert run(tmp_path, "validate", str(path)).exit_code == 0


def test_new_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("precious", encoding="utf-8")
    result = run(tmp_path, "new", str(path))
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert path.read_text(encoding="utf-8") == "precious"
    forced = run(tmp_path, "new", str(path), "--force")
    assert forced.exit_code == 0, forced.output
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_new_rejects_bad_id_and_unwritable_path(tmp_path: Path) -> None:
    result = run(tmp_path, "new", str(tmp_path / "b.yaml"), "--id", "Not Valid")
    assert result.exit_code == 1 and "not a valid bank id" in result.output
    assert not (tmp_path / "b.yaml").exists()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(tmp_path, "new", str(blocker / "b.yaml"))
    assert result.exit_code == 1 and "cannot write" in result.output
    assert "Traceback" not in result.output


def test_new_keeps_a_foreign_schema_file_and_says_so(tmp_path: Path) -> None:
    (tmp_path / SCHEMA_FILENAME).write_text("{}", encoding="utf-8")
    result = run(tmp_path, "new", str(tmp_path / "b.yaml"))
    assert result.exit_code == 0, result.output  # the bank is what was asked for
    assert "not a quizapp bank schema" in result.output
    assert (tmp_path / SCHEMA_FILENAME).read_text(encoding="utf-8") == "{}"
    assert (tmp_path / "b.yaml").is_file()
