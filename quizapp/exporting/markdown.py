"""Banks as a printable Markdown cheat sheet: by section and topic, answers and explanations.

Each question appears once, under its first topic (its other topics point back to it); a
numeric template shows one drawn variant with its worked solution. In another language
(``--lang``) the questions, titles, topic summaries and labels are translated; a question whose
translation leaves text in English says which.
"""

from __future__ import annotations

import string
from collections import defaultdict
from pathlib import Path

import yaml

from quizapp.banks import (
    CodeQuestion,
    FlashcardQuestion,
    LoadResult,
    NumericQuestion,
    Question,
    ShortQuestion,
    SpotTheMistakeQuestion,
)
from quizapp.banks.localized import Localized
from quizapp.exporting.common import OptionQuestion, draw_variant, fixed_answer, variant_seeds
from quizapp.i18n import _, ngettext, parse_language, using_language
from quizapp.paths import topics_file


def section_titles(path: Path | None = None) -> dict[str, str]:
    """Section id -> title from topics.yaml (empty when it cannot be read)."""
    path = path or topics_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return {str(s["id"]): str(s.get("title", s["id"])) for s in data.get("sections", []) or []}


def cheat_sheet(
    result: LoadResult, sections: dict[str, str] | None = None, language: str = "en"
) -> str:
    with using_language(parse_language(language)):
        return _cheat_sheet(result, section_titles() if sections is None else sections, language)


def _cheat_sheet(result: LoadResult, sections: dict[str, str], language: str) -> str:
    by_topic: dict[str, list[Localized[Question]]] = defaultdict(list)
    see_also: dict[str, list[Question]] = defaultdict(list)
    summaries = result.topic_summaries_in(language)
    for bank in result.banks:
        for question in bank.questions:
            by_topic[question.topics[0]].append(result.localized(question, language))
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

    banks = ", ".join(
        f"{result.bank_title(b, language)} ({len(b.questions)})" for b in result.banks
    )
    count = len(result.questions)
    lines = [
        "# " + _("quizapp cheat sheet"),
        "",
        ngettext(
            "{count} questions from {banks_count} bank: {banks}.",
            "{count} questions from {banks_count} banks: {banks}.",
            len(result.banks),
        ).format(count=count, banks_count=len(result.banks), banks=banks),
        "",
    ]
    for section in section_order:
        title = sections.get(section, section) if section is not None else _("Other topics")
        lines += [f"## {title}", ""]
        for topic_id in grouped[section]:
            lines += [f"### {topic_id}", ""]
            if summaries.get(topic_id):
                lines += [f"*{summaries[topic_id]}*", ""]
            for shown in by_topic[topic_id]:
                lines += _question(shown)
            if see_also.get(topic_id):
                refs = ", ".join(
                    _("`{id}` (under {topic})").format(id=q.id, topic=q.topics[0])
                    for q in see_also[topic_id]
                )
                lines += [_("See also: {refs}").format(refs=refs), ""]
    return "\n".join(lines).rstrip() + "\n"


def _question(shown: Localized[Question]) -> list[str]:
    question = shown.question
    answer_label = _("**Answer:**")
    lines = [f"#### {_one_line(question.prompt)}", ""]
    if "\n" in question.prompt.strip():
        lines += [question.prompt.strip(), ""]
    meta = f"`{question.id}` · {question.kind.replace('_', ' ')}"
    if len(question.topics) > 1:
        meta += " · " + _("also: {topics}").format(topics=", ".join(question.topics[1:]))
    if shown.fell_back:
        fields = ", ".join(sorted(shown.english))
        meta += " · " + _("in English (not translated): {fields}").format(fields=fields)
    lines += [meta, ""]
    if isinstance(question, FlashcardQuestion):
        lines += [answer_label, "", question.answer.strip(), ""]
    elif isinstance(question, ShortQuestion):
        lines += [f"{answer_label} " + " / ".join(question.answers), ""]
    elif isinstance(question, OptionQuestion):
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
                lines += [f"{answer_label} " + " / ".join(question.answers), ""]
            if question.correction:
                correction = _("**Correction:**")
                lines += [f"{correction} {question.correction.strip()}", ""]
    elif isinstance(question, CodeQuestion):
        from quizapp.drills import get_drill

        drill = get_drill(question.drill_id)
        lines += [_("Drill `{id}` (`quizapp drill start {id} FILE`):").format(id=drill.id), ""]
        lines += ["```python", drill.signature, "```", ""]
    elif isinstance(question, NumericQuestion):
        if question.template is None:
            lines += [f"{answer_label} {fixed_answer(question)}", ""]
        else:
            drawn = draw_variant(question, variant_seeds(question.id, 1)[0])
            variant_text = drawn.prompt[len(question.prompt) :].strip()
            lines += [_("Example variant:"), "", variant_text, ""]
            lines += [
                f"{answer_label} `{drawn.answer}` ({drawn.tolerance})",
                "",
                _("Worked solution:"),
                "",
            ]
            for k, (label, formula, value) in enumerate(drawn.steps, start=1):
                row = f"{k}. {label}: `{formula}`"
                if value:
                    row += f" = `{value}`"
                lines.append(row)
            lines.append("")
    if question.explanation.strip():
        why = _("**Why:**")
        lines += [f"{why} {question.explanation.strip()}", ""]
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())
