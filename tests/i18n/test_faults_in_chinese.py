"""Database faults in Chinese: the CLI's message and the app's fault screen, fault by fault.

Each fault is produced by its real cause where one can be made here (a file in the data
directory's place, a folder in the database's, a foreign SQLite file, a newer schema, an
immutable database file, a second process holding ``BEGIN EXCLUSIVE``, a database deleted or
replaced while open, a backup that is not JSON); the rest (a full disk, an I/O error, a damaged
page, an unknown SQLite error) are the errors SQLite and the OS raise for them, described by
``describe`` as the store does. The Chinese must read as one message: sentences joined by 。
with no space between them and no English stop left. English stays as it was (tests/tui and
tests/store check it byte for byte).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from quizapp.cli import main
from quizapp.i18n import set_language, using_language
from quizapp.paths import database_path
from quizapp.store import Fault, Store, StoreError
from quizapp.store.backup import read_backup
from quizapp.store.database import connect
from quizapp.store.errors import describe
from quizapp.store.migrations import APPLICATION_ID
from quizapp.store.vanished import rescue
from quizapp.tui.faults import MUST_STOP, FaultScreen
from tests.helpers import CORE_BANK, RunApp, make_context
from tests.i18n.latin import english_runs

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")  # WAL readers wait too
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("CREATE TABLE held (id INTEGER)")
    print("holding", flush=True)
    sys.stdin.readline()
    connection.rollback()
    """
)


@pytest.fixture
def zh() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


def opening_error(data: Path) -> StoreError:
    with pytest.raises(StoreError) as raised:
        Store.open(data).close()
    return raised.value


def made_store(data: Path) -> Path:
    Store.open(data).close()
    return database_path(data)


def no_data_dir(tmp_path: Path) -> StoreError:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    return opening_error(tmp_path / "data")


def not_a_file(tmp_path: Path) -> StoreError:
    database_path(tmp_path / "data").mkdir(parents=True)
    return opening_error(tmp_path / "data")


def foreign(tmp_path: Path) -> StoreError:
    path = database_path(tmp_path / "data")
    path.parent.mkdir(parents=True)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE photos (id INTEGER)")
    connection.close()
    return opening_error(tmp_path / "data")


def newer(tmp_path: Path) -> StoreError:
    path = made_store(tmp_path / "data")
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 999")
    connection.close()
    return opening_error(tmp_path / "data")


def deleted(tmp_path: Path) -> StoreError:
    path = made_store(tmp_path / "data")
    connection = connect(path)
    connection.execute("SELECT count(*) FROM reviews").fetchone()
    path.unlink()
    connection, error = rescue(connection, path, datetime(2026, 3, 2, tzinfo=UTC))
    connection.close()
    return error


def replaced(tmp_path: Path) -> StoreError:
    path = made_store(tmp_path / "data")
    connection = connect(path)
    connection.execute("SELECT count(*) FROM reviews").fetchone()
    path.rename(path.with_name("moved.sqlite3"))
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE other (id INTEGER)")
    other.close()
    connection, error = rescue(connection, path, datetime(2026, 3, 2, tzinfo=UTC))
    connection.close()
    return error


def bad_backup(tmp_path: Path) -> StoreError:
    backup = tmp_path / "backup.json"
    backup.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        read_backup(backup)
    return raised.value


def described(exc: BaseException, doing: str = "保存你的答案") -> Callable[[Path], StoreError]:
    def make(tmp_path: Path) -> StoreError:
        return describe(exc, tmp_path / "quizapp.db", doing, "这次的答案没有保存")

    return make


def sqlite_error(name: str, message: str) -> sqlite3.Error:
    error = sqlite3.DatabaseError(message)
    error.sqlite_errorname = name
    return error


