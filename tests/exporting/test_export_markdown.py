from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from quizapp.banks import load_banks
from quizapp.cli import main
from quizapp.paths import builtin_banks_dir, topics_file


def export(tmp_path: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["--data-dir", str(tmp_path / "data"), "export", "markdown", str(out), *args]
    )


def test_small_bank_cheat_sheet(tmp_path: Path, small_bank: Path) -> None:
    out = tmp_path / "sheet.md"
    result = export(tmp_path, out, "--bank", str(small_bank))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for topic in (
        "lstm.gates-roles",
        "gates.definition",
        "lstm.cell-state",
        "lstm.param-count",
        "numeric.lstm-step",
        "rnn.why-tanh",
    ):
        assert f"### {topic}" in text
    assert "**✓** a) The forget gate f_t" in text
    assert "A conveyor belt for long-term memory." in text
    assert "**Answer:** 2560" in text
    assert "Worked solution:" in text
    assert "f_t & only f_t" in text


def test_builtin_cheat_sheet_has_every_topic(tmp_path: Path) -> None:
    out = tmp_path / "sheet.md"
    result = export(tmp_path, out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    loaded = load_banks([builtin_banks_dir()], topics_path=topics_file())
    used = {t for q in loaded.questions.values() for t in q.topics}
    assert len(used) > 40
    for topic in used:
        assert f"### {topic}\n" in text
        assert loaded.topic_summaries[topic] in text
    # a known answer and its explanation
    assert "**Answer:** zeros / zero" in text
    assert "PyTorch documents that h_0 defaults to zeros" in text
    assert "## LSTM" in text


def test_markdown_refuses_invalid_bank(tmp_path: Path, broken_bank: Path) -> None:
    out = tmp_path / "sheet.md"
    result = export(tmp_path, out, "--bank", str(broken_bank))
    assert result.exit_code == 1
    assert f"{broken_bank}:" in result.output
    assert not out.exists()


def test_markdown_unwritable(tmp_path: Path, small_bank: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = blocker / "sheet.md"
    result = export(tmp_path, out, "--bank", str(small_bank))
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "cannot write" in result.output
    assert "Traceback" not in result.output
