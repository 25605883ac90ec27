"""The learner's own editor ($VISUAL, else $EDITOR) on a file, with the app suspended while it
runs: the code question's ``e`` / ctrl+o. Every way it cannot run (nothing set, not found, no
terminal to hand over) is said in a notification, and the caller's file is left as it was.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

from textual.screen import Screen

from quizapp.i18n import _


def editor_command() -> list[str] | None:
    """The learner's editor from $VISUAL, else $EDITOR, split as a shell would; None if unset."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                return [value]
    return None


def find_editor(screen: Screen[Any]) -> list[str] | None:
    """The editor's command line, or None after telling the learner why there is none."""
    command = editor_command()
    if command is None:
        screen.notify(
            _(
                "Neither $VISUAL nor $EDITOR is set: write your code here, in the editor "
                "below (or set EDITOR=vi, say, and start quizapp again)."
            ),
            title=_("No editor"),
            timeout=8,
        )
        return None
    if shutil.which(command[0]) is None:
        screen.notify(
            _("The editor '{editor}' (from $VISUAL / $EDITOR) was not found.").format(
                editor=command[0]
            ),
            title=_("No editor"),
            severity="error",
            timeout=8,
        )
        return None
    return command


def run_editor(screen: Screen[Any], command: list[str], path: Path) -> int | None:
    """Run ``command`` on ``path`` with the app suspended: the editor's exit code, or None
    after telling the learner it could not be opened here."""
    try:
        with screen.app.suspend():
            completed = subprocess.run([*command, str(path)], check=False)
    except Exception as exc:  # SuspendNotSupported (no terminal to give away), OSError
        screen.notify(
            _(
                "Could not open the editor here ({error}); write your code in the editor below."
            ).format(error=type(exc).__name__),
            title=_("No editor"),
            severity="warning",
            timeout=8,
        )
        return None
    return completed.returncode
