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
    source.write_text("a front,a back\n", encoding="utf-8")
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


def test_a_header_row_is_skipped_and_names_the_columns(tmp_path: Path) -> None:
    source = tmp_path / "deck.csv"
    source.write_text(
        "Answer,Question,Tags,Explanation\n"
        "Backpropagation through time,What does BPTT stand for?,rnn.bptt-jacobian,It unrolls the net.\n"
        "sigmoid,Gate activation?,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "deck.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out))
    assert result.exit_code == 0, result.output
    assert f"{source}:1: header row (Answer, Question, Tags, Explanation) skipped" in result.output
    assert "2 flashcard(s)" in result.output
    assert "(columns: back, front, tags, explanation)" in result.output
    questions = list(load(out).questions.values())
    assert [(q.prompt, q.answer) for q in questions] == [
        ("What does BPTT stand for?", "Backpropagation through time"),
        ("Gate activation?", "sigmoid"),
    ]
    assert questions[0].explanation == "It unrolls the net." and questions[0].topics == [
        "rnn.bptt-jacobian"
    ]
    assert questions[1].explanation == ""  # none given: none made up
    text = out.read_text(encoding="utf-8")
    assert "Imported from" not in text and text.count("explanation:") == 1
    strict = run(tmp_path, "validate", "--strict", str(out))
    assert strict.exit_code == 0, strict.output


def test_a_generic_header_is_never_a_card(tmp_path: Path) -> None:
    source = tmp_path / "plain.csv"
    source.write_text("front,back,tags\nq one,a one,\n", encoding="utf-8")
    out = tmp_path / "plain.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out))
    assert result.exit_code == 0, result.output
    assert "header row (front, back, tags) skipped" in result.output
    assert [q.prompt for q in load(out).questions.values()] == ["q one"]
    assert (tmp_path / "bank.schema.json").is_file()  # the bank's $schema line resolves


def test_columns_option_and_anki_columns_header(tmp_path: Path) -> None:
    source = tmp_path / "cols.tsv"
    source.write_text("b1\tf1\tignored\tt.one\n", encoding="utf-8")
    out = tmp_path / "cols.yaml"
    result = run(tmp_path, "import-csv", str(source), str(out), "--columns", "back,front,skip,tags")
    assert result.exit_code == 0, result.output
    ((question),) = load(out).questions.values()
    assert (question.prompt, question.answer, question.tags) == ("f1", "b1", ["t.one"])
    anki = tmp_path / "anki.txt"
    anki.write_text(
        "#separator:tab\n#columns:Front\tBack\tExtra\nf2\tb2\twhy it holds\n", encoding="utf-8"
    )
    out2 = tmp_path / "anki.yaml"
    assert run(tmp_path, "import-csv", str(anki), str(out2)).exit_code == 0
    ((question),) = load(out2).questions.values()
    assert (question.prompt, question.answer, question.explanation) == ("f2", "b2", "why it holds")
    bad = run(tmp_path, "import-csv", str(source), str(out), "--columns", "front,colour", "--force")
    assert bad.exit_code == 1 and "unknown column 'colour'" in bad.output


CHINESE = "问题,答案\nLSTM 有几个门？,三个门：遗忘门、输入门、输出门\n"


def test_gbk_is_named_and_read_with_encoding(tmp_path: Path) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes(CHINESE.encode("gbk"))
    out = tmp_path / "excel.yaml"
    refused = run(tmp_path, "import-csv", str(source), str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert "not UTF-8" in refused.output and "GBK" in refused.output
    assert "--encoding gbk" in refused.output
    assert len(refused.output.strip().splitlines()) == 1 and "Traceback" not in refused.output
    result = run(tmp_path, "import-csv", str(source), str(out), "--encoding", "gbk")
    assert result.exit_code == 0, result.output
    assert "header row (问题, 答案) skipped" in result.output
    ((question),) = load(out).questions.values()
    assert (
        question.prompt == "LSTM 有几个门？" and question.answer == "三个门：遗忘门、输入门、输出门"
    )


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_is_named_and_read_with_encoding(tmp_path: Path, codec: str) -> None:
    source = tmp_path / "unicode.txt"
    source.write_bytes(CHINESE.replace(",", "\t").encode(codec))
    out = tmp_path / "u.yaml"
    refused = run(tmp_path, "import-csv", str(source), str(out))
    assert refused.exit_code == 1 and "UTF-16" in refused.output
    name = "utf-16" if codec == "utf-16" else "utf-16-le"
    assert f"--encoding {name}" in refused.output
    result = run(tmp_path, "import-csv", str(source), str(out), "--encoding", name)
    assert result.exit_code == 0, result.output
    ((question),) = load(out).questions.values()
    assert question.answer == "三个门：遗忘门、输入门、输出门"


def test_bad_encodings_are_one_line(tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_bytes(b"a,b\n")
    result = run(
        tmp_path, "import-csv", str(source), str(tmp_path / "o.yaml"), "--encoding", "klingon"
    )
    assert result.exit_code == 1 and "unknown encoding 'klingon'" in result.output
    source.write_bytes(CHINESE.encode("gbk"))
    result = run(
        tmp_path, "import-csv", str(source), str(tmp_path / "o.yaml"), "--encoding", "ascii"
    )
    assert (
        result.exit_code == 1
        and "not ascii text" in result.output
        and "--encoding gbk" in result.output
    )


async def test_an_imported_card_without_explanation_is_asked_and_rated(tmp_path: Path) -> None:
    """The app shows a flashcard that has no explanation (none was in the CSV) and rates it."""
    from quizapp.tui.factory import build_app
    from quizapp.tui.screens.question import QuestionScreen
    from tests.helpers import make_context

    source = tmp_path / "deck.csv"
    source.write_text("front,back\nWhat is the cell state for?,A memory path.\n", encoding="utf-8")
    out = tmp_path / "deck.yaml"
    assert run(tmp_path, "import-csv", str(source), str(out)).exit_code == 0
    (tmp_path / "app").mkdir()
    context = make_context(tmp_path / "app", out.read_text(encoding="utf-8"))
    app = build_app(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.press("space", "3")
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.feedback is not None
        assert screen.feedback.explanation == ""
    assert context.store.total_reviews() == 1
