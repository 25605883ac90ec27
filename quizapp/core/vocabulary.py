"""The catalog's key terms, and for each typed question the ones its answers could be mistaken
for: the rivals ``quizapp.grading`` refuses to read an answer as a typo of.

The vocabulary is every accepted answer and alias of the short questions, every typed answer
and keyword alternative of the spot-the-mistake questions, and the names of the cells' gates
and states (``COMMON_TERMS``: "output gate" must never pass for "input gate" even where no
question accepts it). A question's rivals are the terms it does not accept itself that lie
within twice its typo budget of one of its answers (Damerau-Levenshtein, a metric: a farther
term can never be as close to an answer within the budget), so the catalog keeps a handful per
question, not the whole vocabulary. An answer with no typo budget (four letters or fewer, or
any Han text) is only ever accepted exactly, so it needs no rivals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from quizapp import grading
from quizapp.banks.frozen import QuestionRecord, ShortRecord, SpotTheMistakeRecord, replaced

COMMON_TERMS = (
    "input gate",
    "output gate",
    "forget gate",
    "update gate",
    "reset gate",
    "cell state",
    "hidden state",
    "candidate",
    "sigmoid",
    "tanh",
    "relu",
    "softmax",
    # the same terms in Chinese (questions/zh/glossary.yaml): 输出门 is never 输入门
    "输入门",
    "输出门",
    "遗忘门",
    "更新门",
    "重置门",
    "记忆元",
    "候选记忆元",
    "隐状态",
    "候选隐状态",
)


def accepted_terms(question: QuestionRecord) -> tuple[str, ...]:
    """What a typed answer to ``question`` may be (empty for kinds graded by a pick)."""
    match question:
        case ShortRecord(answers=answers, aliases=aliases):
            return (*answers, *aliases)
        case SpotTheMistakeRecord(answers=answers, keywords=keywords):
            return (*answers, *(alt.strip() for k in keywords for alt in k.split("|")))
        case _:
            return ()


def vocabulary(questions: Iterable[QuestionRecord]) -> tuple[str, ...]:
    """Every key term of the catalog, each once, in catalog order."""
    terms = dict.fromkeys(COMMON_TERMS)
    for question in questions:
        terms.update(dict.fromkeys(t for t in accepted_terms(question) if t.strip()))
    return tuple(terms)


def rivals(
    own: Iterable[str], terms: Iterable[str], forms_of: Mapping[str, frozenset[str]] | None = None
) -> tuple[str, ...]:
    """The ``terms`` an answer to a question accepting ``own`` could be mistaken for;
    ``forms_of`` holds the terms' ``text_forms`` when the caller has them (``with_rivals``
    asks for every typed question of the catalog against the same terms)."""
    from rapidfuzz.distance import DamerauLevenshtein

    own_forms = frozenset().union(*(grading.text_forms(t) for t in own))
    if not own_forms:
        return ()
    # a form with no typo budget takes an answer only when equal to it: no rival can matter
    reach = {form: 2 * budget for form in own_forms if (budget := grading.allowed_typos(form))}
    if not reach:
        return ()
    found = []
    for term in terms:
        forms = (forms_of[term] if forms_of is not None else grading.text_forms(term)) - own_forms
        if any(
            DamerauLevenshtein.distance(form, target, score_cutoff=limit) <= limit
            for form in forms
            for target, limit in reach.items()
        ):
            found.append(term)
    return tuple(found)


def with_rivals(questions: Mapping[str, QuestionRecord]) -> dict[str, QuestionRecord]:
    """The questions, each typed one holding its rivals among the catalog's key terms."""
    terms = vocabulary(questions.values())
    forms_of = {term: grading.text_forms(term) for term in terms}
    out: dict[str, QuestionRecord] = {}
    for qid, question in questions.items():
        if isinstance(question, ShortRecord | SpotTheMistakeRecord):
            found = rivals(accepted_terms(question), terms, forms_of)
            question = replaced(question, rivals=found)
        out[qid] = question
    return out
