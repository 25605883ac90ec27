"""The command line in Chinese: every command's help and every option's, click's own errors and
usage lines, wrapped by terminal cells; English exactly as click writes it."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from quizapp import cli_translation
from quizapp.cli import BEFORE_TOO, LAZY_COMMANDS, main
from quizapp.cli_translation import MESSAGES
from quizapp.i18n import _, using_language
from quizapp.i18n.width import cell_width

pytest.importorskip("babel.messages", reason="Babel is in the test extras")
from babel.messages.extract import extract_from_dir

HAN = range(0x4E00, 0xA000)
QUIZAPP = Path(sys.executable).with_name("quizapp")  # the console script, as a learner runs it


def _chinese(text: str) -> bool:
    return any(ord(char) in HAN for char in text)


def _commands() -> Iterator[tuple[str, click.Command]]:
    ctx = click.Context(main)
    todo: list[tuple[str, click.Command]] = [
        (name, command)
        for name in sorted(LAZY_COMMANDS)
        if (command := main.get_command(ctx, name)) is not None
    ]
    while todo:
        name, command = todo.pop(0)
        yield name, command
        if isinstance(command, click.Group):
            todo += [(f"{name} {sub}", c) for sub, c in sorted(command.commands.items())]


def _shown_texts() -> Iterator[tuple[str, str]]:
    """Every paragraph of help and every option's help the command line can show."""
    for name, command in _commands():
        for paragraph in inspect.cleandoc(command.help or "").split("\n\n"):
            yield name, " ".join(paragraph.split())
        for param in command.params:
            help_text = getattr(param, "help", None)
            if help_text:
                yield f"{name} {param.opts[0]}", help_text.removesuffix(f" {BEFORE_TOO}")


@pytest.mark.parametrize(("where", "text"), sorted(set(_shown_texts())))
def test_every_help_text_is_translated(where: str, text: str) -> None:
    with using_language("zh"):
        assert _chinese(_(text)), f"{where}: {text!r} has no Chinese translation"


def _messages(folder: Path, pattern: str) -> set[str | tuple[str, ...]]:
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            folder,
            method_map=[(pattern, "python")],
            keywords={"_": None, "N_": None, "ngettext": (1, 2)},
        )
    }


def test_the_click_messages_translated_are_clicks_own() -> None:
    """A click upgrade that rewords a message would leave it English: it fails here first."""
    clicks = _messages(Path(click.__file__).parent, "**.py")
    ours = _messages(
        Path(cli_translation.__file__).parent, cli_translation.__name__.split(".")[-1] + ".py"
    )
    assert set(MESSAGES) <= ours
    assert sorted(ours - clicks, key=str) == []


def _quizapp(*args: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    if not QUIZAPP.exists():
        pytest.skip("the quizapp console script is not installed beside this Python")
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZAPP_LANG", "LANG", "LC_ALL")}
    if language:
        env["QUIZAPP_LANG"] = language
    return subprocess.run(
        [str(QUIZAPP), *args],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "80"},
        timeout=60,
    )


def test_a_mistyped_option_is_reported_in_chinese_with_the_same_exit_code() -> None:
    done = _quizapp("--lang", "zh", "--bogus")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "用法：quizapp [OPTIONS] [COMMAND] [ARGS]...",
        "运行 'quizapp --help' 查看帮助。",
        "",
        "错误：没有选项 '--bogus'。",
    ]


def test_english_errors_are_clicks_own_words() -> None:
    done = _quizapp("--bogus")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Usage: quizapp [OPTIONS] [COMMAND] [ARGS]...",
        "Try 'quizapp --help' for help.",
        "",
        "Error: No such option '--bogus'.",
    ]


def test_a_bad_value_names_the_option_and_the_kind_of_path_in_chinese(tmp_path: Path) -> None:
    a_file = tmp_path / "progress.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    done = _quizapp("--lang", "zh", "--data-dir", str(a_file), "stats")
    assert done.returncode == 2
    assert (
        done.stderr.splitlines()[-1] == f"错误：'--data-dir' 的值无效：目录 '{a_file}' 是一个文件。"
    )
    done = _quizapp("validate", "--seeds", "0", "x", language="zh")  # QUIZAPP_LANG as well
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "错误：'--seeds' 的值无效：0 不在范围 x>=1 内。"
    done = _quizapp("--lang", "zh", "drill", "check", "sigmoid", str(tmp_path / "missing.py"))
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].endswith("missing.py' 不存在。")


@pytest.mark.parametrize("name", ["drill check", "import-csv", "export anki", "preview"])
def test_chinese_help_fits_the_terminal(name: str) -> None:
    done = _quizapp("--lang", "zh", *name.split(), "--help")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("用法：quizapp")
    assert all(cell_width(line) <= 80 for line in lines), [l for l in lines if cell_width(l) > 80]
    assert not any(line.strip()[:1] in set("，。；：）") for line in lines if line.strip())
    assert sum(_chinese(line) for line in lines) > len(lines) // 2


def test_a_lang_after_the_subcommand_applies_to_its_errors_too() -> None:
    done = _quizapp("drill", "check", "--lang", "zh", "--bogus")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "错误：没有选项 '--bogus'。"
    done = _quizapp("stats", "--bogus", language="xx")  # a bad QUIZAPP_LANG is still reported
    assert done.returncode == 2
    assert "QUIZAPP_LANG: unknown language 'xx'" in done.stderr
