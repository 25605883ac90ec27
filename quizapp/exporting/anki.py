"""Banks as an Anki package (``.apkg``) built with genanki.

Ids are stable so that importing a newer export updates the notes already in Anki instead of
adding copies: the model id is a constant, each note's GUID is ``genanki.guid_for(question id)``
(plus the seed for a drawn numeric variant), and each bank's deck is named and numbered from the
bank's **id**, ``quizapp::<bank id>``, with the title as the deck's description. Anki files
updated notes' cards where they already are and matches decks by name, so a deck named after the
title would leave the cards behind on a rename and add an empty deck; an id-named deck keeps
them where they were, under the same name, and the ``bank::<id>`` tag finds them too.

Options are shuffled as the app shuffles them (``quizapp.core.presenter``), from a seed derived
from the question id: the same letters on every export, so the notes stay stable, and the correct
option is not always a). A numeric template gives one note per drawn variant, never two with
the same front: a variant whose front repeats another card's is drawn again from a later seed.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import random
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import genanki

from quizapp.banks import (
    ChoiceQuestion,
    CodeQuestion,
    FlashcardQuestion,
    LoadResult,
    MultiQuestion,
    NumericQuestion,
    Question,
    ShortQuestion,
    SpotTheMistakeQuestion,
)
from quizapp.banks.localized import Localized
from quizapp.core.presentation import OptionView
from quizapp.core.presenter import present
from quizapp.exporting.anki_html import block_html, inline_html, text_html
from quizapp.exporting.common import OptionQuestion, draw_variant, fixed_answer, variant_seeds
from quizapp.i18n import DEFAULT_LANGUAGE, _, parse_language, using_language

DEFAULT_VARIANTS = 3
DRAWS_PER_VARIANT = 4  # seeds tried per wanted variant before a template gives fewer notes
ROOT_DECK = "quizapp"


def stable_id(name: str) -> int:
    """A fixed id for a model or deck, in the range Anki expects (1 << 30 to 1 << 31)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


# No colours on .card: Anki's own theme (light, or night mode) sets text and background. Our
# shading is translucent so it reads on either; .nightMode (desktop, AnkiMobile) and
# .night_mode (AnkiDroid) lift it where a dark background needs more.
CSS = """.card { font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 18px; line-height: 1.45; text-align: left; }
code, pre { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
code { padding: 0 0.2em; border-radius: 3px; background: rgba(128, 128, 128, 0.15); }
pre { padding: 0.5em; overflow-x: auto; border-radius: 4px; background: rgba(128, 128, 128, 0.12); }
pre code { padding: 0; background: none; }
ul.options { list-style: none; padding-left: 0.5em; }
ul.options li { margin: 0.3em 0; }
.explanation, .feedback, .steps { margin-top: 0.8em; }
.wrong { opacity: 0.75; }
.nightMode code, .night_mode code, .nightMode pre, .night_mode pre {
  background: rgba(255, 255, 255, 0.1); }
.nightMode .wrong, .night_mode .wrong { opacity: 0.85; }
"""

MODEL = genanki.Model(
    stable_id("quizapp.anki.model.basic"),
    "quizapp (basic)",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Question id"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }
    ],
    css=CSS,
    sort_field_index=2,
)


@dataclass(frozen=True)
class AnkiCard:
    guid: str
    front: str  # HTML
    back: str  # HTML
    question_id: str
    tags: tuple[str, ...]


@dataclass
class AnkiExport:
    """The package, and what was left out of it."""

    package: genanki.Package
    notes: int
    repeated_fronts: list[str] = field(default_factory=list)  # ids of questions that gave fewer


