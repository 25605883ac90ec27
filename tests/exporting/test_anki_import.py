"""The Anki package as Anki itself reads it: imported with the official ``anki`` library.

Every note's fields as written, every card in its bank's deck, answer letters spread over the
options, well-nested HTML with no Anki media or template syntax left in bank text, no two notes
with one front, night-mode CSS, and a re-import of a changed bank that updates in place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.banks import LoadResult, load_banks
from quizapp.exporting.anki import AnkiExport, build_package, deck_name, package_bytes
from quizapp.exporting.anki_html import inline_html
from quizapp.paths import builtin_banks_dir, topics_file
from tests.exporting.anki_collection import AnkiCollection, ImportedNote, html_problems, html_text
from tests.helpers import SMALL_BANK

pytest.importorskip(
    "anki.collection", reason="the anki library is not installed: pip install -e '.[anki]'"
)

EXPORTED_AT = 1_780_000_000.0  # a fixed time, so the test sees Anki's "newer" rule as a user does


def _export(
    result: LoadResult, path: Path, variants: int = 2, at: float = EXPORTED_AT
) -> AnkiExport:
    export = build_package(result, variants=variants)
    path.write_bytes(package_bytes(export.package, timestamp=at))
    return export


@pytest.fixture(scope="module")
def builtin() -> LoadResult:
    result = load_banks([builtin_banks_dir()], topics_path=topics_file())
    assert result.errors == []
    return result


@pytest.fixture(scope="module")
def imported(
    builtin: LoadResult, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[AnkiExport, AnkiCollection]]:
    folder = tmp_path_factory.mktemp("anki")
    export = _export(builtin, folder / "builtin.apkg")
    collection = AnkiCollection(folder / "profile")
    log = collection.import_package(folder / "builtin.apkg")
    assert len(log.new) == export.notes and not log.duplicate and not log.conflicting
    yield export, collection
    collection.close()


def _written(export: AnkiExport) -> dict[str, tuple[list[str], list[str], str]]:
    """guid -> (fields, tags, deck name) as the package holds them."""
    return {
        note.guid: (list(note.fields), list(note.tags), deck.name)
        for deck in export.package.decks
        for note in deck.notes
    }


def test_every_note_imports_with_its_fields_tags_and_deck(
    imported: tuple[AnkiExport, AnkiCollection], builtin: LoadResult
) -> None:
    export, collection = imported
    written = _written(export)
    notes = collection.notes()
    assert len(notes) == len(written) == export.notes > 300
    bank_of = {q.id: q.bank_id for q in builtin.questions.values()}
    for note in notes:
        fields, tags, deck = written[note.guid]
        assert [note.front, note.back, note.question_id] == fields
        assert sorted(note.tags) == sorted(tags)
        assert note.decks == (deck,) == (deck_name(bank_of[note.question_id]),)
        assert note.notetype == "quizapp (basic)"
        assert f"bank::{bank_of[note.question_id]}" in note.tags
    assert {n.question_id for n in notes} == set(builtin.questions)


def _letters(note: ImportedNote) -> tuple[list[str], list[str]]:
    """The option letters on the front, and the letters the back marks correct."""
    shown = re.findall(r"<li><b>([a-z])\)</b>", note.front)
    correct_block = re.search(r"<b>Correct(?: options)?:</b><br>(.*?)(?:<div|$)", note.back)
    correct = re.findall(r"<b>([a-z])\)</b>", correct_block.group(1)) if correct_block else []
    return shown, correct


def test_answer_letters_are_spread_over_the_options(
    imported: tuple[AnkiExport, AnkiCollection],
) -> None:
    _, collection = imported
    single: dict[int, Counter[str]] = {3: Counter(), 4: Counter()}
    leading = multi = 0
    for note in collection.notes():
        shown, correct = _letters(note)
        if len(correct) == 1 and len(shown) in single:
            single[len(shown)][correct[0]] += 1
        elif len(correct) > 1:
            multi += 1
            leading += correct == shown[: len(correct)]
    for count, letters in single.items():
        total = sum(letters.values())
        assert total >= 20, (count, letters)
        assert max(letters.values()) <= total / 2, (count, letters)  # the issue: a) 80 of 80
        assert set(letters) == set("abcd"[:count])
    assert multi >= 5 and leading < multi / 2


def test_the_letter_marked_correct_is_the_correct_option(
    imported: tuple[AnkiExport, AnkiCollection], builtin: LoadResult
) -> None:
    _, collection = imported
    checked = 0
    for note in collection.notes():
        question = builtin.questions[note.question_id]
        options = getattr(question, "options", None)
        if not options:
            continue
        front_options = dict(re.findall(r"<li><b>([a-z])\)</b> (.*?)</li>", note.front))
        assert len(front_options) == len(options)
        _, correct = _letters(note)
        marked = {front_options[letter] for letter in correct}
        assert marked == {inline_html(o.text) for o in options if o.correct}, note.question_id
        assert set(front_options.values()) == {inline_html(o.text) for o in options}
        checked += 1
    assert checked > 150


def test_the_html_is_well_nested_and_anki_finds_no_media(
    imported: tuple[AnkiExport, AnkiCollection],
) -> None:
    _, collection = imported
    for note in collection.notes():
        for field in (note.front, note.back):
            assert html_problems(field) == [], (note.question_id, field[:200])
            assert "[sound:" not in field and "{{" not in field
        assert note.audio == 0
    assert collection.col.find_dupes("Front") == []  # Anki's Find Duplicates: none
    message, _ = collection.col.fix_integrity()  # Tools > Check Database: nothing to fix
    assert message.splitlines() == ["Database rebuilt and optimized."], message


def test_card_css_follows_anki_night_mode(imported: tuple[AnkiExport, AnkiCollection]) -> None:
    _, collection = imported
    css = collection.css("quizapp (basic)")
    assert ".nightMode" in css and ".night_mode" in css
    card_rule = re.search(r"\.card \{(.*?)\}", css, re.S)
    assert card_rule and "color" not in card_rule.group(1)  # Anki's theme sets the colours


HOSTILE_MARKDOWN = """\
bank: {id: md, title: Markdown}
questions:
  - id: md.flash
    kind: flashcard
    topics: [lstm.cell-state]
    prompt: |-
      Square it: `x ** 2` and `y ** 2`, a line
      wrapped by YAML, *emphasis* and **strong**.

      - one item
      - another item
    answer: "[sound:boom.mp3] then {{Front}} then [latex]x^2[/latex] and [$]y[/$]"
    explanation: Control ESC \\x1b]0;title\\x07 and <b>raw html</b> stay text.
