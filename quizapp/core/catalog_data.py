"""The shape of a catalog as the start-up cache (and the shipped catalog) hold it.

``Catalog.to_data`` writes this shape as JSON; a start decodes the file straight into it with
msgspec, checked field by field in one C pass (``json.loads`` and then a Python walk over its
dicts took three times as long: ~30 ms of every start). A file of any other shape fails to
decode and the banks are read instead.
"""

from __future__ import annotations

import msgspec

from quizapp.banks.frozen import QuestionRecord, TranslationRecord, converted
from quizapp.banks.text import Paragraphs


class CatalogData(msgspec.Struct, forbid_unknown_fields=True):
    questions: list[QuestionRecord]
    banks: list[tuple[str, str, str, bool]]  # id, title, path, built-in
    topic_summaries: dict[str, str]
    topic_titles: dict[str, str]
    syllabus: list[str]
    errors: list[tuple[str, int, int, str]]  # path, line, column, message
    failed_files: list[str]
    parsed_texts: list[tuple[str, Paragraphs | None]]
    translations: dict[str, dict[str, TranslationRecord]]  # question id -> language -> text
    bank_titles: dict[str, dict[str, str]]
    translated_topics: dict[str, dict[str, str]]
    translated_titles: dict[str, dict[str, str]]


def from_builtins(data: object) -> CatalogData:
    """``data`` (JSON-ready dicts and lists) as a ``CatalogData``; another shape: ValueError."""
    catalog: CatalogData = converted(data, CatalogData)
    return catalog
