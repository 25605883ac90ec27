"""A template's parameters as the bank format sees them: checked strictly, and as JSON Schema.

The templates declare their parameters once (``params_model``); a bank's ``params`` are checked
against the pydantic model of that declaration in strict mode, as every other bank value is
(``input_size: '1'`` is an error, not 1), and ``quizapp schema`` states the same fields for the
editor. The templates' draw path may check params without pydantic; this module asks a
``params_model`` for its pydantic model when it has one to give (``pydantic_model()``), and uses
it directly when it is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from quizapp.templates.base import Template


def params_model(template: Template) -> type[BaseModel]:
    declared: Any = template.params_model
    build = getattr(declared, "pydantic_model", None)
    model: type[BaseModel] = build() if callable(build) else declared
    return model


def params_error(template: Template, params: Mapping[str, Any]) -> ValidationError | None:
    """Why ``params`` do not fit the template (strict types, bounds, unknown keys), or None."""
    try:
        params_model(template).model_validate(dict(params), strict=True)
    except ValidationError as exc:
        return exc
    return None


def params_schema(template: Template) -> dict[str, Any]:
    """The JSON Schema of the template's parameters (every field has a default)."""
    return params_model(template).model_json_schema()
