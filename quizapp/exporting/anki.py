"""Banks as an Anki package (``.apkg``) built with genanki.

Ids are stable so that importing a newer export updates the notes already in Anki instead of
adding copies: the model and deck ids are constants derived from a hash of their names, and each
note's GUID is ``genanki.guid_for(question id)`` (plus the seed for a drawn numeric variant).
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import string
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import genanki

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
from quizapp.exporting.common import draw_variant, fixed_answer, to_html, variant_seeds

DEFAULT_VARIANTS = 3
ROOT_DECK = "quizapp"


def stable_id(name: str) -> int:
    """A fixed id for a model or deck, in the range Anki expects (1 << 30 to 1 << 31)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black;
  background-color: white; }
pre { background: #f4f4f4; padding: 0.5em; overflow-x: auto; }
.options { margin: 0.5em 0; }
.explanation, .feedback, .steps { margin-top: 0.8em; }
.wrong { color: #666; }
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


def question_cards(question: Question, variants: int = DEFAULT_VARIANTS) -> list[AnkiCard]:
    """The notes one question becomes (several for a numeric template, one otherwise)."""
    tags = _tags(question)
    explanation = f'<div class="explanation"><b>Why:</b> {to_html(question.explanation)}</div>'

    def card(front: str, back: str, *guid_parts: object) -> AnkiCard:
        return AnkiCard(
            guid=genanki.guid_for(question.id, *guid_parts),
            front=front,
            back=back,
            question_id=question.id,
            tags=tags,
        )

    match question:
        case FlashcardQuestion():
            return [card(to_html(question.prompt), to_html(question.answer) + explanation)]
        case ShortQuestion():
            answers = " / ".join(to_html(a) for a in question.answers)
            return [card(to_html(question.prompt), f"<b>Answer:</b> {answers}{explanation}")]
        case ChoiceQuestion() | MultiQuestion() | SpotTheMistakeQuestion():
            return [card(_options_front(question), _options_back(question) + explanation)]
        case NumericQuestion():
            return _numeric_cards(question, variants, card, explanation)


def _numeric_cards(
    question: NumericQuestion,
    variants: int,
    card: Callable[..., AnkiCard],
    explanation: str,
) -> list[AnkiCard]:
    """One note for a fixed answer; one per drawn variant (seed in the GUID) for a template."""
    if question.template is None:
        back = f"<b>Answer:</b> {to_html(fixed_answer(question))}{explanation}"
        return [card(to_html(question.prompt), back)]
    cards = []
    for seed in variant_seeds(question.id, variants):
        drawn = draw_variant(question, seed)
        steps = "".join(
            f"<li><b>{to_html(label)}</b>: <code>{to_html(formula)}</code>"
            + (f" = <code>{to_html(value)}</code>" if value else "")
            + "</li>"
            for label, formula, value in drawn.steps
        )
        back = (
            f"<b>Answer:</b> <code>{to_html(drawn.answer)}</code> ({to_html(drawn.tolerance)})"
            f'<div class="steps"><b>Worked solution:</b><ol>{steps}</ol></div>{explanation}'
        )
        cards.append(card(to_html(drawn.prompt), back, seed))
    return cards


def _options_front(question: ChoiceQuestion | MultiQuestion | SpotTheMistakeQuestion) -> str:
    prompt = to_html(question.prompt)
    if isinstance(question, SpotTheMistakeQuestion):
        prompt += f"<blockquote>{to_html(question.statement)}</blockquote>"
    if isinstance(question, MultiQuestion):
        prompt += "<br><i>(Pick every correct option.)</i>"
    if not question.options:
        return prompt
    items = "".join(
        f"<li><b>{letter})</b> {to_html(option.text)}</li>"
        for letter, option in zip(string.ascii_lowercase, question.options, strict=False)
    )
    return f'{prompt}<ul class="options" style="list-style: none">{items}</ul>'


def _options_back(question: ChoiceQuestion | MultiQuestion | SpotTheMistakeQuestion) -> str:
    parts = []
    lettered = list(zip(string.ascii_lowercase, question.options, strict=False))
    correct = [f"<b>{letter})</b> {to_html(o.text)}" for letter, o in lettered if o.correct]
    if correct:
        label = "Correct" if len(correct) == 1 else "Correct options"
        parts.append(f"<b>{label}:</b><br>" + "<br>".join(correct))
    if isinstance(question, SpotTheMistakeQuestion):
        if question.answers:
            parts.append(
                "<b>Accepted answers:</b> " + " / ".join(to_html(a) for a in question.answers)
            )
        if question.correction:
            parts.append(f"<b>Correction:</b> {to_html(question.correction)}")
    feedback = [
        f'<li class="{"right" if o.correct else "wrong"}"><b>{letter})</b> '
        f"{'✓' if o.correct else '✗'} {to_html(o.feedback)}</li>"
        for letter, o in lettered
        if o.feedback
    ]
    body = "<br>".join(parts)
    if feedback:
        body += f'<div class="feedback"><b>Per option:</b><ul>{"".join(feedback)}</ul></div>'
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


def build_package(result: LoadResult, variants: int = DEFAULT_VARIANTS) -> genanki.Package:
    """One sub-deck per bank under ``quizapp``, one note per card."""
    decks = []
    for bank in result.banks:
        deck = genanki.Deck(stable_id(f"quizapp.anki.deck.{bank.id}"), f"{ROOT_DECK}::{bank.title}")
        for question in bank.questions:
            for c in question_cards(question, variants):
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
    return genanki.Package(decks)


def package_bytes(package: genanki.Package, timestamp: float | None = None) -> bytes:
    """The ``.apkg`` as bytes, so nothing is written until it is complete."""
    import zipfile

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
    import itertools

    return itertools.count(int(timestamp * 1000))


def count_notes(package: genanki.Package) -> int:
    return sum(len(deck.notes) for deck in package.decks)