# fault kind -> how it is made, the screen's title, words its message must hold
CASES: dict[Fault, tuple[Callable[[Path], StoreError], str, str]] = {
    Fault.NO_DATA_DIR: (no_data_dir, "数据目录无法使用", "已有一个同名文件占着这个位置"),
    Fault.NOT_A_FILE: (not_a_file, "进度文件不是普通文件", "是一个文件夹，不是 quizapp 能用的文件"),
    Fault.FOREIGN: (foreign, "进度文件不是 quizapp 的", "是其他程序的 SQLite 数据库"),
    Fault.NEWER_SCHEMA: (newer, "进度数据库来自更新版本的 quizapp", "schema 999"),
    Fault.DELETED: (deleted, "进度数据库被删除，已写回", "运行期间被删除了"),
    Fault.REPLACED: (replaced, "进度数据库被替换了", "被另一个文件替换了"),
    Fault.BAD_BACKUP: (bad_backup, "进度数据库无法使用", "不是有效的 JSON"),
    Fault.DISK_FULL: (
        described(OSError(errno.ENOSPC, "No space left on device")),
        "磁盘已满",
        "所在的磁盘已满",
    ),
    Fault.IO: (described(OSError(errno.EIO, "Input/output error")), "磁盘读写失败", "时磁盘出错"),
    Fault.DAMAGED: (
        described(sqlite_error("SQLITE_CORRUPT", "database disk image is malformed")),
        "进度数据库已损坏",
        "已损坏（database disk image is malformed）",
    ),
    Fault.LOCKED: (
        described(sqlite_error("SQLITE_BUSY", "database is locked")),
        "进度数据库被锁住了",
        "锁住",
    ),
    Fault.READ_ONLY: (
        described(sqlite_error("SQLITE_READONLY", "attempt to write a readonly database")),
        "进度数据库无法写入",
        "无法写入（文件或文件夹是只读的）",
    ),
    Fault.OTHER: (
        described(sqlite3.Error("no such savepoint")),
        "进度数据库无法使用",
        "失败：no such savepoint",
    ),
}


# what SQLite and Python's json module say, quoted as they say it (the reason in parentheses)
QUOTED = {
    Fault.BAD_BACKUP: "Expecting property name enclosed in double quotes",
    Fault.DAMAGED: "database disk image is malformed",
    Fault.OTHER: "no such savepoint",
}


def test_every_fault_kind_has_a_chinese_case() -> None:
    assert set(CASES) == set(Fault)


def _reads_as_chinese(message: str, fault: Fault) -> None:
    assert message.endswith("。"), message
    assert ". " not in message and not message.endswith("."), message
    assert "。 " not in message, message  # Chinese sentences follow each other without a space
    assert english_runs(message, quoted=(QUOTED.get(fault, "\0"),)) == [], message


@pytest.mark.parametrize("fault", list(CASES), ids=str)
def test_the_cli_message_is_chinese(zh: None, tmp_path: Path, fault: Fault) -> None:
    make, _title, words = CASES[fault]
    error = make(tmp_path)
    assert error.fault is fault
    assert words in str(error)
    _reads_as_chinese(str(error), fault)


def test_one_message_whole(zh: None, tmp_path: Path) -> None:
    """The data directory is a file: what, kept and todo, as one Chinese message."""
    error = no_data_dir(tmp_path)
    assert str(error) == (
        f"无法创建数据目录 {tmp_path / 'data'}：已有一个同名文件占着这个位置。没有做任何改动。"
        "移走那个文件，或者用 --data-dir 指定另一个文件夹来启动 quizapp。"
    )


def test_the_same_fault_in_english_is_unchanged(tmp_path: Path) -> None:
    error = no_data_dir(tmp_path)
    assert str(error) == (
        f"Cannot create the data directory {tmp_path / 'data'}: a file of that name is in the "
        "way. Nothing was changed. Move that file, or start quizapp with --data-dir pointing "
        "at another folder."
    )


@pytest.mark.parametrize("fault", list(CASES), ids=str)
async def test_the_fault_screen_is_chinese(tmp_path: Path, run_app: RunApp, fault: Fault) -> None:
    make, title, words = CASES[fault]
    (tmp_path / "app").mkdir()
    context = make_context(tmp_path / "app", CORE_BANK, language="zh")
    try:
        async with run_app(context, size=(80, 24)) as (app, pilot):
            error = make(tmp_path)
            app.show_fault(error)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FaultScreen)
            shown = {s.id: str(s.render()) for s in screen.query(Static)}
            assert shown["fault-title"] == title
            assert words in shown["fault-what"]
            assert shown["fault-what"].endswith("。")
            if error.kept:
                assert shown["fault-kept"] == f"保留情况：{error.kept}。"
            if error.todo:
                assert shown["fault-todo"].startswith("怎么办：")
            if fault in MUST_STOP:
                assert shown["fault-keys"] == "q 退出（quizapp 无法继续使用这个进度数据库）"
            else:
                assert shown["fault-keys"] == "Enter 返回（你输入的内容还在）· q 退出"
            assert english_runs(" ".join(shown.values()), (QUOTED.get(fault, "\0"),)) == []
    finally:
        context.close()


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[Path]:
    """A second process holding ``BEGIN EXCLUSIVE`` on a real progress database."""
    data = tmp_path / "held"
    path = made_store(data)
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    try:
        yield data
    finally:
        process.communicate("go\n", timeout=10)


