"""Every path quizapp reads or writes, in one place, so tests can redirect them.

The data directory comes from platformdirs, overridden by ``QUIZAPP_DATA_DIR`` and then by
``--data-dir`` (the CLI passes it in). The built-in banks ship inside the wheel as
``quizapp/_builtin_banks``; in a source checkout they are the top-level ``questions/`` folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizapp"
DATA_DIR_ENV = "QUIZAPP_DATA_DIR"
DATABASE_NAME = "progress.sqlite3"
USER_BANKS_DIRNAME = "banks"


def default_data_dir() -> Path:
    """The data directory when nothing overrides it: the user data dir for 'quizapp'."""
    import platformdirs  # ~9 ms (it loads tempfile): only when no directory is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``QUIZAPP_DATA_DIR``, then the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def user_banks_dir(data_dir: Path) -> Path:
    return data_dir / USER_BANKS_DIRNAME


def builtin_banks_dir() -> Path:
    """The built-in banks: inside the installed wheel, or ``questions/`` in a checkout."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_builtin_banks"
    if installed.is_dir():
        return installed
    return package_dir.parent / "questions"


def topics_file(builtin: Path | None = None) -> Path:
    """The topics file of the built-in banks (of ``builtin``, a copy of them)."""
    return (builtin or builtin_banks_dir()) / "topics.yaml"


def cache_dir(data_dir: Path) -> Path:
    """Rebuildable files only (the catalog cache): deleting this folder loses nothing."""
    return data_dir / "cache"


def keymap_file(data_dir: Path) -> Path:
    """Key remapping by binding id (read by the TUI only when it exists)."""
    return data_dir / "keymap.toml"
