"""Which files are banks, and reading one safely: cheap enough to run at every start-up (the
listing keys the catalog cache).

Only regular files are read. A FIFO, a device, a socket, a folder or a dangling link named like
a bank is listed all the same (so the loader reports it, and the summary counts it) and is
never opened in a way that could block: opening a FIFO for reading waits for a writer forever,
so the file is opened non-blocking and checked on its descriptor before a byte is read. A bank
file is at most ``MAX_BANK_BYTES``: the largest built-in bank is under 50 KB.

Translation files are found the same way (the loader tells them by their ``translation:``
key); the topics' translations are ``<lang>/topics.yaml`` beside the topics file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from quizapp.file_kinds import file_kind

BANK_SUFFIXES = (".yaml", ".yml")
NOT_BANKS = {"topics.yaml", "topics.yml", "glossary.yaml"}
MAX_BANK_BYTES = 4 * 1024 * 1024


class NotABankFile(Exception):
    """The path cannot be read as a bank; the message says why, for ``path:1:1: ...``."""


def topics_translation_files(topics: Path | None) -> list[Path]:
    """The topics' translations beside the topics file: ``<lang>/topics.yaml`` that exist."""
    if topics is None:
        return []
    from quizapp.i18n import DEFAULT_LANGUAGE, LANGUAGES

    found = [topics.parent / code / topics.name for code in LANGUAGES if code != DEFAULT_LANGUAGE]
    return [path for path in found if path.is_file()]


def translation_support_files(topics: Path | None) -> list[Path]:
    """What else decides what translations say: the topics' translations and each language's
    glossary beside the topics file (part of the catalog cache's key)."""
    if topics is None:
        return []
    from quizapp.i18n import DEFAULT_LANGUAGE, LANGUAGES

    glossaries = [topics.parent / code / "glossary.yaml" for code in LANGUAGES]
    found = [path for path in glossaries if path.is_file() and path.parent.name != DEFAULT_LANGUAGE]
    return [*topics_translation_files(topics), *found]


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """Paths as given, folders searched recursively for *.yaml / *.yml (topics.yaml aside).

    Entries found in a folder are listed whatever their kind; the loader refuses those that
    are not regular files, with a message (a folder named ``x.yaml`` is still searched)."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            if path.suffix in BANK_SUFFIXES:
                files.append(path)
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in BANK_SUFFIXES and p.name not in NOT_BANKS
                )
            )
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def read_bank_bytes(path: Path) -> bytes:
    """The bytes of a regular bank file; ``NotABankFile`` for anything else or a failed read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise NotABankFile(_unopenable(path, exc)) from None
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind:
            raise NotABankFile(f"this is {kind}, not a bank file; skipped")
        if info.st_size > MAX_BANK_BYTES:
            raise NotABankFile(
                f"the file is {info.st_size / 1024 / 1024:.1f} MB; a bank file may be at most "
                f"{MAX_BANK_BYTES // 1024 // 1024} MB (split it into several banks)"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BANK_BYTES + 1)
    except OSError as exc:
        raise NotABankFile(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BANK_BYTES:  # it grew while being read
        raise NotABankFile(f"the file is over {MAX_BANK_BYTES // 1024 // 1024} MB; skipped")
    return data


def _unopenable(path: Path, exc: OSError) -> str:
    if os.path.islink(path) and not os.path.exists(path):
        return f"this is a symbolic link to {os.readlink(path)}, which does not exist; skipped"
    try:
        kind = file_kind(os.stat(path).st_mode)
    except OSError:
        kind = ""
    if kind:  # a socket cannot be opened at all
        return f"this is {kind}, not a bank file; skipped"
    return f"cannot read the file: {exc.strerror or exc}"