def test_a_lock_held_by_another_process_in_the_cli(
    holder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real CLI (``stats``) in Chinese, against a lock another process really holds."""
    monkeypatch.setattr("quizapp.store.database.BUSY_TIMEOUT_MS", 300)
    result = CliRunner().invoke(main, ["--lang", "zh", "--data-dir", str(holder), "stats"])
    assert result.exit_code == 1
    message = result.output.removeprefix("Error: ").removeprefix("错误：").strip()
    path = database_path(holder)
    assert message == (
        f"打开进度数据库失败：另一个 quizapp（或其他程序）锁住 {path} 已超过 10 秒。"
        "没有做任何改动。关闭另一个 quizapp 窗口或命令后再试。"
    ), result.output


async def test_a_lock_held_by_another_process_in_the_app(
    holder: Path, tmp_path: Path, run_app: RunApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own store locked by another process: the fault screen in Chinese."""
    monkeypatch.setattr("quizapp.store.database.BUSY_TIMEOUT_MS", 300)
    (tmp_path / "app").mkdir()
    context = make_context(tmp_path / "app", CORE_BANK, language="zh")
    try:
        async with run_app(context, size=(80, 24)) as (app, pilot):
            other = Store.open(tmp_path / "app" / "data")  # a second connection, same file
            other.connection.execute("BEGIN EXCLUSIVE")
            try:
                await pilot.press("r")
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, FaultScreen), screen
                shown = {s.id: str(s.render()) for s in screen.query(Static)}
                assert shown["fault-title"] == "进度数据库被锁住了"
                assert shown["fault-what"].startswith("开始一轮练习失败：另一个 quizapp")
                assert shown["fault-kept"] == "保留情况：没有做任何改动。"
                assert shown["fault-todo"] == "怎么办：关闭另一个 quizapp 窗口或命令后再试。"
            finally:
                other.connection.rollback()
                other.close()
    finally:
        context.close()


def test_a_read_only_database_file_in_a_real_cli_process(tmp_path: Path) -> None:
    """``chattr +i`` on the database (root ignores permissions; the immutable bit it cannot),
    then the installed command in a Chinese locale, as a learner runs it."""
    data = tmp_path / "data"
    path = made_store(data)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here")
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("QUIZAPP_LANG", "LC_ALL")}
        env |= {"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}
        command = [str(Path(sys.executable).parent / "quizapp"), "--data-dir", str(data), "stats"]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert result.returncode == 1
    assert (
        f"{path} 无法写入（它的权限或属性使它成为只读）。没有做任何改动。"
        "让它可写（chmod、chattr -i），或者用 --data-dir 指定另一个文件夹来启动 quizapp。"
    ) in result.stderr, result.stderr


def test_the_recovery_notice_is_chinese(zh: None, tmp_path: Path) -> None:
    from quizapp.store.recovery import Recovery

    recovery = Recovery(
        tmp_path / "quizapp.db",
        tmp_path / "quizapp.db.corrupt-20260302T090000Z",
        "文件已损坏",
        "2026-03-02T09:00:00.000000Z",
        {"reviews": 12},
        "a table-by-table copy",
    )
    assert recovery.message.startswith(
        "UTC 时间 2026-03-02 09:00，quizapp.db 无法使用（文件已损坏）"
    )
    assert "从中抢救出了 12 reviews（读取方式：逐表复制）" in recovery.message
    with using_language("en"):
        assert "12 reviews were saved from it (read with a table-by-table copy)" in (
            recovery.message
        )
