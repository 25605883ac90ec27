"""Keep the developer's own machine out of the tests; a context on the core test bank."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quizapp.core.context import QuizContext
from quizapp.store import FixedClock
from tests.helpers import CORE_BANK, START, make_context

if TYPE_CHECKING:
    from quizapp.banks import LoadResult


@pytest.fixture(autouse=True)
def isolated_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Point QUIZAPP_DATA_DIR at a fresh folder so no test reads or writes real progress."""
    data_dir = tmp_path_factory.mktemp("quizapp-data")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's language (QUIZAPP_LANG, a Chinese locale), and a test
    that switches the interface's language leaves it English for the next."""
    from quizapp.i18n import set_language

    for name in ("QUIZAPP_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    """The clock of ``context``, pinned at ``tests.helpers.START``; tests advance it."""
    return FixedClock(START)


@pytest.fixture
def context(tmp_path: Path, clock: FixedClock) -> Iterator[QuizContext]:
    """The core test bank (one question of every kind) alone, on ``clock``, seed 1."""
    ctx = make_context(tmp_path, CORE_BANK, clock=clock)
    assert ctx.catalog.errors == []
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def builtin() -> LoadResult:
    """The built-in banks, loaded once: they must load without a single error."""
    from quizapp.banks import load_banks
    from quizapp.paths import builtin_banks_dir, topics_file

    result = load_banks([builtin_banks_dir()], topics_path=topics_file())
    assert result.errors == [], [str(e) for e in result.errors]
    return result


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory whose closed store holds ``ANSWERS`` answers (tests.store.helpers):
    what the fault tests of the CLI and of the app damage and then count again."""
    from tests.store.helpers import ANSWERS, store_with_answers

    folder = tmp_path / "data"
    store_with_answers(folder, ANSWERS)
    return folder


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs to fill (the test is skipped where mounting is not allowed)."""
    from tests.store.helpers import tmpfs_or_skip

    with tmpfs_or_skip(tmp_path / "mnt", "16m") as mounted:
        yield mounted