def option_order_seed(question_id: str) -> int:
    """The seed of a question's option order in the export: from its id, so it never changes."""
    digest = hashlib.sha256(f"{question_id}#anki-options".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def question_cards(
    question: Question,
    variants: int = DEFAULT_VARIANTS,
    taken: set[str] | None = None,
    shown: Localized[Question] | None = None,
) -> list[AnkiCard]:
    """The notes one question becomes (several for a numeric template, one otherwise).

    ``taken`` holds the fronts already in the package: a template variant never repeats one.
    ``shown`` is the question in another language: its text, its own notes (the language in
    the GUID, so an English and a Chinese deck live side by side), and a line naming the text
    that is still English.
    """
    language = shown.language if shown is not None else DEFAULT_LANGUAGE
    if shown is not None:
        question = shown.question
    tags = _tags(question)
    why = _("Why:")
    explanation = (
        f'<div class="explanation">{_labelled(why, block_html(question.explanation))}</div>'
        if question.explanation.strip()
        else ""
    )
    if shown is not None and shown.fell_back:
        fields = ", ".join(sorted(shown.english))
        note = _("In English (not translated): {fields}").format(fields=fields)
        explanation += f'<p class="untranslated"><i>{text_html(note)}</i></p>'
    language_part = () if language == DEFAULT_LANGUAGE else (language,)

    def card(front: str, back: str, *guid_parts: object) -> AnkiCard:
        return AnkiCard(
            guid=genanki.guid_for(question.id, *guid_parts, *language_part),
            front=front,
            back=back,
            question_id=question.id,
            tags=tags,
        )

    match question:
        case FlashcardQuestion():
            return [card(block_html(question.prompt), block_html(question.answer) + explanation)]
        case ShortQuestion():
            answers = " / ".join(inline_html(a) for a in question.answers)
            answer_label = _("Answer:")
            return [
                card(block_html(question.prompt), f"<b>{answer_label}</b> {answers}{explanation}")
            ]
        case ChoiceQuestion() | MultiQuestion() | SpotTheMistakeQuestion():
            options = _shuffled(question)
            front = _options_front(question, options)
            return [card(front, _options_back(question, options) + explanation)]
        case NumericQuestion():
            return _numeric_cards(question, variants, card, explanation, taken or set())
        case CodeQuestion():  # recall the implementation: the check itself needs quizapp
            front, back = _code_sides(question)
            return [card(front, back + explanation)]


def _code_sides(question: CodeQuestion) -> tuple[str, str]:
    from quizapp.drills import get_drill

    drill = get_drill(question.drill_id)
    check = f"quizapp drill check {drill.id} FILE"
    front = (
        block_html(question.prompt) + f"<p>Signature:</p><pre>{text_html(drill.signature)}</pre>"
    )
    back = (
        f"<p><b>Reference solution</b> (check yours with <code>{text_html(check)}</code>):</p>"
        f"<pre>{text_html(drill.reference)}</pre>"
    )
    return front, back


def _labelled(label: str, block: str) -> str:
    """``label`` in bold at the start of the block's first paragraph (its own line otherwise)."""
    if block.startswith("<p>"):
        return f"<p><b>{label}</b> {block[3:]}"
    return f"<p><b>{label}</b></p>{block}"


def _shuffled(
    question: OptionQuestion,
) -> tuple[OptionView, ...]:
    """The options lettered as the app letters them, in the order this question's id gives."""
    presented = present(question.to_record(), random.Random(option_order_seed(question.id)))
    return presented.options


def _numeric_cards(
    question: NumericQuestion,
    variants: int,
    card: Callable[..., AnkiCard],
    explanation: str,
    taken: set[str],
) -> list[AnkiCard]:
    """One note for a fixed answer; one per drawn variant (seed in the GUID) for a template,
    each with a front no other card has."""
    answer_label, worked = _("Answer:"), _("Worked solution:")
    if question.template is None:
        back = f"<b>{answer_label}</b> {text_html(fixed_answer(question))}{explanation}"
        return [card(block_html(question.prompt), back)]
    cards: list[AnkiCard] = []
    for seed in variant_seeds(question.id, variants * DRAWS_PER_VARIANT):
        drawn = draw_variant(question, seed)
        front = block_html(drawn.prompt)
        if front in taken:
            continue
        taken.add(front)
        steps = "".join(
            f"<li><b>{text_html(label)}</b>: <code>{text_html(formula)}</code>"
            + (f" = <code>{text_html(value)}</code>" if value else "")
            + "</li>"
            for label, formula, value in drawn.steps
        )
        back = (
            f"<b>{answer_label}</b> <code>{text_html(drawn.answer)}</code> "
            f"({text_html(drawn.tolerance)})"
            f'<div class="steps"><b>{worked}</b><ol>{steps}</ol></div>'
            f"{explanation}"
        )
        cards.append(card(front, back, seed))
        if len(cards) == variants:
            break
    return cards


def _options_front(
    question: OptionQuestion,
    options: tuple[OptionView, ...],
) -> str:
    prompt = block_html(question.prompt)
    if isinstance(question, SpotTheMistakeQuestion):
        prompt += f"<blockquote>{block_html(question.statement)}</blockquote>"
    if isinstance(question, MultiQuestion):
        every = _("(Pick every correct option.)")
        prompt += f"<p><i>{every}</i></p>"
    if not options:
        return prompt
    items = "".join(f"<li><b>{o.label})</b> {inline_html(o.text)}</li>" for o in options)
    return f'{prompt}<ul class="options">{items}</ul>'


def _options_back(
    question: OptionQuestion,
    options: tuple[OptionView, ...],
) -> str:
    parts = []
    correct = [f"<b>{o.label})</b> {inline_html(o.text)}" for o in options if o.correct]
    if correct:
        label = _("Correct:") if len(correct) == 1 else _("Correct options:")
        parts.append(f"<b>{label}</b><br>" + "<br>".join(correct))
    if isinstance(question, SpotTheMistakeQuestion):
        if question.answers:
            accepted = _("Accepted answers:")
            parts.append(
                f"<b>{accepted}</b> " + " / ".join(inline_html(a) for a in question.answers)
            )
        if question.correction:
            correction = _("Correction:")
            parts.append(f"<b>{correction}</b> {inline_html(question.correction)}")
    feedback = [
        f'<li class="{"right" if o.correct else "wrong"}"><b>{o.label})</b> '
        f"{'✓' if o.correct else '✗'} {inline_html(o.feedback)}</li>"
        for o in options
        if o.feedback
    ]
    body = "<br>".join(parts)
    if feedback:
        per_option = _("Per option:")
        body += f'<div class="feedback"><b>{per_option}</b><ul>{"".join(feedback)}</ul></div>'
    return body


def _tags(question: Question) -> tuple[str, ...]:
    tags = (
        [*question.topics, f"bank::{question.bank_id}"] if question.bank_id else [*question.topics]
    )
    tags.extend(question.tags)
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = "_".join(str(tag).split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def deck_name(bank_id: str, language: str = DEFAULT_LANGUAGE) -> str:
    """``quizapp::<bank id>``; in another language ``quizapp::<lang>::<bank id>``."""
    if language == DEFAULT_LANGUAGE:
        return f"{ROOT_DECK}::{bank_id}"
    return f"{ROOT_DECK}::{language}::{bank_id}"


def build_package(
    result: LoadResult, variants: int = DEFAULT_VARIANTS, language: str = DEFAULT_LANGUAGE
) -> AnkiExport:
    """One sub-deck per bank under ``quizapp``, one note per card, in ``language``."""
    with using_language(parse_language(language)):
        return _build_package(result, variants, language)


def _build_package(result: LoadResult, variants: int, language: str) -> AnkiExport:
    decks = []
    taken: set[str] = set()
    short: list[str] = []
    english = language == DEFAULT_LANGUAGE
    for bank in result.banks:
        description = text_html(result.bank_title(bank, language))
        header = result.bank_translations.get(language, {}).get(bank.id)
        bank_description = header.description if header and header.description else None
        if bank_description or bank.meta.description:
            description += f"<br>{text_html(bank_description or bank.meta.description or '')}"
        deck_key = (
            f"quizapp.anki.deck.{bank.id}" if english else f"quizapp.anki.deck.{language}.{bank.id}"
        )
        deck = genanki.Deck(
            stable_id(deck_key), deck_name(bank.id, language), description=description
        )
        for question in bank.questions:
            shown = None if english else result.localized(question, language)
            cards = question_cards(question, variants, taken, shown)
            if (
                isinstance(question, NumericQuestion)
                and question.template
                and len(cards) < variants
            ):
                short.append(question.id)
            for c in cards:
                deck.add_note(
                    genanki.Note(
                        model=MODEL,
                        fields=[c.front, c.back, c.question_id],
                        guid=c.guid,
                        tags=list(c.tags),
                    )
                )
        if deck.notes:
            decks.append(deck)
    package = genanki.Package(decks)
    return AnkiExport(package, sum(len(d.notes) for d in decks), short)


def package_bytes(package: genanki.Package, timestamp: float | None = None) -> bytes:
    """The ``.apkg`` as bytes, so nothing is written until it is complete."""
    if timestamp is None:
        timestamp = time.time()
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            cursor = conn.cursor()
            package.write_to_db(cursor, timestamp, _id_counter(timestamp))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()


def _id_counter(timestamp: float) -> Iterator[int]:
    return itertools.count(int(timestamp * 1000))
