"""The 中英术语表 deck: two flashcards per glossary term, generated from ``zh/glossary.yaml``.

English term -> Chinese term (with the forms short answers also accept), and Chinese term ->
English term. The deck and its Chinese translation are written from the glossary, never by
hand, so they cannot drift from it (a test compares the committed files with this output).

    python -m quizapp.authoring.glossary_deck [QUESTIONS_DIR]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import yaml

from quizapp.paths import builtin_banks_dir

BANK_ID = "glossary_deck"
HEADER = (
    "# yaml-language-server: $schema={schema}\n"
    "# Generated from zh/glossary.yaml by `python -m quizapp.authoring.glossary_deck`;"
    " edit the glossary, not this file.\n"
)
# Sibling gates whose names look alike (输入门 / 输出门 differ by one character): never synonyms.
CONFUSABLE = {
    "input gate": "output gate",
    "output gate": "input gate",
    "reset gate": "update gate",
    "update gate": "reset gate",
}


class Term(TypedDict):
    en: str
    zh: str
    accept: list[str]
    avoid: list[str]
    # where the term is from, when not the RNN chapters of zh.d2l.ai: an English d2l.ai section
    # (the book has it elsewhere, see BOOK_SECTIONS) or "usage" (the book does not use it)
    source: NotRequired[str]
    note: NotRequired[str]  # said after the card's explanation, in English
    note_zh: NotRequired[str]  # and in Chinese


def read_glossary(path: Path) -> list[Term]:
    terms: list[Term] = yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]
    return terms


def slug(english: str) -> str:
    """``long short-term memory`` -> ``long-short-term-memory``: the id part of a term."""
    return re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")


def _ids(term: Term) -> tuple[str, str]:
    return f"{BANK_ID}.en-zh.{slug(term['en'])}", f"{BANK_ID}.zh-en.{slug(term['en'])}"


# Where the terms come from: the glossary follows the Chinese edition of d2l (its terms, and
# the forms blogs and interviewers also use, listed as accepted); most are from its chapters on
# RNNs (zh.d2l.ai ch. 8 and 9, d2l.ai ch. 9 and 10), a few from elsewhere in the book, and the
# terms it never uses from common Chinese mathematical and ML writing.
SOURCE = (
    "zh.d2l.ai (《动手学深度学习》) ch. 8 循环神经网络 and ch. 9 现代循环神经网络"
    " (d2l.ai ch. 9 and 10): the terms they use"
)
SOURCE_ZH = (
    "《动手学深度学习》第 8 章 循环神经网络与第 9 章 现代循环神经网络的用词"
    "（英文版 d2l.ai 第 9 章与第 10 章）"
)
USAGE = (
    "Common Chinese mathematical and ML usage: zh.d2l.ai (《动手学深度学习》) does not use the term"
)
USAGE_ZH = "中文数学与机器学习文献中的通行译法"
# English d2l.ai section -> (its title, the Chinese book's section and title)
BOOK_SECTIONS = {
    "3.7": ("Weight Decay", "4.5", "权重衰减"),
    "5.6": ("Dropout", "4.6", "暂退法（Dropout）"),
    "8.5": ("Batch Normalization", "7.5", "批量规范化"),
    "11.4": ("The Bahdanau Attention Mechanism", "10.4", "Bahdanau 注意力"),
    "11.6": ("Self-Attention and Positional Encoding", "10.6", "自注意力和位置编码"),
    "11.7": ("The Transformer Architecture", "10.7", "Transformer"),
}


def sources(term: Term) -> tuple[str, str]:
    """The card's source in English and in Chinese."""
    where = term.get("source")
    if where is None:
        return SOURCE, SOURCE_ZH
    if where == "usage":
        return USAGE, USAGE_ZH
    title, zh_number, zh_title = BOOK_SECTIONS[where]
    return (
        f"d2l.ai §{where} {title}; zh.d2l.ai §{zh_number} {zh_title}",
        f"《动手学深度学习》§{zh_number} {zh_title}（英文版 d2l.ai §{where}）",
    )


def _card(
    qid: str, topic: str, prompt: str, answer: str, explanation: str, source: str
) -> dict[str, Any]:
    card: dict[str, Any] = {"id": qid, "kind": "flashcard", "topics": [topic], "difficulty": 1}
    card.update(prompt=prompt, answer=answer)
    if explanation:
        card["explanation"] = explanation
    card["sources"] = [source]
    return card


