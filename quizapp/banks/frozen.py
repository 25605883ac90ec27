"""Validated bank objects frozen into plain attributes: what the running app holds.

pydantic validates banks; once they are valid, the app only reads them. Freezing copies every
field (and the quizapp-defined properties, such as ``bank_id`` or ``effective_tolerance``) into
a plain, immutable, picklable record, so the catalog cache can be read, and a session run,
without importing pydantic (~60 ms and ~7 MiB of every start-up). Nothing here imports it.
"""

from __future__ import annotations

from typing import Any


class FrozenRecord:
    """Read-only attributes with value equality; ``kind_of`` names the model it came from."""

    __slots__ = ("_values", "kind_of")

    def __init__(self, kind_of: str, values: dict[str, Any]) -> None:
        object.__setattr__(self, "kind_of", kind_of)
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{self.kind_of} has no attribute {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self.kind_of} is frozen")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrozenRecord):
            return NotImplemented
        return bool(self.kind_of == other.kind_of and self._values == other._values)

    def __hash__(self) -> int:
        return hash((self.kind_of, self._values.get("id")))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self._values.items() if k != "explanation")
        return f"{self.kind_of}({shown})"

    def __getstate__(self) -> tuple[str, dict[str, Any]]:
        return self.kind_of, self._values

    def __setstate__(self, state: tuple[str, dict[str, Any]]) -> None:
        object.__setattr__(self, "kind_of", state[0])
        object.__setattr__(self, "_values", state[1])


def freeze(value: Any) -> Any:
    """A deep, read-only copy: models become records, lists become tuples."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:  # a pydantic model, recognised without importing pydantic
        values = {name: freeze(getattr(value, name)) for name in fields}
        for name in _own_properties(type(value)):
            values[name] = freeze(getattr(value, name))
        return FrozenRecord(type(value).__name__, values)
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    if isinstance(value, dict):
        return {key: freeze(item) for key, item in value.items()}
    return value


def _own_properties(cls: type) -> list[str]:
    """Properties quizapp defines on the model (pydantic's own are not bank data)."""
    names: list[str] = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("quizapp."):
            continue
        names.extend(
            name
            for name, attribute in vars(klass).items()
            if isinstance(attribute, property) and name not in names
        )
    return names
