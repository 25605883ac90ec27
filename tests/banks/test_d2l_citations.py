"""Every d2l citation names both editions' sections, and the right ones.

The English book (d2l.ai, 1.0) and the Chinese one (zh.d2l.ai, v2) number their chapters
differently: GRU is §10.2 in English and §9.1 in Chinese. ``SECTIONS`` is the map from the two
tables of contents; an English bank cites ``d2l.ai §10.2 ...; zh.d2l.ai §9.1 门控循环单元（GRU）``
and a translation ``《动手学深度学习》§9.1 门控循环单元（GRU）（英文版 d2l.ai §10.2）``. Subsections are
numbered differently too: a citation names a Chinese subsection only where it was checked
(``SUBSECTIONS``), otherwise the section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"

# English section -> (Chinese section, its title), from both books' tables of contents.
SECTIONS: dict[str, tuple[str, str]] = {
    "3.7": ("4.5", "权重衰减"),
    "5.1": ("4.1", "多层感知机"),
    "5.4": ("4.8", "数值稳定性和模型初始化"),
    "5.6": ("4.6", "暂退法（Dropout）"),
    "8.5": ("7.5", "批量规范化"),
    "8.6": ("7.6", "残差网络（ResNet）"),
    "9": ("8", "循环神经网络"),
    "9.1": ("8.1", "序列模型"),
    "9.2": ("8.2", "文本预处理"),
    "9.3": ("8.3", "语言模型和数据集"),
    "9.4": ("8.4", "循环神经网络"),
    "9.5": ("8.5", "循环神经网络的从零开始实现"),
    "9.6": ("8.6", "循环神经网络的简洁实现"),
    "9.7": ("8.7", "通过时间反向传播"),
    "10": ("9", "现代循环神经网络"),
    "10.1": ("9.2", "长短期记忆网络（LSTM）"),
    "10.2": ("9.1", "门控循环单元（GRU）"),
    "10.3": ("9.3", "深度循环神经网络"),
    "10.4": ("9.4", "双向循环神经网络"),
    "10.5": ("9.5", "机器翻译与数据集"),
    "10.6": ("9.6", "编码器-解码器架构"),
    "10.7": ("9.7", "序列到序列学习（seq2seq）"),
    "10.8": ("9.8", "束搜索"),
    "11.1": ("10.1", "注意力提示"),
    "11.3": ("10.3", "注意力评分函数"),
    "11.4": ("10.4", "Bahdanau 注意力"),
    "11.5": ("10.5", "多头注意力"),
    "11.6": ("10.6", "自注意力和位置编码"),
    "11.7": ("10.7", "Transformer"),
}
# Subsections whose Chinese number was checked against the Chinese book.
SUBSECTIONS: dict[str, tuple[str, str]] = {"9.5.3": ("8.5.5", "梯度裁剪")}

_EN = re.compile(r"(?<![\w.])d2l\.ai §(?P<number>\d+(?:\.\d+)*)")
_SECTION = re.compile(r"§(\d+(?:\.\d+)*)")
_ZH = re.compile(r"zh\.d2l\.ai (?P<refs>§.*)$")
_REF = re.compile(r"§(?P<number>\d+(?:\.\d+)*)(?: (?P<title>[^§;]*?))?(?= and §|$|;)")
_BOOK = re.compile(r"《动手学深度学习》(?P<zh>.*?)（英文版 d2l\.ai (?P<en>[^）]*)）")
# a section (§9.2) or a chapter (第 9 章), then the title written after it if any
_NUMBER = re.compile(r"§(\d+(?:\.\d+)*)|第 ?(\d+) ?章")
_ZH_REF = re.compile(r"(?:§(\d+(?:\.\d+)*)|第 ?(\d+) ?章)(?: (?![与和、])([^§，,、与和]+))?")


def chinese_section(english: str) -> tuple[str, str]:
    """The Chinese section (number, title) for an English section or subsection number."""
    if english in SUBSECTIONS:
        return SUBSECTIONS[english]
    parts = english.split(".")
    for length in (2, 1):
        key = ".".join(parts[:length])
        if key in SECTIONS:
            return SECTIONS[key]
    raise KeyError(english)


def english_citation_problems(source: str) -> list[str]:
    """What is wrong with an English bank's source that cites d2l.ai."""
    cited_english = source.split("; zh.d2l.ai")[0]
    start = _EN.search(cited_english)
    if start is None:
        return []
    english = _SECTION.findall(cited_english[start.start() :])
    problems = [f"§{n} is not in the section map" for n in english if _unmapped(n)]
    if problems:
        return problems
    zh = _ZH.search(source)
    if zh is None:
        return ["cites d2l.ai without the zh.d2l.ai section"]
    cited = [(m["number"], (m["title"] or "").strip()) for m in _REF.finditer(zh["refs"])]
    wanted = [chinese_section(n) for n in english]
    if [n for n, _ in cited] != [n for n, _ in wanted]:
        return [f"zh.d2l.ai sections {[n for n, _ in cited]} should be {[n for n, _ in wanted]}"]
    return [
        f"zh.d2l.ai §{n} is titled '{title}', not '{got}'"
        for (n, got), (_, title) in zip(cited, wanted, strict=True)
        if got and got != title
    ] or ([] if cited[0][1] else ["the first zh.d2l.ai section has no title"])


