"""Which files are banks: cheap enough to run at every start-up (it keys the catalog cache)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

BANK_SUFFIXES = (".yaml", ".yml")
NOT_BANKS = {"topics.yaml", "topics.yml", "glossary.yaml"}


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders searched recursively for *.yaml / *.yml (topics.yaml aside)."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in BANK_SUFFIXES and p.name not in NOT_BANKS and p.is_file()
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
