"""The bank format as JSON Schema, generated from the pydantic models (never hand-written)."""

from __future__ import annotations

import json
from typing import Any

from quizapp.banks.models import BankFile

SCHEMA_ID = "https://raw.githubusercontent.com/quizapp/quizapp/main/docs/bank.schema.json"


def bank_schema() -> dict[str, Any]:
    schema = BankFile.model_json_schema()
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quizapp question bank",
        "description": "A quizapp bank: 'bank' metadata and a list of 'questions'. "
        "See docs/bank-format.md.",
    }


def schema_text() -> str:
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