def chinese_citation_problems(source: str) -> list[str]:
    """What is wrong with a translated source that cites the Chinese book: each section it
    names must be the Chinese one of the English section in the same place after 英文版, and
    a title written after a section number must be that section's."""
    if "d2l" not in source and "动手学深度学习" not in source:
        return []
    match = _BOOK.search(source)
    if match is None:
        return [
            "a d2l citation in a translation is written 《动手学深度学习》§N 标题（英文版 d2l.ai §M）"
        ]
    chinese = [(a or b, title) for a, b, title in _ZH_REF.findall(match["zh"])]
    english = [a or b for a, b in _NUMBER.findall(match["en"])]
    if len(chinese) != len(english):
        return [f"{len(chinese)} Chinese section(s) for {len(english)} English one(s)"]
    problems = []
    for (number, title), theirs in zip(chinese, english, strict=True):
        if _unmapped(theirs):
            problems.append(f"§{theirs} is not in the section map")
            continue
        wanted, wanted_title = chinese_section(theirs)
        if number != wanted:
            problems.append(
                f"English §{theirs} is §{wanted} {wanted_title} in the Chinese book, not §{number}"
            )
        elif title and not _same_title(title, wanted_title):
            problems.append(f"§{number} is titled '{wanted_title}', not '{title}'")
    return problems


def _same_title(written: str, title: str) -> bool:
    """A title as written after a section number: whole, without its gloss (（GRU）), or cut
    where the pattern stops at 和 / 与 (自注意力和位置编码 is read as 自注意力)."""
    base = title.split("（")[0]
    return written.startswith(base) or (title.startswith(written) and title[len(written)] in "和与")


def _unmapped(number: str) -> bool:
    try:
        chinese_section(number)
    except KeyError:
        return True
    return False


def _sources(path: Path) -> Iterator[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "bank" in data:
        for question in data.get("questions") or []:
            for source in question.get("sources") or []:
                yield question["id"], source
            for translation in (question.get("translations") or {}).values():
                for source in translation.get("sources") or []:
                    yield question["id"], f"\0{source}"
    elif "translation" in data and isinstance(data.get("questions"), dict):
        for qid, translation in data["questions"].items():
            for source in (translation or {}).get("sources") or []:
                yield qid, f"\0{source}"


def _bank_files() -> list[Path]:
    return sorted(
        p for p in QUESTIONS.rglob("*.yaml") if p.name not in ("topics.yaml", "glossary.yaml")
    )


@pytest.mark.parametrize("path", _bank_files(), ids=lambda p: str(p.relative_to(QUESTIONS)))
def test_every_d2l_citation_names_both_editions(path: Path) -> None:
    problems = []
    for qid, source in _sources(path):
        if source.startswith("\0"):
            found = chinese_citation_problems(source[1:])
        else:
            found = english_citation_problems(source)
        problems += [f"{qid}: {source.lstrip(chr(0))!r}: {p}" for p in found]
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_they_should() -> None:
    good = "d2l.ai §10.2 Gated Recurrent Units (GRU); zh.d2l.ai §9.1 门控循环单元（GRU）"
    assert english_citation_problems(good) == []
    assert english_citation_problems("d2l.ai §10.2 Gated Recurrent Units (GRU)")
    assert english_citation_problems(good.replace("§9.1", "§10.2"))
    assert english_citation_problems("d2l.ai §12.1 Optimization; zh.d2l.ai §11.1 优化")
    both = (
        "d2l.ai §10.1 and §10.2; zh.d2l.ai §9.2 长短期记忆网络（LSTM） and §9.1 门控循环单元（GRU）"
    )
    assert english_citation_problems(both) == []
    assert english_citation_problems(both.replace("and §9.1", "and §9.2"))
    assert english_citation_problems("Chung et al. 2014, arXiv:1412.3555") == []
    zh = "《动手学深度学习》§9.2 长短期记忆网络（LSTM）（英文版 d2l.ai §10.1）"
    assert chinese_citation_problems(zh) == []
    assert chinese_citation_problems(zh.replace("§9.2", "§10.1"))
    assert chinese_citation_problems("d2l.ai §10.1 Long Short-Term Memory (LSTM)")
    assert (
        chinese_citation_problems("《动手学深度学习》§9.2 与 §9.1（英文版 d2l.ai §10.1 与 §10.2）")
        == []
    )
    assert chinese_citation_problems(
        "《动手学深度学习》§9.1 与 §9.2（英文版 d2l.ai §10.1 与 §10.2）"
    )
    assert (
        chinese_citation_problems(
            "《动手学深度学习》第 9 章 现代循环神经网络（引言）（英文版 d2l.ai 第 10 章）"
        )
        == []
    )
    assert chinese_citation_problems(
        "《动手学深度学习》§9.2 门控循环单元（GRU）（英文版 d2l.ai §10.1）"
    )
    assert (
        chinese_citation_problems(
            "《动手学深度学习》§8.7 通过时间反向传播（英文版 d2l.ai §9.7.1，截断时间步）"
        )
        == []
    )
    assert chinese_section("9.5.3") == ("8.5.5", "梯度裁剪")
    assert chinese_section("9.7.1") == ("8.7", "通过时间反向传播")
