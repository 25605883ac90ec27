"""The start-up catalog cache: served when nothing changed, missed on any edit, never trusted blindly."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import NoReturn

import pytest

from quizapp.core import catalog_cache
from quizapp.core.catalog import load_catalog
from quizapp.paths import cache_dir
from tests.helpers import CORE_BANK


def _bank(tmp_path: Path, text: str = CORE_BANK) -> Path:
    bank = tmp_path / "core.yaml"
    bank.write_text(text)
    return bank


def _cached_files(data: Path) -> list[Path]:
    return list(cache_dir(data).glob("catalog*.json"))


def test_second_load_is_served_from_the_cache_and_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, bank = tmp_path / "data", _bank(tmp_path)
    first = load_catalog(data, [bank], builtin=False)
    assert len(_cached_files(data)) == 1

    def no_loading(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the loader ran although nothing changed")

    monkeypatch.setattr("quizapp.banks.loader.load_banks", no_loading)
    second = load_catalog(data, [bank], builtin=False)
    assert sorted(second.questions) == sorted(first.questions)
    assert second.questions["core.choice"] == first.questions["core.choice"]
    assert second.questions["core.choice"].bank_id == "core"
    assert [(b.id, b.title) for b in second.banks] == [("core", "Core")]


def test_an_edited_bank_misses_the_cache(tmp_path: Path) -> None:
    data, bank = tmp_path / "data", _bank(tmp_path)
    load_catalog(data, [bank], builtin=False)
    bank.write_text(CORE_BANK.replace("How is the LSTM cell state updated?", "Edited prompt?"))
    stat = bank.stat()
    os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    reloaded = load_catalog(data, [bank], builtin=False)
    assert reloaded.questions["core.choice"].prompt == "Edited prompt?"
    assert len(_cached_files(data)) == 1  # the stale entry was replaced, not kept beside


def test_a_broken_bank_is_still_reported_from_the_cache(tmp_path: Path) -> None:
    data, bank = tmp_path / "data", _bank(tmp_path, "bank: {id: b, title: B}\nquestions: [\n")
    first = load_catalog(data, [bank], builtin=False)
    second = load_catalog(data, [bank], builtin=False)
    assert first.errors and [str(e) for e in second.errors] == [str(e) for e in first.errors]


def test_a_damaged_cache_file_is_ignored_and_rewritten(tmp_path: Path) -> None:
    data, bank = tmp_path / "data", _bank(tmp_path)
    load_catalog(data, [bank], builtin=False)
    (cached,) = _cached_files(data)
    cached.write_bytes(b"\x80\x05 not JSON")
    catalog = load_catalog(data, [bank], builtin=False)
    assert "core.choice" in catalog.questions
    with cached.open(encoding="utf-8") as handle:
        assert isinstance(json.loads(handle.readline()), str)  # the key comes first
        assert "core.choice" in {q["id"] for q in json.loads(handle.read())["questions"]}


@pytest.mark.parametrize(
    "damage",
    [
        lambda key, data: key + data.replace(b"core.choice", b"core.\xff\xfechoice", 1),
        lambda key, data: key + b"\xef\xbb\xbf" + data,  # a byte-order mark before the data
        lambda key, data: key + data[: len(data) // 2],  # cut short by a full disk
    ],
    ids=["not UTF-8", "BOM", "truncated"],
)
def test_a_cache_with_the_right_key_but_damaged_data_is_rebuilt(
    tmp_path: Path, damage: object
) -> None:
    data, bank = tmp_path / "data", _bank(tmp_path)
    load_catalog(data, [bank], builtin=False)
    (cached,) = _cached_files(data)
    key, rest = cached.read_bytes().split(b"\n", 1)
    cached.write_bytes(damage(key + b"\n", rest))  # type: ignore[operator]
    catalog = load_catalog(data, [bank], builtin=False)
    assert catalog.questions["core.choice"].id == "core.choice"
    assert json.loads(cached.read_bytes().split(b"\n", 1)[1])["questions"]  # rewritten whole


def test_an_unwritable_cache_does_not_stop_loading(tmp_path: Path) -> None:
    data, bank = tmp_path / "data", _bank(tmp_path)
    data.mkdir()
    cache_dir(data).write_text("a file where the cache folder should be")
    catalog = load_catalog(data, [bank], builtin=False)
    assert "core.choice" in catalog.questions


def test_key_changes_with_the_file_list(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x")
    b.write_text("y")
    assert catalog_cache.cache_key([a], None) != catalog_cache.cache_key([a, b], None)
    assert catalog_cache.cache_key([a], None) == catalog_cache.cache_key([a], None)


class _Planted:
    """Unpickling this creates a file: what a planted cache must never get to do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_a_planted_file_runs_no_code_and_is_rebuilt(tmp_path: Path) -> None:
    """The cache is JSON: a pickle (or JSON of the right key but wrong shape) is only data."""
    data, bank = tmp_path / "data", _bank(tmp_path)
    load_catalog(data, [bank], builtin=False)
    (cached,) = _cached_files(data)
    key = cached.read_text(encoding="utf-8").splitlines()[0]
    marker = tmp_path / "marker"
    cached.write_bytes(pickle.dumps(_Planted(marker)))
    assert "core.choice" in load_catalog(data, [bank], builtin=False).questions
    cached.write_text(key + '\n{"questions": [{"kind": "choice"}]}', encoding="utf-8")
    assert "core.choice" in load_catalog(data, [bank], builtin=False).questions
    for planted in ("catalog.pickle", "catalog-0123.pickle"):  # formats 1-4 are removed
        (cache_dir(data) / planted).write_bytes(pickle.dumps(_Planted(marker)))
    cached.unlink()
    assert "core.choice" in load_catalog(data, [bank], builtin=False).questions
    assert not marker.exists()
    assert sorted(p.name for p in cache_dir(data).iterdir()) == ["catalog.json"]


