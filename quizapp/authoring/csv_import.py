"""Anki-style CSV/TSV (front, back, optional explanation and tags) into a bank of flashcards.

Anki's text exports start with ``#key:value`` header lines (``#separator:tab``, ``#html:true``,
``#tags column:3``, ``#guid column:1``, ``#columns:...``); they are read and skipped, as are
other lines that start with ``#`` between rows. A first row of column names (``front,back,tags``)
is a header: skipped, said so, and its names say which column is which
(``quizapp.authoring.csv_columns``). The delimiter is ``--delimiter``, else the ``#separator``
header, else ``.tsv``/``.tab``, else a tab in the first row, else what ``csv.Sniffer`` finds
(comma when it cannot tell). The text is UTF-8 unless ``--encoding`` says otherwise
(``quizapp.authoring.csv_encoding`` names the likely one when it is not). A broken row (empty
front, missing back, repeated front) is reported with its line number and skipped; the others
are imported. A card without an explanation gets none (flashcards may leave it out), never a
made-up sentence. Question ids come from a hash of the front, so importing the same file again
gives the same ids (and keeps the progress stored under them).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizapp.authoring.csv_columns import (
    Columns,
    ColumnsProblem,
    anki_columns,
    header_columns,
    parse_columns,
)
from quizapp.authoring.csv_encoding import EncodingProblem, decode_csv
from quizapp.authoring.starter import schema_beside
from quizapp.banks.schema import SCHEMA_LINE

DEFAULT_TOPIC = "rnn.recurrence"

SEPARATORS = {
    "tab": "\t",
    "\\t": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
_HTML_TAG = re.compile(
    r"</?(?:br|div|p|b|i|u|em|strong|span|code|pre|font|sub|sup|ul|ol|li)\b[^>]*>", re.I
)
_BREAK = re.compile(r"<br\s*/?>|</(?:div|p|li)>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")


class CsvImportError(Exception):
    """The whole import cannot go ahead; one line, no traceback."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def format(self, source: str) -> str:
        return f"{source}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Card:
    line: int
    front: str
    back: str
    tags: tuple[str, ...]
    explanation: str = ""


@dataclass(frozen=True)
class HeaderRow:
    """A first row of column names, skipped."""

    line: int
    names: tuple[str, ...]


@dataclass
class ParsedCsv:
    cards: list[Card] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    delimiter: str = ","
    header: HeaderRow | None = None
    columns: Columns | None = None  # the plan the rows were read with


def parse_delimiter(value: str) -> str:
    """``tab``, ``\\t``, ``comma``, ``;``... as the one character the csv module wants."""
    value = SEPARATORS.get(value.strip().lower(), value) if value.strip() else value
    if len(value) != 1:
        raise CsvImportError(
            f"delimiter must be one character or one of {', '.join(SEPARATORS)}; got {value!r}"
        )
    return value


def _headers(text: str) -> dict[str, str]:
    """Anki's ``#key:value`` lines at the top of the file, keys lower-cased."""
    headers: dict[str, str] = {}
    for line in io.StringIO(text, newline=""):
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if sep:
            headers[key.strip().lower()] = value.strip()
    return headers


def _detect_delimiter(text: str, suffix: str) -> str:
    if suffix.lower() in (".tsv", ".tab"):
        return "\t"
    data_lines = [ln for ln in io.StringIO(text, newline="") if ln.strip() and ln[0] != "#"]
    if not data_lines:
        return ","
    if "\t" in data_lines[0]:
        return "\t"
    try:
        return csv.Sniffer().sniff("".join(data_lines[:20]), delimiters=",;|").delimiter
    except csv.Error:
        return ","


