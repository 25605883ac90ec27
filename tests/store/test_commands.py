"""``quizapp stats``, ``optimize``, ``export-progress`` and ``import-progress`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main
from quizapp.store import AnswerRecord, Store, SystemClock


def _seed_reviews(data: Path, count: int = 3) -> None:
    with Store.open(data) as store:
        clock = SystemClock()
        for k in range(count):
            store.record_answer(
                AnswerRecord(
                    clock.now(),
                    "numeric_drills.params-lstm-pytorch",
                    "numeric_drills",
                    "h",
                    None,
                    "1",
                    k % 2 == 0,
                    3 if k % 2 == 0 else 1,
                    500,
                    "review",
                    topics=("numeric.param-count", "lstm.param-count"),
                )
            )


def test_stats_json_includes_total_reviews_and_topics(tmp_path: Path) -> None:
    _seed_reviews(tmp_path)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total_reviews"] == 3
    assert {t["topic"] for t in data["topics"]} >= {"numeric.param-count"}
    text = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "stats"])
    assert "Reviews stored: 3" in text.output


def test_optimize_says_how_many_more_reviews_it_needs(tmp_path: Path) -> None:
    _seed_reviews(tmp_path)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "optimize"])
    assert result.exit_code == 1 and "997 more" in result.output


def test_export_import_round_trip_and_errors(tmp_path: Path) -> None:
    _seed_reviews(tmp_path / "a")
    backup = tmp_path / "backup.json"
    runner = CliRunner()
    assert (
        runner.invoke(
            main, ["--data-dir", str(tmp_path / "a"), "export-progress", str(backup)]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        main, ["--data-dir", str(tmp_path / "b"), "import-progress", str(backup)]
    )
    assert result.exit_code == 0 and "imported 3 reviews" in result.output
    again = tmp_path / "again.json"
    runner.invoke(main, ["--data-dir", str(tmp_path / "b"), "export-progress", str(again)])
    assert json.loads(again.read_text()) == json.loads(backup.read_text())
    refused = runner.invoke(
        main, ["--data-dir", str(tmp_path / "b"), "import-progress", str(backup)]
    )
    assert (
        refused.exit_code == 1
        and "--replace" in refused.output
        and "Traceback" not in refused.output
    )
    unwritable = runner.invoke(
        main,
        ["--data-dir", str(tmp_path / "a"), "export-progress", str(tmp_path / "no" / "x.json")],
    )
    assert unwritable.exit_code == 1 and "Cannot write" in unwritable.output
    (tmp_path / "bad.json").write_text("{not json")
    bad = runner.invoke(
        main, ["--data-dir", str(tmp_path / "c"), "import-progress", str(tmp_path / "bad.json")]
    )
    assert bad.exit_code == 1 and "bad.json:1:2: not valid JSON" in bad.output


def test_stats_names_the_weakest_topics_by_title_with_their_answers(tmp_path: Path) -> None:
    """A learner reads topic titles, as the statistics screen shows them, not topic ids."""
    from quizapp.core.catalog import load_catalog

    _seed_reviews(tmp_path)
    catalog = load_catalog(tmp_path)
    text = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "stats"]).output
    assert "questions started: 1" in text
    weakest = text.split("Weakest topics:\n", 1)[1].splitlines()
    for topic in ("numeric.param-count", "lstm.param-count"):
        line = next(line for line in weakest if catalog.topic_title(topic)[:30] in line)
        assert topic not in line and "67%" in line and "2/3" in line
