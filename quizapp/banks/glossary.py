"""The glossary a language's translations follow: ``questions/<lang>/glossary.yaml``.

Each term gives the English (``en``), the form translations use (keyed by the language code),
forms a learner may type (``accept``) and forms no translation may use (``avoid``). The loader
and ``quizapp validate`` refuse a translated text with an avoid form (the same check).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

GLOSSARY_FILENAME = "glossary.yaml"


@dataclass(frozen=True)
class Term:
    en: str
    translated: str
    accept: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    path: Path | None
    terms: tuple[Term, ...] = ()

    def avoid_forms(self, text: str) -> Iterator[tuple[str, Term]]:
        """Each avoid form ``text`` contains, with the term it stands for."""
        for term in self.terms:
            for form in term.avoid:
                if form in text:
                    yield form, term

    def describe(self, form: str, term: Term) -> str:
        where = f" ({self.path.parent.name}/{self.path.name})" if self.path else ""
        return (
            f"uses '{form}', which the glossary{where} avoids: write '{term.translated}' "
            f"for '{term.en}'"
        )


EMPTY = Glossary(None)


def glossary_path(banks_dir: Path, language: str) -> Path:
    return banks_dir / language / GLOSSARY_FILENAME


@functools.cache
def _read(path: Path, language: str, mtime_ns: int) -> Glossary:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    terms = tuple(
        Term(
            en=str(raw["en"]),
            translated=str(raw.get(language, "")),
            accept=tuple(str(form) for form in raw.get("accept") or ()),
            avoid=tuple(str(form) for form in raw.get("avoid") or ()),
        )
        for raw in data.get("terms") or ()
        if isinstance(raw, dict) and "en" in raw
    )
    return Glossary(path, terms)


def load_glossary(banks_dir: Path, language: str) -> Glossary:
    """The glossary of ``language`` beside the banks; none is an empty one (nothing avoided)."""
    path = glossary_path(banks_dir, language)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return EMPTY
    return _read(path, language, mtime)