def _noted(text: str, note: str | None) -> str:
    return " ".join(part for part in (text, note) if part)


def deck(terms: list[Term]) -> dict[str, Any]:
    """The English bank: the prompts ask in English, the answers are the glossary's terms."""
    by_en = {t["en"]: t for t in terms}
    questions: list[dict[str, Any]] = []
    for term in terms:
        to_zh, to_en = _ids(term)
        also = f" (also accepted: {', '.join(term['accept'])})" if term["accept"] else ""
        sibling = by_en.get(CONFUSABLE.get(term["en"], ""))
        warn = (
            f" Not {sibling['zh']}, which is “{sibling['en']}”: a sibling gate, never a synonym."
            if sibling
            else ""
        )
        source, _ = sources(term)
        note = term.get("note")
        questions.append(
            _card(
                to_zh,
                "glossary.en-zh",
                f"What is the Chinese term for “{term['en']}”?",
                term["zh"] + also,
                _noted(f"The Chinese questions of this app write {term['zh']}.{warn}", note),
                source,
            )
        )
        others = f"Other forms of {term['zh']}: {', '.join(term['accept'])}." if also else ""
        questions.append(
            _card(
                to_en,
                "glossary.zh-en",
                f"What is the English term for {term['zh']}?",
                term["en"],
                _noted((others + warn).strip(), note),
                source,
            )
        )
    return {
        "bank": {
            "id": BANK_ID,
            "title": "Chinese–English glossary",
            "description": "The 中英术语表 in both directions: the Chinese term for each "
            "English one and back, as every Chinese question of this app writes it.",
            "version": 1,
            "authors": ["quizapp"],
            "topics": [
                {"id": "glossary.en-zh", "summary": "Glossary: English term → Chinese term"},
                {"id": "glossary.zh-en", "summary": "Glossary: Chinese term → English term"},
            ],
        },
        "questions": questions,
    }


def translation(terms: list[Term]) -> dict[str, Any]:
    """The deck's Chinese text (``zh/glossary_deck.yaml``), keyed by the same question ids."""
    by_en = {t["en"]: t for t in terms}
    questions: dict[str, Any] = {}
    for term in terms:
        to_zh, to_en = _ids(term)
        also = f"（也可写作：{'、'.join(term['accept'])}）" if term["accept"] else ""
        sibling = by_en.get(CONFUSABLE.get(term["en"], ""))
        warn = (
            f"不要与“{sibling['zh']}”（{sibling['en']}）混淆：那是另一个门，不是同义词。"
            if sibling
            else ""
        )
        _, source = sources(term)
        note = term.get("note_zh", "")
        questions[to_zh] = {
            "prompt": f"“{term['en']}”的中文术语是什么？",
            "answer": term["zh"] + also,
            "explanation": f"本应用的中文题目统一写作“{term['zh']}”。{warn}{note}",
            "sources": [source],
        }
        others = f"“{term['zh']}”的其他写法：{'、'.join(term['accept'])}。" if also else ""
        questions[to_en] = {"prompt": f"“{term['zh']}”对应的英文术语是什么？", "answer": term["en"]}
        if others + warn + note:
            questions[to_en]["explanation"] = others + warn + note
        questions[to_en]["sources"] = [source]
    return {
        "translation": {
            "bank": BANK_ID,
            "language": "zh",
            "title": "中英术语表",
            "description": "双向练习中英术语表：由英文术语写出中文术语，再由中文术语写出英文术语，"
            "与本应用所有中文题目的用词一致。",
            "topics": {
                "glossary.en-zh": "术语表：英文术语 → 中文术语",
                "glossary.zh-en": "术语表：中文术语 → 英文术语",
            },
        },
        "questions": questions,
    }


def render(data: dict[str, Any], schema: str) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return HEADER.format(schema=schema) + body


def deck_files(questions_dir: Path) -> dict[Path, str]:
    """Each file of the deck and the text it should hold, from the glossary in that folder."""
    terms = read_glossary(questions_dir / "zh" / "glossary.yaml")
    return {
        questions_dir / f"{BANK_ID}.yaml": render(deck(terms), "../docs/bank.schema.json"),
        questions_dir / "zh" / f"{BANK_ID}.yaml": render(
            translation(terms), "../../docs/bank.schema.json"
        ),
    }


def main(argv: list[str]) -> int:
    questions_dir = Path(argv[0]) if argv else builtin_banks_dir()
    for path, text in deck_files(questions_dir).items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
