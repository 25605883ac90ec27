"""Translations in the bank format: separate files and inline, checked with positions.

Each test writes a small English bank and a translation beside it, runs ``quizapp validate``
as a user would, and reads the ``path:line:col: message`` lines; the loader is asked the same
files and must report exactly the same errors (one set of checks for both).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.banks import load_banks
from quizapp.cli import main
from quizapp.paths import topics_file

BANK = """\
bank:
  id: tiny
  title: Tiny bank
  description: Two questions.
questions:
  - id: tiny.gate
    kind: choice
    topics: [gates.definition]
    prompt: Which gate decides what of C_{t-1} is kept?
    options:
      - text: The forget gate f_t
        correct: true
        feedback: f_t scales C_{t-1}.
      - text: The output gate o_t
        feedback: o_t filters tanh(C_t).
      - text: The input gate i_t
        feedback: i_t scales the candidate.
    explanation: C_t = f_t * C_{t-1} + i_t * g_t.
    hints: ["Look at what multiplies C_{t-1}."]
  - id: tiny.name
    kind: short
    topics: [gates.definition]
    prompt: Name the gate that scales the old cell state.
    answers: [forget gate]
    explanation: f_t multiplies C_{t-1} element-wise.
"""

GOOD = """\
# yaml-language-server: $schema=../../docs/bank.schema.json
translation:
  bank: tiny
  language: zh
  title: 小题库
  description: 两道题。
questions:
  tiny.gate:
    prompt: 哪个门决定 C_{t-1} 保留多少？
    options:
      - text: 遗忘门 f_t
        correct: true
        feedback: f_t 缩放 C_{t-1}。
      - text: 输出门 o_t
        feedback: o_t 过滤 tanh(C_t)。
      - text: 输入门 i_t
        feedback: i_t 缩放候选记忆元。
    explanation: C_t = f_t * C_{t-1} + i_t * g_t。
    hints: ["看看是什么乘以 C_{t-1}。"]
  tiny.name:
    prompt: 说出缩放旧记忆元的那个门。
    answers: [遗忘门]
    explanation: f_t 按元素乘以 C_{t-1}。
