"""The topic ids questions are tagged with: ``questions/topics.yaml`` plus banks' own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Topic:
    id: str
    summary: str
    section: str | None = None
    title: str | None = None  # what screens call it (the summary is the fact it teaches)


def load_topics(path: Path | None) -> dict[str, Topic]:
    if path is None or not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    return {
        str(t["id"]): Topic(
            str(t["id"]), str(t.get("summary", "")), t.get("section"), t.get("title")
        )
        for t in data.get("topics", [])
    }
