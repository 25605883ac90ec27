"""Keep the developer's own machine out of the tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from quizapp.banks import LoadResult


@pytest.fixture(autouse=True)
def isolated_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Point QUIZAPP_DATA_DIR at a fresh folder so no test reads or writes real progress."""
    data_dir = tmp_path_factory.mktemp("quizapp-data")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture(scope="session")
def builtin() -> LoadResult:
    """The built-in banks, loaded once: they must load without a single error."""
    from quizapp.banks import load_banks
    from quizapp.paths import builtin_banks_dir, topics_file

    result = load_banks([builtin_banks_dir()], topics_path=topics_file())
    assert result.errors == [], [str(e) for e in result.errors]
    return result
