"""Importing a package with the official ``anki`` library, and reading notes back as data.

The tests skip without the library (``pip install -e '.[anki]'``; ``.ci/run`` installs it).
Anki's objects are reached through ``pytest.importorskip``, so they are ``Any`` to mypy.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}


@dataclass(frozen=True)
class ImportedNote:
    guid: str
    front: str
    back: str
    question_id: str
    tags: tuple[str, ...]
    decks: tuple[str, ...]  # the deck of each of the note's cards
    audio: int  # sound tags Anki found on its cards (question and answer side)
    notetype: str


class AnkiCollection:
    """A collection in ``folder``; ``import_package`` as Anki's File > Import does it."""

    def __init__(self, folder: Path) -> None:
        collection = pytest.importorskip("anki.collection")
        language = pytest.importorskip("anki.lang")
        if language.current_i18n is None:  # Find Duplicates strips HTML through Anki's i18n
            language.set_lang("en_US")
        self.proto = pytest.importorskip("anki.import_export_pb2")
        folder.mkdir(parents=True, exist_ok=True)
        self.col: Any = collection.Collection(str(folder / "collection.anki2"))

    def close(self) -> None:
        self.col.close()

    def import_package(self, apkg: Path) -> Any:
        """Anki's defaults: update notes and note types when the package's copy is newer."""
        proto = self.proto
        request = proto.ImportAnkiPackageRequest(
            package_path=str(apkg), options=proto.ImportAnkiPackageOptions()
        )
        return self.col.import_anki_package(request).log

    def notes(self) -> list[ImportedNote]:
        out = []
        for nid in self.col.find_notes(""):
            note = self.col.get_note(nid)
            cards = note.cards()
            out.append(
                ImportedNote(
                    guid=note.guid,
                    front=note.fields[0],
                    back=note.fields[1],
                    question_id=note.fields[2],
                    tags=tuple(note.tags),
                    decks=tuple(self.col.decks.name(card.did) for card in cards),
                    audio=sum(
                        len(card.question_av_tags()) + len(card.answer_av_tags()) for card in cards
                    ),
                    notetype=note.note_type()["name"],
                )
            )
        return out

    def deck_names(self) -> set[str]:
        return {d.name for d in self.col.decks.all_names_and_ids()}

    def css(self, notetype: str) -> str:
        model = self.col.models.by_name(notetype)
        css: str = model["css"]
        return css


class NestingChecker(HTMLParser):
    """Fails on a closing tag that closes nothing open, or not the innermost one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return None

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_problems(fragment: str) -> list[str]:
    checker = NestingChecker()
    checker.feed(fragment)
    checker.close()
    return checker.problems + [f"<{tag}> never closed" for tag in checker.stack]


def html_text(fragment: str) -> str:
    """The text a reader sees (entities decoded, tags dropped)."""
    checker = NestingChecker()
    checker.feed(fragment)
    checker.close()
    return "".join(checker.text)
