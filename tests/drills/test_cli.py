"""``quizapp drill ...``: the names, outputs and exit codes outside checks rely on, through
click's CliRunner and through a real ``quizapp`` process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.drills import DRILLS


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["drill", *args])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_list_prints_every_id_and_title() -> None:
    code, out, _ = invoke("list")
    assert code == 0
    for drill in DRILLS.values():
        assert drill.id in out and drill.title in out


def test_list_json_has_at_least_id_and_title() -> None:
    code, out, _ = invoke("list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [row["id"] for row in rows] == list(DRILLS)
    assert all(row["title"] for row in rows)


def test_start_writes_the_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "gru.py"
    code, out, _ = invoke("start", "gru-step.keep.after", str(target))
    assert code == 0 and "quizapp drill check gru-step.keep.after" in out
    assert target.read_text() == DRILLS["gru-step.keep.after"].starter
    target.write_text("# my work\n")
    code, _, err = invoke("start", "gru-step.keep.after", str(target))
    assert code == 2 and "--force" in err and target.read_text() == "# my work\n"
    code, _, _ = invoke("start", "gru-step.keep.after", str(target), "--force")
    assert code == 0 and target.read_text() == DRILLS["gru-step.keep.after"].starter


def test_start_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("start", "sigmoid", str(tmp_path / "no" / "such.py"))
    assert code == 2 and "no such folder" in err


def test_solution_prints_a_file_that_passes_check(tmp_path: Path) -> None:
    code, out, _ = invoke("solution", "lstm-step.rows")
    assert code == 0 and out == DRILLS["lstm-step.rows"].reference
    target = tmp_path / "lstm.py"
    target.write_text(out)
    code, out, _ = invoke("check", "lstm-step.rows", str(target))
    assert code == 0 and out.startswith("PASS  lstm-step.rows: all 8 cases pass")


def test_check_exits_1_on_a_failure_and_on_code_that_does_not_run(tmp_path: Path) -> None:
    starter = tmp_path / "s.py"
    invoke("start", "sigmoid", str(starter))
    code, out, _ = invoke("check", "sigmoid", str(starter))
    assert code == 1 and out.startswith("FAIL  sigmoid: sigmoid is not written yet")
    broken = tmp_path / "b.py"
    broken.write_text("def sigmoid(x):\n    return (\n")
    code, out, _ = invoke("check", "sigmoid", str(broken))
    assert code == 1 and "does not compile" in out


@pytest.mark.parametrize(
    ("drill_id", "hint"),
    [
        ("lstm-stp.rows", "did you mean lstm-step.rows"),
        ("gru-step", "gru-step has the variants gru-step.keep.after"),
        ("zzzz", "see quizapp drill list"),
    ],
)
def test_an_unknown_drill_is_a_usage_error_with_a_hint(
    tmp_path: Path, drill_id: str, hint: str
) -> None:
    target = tmp_path / "f.py"
    target.write_text("")
    for args in (
        ("check", drill_id, str(target)),
        ("solution", drill_id),
        ("start", drill_id, str(tmp_path / "n.py")),
    ):
        code, _, err = invoke(*args)
        assert code == 2 and f"unknown drill '{drill_id}'" in err and hint in err


def test_a_missing_file_or_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert invoke("check", "sigmoid", str(tmp_path / "nope.py"))[0] == 2
    assert invoke("check", "sigmoid", str(tmp_path))[0] == 2


def test_a_real_process_keeps_the_contract(tmp_path: Path) -> None:
    """The installed command end to end: list --json, start, check (fail), solution, check."""
    script = Path(sys.executable).with_name("quizapp")
    quizapp = [str(script)] if script.exists() else [sys.executable, "-m", "quizapp.cli"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*quizapp, "drill", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)

    listed = run("list", "--json")
    assert listed.returncode == 0 and {"id", "title"} <= json.loads(listed.stdout)[0].keys()
    assert run("start", "clip-grad.norm", "clip.py").returncode == 0
    failed = run("check", "clip-grad.norm", "clip.py")
    assert failed.returncode == 1 and "not written yet" in failed.stdout
    solution = run("solution", "clip-grad.norm")
    (tmp_path / "clip.py").write_text(solution.stdout)
    passed = run("check", "clip-grad.norm", "clip.py")
    assert passed.returncode == 0 and passed.stdout.startswith("PASS")
    unknown = run("check", "clip-grad", "clip.py")
    assert unknown.returncode == 2 and "clip-grad.norm" in unknown.stderr
    assert "Traceback" not in unknown.stderr + failed.stderr + passed.stderr
