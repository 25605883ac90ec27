"""The loaded catalog as JSON, so that start-up skips parsing and validating unchanged banks.

Loading the built-in banks (YAML, pydantic, the template checks, which load the engine) was
a third of the time from start to the first question. The cache is keyed by every bank file's
path, size and modification time (translation files among them), the topics file with the
topics' translations and glossaries beside it, the quizapp version and the code that decides
what a bank means (``quizapp/banks``, ``quizapp/templates``, ``quizapp/drills``, and the
grading that picks each question's rivals), so any edit misses it.
It holds nothing that is not rebuilt from the banks: a file that cannot be read, whose key
differs, or whose content does not decode is ignored and rewritten, and a cache that cannot
be written is simply not kept. It is JSON, data only: a file planted in the data directory
can at worst make the app load the banks again, never run code (a pickle could). The key is
the file's first line, compared whole before the rest is decoded (no digest: hashlib's import
alone cost a millisecond of start-up).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, overload

import msgspec

import quizapp

FORMAT = 9  # bump when the file's layout or the shape of the catalog's data changes
FILE = "catalog.json"  # the key as one JSON line, then the catalog's data
_OLD_FILES = ("catalog.pickle", "catalog-*.pickle")  # formats 1-4, which pickled the catalog
T = TypeVar("T")


def key_files(files: Iterable[Path], topics: Path | None) -> list[Path]:
    """What a catalog is made from: the bank files, the topics file and what beside it decides
    what translations say (the topics' translations, each language's glossary), and the code."""
    from quizapp.banks.files import translation_support_files

    package = Path(quizapp.__file__).resolve().parent
    code = [
        path
        for folder in ("banks", "templates", "drills", "grading")
        for path in sorted((package / folder).glob("*.py"))
    ]
    code.append(package / "core" / "vocabulary.py")
    return [*files, *([topics] if topics else []), *translation_support_files(topics), *code]


def cache_key(files: Iterable[Path], topics: Path | None) -> str:
    """``key_files`` by path, size and modification time, with the version and the format."""
    return stat_key(key_files(files, topics))


def stat_key(inputs: Iterable[Path]) -> str:
    """``cache_key`` of what ``key_files`` listed."""
    parts = [f"{quizapp.__version__}/{FORMAT}"]
    folders: dict[str, str] = {}  # each folder resolved once (resolving every file was most of it)
    for path in inputs:
        try:
            stat = os.stat(path)
        except OSError:
            parts.append(f"{path}\0missing")
            continue
        folder, name = os.path.split(path)
        real = folders.get(folder)
        if real is None:
            real = folders[folder] = os.path.realpath(folder)
        parts.append(f"{os.path.join(real, name)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(parts)


@overload
def read(directory: Path, key: str, name: str = FILE) -> Any | None: ...
@overload
def read(directory: Path, key: str, name: str = FILE, *, shape: type[T]) -> T | None: ...
def read(directory: Path, key: str, name: str = FILE, shape: type[T] | None = None) -> Any | None:
    """The data stored under ``key`` (decoded as ``shape``, else as plain JSON), or None
    (missing, another key, not JSON or not of that shape)."""
    try:  # bytes, read whole: a text-mode read of the 1.7 MB took 8 ms more of every start
        with (directory / name).open("rb") as handle:
            if json.loads(handle.readline()) != key:
                return None
            rest = handle.read()
        if shape is None:
            return json.loads(rest)
        return msgspec.json.decode(rest, type=shape)
    except (OSError, ValueError, msgspec.DecodeError):  # missing, truncated, not JSON: rebuild
        return None


def write(directory: Path, key: str, data: Any, name: str = FILE) -> None:
    """Atomically replace the cache with ``data`` (JSON-ready); never raises."""
    tmp: str | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(key).encode() + b"\n")
            handle.write(msgspec.json.encode(data))  # compact UTF-8, as json.dump wrote it
        os.replace(tmp, directory / name)
        for pattern in _OLD_FILES:
            for old in directory.glob(pattern):
                old.unlink(missing_ok=True)
    except Exception:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)
