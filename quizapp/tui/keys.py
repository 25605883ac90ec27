"""Keys as inline text names them: whatever ``keymap.toml`` made of a binding, said in words.

The key bar reads the live bindings; lines such as "rate 1 Again · 2 Hard" or "(Enter or r)"
are written by screens, so they ask here which keys a binding id has now (the keymap's, else
the key the binding was declared with) instead of spelling the defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType

NAMES = {
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "question_mark": "?",
    "comma": ",",
    "full_stop": ".",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "backspace": "Backspace",
    "delete": "Del",
}


def keys_of(
    binding_id: str, owners: Iterable[type], overrides: Mapping[str, str]
) -> tuple[str, ...]:
    """The keys of ``binding_id`` now: the keymap's, else the declaration's (in ``owners``)."""
    keys = overrides.get(binding_id)
    if keys is None:
        keys = next(
            (b.key for b in _bindings(owners) if b.id == binding_id),
            "",
        )
    return tuple(key.strip() for key in keys.split(",") if key.strip())


def key_name(key: str) -> str:
    """'ctrl+t' -> 'Ctrl+T', 'f2' -> 'F2', 'escape' -> 'Esc', 'r' -> 'r'."""
    *mods, last = key.split("+")
    shown = NAMES.get(last, last.upper() if len(last) > 1 and last[0] == "f" else last)
    if len(shown) == 1 and mods:
        shown = shown.upper()
    return "+".join([*(m.capitalize() for m in mods), shown])


def _bindings(owners: Iterable[type]) -> Iterable[Binding]:
    for owner in owners:
        for klass in owner.__mro__:
            declared: list[BindingType] = list(vars(klass).get("BINDINGS", []) or [])
            yield from (b for b in declared if isinstance(b, Binding))
