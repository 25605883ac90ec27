"""Rules across files: unique bank and question ids, follow-ups that exist, known topics.

They read the raw data of every file that is a YAML mapping, broken or not, so one run reports
a duplicate id or an unknown topic beside the broken file's own errors. A question may only
lean on what loads: a topic or a follow-up found only in a file with errors is reported as such
(the question would otherwise point at nothing once loaded).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.banks.errors import BankError
from quizapp.banks.field_types import ID_PATTERN
from quizapp.banks.topics import Topic
from quizapp.banks.validation_messages import did_you_mean

if TYPE_CHECKING:
    from quizapp.banks.loader import FileRead
    from quizapp.banks.yaml_nodes import Path as DataPath
    from quizapp.banks.yaml_nodes import PositionedData

_ID = re.compile(ID_PATTERN)


def raw_questions(data: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """The ``questions`` entries that are mappings, with their index."""
    questions = data.get("questions") if isinstance(data, Mapping) else None
    if not isinstance(questions, list):
        return []
    return [(k, q) for k, q in enumerate(questions) if isinstance(q, Mapping)]


def _ids(values: Any) -> Iterator[tuple[int, str]]:
    """Entries of a list that are well-formed ids (others are the model's errors)."""
    if isinstance(values, list):
        for k, value in enumerate(values):
            if isinstance(value, str) and _ID.match(value):
                yield k, value


def _bank_meta(data: Any) -> Mapping[str, Any]:
    meta = data.get("bank") if isinstance(data, Mapping) else None
    return meta if isinstance(meta, Mapping) else {}


def cross_file_errors(
    reads: list[FileRead], topics: Mapping[str, Topic]
) -> dict[Path, list[BankError]]:
    """Errors per file; ``topics`` are those of the topics file and of the banks that load."""
    errors: dict[Path, list[BankError]] = {}
    docs = [(read.path, read.doc, not read.errors) for read in reads if read.doc is not None]

    def report(path: Path, doc: PositionedData, where: DataPath, message: str) -> None:
        line, col = doc.position(where)
        errors.setdefault(path, []).append(BankError(str(path), line, col, message))

    bank_ids: dict[str, Path] = {}
    # question id -> where it is first defined (positions are looked up only for errors:
    # finding one composes the file's node tree)
    first_seen: dict[str, tuple[Path, PositionedData, int]] = {}
    loads: set[str] = set()  # question ids in files without errors of their own
    pending_topics: dict[str, Path] = {}  # topics defined only by files with errors
    for path, doc, clean in docs:
        bank_id = _bank_meta(doc.data).get("id")
        if isinstance(bank_id, str) and _ID.match(bank_id):
            if bank_id in bank_ids:
                message = f"duplicate bank id '{bank_id}' (also in {bank_ids[bank_id]})"
                report(path, doc, ("bank", "id"), message)
            bank_ids.setdefault(bank_id, path)
        if not clean:
            for _, topic in _topic_ids(doc.data):
                if topic not in topics:
                    pending_topics.setdefault(topic, path)
        for index, raw in raw_questions(doc.data):
            qid = raw.get("id")
            if not isinstance(qid, str) or not _ID.match(qid):
                continue
            if clean:
                loads.add(qid)
            where = ("questions", index, "id")
            if qid in first_seen:
                other, other_doc, other_index = first_seen[qid]
                line, col = other_doc.position(("questions", other_index, "id"))
                message = f"duplicate question id '{qid}' (first defined at {other}:{line}:{col})"
                report(path, doc, where, message)
            else:
                first_seen[qid] = (path, doc, index)
    for path, doc, _ in docs:
        for index, raw in raw_questions(doc.data):
            base = ("questions", index)
            for k, target in _ids(raw.get("follow_ups")):
                if target in loads:
                    continue
                if target in first_seen:
                    elsewhere = first_seen[target][0]
                    if elsewhere == path:
                        continue  # in this file, which fails for its own errors
                    message = f"follow-up '{target}' is in {elsewhere}, which has errors"
                else:
                    message = (
                        f"follow-up '{target}' is not a question in the loaded banks"
                        f"{did_you_mean(target, first_seen)}"
                    )
                report(path, doc, (*base, "follow_ups", k), message)
            for k, topic in _ids(raw.get("topics")):
                if topic in topics:
                    continue
                if topic in pending_topics:
                    if pending_topics[topic] == path:
                        continue  # defined here, in a file that fails for its own errors
                    message = (
                        f"topic '{topic}' is defined in {pending_topics[topic]}, which has errors"
                    )
                else:
                    meant = did_you_mean(topic, [*topics, *pending_topics])
                    message = (
                        f"unknown topic '{topic}'{meant}; "
                        "define it in topics.yaml or under bank.topics"
                    )
                report(path, doc, (*base, "topics", k), message)
    return errors


def _topic_ids(data: Any) -> Iterator[tuple[int, str]]:
    """The ids a bank's own ``bank.topics`` defines."""
    defined = _bank_meta(data).get("topics")
    if isinstance(defined, list):
        for k, topic in enumerate(defined):
            if isinstance(topic, Mapping):
                yield from ((k, t) for _, t in _ids([topic.get("id")]))
