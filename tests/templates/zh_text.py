"""What the Chinese tests look for in text: English sentences left in, numbers, the glossary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from quizapp.templates.base import Variant

GLOSSARY = Path(__file__).resolve().parents[2] / "questions" / "zh" / "glossary.yaml"

# Words that make a run of ASCII words an English sentence rather than a name ("Cho et al.",
# "Andrew Ng, colah") or a formula: a translation that kept English prose keeps some of them.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "to",
        "is",
        "are",
        "was",
        "be",
        "by",
        "from",
        "for",
        "in",
        "on",
        "at",
        "as",
        "with",
        "into",
        "than",
        "then",
        "so",
        "but",
        "not",
        "no",
        "only",
        "each",
        "every",
        "one",
        "its",
        "this",
        "that",
        "it",
        "per",
        "instead",
        "left",
        "out",
        "all",
        "both",
        "how",
        "many",
        "what",
        "which",
        "does",
        "do",
        "give",
        "compute",
        "where",
        "when",
        "after",
        "before",
    ]
)
# A line break inside a paragraph is a soft break, shown as a space: after a full-width mark
# ("h_t。 更新约定", "b_z)， h̃ = …") or between two Chinese characters it is a stray one.
_FULL_WIDTH = "\u3000-\u303f\uff00-\uffef"  # 。，：（）
_CJK = f"\u4e00-\u9fff{_FULL_WIDTH}"
SOFT_BREAK = re.compile(rf"[{_FULL_WIDTH}][ \t]*\n[ \t]*\S|[{_CJK}][ \t]*\n[ \t]*[{_CJK}]")

_CODE = re.compile(r"```.*?```|`[^`]*`", re.DOTALL)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_']*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def english_sentences(text: str) -> list[str]:
    """Runs of three or more ASCII words, separated by spaces or commas only, with at least one
    English function word among them; code (in backticks or a code block) is left out."""
    found = []
    for segment in re.split(r"[^A-Za-z0-9_' ,]+", _CODE.sub(" ", text)):
        words = _WORD.findall(segment)
        if len(words) >= 3 and any(w.lower() in FUNCTION_WORDS for w in words):
            found.append(segment.strip())
    return found


def numbers(text: str) -> list[str]:
    return sorted(_NUMBER.findall(text))


def learner_text(variant: Variant) -> Iterator[tuple[str, str]]:
    """Every piece of text a learner reads, named by where it appears."""
    yield "prompt", variant.prompt
    yield "answer form", variant.answer_form
    yield "tolerance", variant.tolerance.describe(variant.language)
    for k, step in enumerate(variant.steps):
        yield f"step {k} label", step.label
        yield f"step {k} formula", step.formula
        if isinstance(step.value, str):
            yield f"step {k} value", step.value
    for mistake in variant.mistakes:
        yield f"mistake {mistake.id} name", mistake.name
        yield f"mistake {mistake.id} explanation", mistake.explanation
    if "curve_label" in variant.extras:
        yield "curve label", variant.extras["curve_label"]


def numeric_content(variant: Variant) -> dict[str, Any]:
    """Everything but the words: what must be identical in every language."""
    return {
        "answer": variant.answer,
        "tolerance": variant.tolerance,
        "givens": variant.givens,
        "extras": {k: v for k, v in variant.extras.items() if k != "curve_label"},
        "seed": variant.seed,
        "steps": [s.value for s in variant.steps if not isinstance(s.value, str)],
        "mistakes": [(m.id, m.answer, m.convention) for m in variant.mistakes],
    }


@cache
def glossary() -> list[dict[str, Any]]:
    terms: list[dict[str, Any]] = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    return terms


def avoided(text: str) -> list[str]:
    return [form for term in glossary() for form in term.get("avoid", []) if form in text]
