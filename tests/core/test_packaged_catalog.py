"""The built-in banks' catalog shipped with the package: current, what a first start reads
instead of the banks, and ignored whenever it was made from other banks or code."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path
from typing import Any, NoReturn

import pytest

from quizapp.core import catalog_cache, packaged_catalog
from quizapp.core.catalog import Catalog, load_catalog, load_catalog_for_start
from quizapp.paths import builtin_banks_dir, cache_dir, user_banks_dir
from tests.helpers import CORE_BANK


def _normalized(catalog: Catalog) -> dict[str, Any]:
    """The catalog's data as JSON reads it back, parsed texts by text (their order is the
    order they were parsed in)."""
    data: dict[str, Any] = json.loads(json.dumps(catalog.to_data()))
    data["parsed_texts"] = dict(data["parsed_texts"])
    return data


def _no_loading(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError("the banks were read although the shipped catalog fits")


def test_the_shipped_catalog_is_current() -> None:
    assert packaged_catalog.read() is not None, (
        "quizapp/builtin_catalog.json was made from other banks or code: run `make catalog-cache`"
    )


def test_a_first_start_reads_it_instead_of_the_banks_and_gets_the_same_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_catalog(tmp_path / "reference", cache=False)
    monkeypatch.setattr("quizapp.banks.loader.load_banks", _no_loading)
    shipped, write = load_catalog_for_start(tmp_path / "data")
    assert _normalized(shipped) == _normalized(fresh)
    assert [bank.path for bank in shipped.banks] == [bank.path for bank in fresh.banks]
    assert all(
        Path(q.source_path).is_relative_to(builtin_banks_dir()) for q in shipped.questions.values()
    )
    assert write is not None and not cache_dir(tmp_path / "data").exists()  # nothing written yet

    write()  # the learner's own cache, as the app writes it after the first screen
    _, nothing_left = load_catalog_for_start(tmp_path / "data")
    assert nothing_left is None  # served from the learner's cache (keyed by path and time)


def test_it_serves_every_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_catalog(tmp_path / "reference", cache=False, language="zh")
    monkeypatch.setattr("quizapp.banks.loader.load_banks", _no_loading)
    shipped, _ = load_catalog_for_start(tmp_path / "data", language="zh")
    assert shipped.language == "zh"
    assert {qid: q.prompt for qid, q in shipped.questions.items()} == {
        qid: q.prompt for qid, q in fresh.questions.items()
    }
    assert [bank.title for bank in shipped.banks] == [bank.title for bank in fresh.banks]


def test_a_learners_own_banks_or_a_bank_option_read_the_banks(tmp_path: Path) -> None:
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    with_option, write = load_catalog_for_start(tmp_path / "a", [bank])
    assert "core.choice" in with_option.questions and write is not None
    own = user_banks_dir(tmp_path / "b")
    own.mkdir(parents=True)
    shutil.copy(bank, own / "core.yaml")
    in_folder, _ = load_catalog_for_start(tmp_path / "b")
    assert "core.choice" in in_folder.questions


def test_a_bank_edited_after_it_was_built_is_read_from_the_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    banks = tmp_path / "questions"
    shutil.copytree(builtin_banks_dir(), banks)
    monkeypatch.setattr("quizapp.core.packaged_catalog.builtin_banks_dir", lambda: banks)
    assert packaged_catalog.read() is not None  # a copy elsewhere is the same content
    question = next(iter(load_catalog(tmp_path / "reference", cache=False).questions.values()))
    path = Path(question.source_path)
    edited = banks / path.relative_to(builtin_banks_dir())
    first_line = question.prompt.splitlines()[0]
    assert path.read_text().count(first_line) == 1
    edited.write_text(path.read_text().replace(first_line, "Edited prompt?"))
    assert packaged_catalog.read() is None
    monkeypatch.setattr("quizapp.core.catalog.builtin_banks_dir", lambda: banks)
    monkeypatch.setattr("quizapp.core.catalog.topics_file", lambda: banks / "topics.yaml")
    catalog, _ = load_catalog_for_start(tmp_path / "data")
    assert catalog.questions[question.id].prompt.startswith("Edited prompt?")


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: json.dumps("another key") + "\n" + text.split("\n", 1)[1],
        lambda text: text.split("\n", 1)[0] + '\n{"questions": "not a list"}',
    ],
    ids=["truncated", "other key", "other shape"],
)
def test_a_damaged_shipped_file_means_the_banks_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    copy = tmp_path / "builtin_catalog.json"
    copy.write_text(damage(packaged_catalog.FILE.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(packaged_catalog, "FILE", copy)
    assert packaged_catalog.read() is None
    catalog, write = load_catalog_for_start(tmp_path / "data")
    assert len(catalog.questions) > 100 and write is not None


def test_the_built_file_holds_no_path_of_this_checkout_and_every_user_reads_it(
    tmp_path: Path,
) -> None:
    target = tmp_path / "builtin_catalog.json"
    count = packaged_catalog.build(target)
    assert count == len(load_catalog(tmp_path / "reference", cache=False).questions)
    text = target.read_text(encoding="utf-8")
    assert str(builtin_banks_dir()) not in text and str(Path.cwd()) not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    key, data = text.split("\n", 1)
    assert json.loads(key) == packaged_catalog.content_key()
    assert catalog_cache.read(tmp_path, json.loads(key), target.name) == json.loads(data)


def test_the_content_key_follows_content_not_place_or_time(tmp_path: Path) -> None:
    banks = tmp_path / "questions"
    shutil.copytree(builtin_banks_dir(), banks)  # new modification times, another folder
    assert packaged_catalog.content_key(banks) == packaged_catalog.content_key()
    renamed = next(banks.glob("*.yaml"))
    renamed.rename(renamed.with_name("z-" + renamed.name))
    assert packaged_catalog.content_key(banks) != packaged_catalog.content_key()
