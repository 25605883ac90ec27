"""Banks are checked the same way everywhere: what ``quizapp validate`` refuses, the app's
catalog refuses, at the same line, with the same message, and never asks.

The corpus below holds one bank for each way a bank can look fine and fail when asked: a
template that cannot be drawn (lengths of 0 or 3,000,000 steps, sizes that leave nothing to
draw, numbers that cannot tell a wrong method apart), a wrong pin, a prompt too long to show,
and files that are not files: a FIFO (which once hung validate and the app), a folder named
``x.yaml``, a dangling link, a device, a file over the size bound.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.banks import load_banks
from quizapp.banks.files import MAX_BANK_BYTES
from quizapp.banks.limits import MAX_TEXT_CHARS
from quizapp.cli import main
from quizapp.core.catalog import Catalog, load_catalog
from quizapp.paths import topics_file
from tests.helpers import BROKEN_BANK

HEAD = "bank: {{id: {bank}, title: {bank}}}\nquestions:\n"
TEMPLATE_QUESTION = """\
  - id: {bank}.q
    kind: numeric
    topics: [numeric.gradient-norm]
    prompt: Predict it.
    template: {template}
    params: {params}
    explanation: The engine computes it.
"""
TEMPLATE_LINE = 7  # the line of ``template:`` (``params:`` follows), after the 2-line head

UNDRAWABLE = {  # bank id -> (template, params, words of the error)
    "zero_length": ("gradient_decay", "{lengths: [0]}", "greater than or equal to 2"),
    "huge_length": ("gradient_decay", "{lengths: [3000000]}", "less than or equal to 200"),
    "one_size": ("param_count", "{min_size: 1, max_size: 1}", "greater than or equal to 2"),
    "swapped_range": ("rnn_gradient", "{weight_low: 4, weight_high: 1}", "must not exceed"),
    "one_entry": ("clip_gradient", "{length: 1}", "greater than or equal to 2"),
    "one_unit_irnn": (
        "irnn_steps",
        "{steps: 2, hidden_size: 1}",
        "a listed slip always gives the right answer",
    ),
    "short_decay": (
        "gradient_decay",
        "{lengths: [2], radius_low: 0.9, radius_high: 0.9}",
        "graded right",
    ),
}


def template_bank(bank: str, template: str, params: str) -> str:
    return HEAD.format(bank=bank) + TEMPLATE_QUESTION.format(
        bank=bank, template=template, params=params
    )


def good_bank(bank: str, prompt: str = "What does the forget gate scale?") -> str:
    return HEAD.format(bank=bank) + (
        f"  - id: {bank}.q\n    kind: short\n    topics: [lstm.gates-roles]\n"
        f'    prompt: "{prompt}"\n    answers: [the old cell state]\n'
        "    explanation: It scales c_(t-1).\n"
    )


def write_corpus(folder: Path) -> dict[str, Path]:
    """Every broken bank, one file each, and two good ones; returns them by name."""
    folder.mkdir(parents=True)
    files: dict[str, Path] = {}

    def put(name: str, text: str | bytes) -> None:
        files[name] = folder / f"{name}.yaml"
        data = text.encode() if isinstance(text, str) else text
        files[name].write_bytes(data)

    for bank, (template, params, _) in UNDRAWABLE.items():
        put(bank, template_bank(bank, template, params))
    pinned = template_bank("bad_pin", "param_count", "{}").replace(
        "    explanation:", "    checks:\n      - {seed: 1, answer: 1}\n    explanation:"
    )
    put("bad_pin", pinned)
    put("long_prompt", good_bank("long_prompt", "x" * (MAX_TEXT_CHARS + 1)))
    put("longest_prompt", good_bank("longest_prompt", "y" * MAX_TEXT_CHARS))
    put("broken", BROKEN_BANK)
    put("good", good_bank("good"))
    put("too_big", b"# " + b"z" * MAX_BANK_BYTES + b"\n" + good_bank("too_big").encode())
    os.mkfifo(folder / "fifo.yaml")
    files["fifo"] = folder / "fifo.yaml"
    (folder / "folder.yaml").mkdir()
    files["folder"] = folder / "folder.yaml"
    (folder / "dangling.yaml").symlink_to(folder / "nowhere.yaml")
    files["dangling"] = folder / "dangling.yaml"
    return files


FAILING = {*UNDRAWABLE, "bad_pin", "long_prompt", "broken", "too_big", "fifo", "folder"}
FAILING |= {"dangling"}


def _catalog(data: Path, banks: list[Path]) -> Catalog:
    """The app's catalog of ``banks``, built in a thread that must finish (a FIFO hung it)."""
    built: list[Catalog] = []
    worker = threading.Thread(
        target=lambda: built.append(load_catalog(data, banks, builtin=False)), daemon=True
    )
    worker.start()
    worker.join(timeout=120)
    assert built, "loading the catalog hung"
    return built[0]