def _from_html(text: str) -> str:
    text = _BREAK.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def parse_csv(
    text: str,
    *,
    suffix: str = ".csv",
    delimiter: str | None = None,
    columns: Columns | None = None,
) -> ParsedCsv:
    """Cards and row problems from the text of an Anki-style CSV or TSV."""
    text = text.removeprefix("\ufeff")
    headers = _headers(text)
    if delimiter is None and "separator" in headers:
        delimiter = parse_delimiter(headers["separator"])
    if delimiter is None:
        delimiter = _detect_delimiter(text, suffix)
    html_mode = headers.get("html", "").lower() == "true"
    if columns is None and headers.get("columns"):
        columns = _named_columns(headers["columns"], delimiter)
    parsed = ParsedCsv(delimiter=delimiter)
    physical: list[int] = []  # physical line number of each line handed to the reader
    boundary = [0]  # lines the reader had consumed when it finished its last row

    def lines() -> Iterator[str]:
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if line.startswith("#") and len(physical) == boundary[0]:
                continue  # a header or comment line between rows
            physical.append(number)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    seen: dict[str, int] = {}
    plan = columns
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = physical[boundary[0]] if boundary[0] < len(physical) else len(physical)
            parsed.problems.append(RowProblem(line, f"unreadable row ({exc}); import stopped here"))
            break
        start = physical[boundary[0]]
        boundary[0] = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if not parsed.cards and not parsed.problems and parsed.header is None:
            named = header_columns(row)
            if named is not None:  # the first row names the columns
                parsed.header = HeaderRow(start, tuple(c.strip() for c in row if c.strip()))
                plan = plan or named
                continue
        plan = parsed.columns = plan or anki_columns(headers)
        card = _card(row, start, plan, html_mode, delimiter, seen)
        if isinstance(card, RowProblem):
            parsed.problems.append(card)
        else:
            seen[card.front] = start
            parsed.cards.append(card)
    return parsed


def _named_columns(spec: str, delimiter: str) -> Columns:
    """Anki's ``#columns:`` header: the column names, separated like the rows."""
    names = [name.strip() for name in spec.split(delimiter)]
    return header_columns(names) or parse_columns(",".join(names))


