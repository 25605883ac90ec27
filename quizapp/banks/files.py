"""Which files are banks: cheap enough to run at every start-up (it keys the catalog cache).

Translation files are found the same way (the loader tells them by their ``translation:``
key); the topics' translations are ``<lang>/topics.yaml`` beside the topics file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

BANK_SUFFIXES = (".yaml", ".yml")
NOT_BANKS = {"topics.yaml", "topics.yml", "glossary.yaml"}


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
