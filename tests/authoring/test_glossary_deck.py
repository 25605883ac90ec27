"""The 中英术语表 deck is generated from the glossary: the committed files are exactly that output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.authoring.glossary_deck import (
    BANK_ID,
    CONFUSABLE,
    deck,
    deck_files,
    main,
    read_glossary,
    slug,
    translation,
)
from quizapp.banks.loader import load_banks
from quizapp.paths import builtin_banks_dir

QUESTIONS = builtin_banks_dir()
TERMS = read_glossary(QUESTIONS / "zh" / "glossary.yaml")


@pytest.mark.parametrize("path", sorted(deck_files(QUESTIONS)), ids=lambda p: p.parent.name)
def test_committed_deck_is_what_the_glossary_generates(path: Path) -> None:
    expected = deck_files(QUESTIONS)[path]
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path} differs from the glossary; run `python -m quizapp.authoring.glossary_deck`"
    )


def test_two_cards_per_term_in_both_directions() -> None:
    cards = {q["id"]: q for q in deck(TERMS)["questions"]}
    assert len(cards) == 2 * len(TERMS)
    for term in TERMS:
        to_zh = cards[f"{BANK_ID}.en-zh.{slug(term['en'])}"]
        to_en = cards[f"{BANK_ID}.zh-en.{slug(term['en'])}"]
        assert f"“{term['en']}”" in to_zh["prompt"]
        assert to_zh["answer"].startswith(term["zh"])
        assert all(form in to_zh["answer"] for form in term["accept"])
        assert term["zh"] in to_en["prompt"] and to_en["answer"] == term["en"]


def test_a_sibling_gate_is_named_as_a_warning_never_as_an_answer() -> None:
    by_en = {t["en"]: t for t in TERMS}
    cards = {q["id"]: q for q in deck(TERMS)["questions"]}
    zh_cards = translation(TERMS)["questions"]
    for english, sibling in CONFUSABLE.items():
        card_id = f"{BANK_ID}.en-zh.{slug(english)}"
        other = by_en[sibling]["zh"]
        assert other not in cards[card_id]["answer"] and other not in zh_cards[card_id]["answer"]
        assert other in cards[card_id]["explanation"] and other in zh_cards[card_id]["explanation"]


def test_translation_covers_every_card_and_never_writes_an_avoided_form() -> None:
    english = deck(TERMS)["questions"]
    chinese = translation(TERMS)["questions"]
    assert list(chinese) == [q["id"] for q in english]
    for card in english:
        fields = {"prompt", "answer", "sources"} | ({"explanation"} & set(card))
        assert set(chinese[card["id"]]) == fields
    text = yaml.safe_dump(chinese, allow_unicode=True)
    assert not [bad for term in TERMS for bad in term["avoid"] if bad in text]


def test_the_deck_loads_without_errors() -> None:
    result = load_banks([QUESTIONS / f"{BANK_ID}.yaml"], QUESTIONS / "topics.yaml")
    assert not result.errors, result.errors
    assert len(result.questions) == 2 * len(TERMS)


def test_main_writes_both_files_from_a_folders_glossary(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    glossary = "terms:\n  - {en: forget gate, zh: 遗忘门, accept: [], avoid: [忘记门]}\n"
    (tmp_path / "zh" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    bank = yaml.safe_load((tmp_path / f"{BANK_ID}.yaml").read_text(encoding="utf-8"))
    assert [q["answer"] for q in bank["questions"]] == ["遗忘门", "forget gate"]
    zh = yaml.safe_load((tmp_path / "zh" / f"{BANK_ID}.yaml").read_text(encoding="utf-8"))
    assert zh["translation"]["bank"] == BANK_ID and len(zh["questions"]) == 2
