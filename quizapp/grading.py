"""Parsing and checking answers: pure functions, no terminal, never ``eval``.

Every parser returns a value or a ``ParseProblem`` whose message says what form is expected;
nothing here raises on user text.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from quizapp.tolerance import check_numeric as check_numeric  # re-exported for callers

MAX_ANSWER_CHARS = 2000
# ASCII digits only (re.ASCII): "٣" or "፩" is refused with a message, never read as a value
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
_FRACTION = re.compile(
    r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*/\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))$", re.ASCII
)
# Full-width forms (an East Asian keyboard's "ｂ", "２", "，") as their ASCII letters, digits
# and punctuation; the ideographic space and comma as a space and a comma.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 32, 0x3001: 44}
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "－": "-"})


@dataclass(frozen=True)
class ParseProblem:
    message: str


@dataclass(frozen=True)
class ShortMatch:
    correct: bool
    matched: str | None
    distance: int
    missing_keywords: tuple[str, ...] = ()


# -- numbers -------------------------------------------------------------------------------------
def parse_numeric_answer(text: str, expected_len: int | None = None) -> list[float] | ParseProblem:
    """Read ``0.73``, ``.73``, ``7.3e-1``, ``-0.5``, ``3/4``, and vectors as ``[0.1, 0.2]``,
    ``0.1, 0.2`` or ``0.1 0.2``.

    ``expected_len`` None means a scalar is expected; otherwise a vector of that length.
    """
    form = _form(expected_len)
    if not isinstance(text, str):
        return ParseProblem(f"Expected {form}.")
    # full-width forms only, not NFKC: NFKC reads "10²" as "102"
    cleaned = text.translate(_FULL_WIDTH).translate(_MINUS_SIGNS).strip()
    if not cleaned:
        return ParseProblem(f"Type {form}.")
    if len(cleaned) > MAX_ANSWER_CHARS:
        return ParseProblem(f"That answer is too long; expected {form}.")
    if cleaned[0] in "([" and cleaned[-1] in ")]":
        cleaned = cleaned[1:-1].strip()
    parts = [p for p in re.split(r"[\s,;]+", cleaned) if p]
    # "3 / 4" splits into three parts: glue fractions back together
    parts = _join_fractions(parts)
    values: list[float] = []
    for part in parts:
        value = _parse_scalar(part)
        if value is None:
            shown = part if len(part) <= 20 else part[:20] + "…"
            return ParseProblem(f"Could not read '{shown}' as a number; expected {form}.")
        values.append(value)
    if expected_len is None and len(values) != 1:
        return ParseProblem(f"Expected {form}; got {len(values)} numbers.")
    if expected_len is not None and len(values) != expected_len:
        return ParseProblem(f"Expected {form}; got {len(values)}.")
    return values


def _form(expected_len: int | None) -> str:
    if expected_len is None:
        return "a single number, like 0.73, -0.5, 7.3e-1 or 3/4"
    if expected_len == 1:
        return "one number, like 0.73"
    example = ", ".join(["0.12", "-0.5", "0.3", "1.0", "0.25"][:expected_len])
    if expected_len > 5:
        example += ", …"
    return f"a vector of {expected_len} numbers, like {example}"


def _join_fractions(parts: list[str]) -> list[str]:
    joined: list[str] = []
    k = 0
    while k < len(parts):
        if k + 2 < len(parts) and parts[k + 1] == "/":
            joined.append(parts[k] + "/" + parts[k + 2])
            k += 3
        elif k + 1 < len(parts) and (
            parts[k].endswith("/") or (parts[k + 1].startswith("/") and len(parts[k + 1]) > 1)
        ):
            joined.append(parts[k] + parts[k + 1])
            k += 2
        else:
            joined.append(parts[k])
            k += 1
    return joined


def _parse_scalar(part: str) -> float | None:
    if _NUMBER.match(part):
        value = float(part)
        return value if math.isfinite(value) else None
    match = _FRACTION.match(part)
    if match:
        try:
            value = float(Fraction(match.group(1)) / Fraction(match.group(2)))
        except (ZeroDivisionError, ValueError, OverflowError):
            return None
        return value if math.isfinite(value) else None
    return None


# -- short answers ---------------------------------------------------------------------------
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "“”‘’·…、，。！？：；（）"})


def normalize_text(text: str) -> str:
    """Case, spacing, punctuation and Unicode width (NFKC) forgiven."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT)
    return " ".join(folded.split())


def without_article(text: str) -> str:
    """'the cell state' and 'cell state' are the same answer (normalized text in, and out)."""
    head, _, rest = text.partition(" ")
    return rest if head in ("the", "a", "an") and rest else text


def allowed_typos(answer: str) -> int:
    length = len(answer.replace(" ", ""))
    if length <= 4:  # 'tan' is not a typo of 'tanh', nor 'relu' of 'elu'
        return 0
    if length <= 8:
        return 1
    return 2


def check_short(text: str, accepted: Sequence[str], keywords: Sequence[str] = ()) -> ShortMatch:
    given = normalize_text(text[:MAX_ANSWER_CHARS]) if isinstance(text, str) else ""
    if not given:
        return ShortMatch(False, None, 0)
    bare = without_article(given)
    best: tuple[int, str] | None = None
    for answer in accepted:
        target = without_article(normalize_text(answer))
        if not target:
            continue
        from rapidfuzz.distance import Levenshtein  # only short answers need it: load it then

        distance = Levenshtein.distance(bare, target, score_cutoff=allowed_typos(target) + 1)
        if distance <= allowed_typos(target) and (best is None or distance < best[0]):
            best = (distance, answer)
    missing = tuple(k for k in keywords if normalize_text(k) not in given)
    if best is None:
        return ShortMatch(False, None, 0, missing)
    return ShortMatch(not missing, best[1], best[0], missing)


# -- choices ---------------------------------------------------------------------------------
def parse_choice_input(text: str, option_count: int) -> list[int] | ParseProblem:
    """``2``, ``b``, ``1,3``, ``a c`` -> 0-based option indices (sorted, unique).

    Only ASCII digits and letters name options (and their full-width forms): any other
    digit or letter is "not an option", never an error."""
    letters = string.ascii_lowercase[:option_count]
    hint = f"Pick by number (1-{option_count}) or letter (a-{letters[-1] if letters else 'a'})."
    if not isinstance(text, str) or not text.strip():
        return ParseProblem(hint)
    cleaned = text.translate(_FULL_WIDTH).casefold().strip()
    if len(cleaned) > 200:
        return ParseProblem(hint)
    cleaned = re.sub(r"\band\b", " ", cleaned)
    tokens = [t for t in re.split(r"[\s,;/+&]+|(?<=[a-z])(?=[a-z])", cleaned) if t]
    picked: set[int] = set()
    for token in tokens:
        token = token.strip(").:")
        # ASCII digits only: str.isdigit() is true of "፩" and "𐩀", which int() refuses
        if token.isascii() and token.isdigit() and 1 <= int(token) <= option_count:
            picked.add(int(token) - 1)
        elif len(token) == 1 and token in letters:
            picked.add(letters.index(token))
        else:
            return ParseProblem(f"'{token[:20]}' is not an option. {hint}")
    if not picked:
        return ParseProblem(hint)
    return sorted(picked)
