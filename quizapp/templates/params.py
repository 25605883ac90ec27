"""Template parameters: declared once, checked on the draw path without pydantic.

A template's params are a class of annotated fields with defaults, written as a pydantic model
would be (``Field(2, ge=1, le=3)`` from this module, ``Literal`` choices, ``list[int]``, whose
items are bounded by ``item_ge`` / ``item_le``)::

    class RNNStepsParams(Params):
        steps: int = Field(1, ge=1, le=4)
        nonlinearity: Literal["tanh", "relu"] = "tanh"

``Params.parse`` is the draw path: it accepts the plain values a YAML bank holds (exact types,
an int for a float), applies the defaults and bounds, and remembers the result per distinct
params, so a question's params are checked once, not per draw. Anything else (a string for a
number, an unknown key, a value out of range) goes to ``model_validate``, which runs the
equivalent pydantic model, built on first use: it raises pydantic's ``ValidationError`` with
pydantic's messages (the bank loader positions them), or returns what pydantic coerced. So
the answer is always pydantic's, and pydantic is imported only when bad or unusual params
need it: starting the app from its cache and drawing a numeric question never loads it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self, cast

_MISSING: Any = object()
_CACHE_SIZE = 512


@dataclass(frozen=True)
class FieldSpec:
    """A field's default and constraints; ``Field`` makes one (pydantic's names)."""

    default: Any = _MISSING
    default_factory: Callable[[], Any] | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    description: str | None = None
    item_ge: int | None = None  # every item of a list[int] (pydantic: list[Annotated[int, ...]])
    item_le: int | None = None

    def make_default(self) -> Any:
        return self.default_factory() if self.default_factory is not None else self.default

    def in_bounds(self, value: float) -> bool:
        return not (
            (self.ge is not None and not value >= self.ge)
            or (self.gt is not None and not value > self.gt)
            or (self.le is not None and not value <= self.le)
            or (self.lt is not None and not value < self.lt)
        )


def Field(
    default: Any = _MISSING,
    *,
    default_factory: Callable[[], Any] | None = None,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    description: str | None = None,
    item_ge: int | None = None,
    item_le: int | None = None,
) -> Any:
    """A field's default and constraints, with pydantic's names and meaning; ``item_ge`` and
    ``item_le`` bound each item of a list (so a draw's sizes and lengths stay small)."""
    return FieldSpec(
        default,
        default_factory,
        ge,
        gt,
        le,
        lt,
        min_length,
        max_length,
        description,
        item_ge,
        item_le,
    )


class _Unusual(Exception):
    """The fast check cannot decide this value: pydantic must."""


def _checker(annotation: Any, spec: FieldSpec) -> Callable[[Any], Any]:
    """A function returning the value as pydantic would, or raising _Unusual."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        choices = {(type(c), c) for c in args}

        def literal(value: Any) -> Any:
            if type(value) in (str, int, bool) and (type(value), value) in choices:
                return value
            raise _Unusual

        return literal
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        check = _checker(inner, spec)
        return lambda value: None if value is None else check(value)
    if origin is list and args == (int,):

        def int_list(value: Any) -> Any:
            if (
                type(value) is list
                and all(type(v) is int for v in value)
                and (spec.min_length is None or len(value) >= spec.min_length)
                and (spec.max_length is None or len(value) <= spec.max_length)
                and (spec.item_ge is None or all(v >= spec.item_ge for v in value))
                and (spec.item_le is None or all(v <= spec.item_le for v in value))
            ):
                return list(value)
            raise _Unusual

        return int_list
    if annotation is bool:

        def boolean(value: Any) -> Any:
            if type(value) is bool:
                return value
            raise _Unusual

        return boolean
    if annotation in (int, float):
        accepted = (int,) if annotation is int else (int, float)

        def number(value: Any) -> Any:
            if type(value) in accepted and spec.in_bounds(value):
                return annotation(value)
            raise _Unusual

        return number
    raise TypeError(f"template params support Literal, bool, int, float, list[int]: {annotation}")


class Params:
    """Base of every template's params: immutable, compared and hashed by value."""

    fields: ClassVar[dict[str, FieldSpec]] = {}
    _annotations: ClassVar[dict[str, Any]] = {}
    _checkers: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    _parsed: ClassVar[dict[Any, Params]] = {}
    _pydantic: ClassVar[type[Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        hints = typing.get_type_hints(cls)
        fields: dict[str, FieldSpec] = {}
        for name, annotation in hints.items():
            if typing.get_origin(annotation) is ClassVar:
                continue
            value = getattr(cls, name, _MISSING)
            if value is _MISSING:
                raise TypeError(f"{cls.__name__}.{name} needs a default")
            if not isinstance(value, FieldSpec):
                if type(value).__module__.startswith("pydantic"):
                    raise TypeError(f"{cls.__name__}.{name}: use quizapp.templates.params.Field")
                value = FieldSpec(default=value)
            fields[name] = value
        cls.fields = fields
        cls._annotations = {name: hints[name] for name in fields}
        cls._checkers = {name: _checker(hints[name], spec) for name, spec in fields.items()}
        cls._parsed = {}
        cls._pydantic = None

    def __init__(self, **values: Any) -> None:
        for name, spec in self.fields.items():
            object.__setattr__(self, name, values[name] if name in values else spec.make_default())

    @classmethod
    def annotations(cls) -> dict[str, Any]:
        """Each field's type, resolved (``Literal[...]``, ``int``, ``float | None``...)."""
        return dict(cls._annotations)

    def check(self) -> None:
        """Rules across fields; raise ValueError (pydantic reports it as a value error)."""

    # -- the draw path ------------------------------------------------------------------------
    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Self:
        """The params for ``data``, as pydantic would give them, checked once per distinct data."""
        try:  # types in the key: 1, 1.0 and True are equal but need not parse alike
            key: Any = tuple((name, type(value), value) for name, value in data.items())
            hash(key)
        except TypeError:
            key = repr([(name, type(value), value) for name, value in data.items()])
        cached = cls._parsed.get(key)
        if cached is None:
            cached = cls._fast(data)
            if len(cls._parsed) >= _CACHE_SIZE:
                cls._parsed.clear()
            cls._parsed[key] = cached
        return cast(Self, cached)  # _parsed holds instances of cls only

    @classmethod
    def _fast(cls, data: Mapping[str, Any]) -> Self:
        try:
            if not data.keys() <= cls.fields.keys():
                raise _Unusual
            params = cls(**{name: cls._checkers[name](value) for name, value in data.items()})
            params.check()
        except (_Unusual, ValueError):
            return cls.model_validate(data)
        return params

    # -- pydantic, for the loader and for anything unusual ----------------------------------
    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Validate with the equivalent pydantic model: its coercions, its ValidationError."""
        model = cls.pydantic_model().model_validate(data)
        return cls(**{name: getattr(model, name) for name in cls.fields})

    @classmethod
    def pydantic_model(cls) -> type[Any]:
        """The pydantic model of these params (extra keys forbidden, frozen), built once."""
        if cls._pydantic is None:
            from quizapp.templates.params_pydantic import build_model

            cls._pydantic = build_model(cls)
        return cls._pydantic

    # -- value semantics ----------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.fields)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Params)
            and type(other) is type(self)
            and other._values() == self._values()
        )

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({inner})"
