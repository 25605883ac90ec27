"""The loaded catalog, pickled, so that start-up skips parsing and validating unchanged banks.

Loading the built-in banks (YAML, pydantic, the template checks, which load the engine) was
a third of the time from start to the first question. The cache is keyed by every bank file's
path, size and modification time, the topics file, the quizapp version and the code that
decides what a bank means (``quizapp/banks``, ``quizapp/templates``), so any edit misses it.
It holds nothing that is not rebuilt from the banks: an unreadable or stale file is ignored
and rewritten, and a cache that cannot be written is simply not kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import quizapp

FORMAT = 2  # bump when the pickled shape of Catalog changes (2: frozen records)
_PREFIX = "catalog-"


def cache_key(files: Iterable[Path], topics: Path | None) -> str:
    digest = hashlib.sha256(f"{quizapp.__version__}/{FORMAT}".encode())
    package = Path(quizapp.__file__).resolve().parent
    code = sorted((package / "banks").glob("*.py")) + sorted((package / "templates").glob("*.py"))
    for path in [*files, *([topics] if topics else []), *code]:
        try:
            stat = path.stat()
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
            continue
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def read(directory: Path, key: str) -> Any | None:
    try:
        with (directory / f"{_PREFIX}{key}.pickle").open("rb") as handle:
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
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        target = directory / f"{_PREFIX}{key}.pickle"
        os.replace(tmp, target)
        for old in directory.glob(f"{_PREFIX}*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)
