"""The running app holds frozen records, so a cached start-up needs no pydantic at all."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizapp.banks.frozen import NumericRecord
from quizapp.core.catalog import Catalog, load_catalog
from tests.helpers import CORE_BANK


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    return load_catalog(tmp_path / "data", [bank], builtin=False)


def test_questions_are_frozen_records_with_their_derived_values(catalog: Catalog) -> None:
    question = catalog.questions["core.numeric"]
    assert isinstance(question, NumericRecord) and question.kind == "numeric"
    assert question.bank_id == "core" and question.content_hash
    assert question.effective_tolerance.abs == 0
    with pytest.raises(AttributeError, match="immutable"):  # a frozen msgspec.Struct
        question.answer = 1  # type: ignore[misc]
    with pytest.raises(AttributeError, match="no attribute"):
        _ = question.no_such_field
    assert pickle.loads(pickle.dumps(question)) == question


def test_options_are_records_too(catalog: Catalog) -> None:
    option = catalog.questions["core.choice"].options[0]
    assert option.correct is True and option.feedback == "Right."


def test_a_cached_start_imports_neither_pydantic_nor_yaml_nor_numpy(tmp_path: Path) -> None:
    """Nor what only answering needs (fsrs, the grader): each was milliseconds of start-up."""
    bank = tmp_path / "core.yaml"
    bank.write_text(CORE_BANK)
    script = textwrap.dedent(
        f"""
        import random, sys
        from pathlib import Path
        from quizapp.core.context import open_context
        from quizapp.core.session import ReviewSession
        context = open_context(Path({str(tmp_path / "data")!r}), [Path({str(bank)!r})],
                               builtin=False)
        session = ReviewSession(context.catalog.questions, context.store, context.clock,
                                random.Random(0), queue=["core.choice"])
        assert session.next_question() is not None
        context.close()
        late = ("pydantic", "yaml", "numpy", "fsrs", "hashlib", "quizapp.core.grader")
        print(sorted(m for m in late if m in sys.modules))
        """
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.strip() == "['hashlib', 'numpy', 'pydantic', 'yaml']"  # loads banks
    assert runs[1].stdout.strip() == "[]"  # the second is served from the cache
