"""Typed key terms and free-text corrections, graded fairly in English and in Chinese.

Text is compared in *forms*: NFKC (full-width letters, digits and punctuation read as their
ASCII forms), case folded, punctuation and spaces away, and the words around a key term that
do not change it taken off (a leading article, "it is" or an interjection like "No," before
the claim, a trailing "function" / "gate" / "activation" / 函数, a symbol like r_t before or
after the term), so "the reset gate r_t" is read as "reset". Two Latin forms are within a typo
of each other by optimal string alignment (Damerau: a swap of two adjacent letters is one
edit), on a budget that grows with the length of the accepted form; words of four letters take
a swap but nothing else ("tahn" is tanh, "tan" is not).

Han text (the Chinese translations' answers) follows the same rules with three differences:
spaces between Han characters are ignored (输入 门 is 输入门), a form holding a Han character
gets no typo budget at all (one character is a whole morpheme: 输出门 is never a typo of 输入门,
nor 更新门 of 重置门), and a Han keyword is found as a run of characters, not a word.

*Rivals* are other questions' key terms (``quizapp.core.vocabulary``): an answer as close to
one of them as to the accepted answers is not a typo of the accepted ones ("output gate" is
not "input gate"), and one equal to a rival is never right, in either language.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.grading.problem import MAX_ANSWER_CHARS

# CJK unified ideographs (the extensions A and B-F, and the compatibility block)
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN = re.compile(f"[{_HAN_CLASS}]")
_HAN_GAP = re.compile(f"(?<=[{_HAN_CLASS}]) +(?=[{_HAN_CLASS}])")
# where Han meets Latin letters or digits a word ends (sigmoid函数, 重置门r_t)
_HAN_EDGE = re.compile(f"(?<=[{_HAN_CLASS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_HAN_CLASS}])")
# ASCII punctuation, and what NFKC leaves of the Chinese (。、「」《》【】 … have no ASCII form)
_PUNCT = str.maketrans(
    {c: " " for c in string.punctuation + "“”‘’·…、。「」『』《》〈〉【】〔〕〖〗—～・"}
)
_LEADING: tuple[str, ...] = ("the answer is", "it is the", "it is a", "it is", "it s", "its")
_LEADING += ("this is", "the", "a", "an")
_ZH_LEADING = ("答案是", "应该是", "这是", "就是", "是")
# "No, they are independent": a yes/no before a comma is the answer to the prompt's framing
_INTERJECTION = re.compile(
    r"^\s*(?:no|nope|yes|yeah|right|wrong|false|true|不|不是|不对|是的|对|错)\s*[,，:：;；!！.。]\s*",
    re.IGNORECASE,
)
FILLER_WORDS = frozenset({"function", "gate", "activation", "函数"})
NEGATIONS = frozenset({"not", "no", "never", "without", "cannot", "neither", "nor", "nothing"})
NEGATIONS |= {"isnt", "arent", "doesnt", "dont", "cant", "wont", "n"}  # "isn't" -> "isn t"
ZH_NEGATIONS = ("不", "没", "非", "无", "未", "别")  # a Han keyword right after one is denied
# prefixes that negate the word they begin ("unsupervised", "independent", "nonlinear")
NEGATING_PREFIXES = ("un", "non", "in", "im", "ir", "il", "dis")
_SYMBOL = re.compile(r"^\(?(?:[^\W\d_]{1,2}[~̃]?_[\w{}()+\-−]+|[^\W\d_])\)?[.,;:!?]*$")
_ITEMS = re.compile(r"\s*(?:[,;/&+、和与及]|\band\b)\s*")
_WORDS = re.compile(r"[^\W\d]+(?: [^\W\d]+)*")
_CLAUSES = re.compile(r"[.,;:!?。，；：！？]+(?:\s|$)|[。，；：！？]")
_NOT = re.compile(r"n['’]t\b", re.IGNORECASE)  # "isn't" -> "is not"
MAX_ITEMS = 6  # list answers compared in any order up to this many items


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han character (then it gets no typo budget)."""
    return _HAN.search(text) is not None


