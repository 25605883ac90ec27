"""Translation files against the bank schema: the same JSON Schema editors load for banks.

``docs/bank.schema.json`` is generated from the models (``quizapp schema --write docs``): a file
with ``translation:`` is checked as a translation (of topics.yaml with ``topics: true``), any
other as a bank. jsonschema checks it here; yaml-language-server, the editors' checker, reads
a translation's first line and flags a planted error at its own line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from quizapp.banks.schema import SCHEMA_FILENAME, bank_schema, schema_text
from tests.banks.yaml_language_server import YamlLanguageServer, find_server
from tests.i18n.test_translation_files import BANK, GOOD

jsonschema: Any = pytest.importorskip("jsonschema", reason="jsonschema is in the test extras")
ROOT = Path(__file__).resolve().parents[2]
jsonschema = pytest.importorskip("jsonschema")


def errors(document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(bank_schema())
    return [error.message for error in validator.iter_errors(document)]


def test_the_committed_schema_is_current() -> None:
    assert (ROOT / "docs" / SCHEMA_FILENAME).read_text(encoding="utf-8") == schema_text()


def test_translations_and_banks_each_validate_as_themselves() -> None:
    assert errors(yaml.safe_load(GOOD)) == []
    assert errors(yaml.safe_load(BANK)) == []
    topics = {"translation": {"language": "zh", "topics": True}, "topics": {"a.b": "门。"}}
    assert errors(topics) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("language: zh", "language: fr"), "'fr' is not one of ['zh']"),
        (("    prompt: 哪个门", "    promt: 哪个门"), "'promt' was unexpected"),
        (
            ("        correct: true", "        correct: 'yes'"),
            "is not valid under any of the given schemas",
        ),
        (("  bank: tiny\n", ""), "'bank' is a required property"),
    ],
)
def test_the_schema_refuses_what_validate_refuses(change: tuple[str, str], expected: str) -> None:
    old, new = change
    found = errors(yaml.safe_load(GOOD.replace(old, new, 1)))
    assert any(expected in message for message in found), found


def test_inline_translations_name_known_languages() -> None:
    bank = yaml.safe_load(BANK)
    bank["questions"][1]["translations"] = {"zh": {"answers": ["遗忘门"]}}
    assert errors(bank) == []
    bank["questions"][1]["translations"] = {"fr": {"answers": ["porte d'oubli"]}}
    assert errors(bank)


def test_yaml_language_server_checks_a_translation_file(tmp_path: Path) -> None:
    command = find_server()
    if command is None:
        pytest.skip("node or the npm package yaml-language-server is not installed (.ci/run)")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / SCHEMA_FILENAME).write_text(schema_text(), encoding="utf-8")
    folder = tmp_path / "questions" / "zh"
    folder.mkdir(parents=True)
    clean, planted = folder / "tiny.yaml", folder / "planted.yaml"
    clean.write_text(GOOD, encoding="utf-8")
    lines = GOOD.splitlines()
    line = lines.index("        correct: true")
    lines[line] = "        correct: 'yes'"
    planted.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with YamlLanguageServer(command, tmp_path) as server:
        assert server.diagnostics(clean) == []
        found = server.diagnostics(planted)
    assert [d for d in found if d["range"]["start"]["line"] == line], found
