"""The built-in banks' catalog, built once and shipped with the package.

A learner's very first start (a fresh data directory, a new version of quizapp) has no
start-up cache, and reading the built-in banks (YAML, pydantic, the template checks, the
translations) took over a second before Home. The same catalog, as the start-up cache holds
it, ships as ``builtin_catalog.json``: such a start reads it instead, then writes the learner's
own cache as usual. It is keyed by content, not by path and modification time, since neither
survives an install: a digest of every built-in bank and translation file, the topics file and
what beside it decides translations, the code that decides what a bank means, the quizapp
version and the cache's format. A digest that differs (a bank edited in a checkout without
running ``make catalog-cache``) only means the banks are read as before; a test fails until
the file is rebuilt. Paths in it are relative to the built-in banks' folder, wherever that is
installed. It is JSON, data only, like the learner's cache.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import quizapp
from quizapp.banks.files import bank_files
from quizapp.banks.frozen import replaced
from quizapp.core import catalog_cache
from quizapp.paths import builtin_banks_dir, topics_file

if TYPE_CHECKING:
    from quizapp.core.catalog_data import CatalogData

FILE = Path(__file__).resolve().parent.parent / "builtin_catalog.json"


def content_key(builtin: Path | None = None, inputs: list[Path] | None = None) -> str:
    """A digest of what the built-in catalog is made from (the inputs of ``cache_key``, by
    content and by name relative to their folder); ``inputs``: those files, if listed already."""
    import hashlib

    builtin = builtin or builtin_banks_dir()
    if inputs is None:
        inputs = catalog_cache.key_files(bank_files([builtin]), topics_file(builtin))
    package = Path(quizapp.__file__).resolve().parent
    digest = hashlib.sha256(f"{quizapp.__version__}/{catalog_cache.FORMAT}".encode())
    for path in inputs:
        root = builtin if path.is_relative_to(builtin) else package  # the wheel has it inside
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\0missing"
        name = path.relative_to(root).as_posix()
        digest.update(f"\0{root is builtin}\0{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def read(builtin: Path | None = None, inputs: list[Path] | None = None) -> CatalogData | None:
    """The shipped catalog's data with its paths under ``builtin``, or None when it is missing,
    unreadable or made from other banks or code (``inputs`` as for ``content_key``)."""
    from quizapp.core.catalog_data import CatalogData

    builtin = builtin or builtin_banks_dir()
    key = content_key(builtin, inputs)
    data = catalog_cache.read(FILE.parent, key, FILE.name, shape=CatalogData)
    if data is None:
        return None
    return _rebased(data, lambda relative: str(builtin / relative))


def build(target: Path = FILE) -> int:
    """Write the shipped catalog from the built-in banks (``make catalog-cache``); the number of
    questions. Refuses banks with errors: a learner would meet them in every start."""
    import tempfile

    from quizapp.core.catalog import load_catalog
    from quizapp.core.catalog_data import from_builtins

    builtin = builtin_banks_dir()
    with tempfile.TemporaryDirectory() as empty:
        catalog = load_catalog(Path(empty), cache=False)
    if catalog.errors or catalog.failed_files:
        problems = [f"{e.path}:{e.line}:{e.col}: {e.message}" for e in catalog.errors]
        raise SystemExit("the built-in banks have errors:\n" + "\n".join(problems))
    data = _rebased(
        from_builtins(catalog.to_data()), lambda path: Path(path).relative_to(builtin).as_posix()
    )
    catalog_cache.write(target.parent, content_key(builtin), data, target.name)
    target.chmod(0o644)  # a system-wide install is read by every user (mkstemp made it 0600)
    return len(catalog.questions)


def _rebased(data: CatalogData, move: Callable[[str], str]) -> CatalogData:
    """``data`` with every path it holds (each bank's, each question's source) moved."""
    data.banks = [(i, t, move(path), b) for i, t, path, b in data.banks]
    data.questions = [replaced(q, source_path=move(q.source_path)) for q in data.questions]
    return data


if __name__ == "__main__":  # pragma: no cover - ``make catalog-cache``
    count = build()
    print(f"{FILE}: {count} questions", file=sys.stderr)
