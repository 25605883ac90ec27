"""The pydantic model equivalent to a template's ``Params``: for the loader's positioned errors
and for params the fast check cannot decide. Imported on first use only (see ``params``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

if TYPE_CHECKING:
    from quizapp.templates.params import Params

CONSTRAINTS = ("ge", "gt", "le", "lt", "min_length", "max_length", "description")


def build_model(params: type[Params]) -> type[BaseModel]:
    """Same fields, defaults, bounds and cross-field rules; extra keys forbidden; frozen."""
    fields: dict[str, Any] = {}
    for name, spec in params.fields.items():
        limits = {k: getattr(spec, k) for k in CONSTRAINTS if getattr(spec, k) is not None}
        if spec.default_factory is not None:
            info = Field(default_factory=spec.default_factory, **limits)
        else:
            info = Field(spec.default, **limits)
        annotation = params.annotations()[name]
        if spec.item_ge is not None or spec.item_le is not None:  # bounds on each item
            annotation = list[Annotated[int, Field(ge=spec.item_ge, le=spec.item_le)]]
        fields[name] = (annotation, info)

    class Checked(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        @model_validator(mode="after")
        def rules(self) -> Self:
            params(**{name: getattr(self, name) for name in params.fields}).check()
            return self

    model: type[BaseModel] = create_model(
        params.__name__, __base__=Checked, __module__=params.__module__, **fields
    )
    return model
