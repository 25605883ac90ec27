"""quizapp.drills imports the engine and NumPy only, and the child's harness the standard
library and NumPy only (it must start as fast as ``import numpy`` and never load quizapp)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from quizapp.drills import harness

FORBIDDEN = (
    "textual",
    "yaml",
    "pydantic",
    "quizapp.tui",
    "quizapp.store",
    "quizapp.core",
    "quizapp.banks",
    "quizapp.templates",
)


def test_the_drills_package_loads_nothing_forbidden() -> None:
    script = (
        "import sys, quizapp.drills, quizapp.commands.drill\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m.startswith({FORBIDDEN!r})]\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_harness_imports_only_the_standard_library_and_numpy() -> None:
    tree = ast.parse(Path(harness.__file__).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    assert names - set(sys.stdlib_module_names) == {"numpy"}
