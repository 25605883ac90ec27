"""The catalog in a language: translated text, English where a translation is silent (marked),
answers in both languages, and a start-up cache that notices a changed translation."""

from __future__ import annotations

import os
import random
from pathlib import Path

from quizapp.banks.frozen import ChoiceRecord, ShortRecord
from quizapp.core.catalog import load_catalog
from quizapp.core.grader import Verdict, grade
from quizapp.core.presenter import present
from tests.i18n.test_translation_files import GOOD, write


def test_text_in_chinese_and_english_where_untranslated(tmp_path: Path) -> None:
    partial = GOOD.replace('    hints: ["看看是什么乘以 C_{t-1}。"]\n', "").replace(
        "    prompt: 说出缩放旧记忆元的那个门。\n", ""
    )
    folder = write(tmp_path, partial)
    catalog = load_catalog(tmp_path / "data", [folder], builtin=False, language="zh")
    gate = catalog.questions["tiny.gate"]
    assert isinstance(gate, ChoiceRecord)
    assert gate.prompt == "哪个门决定 C_{t-1} 保留多少？"
    assert [o.text for o in gate.options] == ["遗忘门 f_t", "输出门 o_t", "输入门 i_t"]
    assert [o.correct for o in gate.options] == [True, False, False]  # the English flags
    assert gate.hints == ("Look at what multiplies C_{t-1}.",)
    assert catalog.english_fields["tiny.gate"] == {"hints"}
    assert catalog.fell_back("tiny.gate")
    name = catalog.questions["tiny.name"]
    assert isinstance(name, ShortRecord)
    assert name.prompt.startswith("Name the gate")  # English, marked as such
    assert catalog.english_fields["tiny.name"] == {"prompt"}
    assert name.answers == ("遗忘门", "forget gate")
    assert [b.title for b in catalog.banks] == ["小题库"]
    english = catalog.in_language("en")
    assert english.questions["tiny.gate"].prompt.startswith("Which gate")
    assert english.english_fields == {}
    assert english.banks[0].title == "Tiny bank"


def test_a_short_answer_in_chinese_is_accepted_and_english_still_is(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    catalog = load_catalog(tmp_path / "data", [folder], builtin=False, language="zh")
    presented = present(catalog.questions["tiny.name"], random.Random(1))
    verdicts = {answer: grade(presented, answer) for answer in ("遗忘门", "forget gate", "输出门")}
    assert all(isinstance(v, Verdict) for v in verdicts.values())
    assert [v.correct for v in verdicts.values() if isinstance(v, Verdict)] == [True, True, False]


def test_the_cache_serves_translations_and_misses_when_one_changes(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    data = tmp_path / "data"
    first = load_catalog(data, [folder], builtin=False, language="zh")
    again = load_catalog(data, [folder], builtin=False, language="zh")
    assert again.questions == first.questions
    assert again.translations == first.translations
    assert again.english_questions == first.english_questions
    translation = folder / "zh" / "tiny.yaml"
    translation.write_text(GOOD.replace("小题库", "小小题库"), encoding="utf-8")
    stat = translation.stat()
    os.utime(translation, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    changed = load_catalog(data, [folder], builtin=False, language="zh")
    assert [b.title for b in changed.banks] == ["小小题库"]


def test_english_is_the_catalog_itself(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    catalog = load_catalog(tmp_path / "data", [folder], builtin=False)
    assert catalog.language == "en"
    assert catalog.in_language("en") is catalog
    assert catalog.localized("tiny.gate", "zh").question.prompt.startswith("哪个门")
    assert not catalog.localized("tiny.gate", "zh").fell_back