def test_a_start_that_read_the_banks_leaves_the_cache_for_later(tmp_path: Path) -> None:
    """The app's start (``open_context``) shows the first screen before it parses every text
    and writes the cache; a text shown sooner is parsed as it is shown, the same way."""
    from quizapp.banks.text import needs_parser, parse_paragraphs
    from quizapp.core.context import open_context

    emphasis = CORE_BANK.replace(
        "How is the LSTM cell state updated?", "How is the *cell* updated?"
    )
    data, bank = tmp_path / "data", _bank(tmp_path, emphasis)  # a text the parser must read
    context = open_context(data, [bank], builtin=False)
    assert context.pending_cache is not None
    assert _cached_files(data) == []  # nothing written before the first screen
    catalog = context.catalog
    texts = {t for q in catalog.questions.values() for t in (q.prompt, q.explanation) if t}
    needing = {t for t in texts if needs_parser(t)}
    assert needing and not set(catalog.parsed_texts) & needing
    shown = {t: catalog.paragraphs(t) for t in needing}  # parsed on demand meanwhile
    context.write_cache()
    assert context.pending_cache is None
    assert len(_cached_files(data)) == 1
    assert needing <= set(catalog.parsed_texts)  # the running catalog has them now too
    assert all(catalog.parsed_texts[t] == shown[t] == parse_paragraphs(t) for t in needing)
    context.close()

    again = open_context(data, [bank], builtin=False)
    assert again.pending_cache is None  # served from the cache: nothing left to do
    assert needing <= set(again.catalog.parsed_texts)
    again.close()


def test_closing_soon_after_the_start_still_writes_the_cache(tmp_path: Path) -> None:
    from quizapp.core.context import open_context

    data, bank = tmp_path / "data", _bank(tmp_path)
    context = open_context(data, [bank], builtin=False)
    context.close()  # before the app got to it
    assert len(_cached_files(data)) == 1