def test_validate_and_the_app_refuse_the_same_banks_at_the_same_lines(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus")
    done = subprocess.run(  # a real process: a FIFO once hung it for good
        [sys.executable, "-m", "quizapp.cli", "validate", str(tmp_path / "corpus")],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    *lines, summary = done.stdout.strip().splitlines()
    assert "Traceback" not in done.stdout + done.stderr

    catalog = _catalog(tmp_path / "data", [tmp_path / "corpus"])
    assert sorted(str(e) for e in catalog.errors) == sorted(lines)
    assert {p.name for p in catalog.failed_files} == {files[n].name for n in FAILING}
    failed = len(FAILING)
    assert summary == f"{len(lines)} error(s) in {failed} of {len(files)} file(s)"
    assert {q.bank_id for q in catalog.questions.values()} == {"good", "longest_prompt"}

    for bank, (_, _, words) in UNDRAWABLE.items():
        (error,) = [e for e in catalog.errors if e.path == str(files[bank])]
        assert words in error.message, (bank, error)
        assert error.line in (TEMPLATE_LINE, TEMPLATE_LINE + 1), (bank, error)


def test_files_that_are_not_files_are_named_for_what_they_are(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus")
    given = [files[n] for n in ("fifo", "folder", "dangling")] + [Path("/dev/null")]
    result = load_banks(given, topics_path=topics_file())
    messages = {Path(e.path).name: e.message for e in result.errors}
    assert messages["fifo.yaml"] == "this is a FIFO (named pipe), not a bank file; skipped"
    assert messages["folder.yaml"] == "this is a folder, not a bank file; skipped"
    assert (
        "symbolic link to" in messages["dangling.yaml"]
        and "does not exist" in messages["dangling.yaml"]
    )
    assert messages["null"] == "this is a device, not a bank file; skipped"
    assert result.files_read == 4 and len(result.failed_files) == 4
    too_big = load_banks([files["too_big"]], topics_path=topics_file())
    assert "may be at most 4 MB" in too_big.errors[0].message


@pytest.mark.parametrize("name", ["fifo.yaml", "folder.yaml"])
def test_validate_counts_a_file_that_is_not_a_bank(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    os.mkfifo(path) if name == "fifo.yaml" else path.mkdir()
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 error(s) in 1 of 1 file(s)"


def test_a_template_error_counts_its_file(tmp_path: Path) -> None:
    """Template errors were counted apart from the loader's: "1 error(s) in 0 of 1 file(s)"."""
    bank = tmp_path / "b.yaml"
    bank.write_text(
        template_bank("b", "clip_gradient", "{quantity: norm}").replace(
            "    explanation:", "    checks:\n      - {seed: 1, answer: 99}\n    explanation:"
        )
    )
    result = CliRunner().invoke(main, ["validate", str(bank)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 error(s) in 1 of 1 file(s)"
    assert f"{bank}:10:9: check with seed 1: expected 99.0" in result.output


def test_loading_draws_each_template_question_once(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(template_bank("b", "lstm_step", "{}"))
    result = load_banks([bank], topics_path=topics_file())
    assert result.errors == [] and result.templates_checked == 1
    assert load_banks([bank], topics_path=topics_file(), template_seeds=50).templates_checked == 1