"""


def test_markdown_renders_and_anki_syntax_stays_text(tmp_path: Path) -> None:
    bank = tmp_path / "md.yaml"
    bank.write_text(HOSTILE_MARKDOWN, encoding="utf-8")
    result = load_banks([bank], topics_path=topics_file())
    assert result.errors == []
    _export(result, tmp_path / "md.apkg")
    collection = AnkiCollection(tmp_path / "profile")
    try:
        collection.import_package(tmp_path / "md.apkg")
        (note,) = collection.notes()
    finally:
        collection.close()
    assert "<code>x ** 2</code> and <code>y ** 2</code>" in note.front
    assert "a line wrapped by YAML" in note.front and "<br" not in note.front
    assert "<em>emphasis</em>" in note.front and "<strong>strong</strong>" in note.front
    assert "<ul>\n<li>one item</li>\n<li>another item</li>\n</ul>" in note.front
    assert note.audio == 0
    assert html_text(note.back).startswith(
        "[sound:boom.mp3] then {{Front}} then [latex]x^2[/latex] and [$]y[/$]"
    )
    assert "&lt;b&gt;raw html&lt;/b&gt;" in note.back and "\x1b" not in note.back
    assert html_problems(note.front) == html_problems(note.back) == []


def test_reimport_updates_notes_and_a_renamed_bank_keeps_its_deck(tmp_path: Path) -> None:
    """A newer export of the same bank, with a new title and a reworded explanation, updates
    the notes where they are: the same notes, the same deck, no empty new deck."""
    bank = tmp_path / "small.yaml"
    bank.write_text(SMALL_BANK, encoding="utf-8")
    first = load_banks([bank], topics_path=topics_file())
    _export(first, tmp_path / "v1.apkg")
    bank.write_text(
        SMALL_BANK.replace("title: Small <test> bank", "title: Renamed bank").replace(
            "explanation: Bounded in (0, 1).", "explanation: Bounded in (0, 1), read as a share."
        ),
        encoding="utf-8",
    )
    second = load_banks([bank], topics_path=topics_file())
    _export(second, tmp_path / "v2.apkg", at=EXPORTED_AT + 3600)
    collection = AnkiCollection(tmp_path / "profile")
    try:
        log = collection.import_package(tmp_path / "v1.apkg")
        before = {n.guid: n for n in collection.notes()}
        assert len(log.new) == len(before)
        log = collection.import_package(tmp_path / "v2.apkg")
        after = {n.guid: n for n in collection.notes()}
        decks = collection.deck_names()
    finally:
        collection.close()
    assert not log.new and len(log.updated) >= 1
    assert after.keys() == before.keys()
    short = next(n for n in after.values() if n.question_id == "small.short")
    assert "read as a share" in short.back
    assert all(n.decks == ("quizapp::small",) for n in after.values())
    assert decks == {"Default", "quizapp", "quizapp::small"}
