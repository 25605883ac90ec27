"""The base of every bank model: strict types, unknown keys refused, rules across fields.

Shared by the English bank models and the translations' (``quizapp.banks.models``,
``quizapp.banks.translation_models``), so both refuse the same things the same way.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from quizapp.banks.rules import Rule, breaches, merged_error


class Strict(BaseModel):
    """Strict types, finite numbers, unknown keys refused, and the class's ``rules`` checked."""

    # defer_build: a start-up served from the catalog cache never validates, so it should not
    # pay for building validators (~30 ms) either.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        allow_inf_nan=False,
        str_strip_whitespace=False,
        defer_build=True,
        json_schema_extra=lambda schema, model: _rules_schema(schema, model),
    )
    rules: ClassVar[tuple[Rule, ...]] = ()

    @model_validator(mode="wrap")
    @classmethod
    def _check_rules(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Self:
        """The rules run on the raw mapping, so their breaches come with the field errors."""
        found = breaches(cls.rules, data)
        if not found:
            model: Self = handler(data)
            return model
        try:
            handler(data)
        except ValidationError as exc:
            raise merged_error(cls.__name__, found, data, exc) from None
        raise merged_error(cls.__name__, found, data, None)


def _rules_schema(schema: dict[str, Any], model: Any) -> None:
    rules: tuple[Rule, ...] = getattr(model, "rules", ())
    if rules:
        schema["allOf"] = [rule.schema for rule in rules]
