"""The schema as editors get it: offline, beside the bank, in the wheel, read by the real
yaml-language-server (which the test starts over stdio when node and the package are there)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.banks.schema import SCHEMA_FILENAME, SCHEMA_LINE, bank_schema, schema_text
from quizapp.cli import main
from tests.banks.yaml_language_server import ROOT, YamlLanguageServer, find_server

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def test_the_schema_claims_no_url() -> None:
    schema = bank_schema()
    assert "$id" not in schema
    assert "http" not in json.dumps({k: v for k, v in schema.items() if k != "$schema"})


def test_schema_write_puts_the_file_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "my banks"
    result = CliRunner().invoke(main, ["schema", "--write", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / SCHEMA_FILENAME).read_text(encoding="utf-8") == schema_text()
    assert result.output.splitlines() == [
        f"wrote {folder / SCHEMA_FILENAME}",
        f"put this line first in each bank in {folder}:",
        SCHEMA_LINE,
    ]
    again = CliRunner().invoke(main, ["schema", "--write", str(folder)])
    assert again.exit_code == 0 and again.output.startswith("up to date:")


def test_schema_write_leaves_someone_elses_file_alone(tmp_path: Path) -> None:
    (tmp_path / SCHEMA_FILENAME).write_text('{"title": "not ours"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "--write", str(tmp_path)])
    assert result.exit_code == 1 and "not a quizapp bank schema" in result.output
    assert (tmp_path / SCHEMA_FILENAME).read_text(encoding="utf-8") == '{"title": "not ours"}'


def _wheel_files() -> dict[str, Path]:
    """Where each file lands in the wheel: packages as they are, plus force-include."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]
    wheel = build["build"]["targets"]["wheel"]
    shipped: dict[str, Path] = {}
    for package in wheel["packages"]:
        for source in (ROOT / package).rglob("*"):
            shipped[source.relative_to(ROOT).as_posix()] = source
    for source, target in wheel["force-include"].items():
        origin = ROOT / source
        if origin.is_dir():
            for inner in origin.rglob("*"):
                shipped[f"{target}/{inner.relative_to(origin).as_posix()}"] = inner
        else:
            shipped[target] = origin
    return shipped


def test_builtin_banks_name_a_schema_that_ships_with_them() -> None:
    """In the checkout and in the wheel, every built-in bank's first line resolves to the
    current schema (the committed copy is compared with `quizapp schema` elsewhere)."""
    shipped = _wheel_files()
    banks = {
        name: source
        for name, source in shipped.items()
        if name.startswith("quizapp/_builtin_banks/")
        and name.endswith(".yaml")
        # the topics file and the glossary are not banks; translations (zh/) are checked too
        and name
        not in ("quizapp/_builtin_banks/topics.yaml", "quizapp/_builtin_banks/zh/glossary.yaml")
    }
    assert len(banks) >= 10
    for name, source in banks.items():
        match = MODELINE.match(source.read_text(encoding="utf-8").splitlines()[0])
        assert match, f"{source} has no schema line"
        relative = match.group(1)
        in_checkout = (source.parent / relative).resolve()
        assert in_checkout.read_text(encoding="utf-8") == schema_text(), source
        in_wheel = Path(name).parent.joinpath(relative)
        parts: list[str] = []
        for part in in_wheel.parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        assert "/".join(parts) in shipped, f"{name} names {relative}, which the wheel lacks"


# -- yaml-language-server ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def server_command() -> list[str]:
    command = find_server()
    if command is None:
        pytest.skip(
            "node or the npm package yaml-language-server is not installed (.ci/run installs it)"
        )
    return command


def test_yaml_language_server_checks_a_new_bank_offline(
    tmp_path: Path, server_command: list[str]
) -> None:
    """`quizapp new` writes the bank and its schema; the server loads the schema from the
    bank's first line, finds nothing wrong with the bank as written, and flags a planted
    `correct: 'yes'` at its own line, citing the schema file beside the bank."""
    bank = tmp_path / "mine.yaml"
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "new", str(bank)])
    assert result.exit_code == 0, result.output
    text = bank.read_text(encoding="utf-8")
    planted = tmp_path / "planted.yaml"
    lines = text.splitlines()
    line = lines.index("        correct: true")  # the first option of the first question
    lines[line] = "        correct: 'yes'"
    planted.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with YamlLanguageServer(server_command, tmp_path) as server:
        found = server.diagnostics(planted)
        clean = server.diagnostics(bank)
    schema_uri = (tmp_path / SCHEMA_FILENAME).resolve().as_uri()
    assert clean == []
    assert found, "no diagnostics for a planted error"
    wrong_type = [d for d in found if d["range"]["start"]["line"] == line]
    assert wrong_type, found
    assert 'Expected "boolean"' in wrong_type[0]["message"]
    assert schema_uri in wrong_type[0]["data"]["schemaUri"]
    assert not any("Unable to load schema" in d["message"] for d in found)
