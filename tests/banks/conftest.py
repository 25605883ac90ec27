"""Bank texts written to tmp files, so tests assert exact lines and columns."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import TOPICS


@pytest.fixture
def topics_path(tmp_path: Path) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(TOPICS)
    return path


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def write(name: str, text: str | bytes) -> Path:
        path = tmp_path / "banks" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text))
        return path

    return write
