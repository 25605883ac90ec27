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
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*/\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))$")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "﹣": "-", "－": "-"})


@dataclass(frozen=True)
class ParseProblem:
    message: str


# -- numbers -------------------------------------------------------------------------------------
def parse_numeric_answer(text: str, expected_len: int | None = None) -> list[float] | ParseProblem:
    """Read ``0.73``, ``.73``, ``7.3e-1``, ``-0.5``, ``3/4``, and vectors as ``[0.1, 0.2]``,
    ``0.1, 0.2`` or ``0.1 0.2``.

    ``expected_len`` None means a scalar is expected; otherwise a vector of that length.
    """
    form = _form(expected_len)
    if not isinstance(text, str):
        return ParseProblem(f"Expected {form}.")
    cleaned = unicodedata.normalize("NFKC", text).translate(_MINUS_SIGNS).strip()
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


# -- text answers ----------------------------------------------------------------------------
# Text is compared in *forms*: NFKC, case folded, punctuation and spaces away, and the words
# around a key term that do not change it taken off (a leading article or "it is", a trailing
# "function" / "gate" / "activation", a symbol like r_t before or after the term), so "the reset
# gate r_t" is read as "reset". Two forms are within a typo of each other by optimal string
# alignment (Damerau: a swap of two adjacent letters is one edit), on a budget that grows with
# the length of the accepted form; words of four letters take a swap but nothing else ("tahn"
# is tanh, "tan" is not). *Rivals* are other questions' key terms: an answer as close to one
# of them as to the accepted answers is not a typo of the accepted ones ("output gate" is not
# "input gate"), and one equal to a rival is never right.
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "“”‘’·…、，。！？：；（）"})
_LEADING = (
    "the answer is",
    "it is the",
    "it is a",
    "it is",
    "it s",
    "its",
    "this is",
    "the",
    "a",
    "an",
)
FILLER_WORDS = frozenset({"function", "gate", "activation"})
NEGATIONS = frozenset({"not", "no", "never", "without", "cannot", "neither", "nor", "nothing"})
NEGATIONS |= {"isnt", "arent", "doesnt", "dont", "cant", "wont", "n"}  # "isn't" -> "isn t"
_SYMBOL = re.compile(r"^\(?(?:[^\W\d_]{1,2}[~̃]?_[\w{}()+\-−]+|[^\W\d_])\)?[.,;:!?]*$")
_ITEMS = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*")
_WORDS = re.compile(r"[^\W\d]+(?: [^\W\d]+)*")
MAX_ITEMS = 6  # list answers compared in any order up to this many items


