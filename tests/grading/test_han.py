"""Chinese answers (issue 20's rules, in the one grading module): full-width forms, spaces
between Han characters, no typo tolerance per character, rivals among the glossary's terms."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizapp.core.vocabulary import COMMON_TERMS
from quizapp.grading import check_keywords, check_short, has_han, normalize_text

GLOSSARY = Path(__file__).parents[2] / "questions" / "zh" / "glossary.yaml"


@cache
def glossary_terms() -> tuple[tuple[str, ...], ...]:
    """Each concept's Chinese forms (its term and accepted forms), from the glossary."""
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return tuple((t["zh"], *t.get("accept", ())) for t in data["terms"])


def han_terms() -> list[str]:
    return sorted({form for forms in glossary_terms() for form in forms if has_han(form)})


# Han characters seen in the glossary: substitutions a learner's IME could really produce
HAN_CHARS = sorted({ch for term in han_terms() for ch in term if has_han(ch)})


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("输出门", "输入门"),
        ("输入门", "输出门"),
        ("更新门", "重置门"),
        ("重置门", "更新门"),
        ("遗忘门", "输入门"),
        ("候选记忆元", "记忆元"),
        ("隐状态", "候选隐状态"),
    ],
)
def test_sibling_terms_are_never_typos(typed: str, accepted: str) -> None:
    assert not check_short(typed, [accepted]).correct
    assert not check_short(typed, [accepted, "input gate"], rivals=list(COMMON_TERMS)).correct


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("输入 门", "输入门"),  # spaces between Han characters are ignored
        ("输 入 门", "输入门"),
        ("答案是输入门。", "输入门"),  # a leading 答案是 and Chinese punctuation
        ("「重置门」", "重置门"),
        ("重置门 r_t", "重置门"),  # a symbol after the term, spaced or not
        ("重置门r_t", "重置门"),
        ("sigmoid函数", "sigmoid"),  # 函数 is "function", a filler word
        ("ｓｉｇｍｏｉｄ 函数", "sigmoid"),  # full-width letters (NFKC)
        ("截断 BPTT", "截断BPTT"),
        ("不，它们是独立的", "它们是独立的"),  # 不， before the claim, as "No," in English
    ],
)
def test_natural_chinese_phrasings_are_accepted(typed: str, accepted: str) -> None:
    assert check_short(typed, [accepted]).correct


def test_full_width_punctuation_is_punctuation() -> None:
    assert normalize_text("（候选）记忆元，输入门；") == "候选记忆元输入门"  # Han: no spaces
    assert normalize_text("输 入 门 and 输出 门") == "输入门 and 输出门"


def test_han_keywords_are_runs_of_characters_and_negations_count() -> None:
    assert check_keywords("遗忘门和输入门是相互独立的", ["独立", "遗忘门 | f_t"]).correct
    assert not check_keywords("它们并不独立", ["独立"]).correct
    assert not check_keywords("不是独立的", ["独立"]).correct
    assert check_keywords("它们不相加为 1，而是独立的", ["独立"]).correct  # 不 in another clause


def test_every_glossary_term_accepts_itself_and_no_sibling() -> None:
    terms = han_terms()
    for term in terms:
        assert check_short(term, [term]).correct, term
        spaced = " ".join(term)
        assert check_short(spaced, [term]).correct, spaced
    concepts = glossary_terms()
    for forms in concepts:
        for other in concepts:
            if other is forms:
                continue
            for typed in other:
                if has_han(typed) and typed not in forms:
                    assert not check_short(typed, list(forms)).correct, (typed, forms)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(han_terms()), st.data())
def test_one_character_substitution_is_never_accepted(term: str, data: st.DataObject) -> None:
    positions = [k for k, ch in enumerate(term) if has_han(ch)]
    k = data.draw(st.sampled_from(positions), label="at")
    ch = data.draw(st.sampled_from(HAN_CHARS), label="character")
    assume(ch != term[k])
    typed = term[:k] + ch + term[k + 1 :]
    assert not check_short(typed, [term]).correct
    assert not check_short(term, [typed], rivals=[term]).correct  # and the rival rule


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(han_terms()), st.data())
def test_a_swap_of_two_characters_is_not_a_typo(term: str, data: st.DataObject) -> None:
    assume(len(term) >= 2)
    k = data.draw(st.integers(0, len(term) - 2), label="swap at")
    assume(term[k] != term[k + 1] and has_han(term[k]) and has_han(term[k + 1]))
    typed = term[:k] + term[k + 1] + term[k] + term[k + 2 :]
    assert not check_short(typed, [term]).correct


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(han_terms()), st.lists(st.sampled_from([" ", "  ", "\u3000"]), max_size=6))
def test_spaces_anywhere_between_han_characters_are_ignored(term: str, gaps: list[str]) -> None:
    chars = list(term)
    typed = "".join(ch + (gaps[k] if k < len(gaps) else "") for k, ch in enumerate(chars))
    assert check_short(typed, [term]).correct


def test_a_rival_in_chinese_is_refused_as_in_english() -> None:
    """An English question translated to Chinese accepts both forms; a sibling's Chinese term
    is no more a typo of it than the sibling's English one."""
    accepted = ["input gate", "输入门"]
    assert check_short("输入门", accepted, rivals=COMMON_TERMS).correct
    assert check_short("imput gate", accepted, rivals=COMMON_TERMS).correct
    for sibling in ("输出门", "output gate", "遗忘门", "forget gate"):
        assert not check_short(sibling, accepted, rivals=COMMON_TERMS).correct
