from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from quizapp.authoring.csv_import import parse_csv, question_id
from quizapp.banks import LoadResult, load_banks
from quizapp.cli import main
from quizapp.paths import topics_file


def run(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])


def load(path: Path) -> LoadResult:
    result = load_banks([path], topics_path=topics_file())
    assert result.errors == []
    return result


CARDS = [
    ("What does BPTT stand for?", "Backpropagation through time", "beyond.truncated-bptt"),
    ("Gate activation?", "sigmoid, bounded in (0, 1)", "gates.why-sigmoid my::deck"),
    ('Quote "this", please', "Line one\nline two: with a colon", ""),
    ("Unicode: h̃_t ⊙ σ", "tanh(…) ∈ (−1, 1)", "unknown-tag"),
]


def test_csv_round_trip(tmp_path: Path) -> None:
    import csv

    source = tmp_path / "deck.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(CARDS)
    out = tmp_path / "imported.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out), "--title", "Imported")
    assert result.exit_code == 0, result.output
    assert "4 flashcard(s)" in result.output
    loaded = load(out)
    questions = list(loaded.questions.values())
    assert [(q.prompt, q.answer) for q in questions] == [(f, b) for f, b, _ in CARDS]
    assert all(q.kind == "flashcard" for q in questions)
    assert loaded.banks[0].id == "imported" and loaded.banks[0].title == "Imported"
    by_prompt = {q.prompt: q for q in questions}
    assert by_prompt[CARDS[0][0]].topics == ["beyond.truncated-bptt"]
    assert by_prompt[CARDS[1][0]].topics == ["gates.why-sigmoid"]
    assert by_prompt[CARDS[1][0]].tags == ["my::deck"]
    assert by_prompt[CARDS[2][0]].topics == ["rnn.recurrence"]  # the default topic
    assert by_prompt[CARDS[3][0]].tags == ["unknown-tag"]
    # ids are stable: a hash of the front
    assert by_prompt[CARDS[0][0]].id == question_id("imported", CARDS[0][0])
    assert run(tmp_path, "validate", str(out)).exit_code == 0
    # the file is plain safe YAML with the schema line first
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert yaml.safe_load(text)["bank"]["id"] == "imported"
    # a second import refuses to overwrite, --force replaces with the same ids
    assert run(tmp_path, "import-csv", str(source), str(out)).exit_code == 1
    again = run(tmp_path, "import-csv", str(source), str(out), "--force", "--title", "Imported")
    assert again.exit_code == 0
    assert sorted(load(out).questions) == sorted(loaded.questions)


def test_tsv_with_anki_headers(tmp_path: Path) -> None:
    source = tmp_path / "anki-export.txt"
    source.write_text(
        "#separator:tab\n"
        "#html:true\n"
        "#tags column:3\n"
        "What is h_0 by default?\tzeros<br>in PyTorch\tpractice.pytorch-layers leech\n"
        "x &lt; y, comma, inside?\t<div>yes</div><div>really</div>\t\n",
        encoding="utf-8",
    )
    out = tmp_path / "tsv.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out), "--id", "anki.deck")
    assert result.exit_code == 0, result.output
    questions = list(load(out).questions.values())
    assert [(q.prompt, q.answer) for q in questions] == [
        ("What is h_0 by default?", "zeros\nin PyTorch"),
        ("x < y, comma, inside?", "yes\nreally"),
    ]
    assert questions[0].topics == ["practice.pytorch-layers"] and questions[0].tags == ["leech"]
    assert all(q.id.startswith("anki.deck.card-") for q in questions)


def test_tsv_detected_from_extension_and_first_row(tmp_path: Path) -> None:
    assert parse_csv("a,b\tc,d\n", suffix=".tsv").delimiter == "\t"
    parsed = parse_csv("front one\tback, with comma\nfront two\tback two\n", suffix=".txt")
    assert parsed.delimiter == "\t"
    assert [(c.front, c.back) for c in parsed.cards] == [
        ("front one", "back, with comma"),
        ("front two", "back two"),
    ]
    assert parse_csv("a;b\nc;d\ne;f\n").delimiter == ";"


def test_broken_rows_reported_with_line_numbers(tmp_path: Path) -> None:
    source = tmp_path / "broken.csv"
    source.write_text(
        "# my own comment\n"
        "good one,answer one\n"
        'multi,"line\nanswer"\n'
        "missing back only\n"
        ",no front\n"
        "empty back,\n"
        "good one,duplicate front\n"
        "\n"
        "good two,answer two,rnn.exploding\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out))
    assert result.exit_code == 0, result.output
    assert f"{source}:5: missing back" in result.output
    assert f"{source}:6: empty front" in result.output
    assert f"{source}:7: empty back" in result.output
    assert f"{source}:8: same front as line 2" in result.output
    assert "3 flashcard(s)" in result.output and "4 row(s) skipped" in result.output
    questions = list(load(out).questions.values())
    assert [(q.prompt, q.answer) for q in questions] == [
        ("good one", "answer one"),
        ("multi", "line\nanswer"),
        ("good two", "answer two"),
    ]


def test_broken_rows_go_to_stderr(tmp_path: Path) -> None:
    source = tmp_path / "b.csv"
    source.write_text("ok,fine\nonly\n", encoding="utf-8")
    runner = CliRunner()
    with contextlib.suppress(TypeError):  # click < 8.2 mixes stderr into output by default
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    result = runner.invoke(
        main, ["--data-dir", str(tmp_path), "import-csv", str(source), str(tmp_path / "o.yaml")]
    )
    assert result.exit_code == 0
    assert f"{source}:2: missing back" in result.stderr
    assert f"{source}:2:" not in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "no cards to import"), (",x\n", "no cards to import")],
)
def test_nothing_to_import_writes_nothing(tmp_path: Path, content: str, message: str) -> None:
    source = tmp_path / "empty.csv"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out))
    assert result.exit_code == 1 and message in result.output
    assert not out.exists()


def test_unknown_topic_option_is_defined_in_the_bank(tmp_path: Path) -> None:
    source = tmp_path / "c.csv"
    source.write_text("front,back\n", encoding="utf-8")
    out = tmp_path / "c.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out), "--topic", "mine.misc")
    assert result.exit_code == 0, result.output
    loaded = load(out)
    assert next(iter(loaded.questions.values())).topics == ["mine.misc"]
    assert "mine.misc" in loaded.topic_summaries


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes("caf\xe9,back\n".encode("latin-1"))
    result = run(tmp_path, "import-csv", str(source), str(tmp_path / "o.yaml"))
    assert result.exit_code == 1 and "not UTF-8" in result.output
    assert "Traceback" not in result.output
    source.write_text("a,b\n", encoding="utf-8")
    result = run(tmp_path, "import-csv", str(source), str(tmp_path / "o.yaml"), "--delimiter", "ab")
    assert result.exit_code == 1 and "delimiter" in result.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(tmp_path, "import-csv", str(source), str(blocker / "o.yaml"))
    assert result.exit_code == 1 and "cannot write" in result.output