def normalize_text(text: str) -> str:
    """Case, spacing, punctuation and Unicode width (NFKC) forgiven; words split where Han
    meets Latin, and no space left between two Han characters."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCT)
    return _HAN_GAP.sub("", " ".join(_HAN_EDGE.sub(" ", folded).split()))


def allowed_typos(form: str) -> int:
    """Edits forgiven against an accepted form: by its length in letters, as a speller would."""
    if has_han(form):  # 输出门 / 输入门: one character is a different word
        return 0
    length = len(form.replace(" ", ""))
    if length <= 4:  # 'tan' is not a typo of 'tanh', nor 'relu' of 'elu'
        return 0
    if length <= 8:
        return 1
    return 2


def text_forms(text: str, *, symbols: bool = True) -> frozenset[str]:
    """Every reading of ``text`` as a key term: as typed, and without the words around it.

    ``symbols=False`` keeps a symbol beside the term: an accepted answer's own symbol is part
    of it ("step T_max" is not "step", "W_hh is missing" not "is missing"); only what a
    learner types gets its ``r_t`` taken off.
    """
    return frozenset(form.replace(" ", "") for form in spaced_forms(text, symbols=symbols))


def spaced_forms(text: str, *, symbols: bool = True) -> frozenset[str]:
    """``text_forms`` with their words still apart (a typo is forgiven word by word)."""
    claim = _INTERJECTION.sub("", text, count=1)
    if claim != text and claim.strip():
        return _forms(text, symbols) | _forms(claim, symbols)
    return _forms(text, symbols)


def _forms(text: str, symbols: bool) -> frozenset[str]:
    words = _HAN_EDGE.sub(" ", unicodedata.normalize("NFKC", text)).split()
    cuts = [words]
    if symbols and len(words) > 1 and _is_symbol(words[-1]):
        cuts.append(words[:-1])
    if symbols and len(words) > 1 and _is_symbol(words[0]):
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
        for lead in _ZH_LEADING:
            if form.startswith(lead) and has_han(form[len(lead) : len(lead) + 1]):
                form = form[len(lead) :]
                forms.add(form)
                break
        while (tail := form.rpartition(" "))[2] in FILLER_WORDS and tail[0]:
            form = tail[0]
            forms.add(form)
    return frozenset(f for f in forms if f)


def _is_symbol(word: str) -> bool:
    """``r_t``, ``h̃_t``, ``σ``: a name beside the term (a Han character is a word, never one)."""
    return _SYMBOL.match(word) is not None and not has_han(word)


def typo_distance(given: str, target: str) -> int | None:
    """Edits from ``given`` to the accepted form ``target``, or None beyond its budget."""
    from rapidfuzz.distance import OSA, Levenshtein  # loaded with the first typed answer

    budget = allowed_typos(target)
    distance = OSA.distance(given, target, score_cutoff=max(budget, 1) + 1)
    if distance <= budget:
        return distance
    swapped = distance == 1 and Levenshtein.distance(given, target) == 2
    return 1 if swapped and len(target) >= 4 and not has_han(target) else None


def flips_negation(typed: str, wanted: str) -> bool:
    """Whether two spaced forms differ by a negation: a word like "no" / "not" / "without" in
    one only (a typo of it counts as it: "nothign"), or a word that is the other's with a
    negating prefix ("supervised" against "unsupervised", "dependent" against "independent").
    Deleting "un" or "no " is two edits, within the typo budget of a long form, and says the
    opposite: it is never a typo."""
    typed_words, wanted_words = typed.split(), wanted.split()
    if _unmatched_negation(typed_words, wanted_words) or _unmatched_negation(
        wanted_words, typed_words
    ):
        return True
    pairs = itertools.chain(
        itertools.product(typed_words, wanted_words), itertools.product(wanted_words, typed_words)
    )
    return any(long == prefix + short for short, long in pairs for prefix in NEGATING_PREFIXES)


def _unmatched_negation(words: list[str], others: list[str]) -> bool:
    """A negation among ``words`` that ``others`` neither has nor misspells."""
    from rapidfuzz.distance import OSA

    return any(
        word in NEGATIONS
        and word not in others
        and not (len(word) >= 3 and any(OSA.distance(word, o, score_cutoff=1) <= 1 for o in others))
        for word in words
    )


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
    near: str | None = None  # wrong, but one edit beyond the budget of this accepted answer


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
    spaced = spaced_forms(given)
    forms = frozenset(f.replace(" ", "") for f in spaced)
    if not forms:
        return ShortMatch(False, None, 0)
    own_spaced = {a: spaced_forms(a, symbols=False) for a in (*accepted, *aliases)}
    own = {a: frozenset(f.replace(" ", "") for f in fs) for a, fs in own_spaced.items()}
    own_forms = frozenset().union(*own.values())
    best: tuple[int, str] | None = None
    for answer, targets in own_spaced.items():
        for distance in _distances(spaced, targets, given, answer):
            if best is None or distance < best[0]:
                best = (distance, answer)
    missing = tuple(k for k in keywords if not _has_keyword(given, k, frozenset()))
    if best is None:
        return ShortMatch(
            False, None, 0, missing, near=_near_miss(spaced, own_spaced, rivals, own_forms)
        )
    rival = _closest_rival(forms, rivals, own_forms, best[0])
    if rival is not None:
        return ShortMatch(False, None, 0, missing, rival)
    return ShortMatch(not missing, best[1], best[0], missing)


def _near_miss(
    spaced: frozenset[str],
    own_spaced: dict[str, frozenset[str]],
    rivals: Sequence[str],
    own_forms: frozenset[str],
) -> str | None:
    """The accepted answer a wrong answer misses by one edit beyond its budget (a near miss
    the learner may overrule), unless the answer reads as a rival term or says the opposite
    ("supervised" is no near miss of "unsupervised"). Never for a Han term: one character off
    is another term there (输出门 is not a near miss of 输入门)."""
    from rapidfuzz.distance import OSA

    for answer, targets in own_spaced.items():
        for typed in spaced:
            form = typed.replace(" ", "")
            for wanted in targets:
                target = wanted.replace(" ", "")
                if has_han(target):
                    continue
                reach = allowed_typos(target) + 1
                if len(target) < 3 or OSA.distance(form, target, score_cutoff=reach) > reach:
                    continue
                if flips_negation(typed, wanted):
                    continue
                if _closest_rival(frozenset({form}), rivals, own_forms, reach) is None:
                    return answer
    return None


def _distances(
    forms: frozenset[str], targets: frozenset[str], given: str, answer: str
) -> list[int]:
    found = []
    for form in forms:
        for target in targets:
            distance = typo_distance(form.replace(" ", ""), target.replace(" ", ""))
            if distance is not None and (
                not distance or (_words_agree(form, target) and not flips_negation(form, target))
            ):
                found.append(distance)
    wanted, typed = _items(answer), _items(given)
    if len(wanted) > 1 and len(wanted) == len(typed) <= MAX_ITEMS:
        for order in itertools.permutations(typed):
            steps = [_item_distance(a, b) for a, b in zip(order, wanted, strict=True)]
            if None not in steps:
                found.append(sum(s for s in steps if s is not None))
    return found


def _words_agree(form: str, target: str) -> bool:
    """Word by word, each within its own budget, where the two have as many words: "W_xh is
    missing" is not a typo of "W_hh is missing" (a three-letter word takes no typo)."""
    typed, wanted = form.split(), target.split()
    if len(typed) != len(wanted):
        return True
    pairs = zip(typed, wanted, strict=True)
    return all(a == b or typo_distance(a, b) is not None for a, b in pairs)


