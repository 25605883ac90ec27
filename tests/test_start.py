"""``quizapp.start``: the console script's plain start gives ``run`` what click would, or hands
the command line to click; the everyday start does not import click."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import quizapp.launch
from quizapp import __version__
from quizapp.cli import main as command_line
from quizapp.start import PlainStart, plain_start


def _click_reading(args: list[str], monkeypatch: pytest.MonkeyPatch) -> PlainStart | int:
    """What click's command line hands to ``run`` for ``args`` (or its exit code)."""
    seen: dict[str, Any] = {}

    def fake_run(data_dir: Path, extra_banks: Any = (), **options: Any) -> None:
        seen.update(data_dir=data_dir, banks=list(extra_banks), language=options["language"])

    monkeypatch.setattr(quizapp.launch, "run", fake_run)
    result = CliRunner().invoke(command_line, args)
    if result.exit_code != 0 or not seen:
        return result.exit_code
    assert seen["banks"] == []
    return PlainStart(seen["data_dir"], seen["language"])


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("QUIZAPP_LANG", raising=False)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "from-env"))
    (tmp_path / "a-file").write_text("not a directory")
    return tmp_path


PLAIN = [
    [],
    ["--data-dir", "{tmp}/data"],
    ["--data-dir={tmp}/data"],
    ["--lang", "zh"],
    ["--lang=en", "--data-dir", "{tmp}/data"],
    ["--data-dir", "~/quizapp-data", "--lang", "zh-CN"],
    ["--lang", "ZH"],
]
NOT_PLAIN = [
    ["--help"],
    ["--version"],
    ["stats"],
    ["--data-dir"],
    ["--data-dir="],
    ["--data-dir", "{tmp}/a-file"],
    ["--data-dir", "{tmp}/data", "--data-dir", "{tmp}/other"],
    ["--data-dir", "--lang", "zh"],
    ["--lang", "xx"],
    ["--lang", ""],
    ["--bank", "{tmp}/a-file"],
    ["--data-dir", "{tmp}/data", "validate", "questions"],
    ["-h"],
    ["--"],
]


def _filled(args: list[str], tmp: Path) -> list[str]:
    return [arg.format(tmp=tmp) for arg in args]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_start_gives_run_what_click_gives_it(
    args: list[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _filled(args, env)
    fast = plain_start(args)
    assert fast is not None
    assert fast == _click_reading(args, monkeypatch)


@pytest.mark.parametrize("args", NOT_PLAIN, ids=" ".join)
def test_every_other_command_line_is_left_to_click(args: list[str], env: Path) -> None:
    assert plain_start(_filled(args, env)) is None


def test_an_unknown_language_in_the_environment_is_left_to_click(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_LANG", "klingon")
    assert plain_start([]) is None
    assert _click_reading([], monkeypatch) == 2  # click's usage error


RUNNER = """
import sys
import quizapp.launch
seen = {{}}
quizapp.launch.run = lambda data_dir, banks=(), **options: seen.update(
    data_dir=str(data_dir), language=options["language"]
)
sys.argv = ["quizapp", *{args!r}]
from quizapp.start import main
try:
    main()
except SystemExit as exc:
    seen["exit"] = exc.code
from quizapp.i18n import current_language
print(repr(seen), "click" in sys.modules, current_language())
"""


def _console_script(args: list[str], tmp: Path) -> str:
    environ = {key: value for key, value in os.environ.items() if key != "QUIZAPP_LANG"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RUNNER.format(args=args))],
        capture_output=True,
        text=True,
        env={**environ, "QUIZAPP_DATA_DIR": str(tmp / "from-env")},
        check=True,
    )
    return done.stdout.strip()


def test_the_everyday_start_opens_the_app_without_importing_click(tmp_path: Path) -> None:
    shown = _console_script(["--data-dir", str(tmp_path / "data"), "--lang", "zh"], tmp_path)
    assert shown == repr({"data_dir": str(tmp_path / "data"), "language": "zh"}) + " False zh"


def test_any_other_command_line_runs_click(tmp_path: Path) -> None:
    """``--lang xx`` is click's usage error (exit 2); ``--version`` is click's too."""
    assert _console_script(["--lang", "xx"], tmp_path) == "{'exit': 2} True en"
    assert _console_script(["--version"], tmp_path).splitlines() == [
        f"quizapp, version {__version__}",
        "{'exit': 0} True en",
    ]
