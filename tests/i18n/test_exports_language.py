"""``quizapp export markdown OUT.md --lang zh`` and ``export anki OUT.apkg --lang zh``."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main
from tests.i18n.test_translation_files import GOOD, write

PARTIAL = GOOD.replace("    prompt: 说出缩放旧记忆元的那个门。\n", "")


def export(tmp_path: Path, kind: str, out: Path, *extra: str) -> str:
    folder = write(tmp_path, PARTIAL)
    args = ["--data-dir", str(tmp_path / "data"), "export", kind, str(out), "--bank", str(folder)]
    result = CliRunner().invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_markdown_in_chinese_marks_what_is_still_english(tmp_path: Path) -> None:
    out = tmp_path / "OUT.md"
    said = export(tmp_path, "markdown", out, "--lang", "zh")
    assert said.startswith(f"已写入 {out}：")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# quizapp 速查表\n")
    assert "共 2 道题，来自 1 个题库：小题库 (2)。" in text
    assert "#### 哪个门决定 C_{t-1} 保留多少？" in text
    assert "- **✓** a) 遗忘门 f_t — f_t 缩放 C_{t-1}。" in text
    assert "**解析：** C_t = f_t * C_{t-1} + i_t * g_t。" in text
    assert "#### Name the gate that scales the old cell state." in text
    assert "`tiny.name` · short · 仍为英文（尚未翻译）：prompt" in text
    assert "**答案：** 遗忘门 / forget gate" in text


def test_markdown_in_english_is_unchanged_by_translations(tmp_path: Path) -> None:
    out, plain = tmp_path / "en.md", tmp_path / "plain.md"
    export(tmp_path, "markdown", out)
    folder = tmp_path / "banks"
    (folder / "zh" / "tiny.yaml").unlink()
    CliRunner().invoke(main, ["export", "markdown", str(plain), "--bank", str(folder)])
    assert out.read_text(encoding="utf-8") == plain.read_text(encoding="utf-8")


def _notes(apkg: Path, tmp_path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        return [(guid, flds) for guid, flds in db.execute("SELECT guid, flds FROM notes")]


def test_anki_in_chinese_has_its_own_notes_and_deck(tmp_path: Path) -> None:
    zh, en = tmp_path / "zh.apkg", tmp_path / "en.apkg"
    export(tmp_path, "anki", zh, "--lang", "zh")
    export(tmp_path, "anki", en)
    zh_notes = _notes(zh, tmp_path / "zh")
    en_notes = _notes(en, tmp_path / "en")
    assert len(zh_notes) == len(en_notes) == 2
    assert not {g for g, _ in zh_notes} & {g for g, _ in en_notes}  # side by side in Anki
    fields = " ".join(f for _, f in zh_notes)
    assert "哪个门决定" in fields and "解析：" in fields
    assert "以下内容仍为英文（尚未翻译）：prompt" in fields
    with sqlite3.connect(tmp_path / "zh" / "collection.anki2") as db:
        (decks,) = db.execute("SELECT decks FROM col").fetchone()
    assert "quizapp::zh::tiny" in decks