def _items(text: str) -> list[str]:
    """A list of words ("sigmoid and tanh"), or [] for anything else: "(2, 3h)" is a shape,
    whose order matters."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    items = [item.strip() for item in _ITEMS.split(folded) if item.strip()]
    return items if all(_WORDS.fullmatch(item) for item in items) else []


def _item_distance(typed: str, wanted: str) -> int | None:
    options = _distances(spaced_forms(typed), spaced_forms(wanted, symbols=False), "", "")
    return min(options, default=None)


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
    """Whether a clause of ``text`` names ``keyword`` (a negation reaches to its clause's end:
    "not coupled: f_t has its own weights" names f_t)."""
    plain = _NOT.sub(" not", unicodedata.normalize("NFKC", text))
    return any(
        _clause_names(normalize_text(clause).split(), keyword, rival_forms)
        for clause in _CLAUSES.split(plain)
    )


def _clause_names(words: list[str], keyword: str, rival_forms: frozenset[str]) -> bool:
    for alternative in keyword.split("|"):
        wanted = normalize_text(alternative).split()
        if not wanted:
            continue
        target = "".join(wanted)
        if has_han(target):
            if _names_han(words, target):
                return True
            continue
        negated_itself = wanted[0] in NEGATIONS
        for size in {max(len(wanted) - 1, 1), len(wanted), len(wanted) + 1}:
            for start in range(len(words) - size + 1):
                window = "".join(words[start : start + size])
                distance = typo_distance(window, target)
                if distance is None:
                    continue
                if distance and flips_negation(
                    " ".join(words[start : start + size]), " ".join(wanted)
                ):
                    continue  # "bounded" is the opposite of "unbounded", not a typo of it
                if distance and _nearest(frozenset({window}), rival_forms - {target}) <= distance:
                    continue  # nearer another term: not this one misspelt
                if negated_itself or not NEGATIONS.intersection(words[max(start - 2, 0) : start]):
                    return True
    return False


def _names_han(words: list[str], target: str) -> bool:
    """A Han keyword, exactly, anywhere in the answer and not right after a negation."""
    joined = "".join(words)
    negated_itself = target.startswith(ZH_NEGATIONS)
    start = joined.find(target)
    while start >= 0:
        if negated_itself or not any(n in joined[max(start - 2, 0) : start] for n in ZH_NEGATIONS):
            return True
        start = joined.find(target, start + 1)
    return False
