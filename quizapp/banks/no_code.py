"""A bank can never make quizapp run code: what tries to, and how it is refused.

The format has no key that takes a file, a module, a command or code: unknown keys are errors
everywhere, and a code question names one of quizapp's own drills (``drill:`` and its
``params:``). A key that reads as an attempt to name something runnable (``file:``, ``code:``,
``script:``, ``checker:``...) or a drill name that reads as a path or code gets this sentence
in its message, so an author learns the rule instead of hunting for the right spelling.
"""

from __future__ import annotations

import re

NO_CODE = "a bank can never name a file or code for quizapp to run"
NAME_A_DRILL = "a code question names one of quizapp's drills, with 'drill:' and 'params:'"

RUNNABLE_KEYS = frozenset(
    {
        "callable",
        "cases",
        "checker",
        "cmd",
        "code",
        "command",
        "entry_point",
        "entrypoint",
        "eval",
        "exec",
        "file",
        "filename",
        "files",
        "function",
        "harness",
        "hook",
        "import",
        "imports",
        "module",
        "path",
        "plugin",
        "python",
        "reference",
        "run",
        "script",
        "shell",
        "solution",
        "source_code",
        "source_file",
        "starter",
        "test_cases",
        "tests",
        "url",
    }
)
_NAME = re.compile(r"[a-z0-9][a-z0-9.-]*", re.IGNORECASE)
_FILE_ENDINGS = (".py", ".pyw", ".pyc", ".so", ".sh", ".ipynb", ".json", ".yaml", ".txt")


def runnable_key(key: object) -> bool:
    return isinstance(key, str) and key.strip().lower() in RUNNABLE_KEYS


def looks_runnable(name: str) -> bool:
    """A path, a file name, a URL or a line of code rather than a drill's name."""
    text = name.strip().lower()
    return _NAME.fullmatch(text) is None or text.endswith(_FILE_ENDINGS)