"""


def write(tmp_path: Path, translation: str, bank: str = BANK) -> Path:
    folder = tmp_path / "banks"
    (folder / "zh").mkdir(parents=True, exist_ok=True)
    (folder / "tiny.yaml").write_text(bank, encoding="utf-8")
    (folder / "zh" / "tiny.yaml").write_text(translation, encoding="utf-8")
    return folder


def validate(folder: Path, *options: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", *options, "--seeds", "1", str(folder)])
    return result.exit_code, result.output.splitlines()


def loader_lines(folder: Path) -> list[str]:
    result = load_banks([folder], topics_path=topics_file())
    return [str(error) for error in result.errors]


def test_a_complete_translation_passes_strict(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    code, lines = validate(folder, "--strict")
    assert code == 0, lines
    assert lines[-1].startswith("ok: 2 file(s), 2 questions")
    result = load_banks([folder], topics_path=topics_file())
    assert set(result.translations) == {"tiny.gate", "tiny.name"}
    assert result.bank_translations["zh"]["tiny"].title == "小题库"


@pytest.mark.parametrize(
    ("change", "line", "col", "message"),
    [
        (
            ("bank: tiny", "bank: tinny"),
            3,
            9,
            "no loaded bank has the id 'tinny' (did you mean 'tiny'?)",
        ),
        (
            ("  tiny.name:", "  tiny.nam:"),
            20,
            3,
            "bank 'tiny' has no question 'tiny.nam' (did you mean 'tiny.name'?)",
        ),
        (("language: zh", "language: fr"), 4, 13, "unknown language code"),
        (("language: zh", "language: zh_CN"), 4, 13, "(write 'zh')"),
        (("language: zh", "language: en"), 4, 13, "'en' is the banks' own language"),
        (
            ("      - text: 输入门 i_t\n        feedback: i_t 缩放候选记忆元。\n", ""),
            11,
            7,
            "2 options where the English question 'tiny.gate' has 3",
        ),
        (
            ("      - text: 输出门 o_t\n", "      - text: 输出门 o_t\n        correct: true\n"),
            15,
            18,
            "option 2 is marked correct but the English option 2 of 'tiny.gate' is a distractor",
        ),
        (
            ("    answers: [遗忘门]\n", "    answers: [遗忘门]\n    hints: [想想 f_t。]\n"),
            23,
            12,
            "'hints' is not in the English question 'tiny.name'",
        ),
        (
            ('    hints: ["看看是什么乘以 C_{t-1}。"]\n', "    hints: [一, 二]\n"),
            19,
            12,
            "2 hints where the English question 'tiny.gate' has 1",
        ),
        (
            ("遗忘门 f_t", "忘记门 f_t"),
            11,
            15,
            "uses '忘记门', which the glossary (zh/glossary.yaml) avoids: write '遗忘门' for 'forget gate'",
        ),
        (("    prompt: 说出", "    promt: 说出"), 21, 5, "promt"),
    ],
)
def test_each_mistake_is_an_error_at_its_place(
    tmp_path: Path, change: tuple[str, str], line: int, col: int, message: str
) -> None:
    old, new = change
    assert old in GOOD
    folder = write(tmp_path, GOOD.replace(old, new, 1))
    code, lines = validate(folder)
    where = f"{folder / 'zh' / 'tiny.yaml'}:{line}:{col}: "
    assert code == 1
    assert any(x.startswith(where) and message in x for x in lines), lines
    errors = [x for x in lines if ": warning[" not in x][:-1]
    assert errors == loader_lines(folder)  # validate prints what the loader found, no more


def test_a_translation_with_errors_is_not_served_but_its_bank_is(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD.replace("language: zh", "language: fr"))
    result = load_banks([folder], topics_path=topics_file())
    assert set(result.questions) == {"tiny.gate", "tiny.name"}
    assert result.translations == {}
    assert [p.name for p in result.failed_files] == ["tiny.yaml"]
    assert result.failed_files[0].parent.name == "zh"


def test_missing_text_is_a_warning_and_strict_makes_it_an_error(tmp_path: Path) -> None:
    partial = GOOD.replace('    hints: ["看看是什么乘以 C_{t-1}。"]\n', "").replace(
        "        feedback: o_t 过滤 tanh(C_t)。\n", ""
    )
    partial = partial.split("  tiny.name:")[0]  # the second question not translated at all
    folder = write(tmp_path, partial)
    code, lines = validate(folder)
    assert code == 0
    warnings = [x for x in lines if "warning[untranslated]" in x]
    assert any("'hints' of 'tiny.gate' is not translated; English is shown" in x for x in warnings)
    assert any("the feedback of option 2 of 'tiny.gate'" in x for x in warnings)
    assert any("question 'tiny.name' of bank 'tiny' is not translated" in x for x in warnings)
    assert lines[-2] == "3 untranslated text(s) in 1 file(s); --strict makes them errors"
    code, strict = validate(folder, "--strict")
    assert code == 1
    assert sum("error[untranslated]" in x for x in strict) == 3


def test_inline_translations_beside_the_english(tmp_path: Path) -> None:
    inline = BANK.replace(
        "    explanation: f_t multiplies C_{t-1} element-wise.\n",
        "    explanation: f_t multiplies C_{t-1} element-wise.\n"
        "    translations:\n"
        "      zh:\n"
        "        prompt: 说出缩放旧记忆元的那个门。\n"
        "        answers: [遗忘门]\n"
        "        explanation: f_t 按元素乘以 C_{t-1}。\n",
    )
    folder = tmp_path / "inline"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(inline, encoding="utf-8")
    result = load_banks([folder], topics_path=topics_file())
    assert result.errors == []
    assert result.translations["tiny.name"]["zh"].answers == ["遗忘门"]
    bad = inline.replace("      zh:\n", "      fr:\n")
    (folder / "tiny.yaml").write_text(bad, encoding="utf-8")
    code, lines = validate(folder)
    assert code == 1
    assert any(":28:9: 'fr': unknown language code" in x for x in lines), lines
    assert lines[:-1] == loader_lines(folder)


def test_the_same_question_translated_twice_is_an_error(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD)
    shutil.copy(folder / "zh" / "tiny.yaml", folder / "zh" / "tiny-copy.yaml")
    code, lines = validate(folder)
    assert code == 1
    assert any("bank 'tiny' is translated to 'zh' in" in x for x in lines), lines


def test_topics_translation_beside_the_topics_file(tmp_path: Path) -> None:
    topics = tmp_path / "topics.yaml"
    topics.write_text(
        "topics:\n  - {id: gates.definition, summary: What a gate is.}\n"
        "  - {id: lstm.cell-state, summary: The cell state.}\n",
        encoding="utf-8",
    )
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "topics.yaml").write_text(
        "translation: {language: zh, topics: true}\n"
        "topics:\n  gates.definition: 门是什么。\n  gates.nothing: 无。\n",
        encoding="utf-8",
    )
    folder = write(tmp_path, GOOD)
    result = load_banks([folder], topics_path=topics)
    assert [e.message for e in result.errors] == ["unknown topic 'gates.nothing'"]
    assert any("topic 'lstm.cell-state' is not translated" in w.message for w in result.warnings)
    (tmp_path / "zh" / "topics.yaml").write_text(
        "translation: {language: zh, topics: true}\n"
        "topics:\n  gates.definition: 门是什么。\n  lstm.cell-state: 记忆元。\n",
        encoding="utf-8",
    )
    result = load_banks([folder], topics_path=topics)
    assert result.errors == []
    assert result.topic_summaries_in("zh") == {
        "gates.definition": "门是什么。",
        "lstm.cell-state": "记忆元。",
    }


def test_topic_titles_are_translated_beside_the_summaries(tmp_path: Path) -> None:
    """Screens name a topic by its title: a titled topic's title is translated in ``titles:``,
    a missing one is a warning at the section (``--strict``: an error), an unknown id an error."""
    topics = tmp_path / "topics.yaml"
    topics.write_text(
        "topics:\n  - {id: gates.definition, title: What a gate is, summary: A sigmoid layer.}\n"
        "  - {id: lstm.cell-state, title: The cell state, summary: A conveyor belt.}\n",
        encoding="utf-8",
    )
    (tmp_path / "zh").mkdir()
    translation = tmp_path / "zh" / "topics.yaml"
    translation.write_text(
        "translation: {language: zh, topics: true}\n"
        "topics:\n  gates.definition: 一个 sigmoid 层。\n  lstm.cell-state: 一条传送带。\n"
        "titles:\n  gates.definition: 门是什么\n  gates.nothing: 无\n",
        encoding="utf-8",
    )
    folder = write(tmp_path, GOOD)
    result = load_banks([folder], topics_path=topics)
    assert [(e.line, e.message) for e in result.errors] == [(7, "unknown topic 'gates.nothing'")]
    translation.write_text(
        translation.read_text(encoding="utf-8").replace("  gates.nothing: 无\n", ""),
        encoding="utf-8",
    )
    result = load_banks([folder], topics_path=topics)
    assert result.errors == []
    missing = [w for w in result.warnings if "title of topic" in w.message]
    assert [(w.line, w.message) for w in missing] == [
        (5, "the title of topic 'lstm.cell-state' is not translated")
    ]
    assert result.topic_titles_in("zh") == {
        "gates.definition": "门是什么",
        "lstm.cell-state": "The cell state",
    }
    assert result.topic_titles_in("en")["gates.definition"] == "What a gate is"


def test_every_built_in_topic_has_a_short_title_in_both_languages(tmp_path: Path) -> None:
    """A title is what Home, the question header, the statistics and the planner print: never
    the topic's sentence-long summary."""
    from quizapp.core.catalog import load_catalog

    for language in ("en", "zh"):
        catalog = load_catalog(tmp_path / "data", language=language)
        for topic in catalog.syllabus:
            title = catalog.topic_title(topic)
            assert len(title) <= 48 and not title.endswith((".", "。")), (language, topic, title)
            if language == "zh" and not topic.startswith("reg.zoneout"):
                assert any("\u4e00" <= ch <= "\u9fff" for ch in title), (topic, title)
