"""The loaded catalog, pickled, so that start-up skips parsing and validating unchanged banks.

Loading the built-in banks (YAML, pydantic, the template checks, which load the engine) was
a third of the time from start to the first question. The cache is keyed by every bank file's
path, size and modification time, the topics file, the quizapp version and the code that
decides what a bank means (``quizapp/banks``, ``quizapp/templates``), so any edit misses it.
It holds nothing that is not rebuilt from the banks: an unreadable or stale file is ignored
and rewritten, and a cache that cannot be written is simply not kept. The key is stored in
the file ahead of the catalog and compared whole (no digest: hashlib's import alone cost a
millisecond of start-up).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import quizapp

FORMAT = 4  # bump when the file's layout or the pickled shape of Catalog changes
FILE = "catalog.pickle"  # holds the key, then the catalog


def cache_key(files: Iterable[Path], topics: Path | None) -> str:
    package = Path(quizapp.__file__).resolve().parent
    code = sorted((package / "banks").glob("*.py")) + sorted((package / "templates").glob("*.py"))
    parts = [f"{quizapp.__version__}/{FORMAT}"]
    for path in [*files, *([topics] if topics else []), *code]:
        try:
            stat = path.stat()
        except OSError:
            parts.append(f"{path}\0missing")
            continue
        parts.append(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(parts)


def read(directory: Path, key: str) -> Any | None:
    try:
        with (directory / FILE).open("rb") as handle:
            if pickle.load(handle) != key:
                return None
            return pickle.load(handle)
    except Exception:  # missing, truncated or from an incompatible build: rebuild
        return None


def write(directory: Path, key: str, value: Any) -> None:
    """Atomically replace the cache; older entries are removed. Never raises."""
    tmp: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(key, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / FILE)
        for old in directory.glob("catalog-*.pickle"):  # format 2 kept one per digest
            old.unlink(missing_ok=True)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)