def _card(
    row: list[str],
    start: int,
    plan: Columns,
    html_mode: bool,
    delimiter: str,
    seen: Mapping[str, int],
) -> Card | RowProblem:
    def cell(index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""

    texts = [cell(plan.front), cell(plan.back), cell(plan.explanation)]
    convert = html_mode or any(_HTML_TAG.search(c) for c in texts)
    front, back, explanation = ((_from_html(c) if convert else c.strip()) for c in texts)
    if not front:
        return RowProblem(start, "empty front; row skipped")
    if plan.back >= len(row):
        return RowProblem(
            start,
            f"missing back (no column {plan.back + 1}, delimiter {delimiter!r}); row skipped",
        )
    if not back:
        return RowProblem(start, "empty back; row skipped")
    if front in seen:
        return RowProblem(start, f"same front as line {seen[front]}; row skipped")
    tags = tuple(dict.fromkeys(cell(plan.tags).split()))
    return Card(start, front, back, tags, explanation)


def question_id(bank_id: str, front: str) -> str:
    digest = hashlib.sha256(" ".join(front.split()).encode("utf-8")).hexdigest()[:12]
    return f"{bank_id}.card-{digest}"


def build_bank(
    cards: list[Card],
    *,
    bank_id: str,
    title: str,
    topic: str,
    known_topics: Mapping[str, Any],
    source_name: str,
) -> dict[str, Any]:
    """The bank as plain data, ready for ``yaml.safe_dump``."""
    meta: dict[str, Any] = {
        "id": bank_id,
        "title": title,
        "description": f"Flashcards imported from {source_name}.",
        "version": 1,
    }
    questions = []
    used_fallback = False
    for card in cards:
        topics = [t for t in card.tags if t in known_topics]
        tags = [t for t in card.tags if t not in known_topics]
        if not topics:
            topics = [topic]
            used_fallback = True
        question: dict[str, Any] = {
            "id": question_id(bank_id, card.front),
            "kind": "flashcard",
            "topics": topics,
            "prompt": card.front,
            "answer": card.back,
        }
        if card.explanation:
            question["explanation"] = card.explanation
        if tags:
            question["tags"] = tags
        questions.append(question)
    if used_fallback and topic not in known_topics:
        meta["topics"] = [{"id": topic, "summary": f"Cards imported from {source_name}."}]
    return {"bank": meta, "questions": questions}


def dump_bank(bank: dict[str, Any], source_name: str) -> str:
    header = (
        f"{SCHEMA_LINE}\n"
        f"# Imported by `quizapp import-csv` from {source_name}. Check with `quizapp validate`.\n"
    )
    body = yaml.safe_dump(bank, allow_unicode=True, sort_keys=False, width=100)
    return header + body


@dataclass
class ImportOutcome:
    imported: int
    problems: list[RowProblem]
    delimiter: str
    header: HeaderRow | None = None
    columns: str = ""  # which columns were read, e.g. "front, back, tags"
    schema_note: str = ""  # what happened to bank.schema.json beside the bank


def import_file(
    source: Path,
    out: Path,
    *,
    bank_id: str,
    title: str,
    topic: str = DEFAULT_TOPIC,
    delimiter: str | None = None,
    columns: str | None = None,
    encoding: str | None = None,
    force: bool = False,
) -> ImportOutcome:
    """Read ``source``, write the bank to ``out`` after checking that it loads cleanly."""
    from quizapp.banks import load_banks
    from quizapp.banks.models import ID_PATTERN
    from quizapp.banks.topics import load_topics
    from quizapp.paths import topics_file

    if not re.fullmatch(ID_PATTERN, bank_id):
        raise CsvImportError(
            f"'{bank_id}' is not a valid bank id: use lowercase letters, digits, '.', '_' or '-'"
        )
    if not re.fullmatch(ID_PATTERN, topic):
        raise CsvImportError(f"'{topic}' is not a valid topic id")
    if out.exists() and not force:
        raise CsvImportError(f"{out} already exists; pass --force to overwrite it")
    try:
        plan = parse_columns(columns) if columns else None
        text = decode_csv(source.read_bytes(), encoding)
    except ColumnsProblem as exc:
        raise CsvImportError(str(exc)) from None
    except EncodingProblem as exc:
        raise CsvImportError(f"{source}: {exc}") from None
    except OSError as exc:
        raise CsvImportError(f"{source}: cannot read: {exc.strerror or exc}") from None
    try:
        parsed = parse_csv(
            text,
            suffix=source.suffix,
            delimiter=parse_delimiter(delimiter) if delimiter else None,
            columns=plan,
        )
    except ColumnsProblem as exc:
        raise CsvImportError(f"{source}: #columns header: {exc}") from None
    if not parsed.cards:
        problems = "; ".join(p.format(str(source)) for p in parsed.problems[:3])
        raise CsvImportError(
            f"{source}: no cards to import" + (f" ({problems})" if problems else "")
        )
    bank = build_bank(
        parsed.cards,
        bank_id=bank_id,
        title=title,
        topic=topic,
        known_topics=load_topics(topics_file()),
        source_name=source.name,
    )
    content = dump_bank(bank, source.name)
    with tempfile.TemporaryDirectory(prefix="quizapp-import-") as tmp:
        check = Path(tmp) / (out.name if out.suffix in (".yaml", ".yml") else "bank.yaml")
        check.write_text(content, encoding="utf-8")
        result = load_banks([check], topics_path=topics_file())
        if result.errors:  # a bug here, not in the user's file: say so plainly
            first = result.errors[0]
            raise CsvImportError(f"the generated bank does not validate: {first.message}")
    try:
        if out.is_dir():
            raise IsADirectoryError(21, "is a folder")
        out.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise CsvImportError(f"{out}: cannot write the bank: {exc.strerror or exc}") from None
    return ImportOutcome(
        len(parsed.cards),
        parsed.problems,
        parsed.delimiter,
        parsed.header,
        parsed.columns.describe() if parsed.columns else "",
        schema_beside(out),
    )
