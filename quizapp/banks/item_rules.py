"""Item-writing rules: warnings a careful reviewer of multiple-choice items would raise.

Based on Haladyna, Downing & Rodriguez (2002), "A review of multiple-choice item-writing
guidelines for classroom assessment", and Rodriguez (2005) on three options being enough. A
test-wise learner who knows none of the content still scores when the correct option is the
longest, when a catch-all such as "Nothing is wrong" is never the answer, or when two cards
ask the same thing; learner text that names internal notes ("seed 002", TODO) reads as
unfinished. Each rule has a stable id (the contract of ``quizapp validate``'s
``warning[rule-id]`` lines) and runs on banks that loaded without errors, so every warning
points at the YAML node to change.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.banks.errors import ItemWarning
from quizapp.banks.loader import LoadedBank

# The correct option is flagged when it is at least this many times as long as the longest
# distractor and at least LONG_MIN_EXTRA characters longer (so "3/4" against "1/2" is fine).
LONG_RATIO = 1.5
LONG_MIN_EXTRA = 15

RULES: dict[str, str] = {
    "long-correct": (
        f"the correct option is at least {LONG_RATIO}x as long as every distractor (and "
        f"{LONG_MIN_EXTRA}+ characters longer); in a multi question, the correct options "
        "on average against the wrong ones"
    ),
    "catch-all": (
        "an option such as 'None of the above', 'All of the above', 'Both' or 'Nothing is "
        "wrong' that is never the correct answer anywhere in its bank"
    ),
    "duplicate-prompt": (
        "two questions ask the same text (numeric templates: the prompt's first line; "
        "spot the mistake: prompt and statement)"
    ),
    "internal-reference": (
        "learner-facing text names an internal note: a seed number or seed file, TODO, FIXME"
    ),
    "no-feedback": "a distractor without its own feedback (why this option is wrong)",
    "restated-explanation": "the explanation adds no word to the answer it explains",
}

Path = tuple[Any, ...]


@dataclass(frozen=True)
class LengthFigures:
    """How much option length gives away across single-answer questions."""

    questions: int
    correct_longest: int  # the correct option is at least as long as every distractor
    median_ratio: float  # median of len(correct) / mean len(distractors)

    @property
    def longest_share(self) -> float:
        return self.correct_longest / self.questions if self.questions else 0.0


def visible_length(text: str) -> int:
    """Length as the learner sees it: whitespace collapsed, code backticks dropped."""
    return len(" ".join(text.replace("`", "").split()))


def length_figures(questions: Iterable[Any]) -> LengthFigures:
    """The two figures of issue 15 over choice and spot-the-mistake questions with options."""
    longest = 0
    ratios: list[float] = []
    for question in questions:
        split = _single_answer(question)
        if split is None:
            continue
        correct, distractors = split
        lengths = [visible_length(o.text) for o in distractors]
        if visible_length(correct.text) >= max(lengths):
            longest += 1
        ratios.append(visible_length(correct.text) / (sum(lengths) / len(lengths)))
    median = statistics.median(ratios) if ratios else 0.0
    return LengthFigures(len(ratios), longest, median)


def check_items(banks: Sequence[LoadedBank]) -> list[ItemWarning]:
    """Every rule over every loaded bank, sorted by file and position."""
    found: list[ItemWarning] = []
    for bank in banks:
        report = _reporter(bank, found)
        for index, question in enumerate(bank.questions):
            base = ("questions", index)
            _long_correct(question, base, report)
            _no_feedback(question, base, report)
            _internal_references(question, base, report)
            _restated_explanation(question, base, report)
        _catch_alls(bank, report)
    found.extend(_duplicate_prompts(banks))
    return sorted(found)


Report = Callable[[Path, str, str], None]


def _reporter(bank: LoadedBank, into: list[ItemWarning]) -> Report:
    def report(where: Path, rule: str, message: str) -> None:
        line, col = bank.doc.position(where)
        into.append(ItemWarning(str(bank.path), line, col, rule, message))

    return report


def _single_answer(question: Any) -> tuple[Any, list[Any]] | None:
    if question.kind not in ("choice", "spot_the_mistake") or not question.options:
        return None
    correct = [o for o in question.options if o.correct]
    distractors = [o for o in question.options if not o.correct]
    if len(correct) != 1 or not distractors:
        return None
    return correct[0], distractors


# -- long-correct ----------------------------------------------------------------------------


def _markedly_longer(long: float, short: float) -> bool:
    return long >= LONG_RATIO * short and long - short >= LONG_MIN_EXTRA


def _long_correct(question: Any, base: Path, report: Report) -> None:
    split = _single_answer(question)
    if split is not None:
        correct, distractors = split
        right = visible_length(correct.text)
        longest = max(visible_length(o.text) for o in distractors)
        if _markedly_longer(right, longest):
            k = question.options.index(correct)
            report(
                (*base, "options", k, "text"),
                "long-correct",
                f"the correct option has {right} characters, the longest distractor "
                f"{longest} ({right / longest:.1f}x): a learner who knows nothing picks the "
                "longest option; shorten it or give the distractors the same detail",
            )
        return
    if question.kind != "multi":
        return
    right_lengths = [visible_length(o.text) for o in question.options if o.correct]
    wrong_lengths = [visible_length(o.text) for o in question.options if not o.correct]
    if not wrong_lengths:
        return
    right_mean = sum(right_lengths) / len(right_lengths)
    wrong_mean = sum(wrong_lengths) / len(wrong_lengths)
    if _markedly_longer(right_mean, wrong_mean):
        report(
            (*base, "options"),
            "long-correct",
            f"the correct options average {right_mean:.0f} characters, the wrong ones "
            f"{wrong_mean:.0f}: length alone tells them apart; even out their detail",
        )


# -- no-feedback -----------------------------------------------------------------------------


def _no_feedback(question: Any, base: Path, report: Report) -> None:
    if question.kind not in ("choice", "multi", "spot_the_mistake"):
        return
    for k, option in enumerate(question.options):
        if not option.correct and not (option.feedback or "").strip():
            report(
                (*base, "options", k, "text"),
                "no-feedback",
                "this distractor has no feedback: say why a learner who picks it is wrong",
            )


# -- catch-all -------------------------------------------------------------------------------

_CATCH_ALLS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("none of the above", re.compile(r"\bnone of (the above|these|them)\b|^(none|neither)\W*$")),
    ("all of the above", re.compile(r"\ball of (the above|these|them)\b|^both\W*$")),
    (
        "nothing is wrong",
        re.compile(r"\bnothing is wrong\b|\bthe (statement|claim) is (correct|right)"),
    ),
)
# In a spot-the-mistake question a bare "Nothing; ..." means "nothing is wrong" too.
_BARE_NOTHING = re.compile(r"^nothing(\W|$)")


def catch_all_kind(text: str, question_kind: str = "choice") -> str | None:
    """Which catch-all an option is ('none of the above'...), or None."""
    plain = " ".join(text.replace("`", "").lower().split())
    for kind, pattern in _CATCH_ALLS:
        if pattern.search(plain):
            return kind
    if question_kind == "spot_the_mistake" and _BARE_NOTHING.search(plain):
        return "nothing is wrong"
    return None


def _catch_alls(bank: LoadedBank, report: Report) -> None:
    seen: dict[str, list[Path]] = {}
    ever_right: set[str] = set()
    for index, question in enumerate(bank.questions):
        if question.kind not in ("choice", "multi", "spot_the_mistake"):
            continue
        for k, option in enumerate(question.options):
            kind = catch_all_kind(option.text, question.kind)
            if kind is None:
                continue
            seen.setdefault(kind, []).append(("questions", index, "options", k, "text"))
            if option.correct:
                ever_right.add(kind)
    for kind, places in seen.items():
        if kind in ever_right:
            continue
        for where in places:
            report(
                where,
                "catch-all",
                f"a '{kind}' option that is never the answer in this bank teaches learners "
                "to skip it; replace it with a mistake a half-prepared candidate would make",
            )


# -- internal-reference ----------------------------------------------------------------------

_INTERNAL = re.compile(
    r"(?i:\bseeds?\s*\(?\s*#?\d+)"  # seed 002, Seeds 000 and 002, (seed 4)
    r"|\b\d{3}_[0-9a-f]{8,}\b"  # a seed file name: 000_d6b357f060babe69
    r"|\bseeds/"
    r"|\b(TODO|FIXME|XXX|TBD)\b"
)


def internal_references(text: str) -> list[str]:
    """The internal references a learner-facing text contains, as written."""
    return [match.group(0).strip() for match in _INTERNAL.finditer(text)]


def learner_texts(question: Any) -> Iterator[tuple[Path, str]]:
    """(relative path, text) of every string a learner can see for this question."""
    for key in ("prompt", "statement", "explanation", "answer", "correction"):
        value = getattr(question, key, None)
        if isinstance(value, str):
            yield (key,), value
    for key in ("hints", "sources", "answers"):
        for k, value in enumerate(getattr(question, key, None) or []):
            yield (key, k), value
    for k, option in enumerate(getattr(question, "options", None) or []):
        yield ("options", k, "text"), option.text
        if option.feedback:
            yield ("options", k, "feedback"), option.feedback
    for k, mistake in enumerate(getattr(question, "mistakes", None) or []):
        yield ("mistakes", k, "name"), mistake.name
        yield ("mistakes", k, "explanation"), mistake.explanation


def _internal_references(question: Any, base: Path, report: Report) -> None:
    for where, text in learner_texts(question):
        found = internal_references(text)
        if found:
            report(
                (*base, *where),
                "internal-reference",
                f"learner-facing text names {', '.join(repr(f) for f in found)}, which no "
                "learner has seen; cite the real source or state the claim itself",
            )


# -- restated-explanation --------------------------------------------------------------------

# Words that say nothing on their own: an explanation made only of these and the answer's words
# restates it.
_FILLER_WORDS = (
    "a an the is are was be it its this that these those of to in on at by for with as and or "
    "so because since thus hence yes no not correct right answer true here"
)
_FILLER = frozenset(_FILLER_WORDS.split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", text.lower()) if w not in _FILLER}


def _answer_text(question: Any) -> str | None:
    kind = question.kind
    if kind in ("choice", "multi", "spot_the_mistake"):
        parts = [o.text for o in question.options if o.correct]
        if kind == "spot_the_mistake":
            parts += [*question.answers, question.correction or ""]
        return " ".join(parts)
    if kind == "short":
        return " ".join(question.answers)
    if kind == "flashcard":
        return str(question.answer)
    if kind == "numeric" and question.template is None:
        values = question.answer if isinstance(question.answer, list) else [question.answer]
        return " ".join(f"{v:g}" for v in values)
    return None


def _restated_explanation(question: Any, base: Path, report: Report) -> None:
    answer = _answer_text(question)
    if answer is None or not question.explanation.strip():
        return  # no explanation at all: only a flashcard may leave it out, and says nothing
    if _words(question.explanation) <= _words(answer):
        report(
            (*base, "explanation"),
            "restated-explanation",
            "the explanation only restates the answer; say why it is right and what the "
            "tempting wrong answers miss",
        )


# -- duplicate-prompt ------------------------------------------------------------------------


def asked_text(question: Any) -> str:
    """What a question asks, as a review list shows it (normalised for comparison)."""
    if question.kind == "numeric" and question.template is not None:
        text = question.prompt.strip().splitlines()[0]
    elif question.kind == "spot_the_mistake":
        text = f"{question.prompt}\n{question.statement}"
    else:
        text = question.prompt
    return " ".join(text.replace("`", "").lower().split())


def _duplicate_prompts(banks: Sequence[LoadedBank]) -> list[ItemWarning]:
    first: dict[str, tuple[LoadedBank, int]] = {}
    found: list[ItemWarning] = []
    for bank in banks:
        for index, question in enumerate(bank.questions):
            key = asked_text(question)
            if key not in first:
                first[key] = (bank, index)
                continue
            other_bank, other_index = first[key]
            o_line, o_col = other_bank.doc.position(("questions", other_index, "prompt"))
            line, col = bank.doc.position(("questions", index, "prompt"))
            other_id = other_bank.questions[other_index].id
            found.append(
                ItemWarning(
                    str(bank.path),
                    line,
                    col,
                    "duplicate-prompt",
                    f"'{question.id}' asks the same as '{other_id}' ({other_bank.path}:"
                    f"{o_line}:{o_col}); name what is asked in the prompt's first line",
                )
            )
    return found
