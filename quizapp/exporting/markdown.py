"""Banks as a printable Markdown cheat sheet: by section and topic, answers and explanations.

Each question appears once, under its first topic (its other topics point back to it); a
numeric template shows one drawn variant with its worked solution.
"""

from __future__ import annotations

import string
from collections import defaultdict
from pathlib import Path

import yaml

from quizapp.banks import (
    ChoiceQuestion,
    FlashcardQuestion,
    LoadResult,
    MultiQuestion,
    NumericQuestion,
    Question,
    ShortQuestion,
    SpotTheMistakeQuestion,
)
from quizapp.exporting.common import draw_variant, fixed_answer, variant_seeds
from quizapp.paths import topics_file


def section_titles(path: Path | None = None) -> dict[str, str]:
    """Section id -> title from topics.yaml (empty when it cannot be read)."""
    path = path or topics_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(s["id"]): str(s.get("title", s["id"])) for s in data.get("sections", []) or []}


def cheat_sheet(result: LoadResult, sections: dict[str, str] | None = None) -> str:
    sections = section_titles() if sections is None else sections
    by_topic: dict[str, list[Question]] = defaultdict(list)
    see_also: dict[str, list[Question]] = defaultdict(list)
    for bank in result.banks:
        for question in bank.questions:
            by_topic[question.topics[0]].append(question)
            for topic_id in question.topics[1:]:
                see_also[topic_id].append(question)
    for topic_id in see_also:
        by_topic.setdefault(topic_id, [])
    topic_order = [t for t in result.topics if t in by_topic]
    topic_order += sorted(t for t in by_topic if t not in result.topics)
    grouped: dict[str | None, list[str]] = defaultdict(list)
    for topic_id in topic_order:
        topic = result.topics.get(topic_id)
        grouped[topic.section if topic else None].append(topic_id)
    section_order: list[str | None] = [s for s in sections if s in grouped]
    section_order += [s for s in grouped if s not in sections and s is not None]
    if None in grouped:
        section_order.append(None)

    banks = ", ".join(f"{b.title} ({len(b.questions)})" for b in result.banks)
    lines = [
        "# quizapp cheat sheet",
        "",
        f"{len(result.questions)} questions from {len(result.banks)} bank(s): {banks}.",
        "",
    ]
    for section in section_order:
        title = sections.get(section, section) if section is not None else "Other topics"
        lines += [f"## {title}", ""]
        for topic_id in grouped[section]:
            topic = result.topics.get(topic_id)
            lines += [f"### {topic_id}", ""]
            if topic and topic.summary:
                lines += [f"*{topic.summary}*", ""]
            for question in by_topic[topic_id]:
                lines += _question(question)
            if see_also.get(topic_id):
                refs = ", ".join(f"`{q.id}` (under {q.topics[0]})" for q in see_also[topic_id])
                lines += [f"See also: {refs}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _question(question: Question) -> list[str]:
    lines = [f"#### {_one_line(question.prompt)}", ""]
    if "\n" in question.prompt.strip():
        lines += [question.prompt.strip(), ""]
    meta = f"`{question.id}` · {question.kind.replace('_', ' ')}"
    if len(question.topics) > 1:
        meta += " · also: " + ", ".join(question.topics[1:])
    lines += [meta, ""]
    if isinstance(question, FlashcardQuestion):
        lines += ["**Answer:**", "", question.answer.strip(), ""]
    elif isinstance(question, ShortQuestion):
        lines += ["**Answer:** " + " / ".join(question.answers), ""]
    elif isinstance(question, ChoiceQuestion | MultiQuestion | SpotTheMistakeQuestion):
        if isinstance(question, SpotTheMistakeQuestion):
            lines += ["> " + question.statement.strip().replace("\n", "\n> "), ""]
        for letter, option in zip(string.ascii_lowercase, question.options, strict=False):
            mark = "**✓**" if option.correct else "✗"
            text = _one_line(option.text)
            line = f"- {mark} {letter}) {text}"
            if option.feedback:
                line += f" — {_one_line(option.feedback)}"
            lines.append(line)
        if question.options:
            lines.append("")
        if isinstance(question, SpotTheMistakeQuestion):
            if question.answers and not question.options:
                lines += ["**Answer:** " + " / ".join(question.answers), ""]
            if question.correction:
                lines += [f"**Correction:** {question.correction.strip()}", ""]
    elif isinstance(question, NumericQuestion):
        if question.template is None:
            lines += [f"**Answer:** {fixed_answer(question)}", ""]
        else:
            drawn = draw_variant(question, variant_seeds(question.id, 1)[0])
            variant_text = drawn.prompt[len(question.prompt) :].strip()
            lines += ["Example variant:", "", variant_text, ""]
            lines += [
                f"**Answer:** `{drawn.answer}` ({drawn.tolerance})",
                "",
                "Worked solution:",
                "",
            ]
            for k, (label, formula, value) in enumerate(drawn.steps, start=1):
                row = f"{k}. {label}: `{formula}`"
                if value:
                    row += f" = `{value}`"
                lines.append(row)
            lines.append("")
    if question.explanation.strip():
        lines += [f"**Why:** {question.explanation.strip()}", ""]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())
