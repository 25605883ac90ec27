"""The top-level command: help lists the data directory, version prints, overrides resolve."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp import __version__
from quizapp.cli import main
from quizapp.paths import DATA_DIR_ENV, builtin_banks_dir, resolve_data_dir


def test_help_shows_data_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Data directory" in result.output
    assert "--data-dir" in result.output and "--bank" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert resolve_data_dir() == tmp_path / "env"
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert resolve_data_dir().name == "quizapp"


def test_builtin_banks_are_found() -> None:
    assert builtin_banks_dir().is_dir()
