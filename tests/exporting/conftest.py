"""The small bank (every kind) and the broken bank, written where an export can read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import BROKEN_BANK, SMALL_BANK


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_BANK, encoding="utf-8")
    return path


@pytest.fixture
def broken_bank(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_BANK, encoding="utf-8")
    return path