def normalize_text(text: str) -> str:
    """Case, spacing, punctuation and Unicode width (NFKC) forgiven."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT)
    return " ".join(folded.split())


def allowed_typos(form: str) -> int:
    """Edits forgiven against an accepted form: by its length in letters, as a speller would."""
    length = len(form.replace(" ", ""))
    if length <= 4:  # 'tan' is not a typo of 'tanh', nor 'relu' of 'elu'
        return 0
    if length <= 8:
        return 1
    return 2


def text_forms(text: str) -> frozenset[str]:
    """Every reading of ``text`` as a key term: as typed, and without the words around it."""
    words = text.split()
    cuts = [words]
    if len(words) > 1 and _SYMBOL.match(words[-1]):
        cuts.append(words[:-1])
    if len(words) > 1 and _SYMBOL.match(words[0]):
        cuts += [c[1:] for c in list(cuts)]
    forms: set[str] = set()
    for cut in cuts:
        form = normalize_text(" ".join(cut))
        forms.add(form)
        for lead in _LEADING:
            if form.startswith(lead + " "):
                form = form[len(lead) + 1 :]
                forms.add(form)
                break
        while (tail := form.rpartition(" "))[2] in FILLER_WORDS and tail[0]:
            form = tail[0]
            forms.add(form)
    return frozenset(f.replace(" ", "") for f in forms if f)


def typo_distance(given: str, target: str) -> int | None:
    """Edits from ``given`` to the accepted form ``target``, or None beyond its budget."""
    from rapidfuzz.distance import OSA, Levenshtein  # loaded with the first typed answer

    budget = allowed_typos(target)
    distance = OSA.distance(given, target, score_cutoff=max(budget, 1) + 1)
    if distance <= budget:
        return distance
    swapped = distance == 1 and Levenshtein.distance(given, target) == 2
    return 1 if swapped and len(target) >= 4 else None


def _nearest(forms: frozenset[str], targets: frozenset[str]) -> int:
    from rapidfuzz.distance import OSA

    return min((OSA.distance(f, t) for f in forms for t in targets), default=1 << 30)


@dataclass(frozen=True)
class ShortMatch:
    correct: bool
    matched: str | None
    distance: int
    missing_keywords: tuple[str, ...] = ()
    rival: str | None = None  # the other term the answer is as close to (so it is not a typo)


def check_short(
    text: str,
    accepted: Sequence[str],
    keywords: Sequence[str] = (),
    *,
    aliases: Sequence[str] = (),
    rivals: Sequence[str] = (),
) -> ShortMatch:
    """A typed key term against the accepted answers and aliases; ``keywords`` must appear too.

    Right when some reading of the answer is within the typo budget of an accepted one and
    strictly closer to it than to every rival (``rivals`` that are accepted here do not count).
    An answer listing several terms ("sigmoid and tanh") may list them in any order.
    """
    given = text[:MAX_ANSWER_CHARS] if isinstance(text, str) else ""
    forms = text_forms(given)
    if not forms:
        return ShortMatch(False, None, 0)
    own = {answer: text_forms(answer) for answer in (*accepted, *aliases)}
    own_forms = frozenset().union(*own.values())
    best: tuple[int, str] | None = None
    for answer, targets in own.items():
        for distance in _distances(forms, targets, given, answer):
            if best is None or distance < best[0]:
                best = (distance, answer)
    missing = tuple(k for k in keywords if not _has_keyword(given, k, frozenset()))
    if best is None:
        return ShortMatch(False, None, 0, missing)
    rival = _closest_rival(forms, rivals, own_forms, best[0])
    if rival is not None:
        return ShortMatch(False, None, 0, missing, rival)
    return ShortMatch(not missing, best[1], best[0], missing)


def _distances(
    forms: frozenset[str], targets: frozenset[str], given: str, answer: str
) -> list[int]:
    found = [d for f in forms for t in targets if (d := typo_distance(f, t)) is not None]
    wanted, typed = _items(answer), _items(given)
    if len(wanted) > 1 and len(wanted) == len(typed) <= MAX_ITEMS:
        import itertools

        for order in itertools.permutations(typed):
            steps = [_item_distance(a, b) for a, b in zip(order, wanted, strict=True)]
            if None not in steps:
                found.append(sum(s for s in steps if s is not None))
    return found


def _items(text: str) -> list[str]:
    """A list of words ("sigmoid and tanh"), or [] for anything else: "(2, 3h)" is a shape,
    whose order matters."""
    items = [item.strip() for item in _ITEMS.split(text.casefold()) if item.strip()]
    return items if all(_WORDS.fullmatch(item) for item in items) else []


def _item_distance(typed: str, wanted: str) -> int | None:
    options = [typo_distance(f, t) for f in text_forms(typed) for t in text_forms(wanted)]
    return min((d for d in options if d is not None), default=None)


def _closest_rival(
    forms: frozenset[str], rivals: Sequence[str], own_forms: frozenset[str], distance: int
) -> str | None:
    """The first rival at most ``distance`` away (or equal to the answer), if any."""
    for rival in rivals:
        targets = text_forms(rival) - own_forms
        if targets and _nearest(forms, targets) <= distance:
            return rival
    return None


@dataclass(frozen=True)
class KeywordMatch:
    correct: bool
    missing: tuple[str, ...]  # the keywords (alternatives joined by " | ") not named
    distractor: str | None = None  # the wrong option the answer repeats


def check_keywords(
    text: str,
    keywords: Sequence[str],
    *,
    distractors: Sequence[str] = (),
    rivals: Sequence[str] = (),
) -> KeywordMatch:
    """A free-text answer that must name every keyword, in any order, with small typos.

    A keyword lists alternatives as ``"W_hh | recurrent weight"``. A keyword right after a
    negation ("not independent", two words before at most) is not named; an answer that is a
    ``distractors`` text (a wrong option) within typos is wrong whatever it names.
    """
    given = text[:MAX_ANSWER_CHARS] if isinstance(text, str) else ""
    if not normalize_text(given) or not keywords:
        return KeywordMatch(False, tuple(keywords))
    forms = text_forms(given)
    for distractor in distractors:
        target = normalize_text(distractor).replace(" ", "")
        if target and any(typo_distance(f, target) is not None for f in forms):
            return KeywordMatch(False, (), distractor)
    rival_forms = frozenset().union(*(text_forms(r) for r in rivals))
    missing = tuple(k for k in keywords if not _has_keyword(given, k, rival_forms))
    return KeywordMatch(not missing, missing)


def _has_keyword(text: str, keyword: str, rival_forms: frozenset[str]) -> bool:
    words = normalize_text(text).split()
    for alternative in keyword.split("|"):
        wanted = normalize_text(alternative).split()
        if not wanted:
            continue
        target = "".join(wanted)
        negated_itself = wanted[0] in NEGATIONS
        for size in {max(len(wanted) - 1, 1), len(wanted), len(wanted) + 1}:
            for start in range(len(words) - size + 1):
                window = "".join(words[start : start + size])
                distance = typo_distance(window, target)
                if distance is None:
                    continue
                if distance and _nearest(frozenset({window}), rival_forms - {target}) <= distance:
                    continue  # nearer another term: not this one misspelt
                if negated_itself or not NEGATIONS.intersection(words[max(start - 2, 0) : start]):
                    return True
    return False


# -- choices ---------------------------------------------------------------------------------
def parse_choice_input(text: str, option_count: int) -> list[int] | ParseProblem:
    """``2``, ``b``, ``1,3``, ``a c`` -> 0-based option indices (sorted, unique)."""
    letters = string.ascii_lowercase[:option_count]
    hint = f"Pick by number (1-{option_count}) or letter (a-{letters[-1] if letters else 'a'})."
    if not isinstance(text, str) or not text.strip():
        return ParseProblem(hint)
    cleaned = unicodedata.normalize("NFKC", text).casefold().strip()
    if len(cleaned) > 200:
        return ParseProblem(hint)
    cleaned = re.sub(r"\band\b", " ", cleaned)
    tokens = [t for t in re.split(r"[\s,;/+&]+|(?<=[a-z])(?=[a-z])", cleaned) if t]
    picked: set[int] = set()
    for token in tokens:
        token = token.strip(").:")
        if token.isdigit() and 1 <= int(token) <= option_count:
            picked.add(int(token) - 1)
        elif len(token) == 1 and token in letters:
            picked.add(letters.index(token))
        else:
            return ParseProblem(f"'{token[:20]}' is not an option. {hint}")
    if not picked:
        return ParseProblem(hint)
    return sorted(picked)
