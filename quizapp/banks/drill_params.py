"""A code question's ``drill`` and ``params`` as the bank format sees them: checked, and as schema.

A code question names one of quizapp's drill families (``quizapp drill list``) and the
parameters that select one variant (``quizapp.drills.variants``): never a file, a module or
code, so a bank can never make quizapp run anything. Each family's parameters become a strict
pydantic model (one ``Literal`` per parameter: required when it tells the variants apart,
fixed to its one value when every variant shares it, unknown keys refused), so the loader's
positioned messages and did-you-mean serve them as they serve a template's, and
``quizapp schema`` states the same model under ``params`` per family.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from quizapp.banks.cross_checks import raw_questions
from quizapp.banks.no_code import NO_CODE, looks_runnable, runnable_key
from quizapp.banks.validation_messages import Problem, did_you_mean, positioned_messages

if TYPE_CHECKING:
    from quizapp.banks.yaml_nodes import Path as DataPath
    from quizapp.banks.yaml_nodes import PositionedData
    from quizapp.drills.variants import Family


_MODELS: dict[str, type[BaseModel]] = {}


def params_model(family: Family) -> type[BaseModel]:
    """The family's parameters: strict, extra keys forbidden, one Literal per parameter."""
    if family.name not in _MODELS:
        _MODELS[family.name] = _build_model(family)
    return _MODELS[family.name]


def _build_model(family: Family) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for key, values in family.params.items():
        # a Literal of the family's values, built at run time: mypy cannot check such a type
        annotation = Literal[values]  # type: ignore[valid-type]
        shown = " or ".join(values)
        if len(values) > 1:
            fields[key] = (annotation, Field(description=f"{key}: {shown}"))
        else:
            fields[key] = (annotation, Field(values[0], description=f"{key}: always {shown}"))
    config = ConfigDict(extra="forbid", strict=True, frozen=True)
    model: type[BaseModel] = create_model(
        f"DrillParams_{family.name.replace('-', '_')}", __config__=config, **fields
    )
    return model


def params_schema(family: Family) -> dict[str, Any]:
    schema = params_model(family).model_json_schema()
    schema.pop("title", None)
    titles = ", ".join(f"{d.id} ({d.title})" for d in family.variants)
    schema["description"] = f"Parameters of the drill '{family.name}'; its variants: {titles}"
    return schema


def drill_rules(doc: PositionedData, families: Mapping[str, Family]) -> list[Problem]:
    """Each code question's drill is a registered family and its params select one variant."""
    out: list[Problem] = []
    for index, raw in raw_questions(doc.data):
        name = raw.get("drill")
        if raw.get("kind") != "code" or not isinstance(name, str):
            continue  # the model reports a missing or non-text drill
        base: DataPath = ("questions", index)
        at_drill: DataPath = (*base, "drill")
        family = families.get(name)
        if family is None:
            out.append(Problem(at_drill, *doc.position(at_drill), unknown_drill(name, families)))
            continue
        if "params" not in raw:
            if family.required:
                out.append(Problem(at_drill, *doc.position(at_drill), _needs_params(family)))
            continue
        params = raw["params"]
        if not isinstance(params, Mapping):
            continue  # the model says what 'params' should be
        model = params_model(family)
        try:
            model.model_validate(dict(params))
        except ValidationError as exc:
            problems = positioned_messages(exc, doc, base=(*base, "params"), model=model)
            out.extend(_with_choices(problems, family, params))
            continue
        for key, message in _against_conventions(doc.data, raw, params):
            at_key: DataPath = (*base, "params", key)
            out.append(Problem(at_key, *doc.position(at_key), message))
    return out


# A drill parameter and the bank convention that says the same thing (quizapp.banks.models)
CONVENTION_OF = {"update": "gru_update", "reset": "gru_reset", "framework": "framework"}


def _against_conventions(
    data: Any, raw: Mapping[str, Any], params: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """A parameter that contradicts the conventions in force (the question's, else its
    bank's): the prompt and explanation would then describe another variant than is checked."""
    bank = data.get("bank") if isinstance(data, Mapping) else None
    layers = [
        layer.get("conventions") if isinstance(layer, Mapping) else None for layer in (bank, raw)
    ]
    stated: dict[str, Any] = {}
    for conventions in layers:
        if isinstance(conventions, Mapping):
            stated.update({k: v for k, v in conventions.items() if v is not None})
    out = []
    for key, convention in CONVENTION_OF.items():
        if key in params and convention in stated and stated[convention] != params[key]:
            out.append(
                (
                    key,
                    f"'{key}: {params[key]}' contradicts the conventions in force "
                    f"({convention}: {stated[convention]}); make them agree",
                )
            )
    return out


def unknown_drill(name: str, families: Mapping[str, Family]) -> str:
    known = ", ".join(families) or "(none installed)"
    if looks_runnable(name):
        return (
            f"'{name}' is not one of quizapp's drills: {NO_CODE}; name a drill and its "
            f"parameters instead (quizapp drill list); known drills: {known}"
        )
    variant = next((f for f in families.values() for d in f.variants if d.id == name), None)
    if variant is not None:
        drill = next(d for d in variant.variants if d.id == name)
        params = ", ".join(f"{k}: {v}" for k, v in drill.tags.items() if k in variant.required)
        return f"'{name}' is a variant id: write drill: {variant.name} with params: {{{params}}}"
    return f"unknown drill '{name}'{did_you_mean(name, families)}; known drills: {known}"


def _with_choices(
    problems: list[Problem], family: Family, params: Mapping[str, Any]
) -> list[Problem]:
    """A wrong value or a missing parameter names the values it may take."""
    out = []
    for problem in problems:
        key = problem.path[-1] if problem.path and problem.path[-2:-1] == ("params",) else None
        message = problem.message
        if message.startswith("unknown key '") and isinstance(key, str):
            message = _unknown_parameter(key, family)
        elif isinstance(key, str) and key in family.params:
            choices = family.params[key]
            meant = did_you_mean(params.get(key), choices)
            message = (
                f"'{key}': the drill '{family.name}' takes {' or '.join(choices)}"
                f"{_got(params.get(key))}{meant}"
            )
        elif message.startswith("missing required key '"):
            missing = message.removeprefix("missing required key '").rstrip("'")
            if _misspelt(missing, params, family):
                continue  # the unknown key's own message says which one was meant
            if missing in family.params:
                message = (
                    f"the drill '{family.name}' needs the parameter '{missing}' "
                    f"({' or '.join(family.params[missing])})"
                )
        out.append(Problem(problem.path, problem.line, problem.col, message))
    return out


def _misspelt(missing: str, params: Mapping[str, Any], family: Family) -> bool:
    unknown = [key for key in params if key not in family.params]
    meant = f" (did you mean '{missing}'?)"
    return any(did_you_mean(key, family.params) == meant for key in unknown)


def _needs_params(family: Family) -> str:
    needed = ", ".join(f"{key} ({' or '.join(family.params[key])})" for key in family.required)
    return f"the drill '{family.name}' needs params: {needed}"


def _unknown_parameter(key: str, family: Family) -> str:
    takes = f"it takes {', '.join(family.params)}" if family.params else "it takes no parameters"
    runnable = f"; {NO_CODE}" if runnable_key(key) else ""
    meant = did_you_mean(key, family.params)
    return f"unknown parameter '{key}' of the drill '{family.name}'{meant}{runnable}; {takes}"


def _got(value: object) -> str:
    return f"; got {value!r}"
