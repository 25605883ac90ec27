from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

from quizapp.cli import main

FIELD_SEP = "\x1f"


def notes(apkg: Path, tmp_path: Path) -> list[tuple[str, list[str], str]]:
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        db = tmp_path / f"{apkg.stem}-collection.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("select guid, flds, tags from notes").fetchall()
    finally:
        conn.close()
    return [(guid, flds.split(FIELD_SEP), tags) for guid, flds, tags in rows]


def export(tmp_path: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["--data-dir", str(tmp_path / "data"), "export", "anki", str(out), *args]
    )


def test_export_small_bank_notes(tmp_path: Path, small_bank: Path) -> None:
    out = tmp_path / "small.apkg"
    result = export(tmp_path, out, "--bank", str(small_bank), "--variants", "2")
    assert result.exit_code == 0, result.output
    rows = notes(out, tmp_path)
    # 6 questions with one note each, plus 2 variants of the template question
    assert len(rows) == 8
    by_id: dict[str, list[tuple[str, list[str], str]]] = {}
    for row in rows:
        by_id.setdefault(row[1][2], []).append(row)
    assert len(by_id["small.template"]) == 2
    ((_, (front, back, _), tags),) = by_id["small.choice"]
    assert "a)</b> The forget gate f_t" in front and "b)</b> The output gate o_t" in front
    assert "The forget gate f_t" in back
    assert "f_t &amp; only f_t scales the old cell" in back  # the explanation, HTML-escaped
    assert "o_t filters tanh(C_t) into h_t." in back  # per-option feedback
    assert "lstm.gates-roles" in tags.split() and "bank::small" in tags.split()
    ((_, (front, back, _), _),) = by_id["small.fixed"]
    assert "<code>nn.LSTM(10, 20)</code>" in front and "2560" in back
    ((_, (front, back, _), _),) = by_id["small.spot"]
    assert "second derivative" in front and "folklore" in back and "Correction" in back
    for _, (_front, back, _), _ in by_id["small.template"]:
        assert "Worked solution" in back and "<ol>" in back


def test_reexport_gives_identical_guids(tmp_path: Path, small_bank: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert export(tmp_path, first, "--bank", str(small_bank)).exit_code == 0
    assert export(tmp_path, second, "--bank", str(small_bank)).exit_code == 0
    guids_a = sorted(g for g, _, _ in notes(first, tmp_path))
    guids_b = sorted(g for g, _, _ in notes(second, tmp_path))
    assert guids_a == guids_b
    assert len(set(guids_a)) == len(guids_a) == 6 + 3  # default: 3 variants


def test_default_exports_builtin_banks(tmp_path: Path) -> None:
    out = tmp_path / "all.apkg"
    result = export(tmp_path, out, "--variants", "1")
    assert result.exit_code == 0, result.output
    rows = notes(out, tmp_path)
    assert len(rows) > 100
    assert len({g for g, _, _ in rows}) == len(rows)


def test_invalid_bank_refuses_with_positioned_errors(
    tmp_path: Path, small_bank: Path, broken_bank: Path
) -> None:
    out = tmp_path / "out.apkg"
    result = export(tmp_path, out, "--bank", str(small_bank), "--bank", str(broken_bank))
    assert result.exit_code == 1
    assert f"{broken_bank}:14:5:" in result.output  # the unknown 'explantion' key
    assert "Traceback" not in result.output
    assert not out.exists()


def test_unwritable_output_is_one_friendly_line(tmp_path: Path, small_bank: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "out.apkg"
    result = export(tmp_path, out, "--bank", str(small_bank))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0] and str(out) in lines[0]
    assert "Traceback" not in result.output


def test_default_includes_user_banks(tmp_path: Path, small_bank: Path) -> None:
    user_banks = tmp_path / "data" / "banks"
    user_banks.mkdir(parents=True)
    (user_banks / "small.yaml").write_text(small_bank.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "all.apkg"
    result = export(tmp_path, out, "--variants", "1")
    assert result.exit_code == 0, result.output
    rows = notes(out, tmp_path)
    assert "small.choice" in {fields[2] for _, fields, _ in rows}
    assert any("bank::rnn_gradients" in tags.split() for _, _, tags in rows)
