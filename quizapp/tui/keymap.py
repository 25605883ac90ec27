"""Remapping keys: ``keymap.toml`` in the data directory maps binding ids to keys.

Every binding in the app has an id (``home.review``, ``feedback.undo``...); F1 lists them.
A file such as::

    "home.review" = "enter,r"
    "feedback.undo" = "ctrl+z"

is applied with Textual's ``App.set_keymap``. A broken file, an unknown id or a value that is
not a key string is reported (``keymap.toml:LINE: message``) and skipped; the rest applies.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from textual.binding import Binding

from quizapp.i18n import _

_KEYS = re.compile(r"^[a-z0-9_+\-]+(,[a-z0-9_+\-]+)*$", re.IGNORECASE)


def known_binding_ids() -> dict[str, str]:
    """Every binding id of the app and its screens -> its description (imports the screens)."""
    import quizapp.tui.screens as screens
    from quizapp.tui.app import QuizApp

    owners: list[type] = [QuizApp]
    for module in pkgutil.iter_modules(screens.__path__):
        loaded = importlib.import_module(f"{screens.__name__}.{module.name}")
        owners.extend(
            v
            for v in vars(loaded).values()
            if isinstance(v, type) and v.__module__ == loaded.__name__
        )
    found: dict[str, str] = {}
    for owner in owners:
        for binding in getattr(owner, "BINDINGS", []) or []:
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding.description or binding.action
    return found


def load_keymap(path: Path, known: Iterable[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """The overrides to apply, and the problems found (each ``file:line: message``)."""
    if not path.is_file():
        return {}, []
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        return {}, [f"{path}:{line}: {exc}"]
    ids = set(known_binding_ids() if known is None else known)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in data.items():
        line = _line_of(text, binding_id)
        if binding_id not in ids:
            problems.append(
                f"{path}:{line}: "
                + _("unknown binding id '{id}' (F1 lists them)").format(id=binding_id)
            )
        elif not isinstance(keys, str) or not _KEYS.match(keys.strip()):
            problems.append(
                f"{path}:{line}: "
                + _('\'{id}\' needs keys as a string such as "ctrl+z" or "enter,r"').format(
                    id=binding_id
                )
            )
        else:
            keymap[binding_id] = keys.strip()
    return keymap, problems


def _line_of(text: str, binding_id: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if binding_id in line.split("=", 1)[0]:
            return number
    return 1


def _line_from_message(message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1
