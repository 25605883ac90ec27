"""The bank format as JSON Schema, generated from the pydantic models (never hand-written).

The models give every field's type and each rule across fields (``quizapp.banks.rules``); the
templates give their names and parameters: ``template`` is an enum of the installed templates,
and an ``if``/``then`` per template states that template's ``params``. What JSON Schema cannot
say (ids across files, known topics, NaN, draws) is ``quizapp validate``'s alone; the list is in
docs/bank-format.md. The schema has no ``$id``: it is not published at a URL, so editors load it
from a file (``quizapp schema --write DIR``, or the copy ``quizapp new`` writes beside a bank).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from quizapp.banks import drill_params
from quizapp.banks.models import BankFile
from quizapp.banks.template_params import params_schema
from quizapp.banks.translation_models import TopicsTranslationFile, TranslationFile

if TYPE_CHECKING:
    from quizapp.drills.variants import Family
    from quizapp.templates.base import Template

SCHEMA_FILENAME = "bank.schema.json"
TITLE = "quizapp question bank"
# The modeline yaml-language-server reads; a relative path resolves from the bank's folder.
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILENAME}"


def bank_schema(
    templates: Mapping[str, Template] | None = None, drills: Mapping[str, Family] | None = None
) -> dict[str, Any]:
    if templates is None:
        from quizapp.templates import TEMPLATES

        templates = TEMPLATES
    if drills is None:
        from quizapp.drills.variants import families

        drills = families()
    models: list[tuple[type[BaseModel], JsonSchemaMode]] = [
        (model, "validation") for model in (BankFile, TranslationFile, TopicsTranslationFile)
    ]
    _, schema = models_json_schema(models)
    defs = schema["$defs"]
    questions = defs["BankFile"]["properties"]["questions"]
    questions["items"] = _by_kind(questions["items"])
    _add_templates(defs["NumericQuestion"], templates)
    _add_drills(defs["CodeQuestion"], drills)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": TITLE,
        "description": "A quizapp bank: 'bank' metadata and a list of 'questions'; or a "
        "translation of one: 'translation' (bank, language) and 'questions' by id. "
        "See docs/bank-format.md; `quizapp validate` checks what JSON Schema cannot.",
        "type": "object",
        **_bank_or_translation(),
        "$defs": defs,
    }


def _bank_or_translation() -> dict[str, Any]:
    """A file with ``translation:`` is a translation (of topics.yaml when ``topics: true``),
    any other a bank: one ``if``/``then``/``else``, so each is checked against its own schema
    and an editor's messages name the real mistake (as ``_by_kind`` does for kinds)."""
    topics = {"properties": {"topics": {"const": True}}, "required": ["topics"]}
    return {
        "if": {"required": ["translation"]},
        "then": {
            "if": {"properties": {"translation": topics}},
            "then": {"$ref": "#/$defs/TopicsTranslationFile"},
            "else": {"$ref": "#/$defs/TranslationFile"},
        },
        "else": {"$ref": "#/$defs/BankFile"},
    }


def _by_kind(union: dict[str, Any]) -> dict[str, Any]:
    """pydantic's ``oneOf`` + ``discriminator`` as an ``if``/``then`` per kind.

    JSON Schema has no discriminator: under ``oneOf`` a choice question with one typo fails
    every kind's schema, and an editor reports "no schema matches" or another kind's keys. With
    one ``if kind is X then X's schema`` per kind, an unknown kind fails the enum and a known
    one is checked against its own schema only, so each message names the real mistake.
    """
    discriminator = union["discriminator"]
    key, mapping = discriminator["propertyName"], discriminator["mapping"]
    return {
        "type": "object",
        "required": [key],
        "properties": {key: {"enum": list(mapping)}},
        "allOf": [
            {"if": {"required": [key], "properties": {key: {"const": tag}}}, "then": {"$ref": ref}}
            for tag, ref in mapping.items()
        ],
    }


def _add_templates(numeric: dict[str, Any], templates: Mapping[str, Template]) -> None:
    """``template`` as an enum, and each template's parameters under ``params``."""
    names = sorted(templates)
    template = numeric["properties"]["template"]
    template["anyOf"] = [{"enum": names}, {"type": "null"}]
    numeric.setdefault("allOf", []).extend(
        {
            "if": {"required": ["template"], "properties": {"template": {"const": name}}},
            "then": {"properties": {"params": _params(templates[name])}},
        }
        for name in names
    )


def _add_drills(code: dict[str, Any], drills: Mapping[str, Family]) -> None:
    """``drill`` as an enum of the families, and each family's parameters under ``params``."""
    names = list(drills)
    code["properties"]["drill"]["enum"] = names
    code.setdefault("allOf", []).extend(
        {
            "if": {"required": ["drill"], "properties": {"drill": {"const": name}}},
            "then": {
                "properties": {"params": drill_params.params_schema(drills[name])},
                **({"required": ["params"]} if drills[name].required else {}),
            },
        }
        for name in names
    )


def _params(template: Template) -> dict[str, Any]:
    schema = params_schema(template)
    schema.pop("title", None)
    schema["description"] = f"Parameters of the template '{template.name}': {template.summary}"
    return schema


def schema_text(templates: Mapping[str, Template] | None = None) -> str:
    return json.dumps(bank_schema(templates), indent=2, ensure_ascii=False) + "\n"


def write_schema(folder: Path) -> tuple[Path, bool]:
    """Write ``bank.schema.json`` into ``folder``; the path, and whether it changed.

    A file of that name that is not a quizapp bank schema is left alone (``SchemaFileTaken``).
    """
    target = folder / SCHEMA_FILENAME
    text = schema_text()
    try:
        current = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaFileTaken(f"{target} exists and cannot be read: {exc}") from None
    if current == text:
        return target, False
    if current is not None and not _is_ours(current):
        raise SchemaFileTaken(f"{target} exists and is not a quizapp bank schema; leaving it")
    target.write_text(text, encoding="utf-8")
    return target, True


class SchemaFileTaken(Exception):
    """The schema file's name is taken by something else; the message says what."""


def _is_ours(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("title") == TITLE
