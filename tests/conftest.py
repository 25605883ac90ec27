"""Keep the developer's own machine out of the tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Point QUIZAPP_DATA_DIR at a fresh folder so no test reads or writes real progress."""
    data_dir = tmp_path_factory.mktemp("quizapp-data")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data_dir))
    return data_dir
