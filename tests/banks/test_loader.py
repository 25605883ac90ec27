"""Every kind loads; every error class is reported at the right line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.banks import load_banks
from quizapp.paths import topics_file
from tests.helpers import VALID_BANK as VALID


def errors_of(path: Path, topics: Path, *more: Path) -> list[str]:
    result = load_banks([path, *more], topics_path=topics)
    return [str(e).removeprefix(str(path.parent) + "/") for e in result.errors]


def test_every_kind_loads(write_bank: Callable[..., Path], topics_path: Path) -> None:
    path = write_bank("ok.yaml", VALID)
    result = load_banks([path], topics_path=topics_path)
    assert result.errors == []
    kinds = {q.kind for q in result.questions.values()}
    assert kinds == {"choice", "multi", "short", "flashcard", "numeric", "spot_the_mistake"}
    question = result.questions["demo.choice"]
    assert question.bank_id == "demo" and question.source_path == str(path)
    assert len(question.content_hash) == 16
    assert question.effective_conventions.gru_update == "keep"


def test_content_hash_changes_with_wording_only(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    first = load_banks([write_bank("a.yaml", VALID)], topics_path=topics_path).questions
    reworded = VALID.replace("Pick one.", "Pick exactly one.")
    second = load_banks([write_bank("a.yaml", reworded)], topics_path=topics_path).questions
    assert first["demo.choice"].content_hash != second["demo.choice"].content_hash
    assert first["demo.short"].content_hash == second["demo.short"].content_hash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bank:\n  id: x\n  title: [unclosed\n", "x.yaml:4:1: YAML syntax error"),
        (
            VALID.replace(
                "    explanation: Because.\n    follow_ups",
                "    explantion: Because.\n    follow_ups",
            ),
            "x.yaml:10:5: unknown key 'explantion' (did you mean 'explanation'?)",
        ),
        (VALID.replace("    kind: multi", "    kind: quiz"), "x.yaml:16:11: unknown kind 'quiz'"),
        (
            VALID.replace("    prompt: Name the gate.\n", ""),
            "x.yaml:24:5: missing required key 'prompt'",
        ),
        (
            VALID.replace(
                "topics: [t.two]\n    prompt: Count.",
                "topics: [t.two]\n    difficulty: hard\n    prompt: Count.",
            ),
            "x.yaml:39:17: 'difficulty': Input should be 1, 2 or 3; got 'hard'",
        ),
        (
            VALID.replace("template: lstm_step", "template: lstm_stp"),
            "x.yaml:48:15: unknown template 'lstm_stp'",
        ),
        (
            VALID.replace("params: {quantity: h}", "params: {quantity: q}"),
            "x.yaml:49:24: 'quantity': Input should be",
        ),
        (
            VALID.replace("params: {quantity: h}", "params: {quantity: h, colour: red}"),
            "x.yaml:49:27: unknown key 'colour'",
        ),
        (
            VALID.replace("{text: Wrong, feedback: Wrong.}", "{text: Wrong, correct: true}"),
            "x.yaml:13:7: a choice question needs exactly one correct option; found 2",
        ),
        (
            VALID.replace("{text: Right, correct: true, feedback: Correct.}", "{text: Right}"),
            "x.yaml:13:7: a choice question needs exactly one correct option; found 0",
        ),
        (
            VALID.replace(
                "{text: A, correct: true}\n      - {text: B, correct: true}",
                "{text: A}\n      - {text: B}",
            ),
            "x.yaml:21:7: a multi question needs at least one correct option; found 0",
        ),
        (
            VALID.replace("follow_ups: [demo.short]", "follow_ups: [demo.nowhere]"),
            "x.yaml:11:18: follow-up 'demo.nowhere' is not a question",
        ),
        (
            VALID.replace(
                "topics: [t.two]\n    prompt: Explain.", "topics: [t.nine]\n    prompt: Explain."
            ),
            "x.yaml:32:14: unknown topic 't.nine'",
        ),
        (
            VALID.replace("  title: Demo\n", "  title: Demo\n  title: Again\n"),
            "x.yaml:4:3: duplicate key 'title'",
        ),
        (
            VALID.replace("    prompt: Pick some.", "\tprompt: Pick some."),
            "x.yaml:18:1: YAML syntax error: a tab character",
        ),
        ("", "x.yaml:1:1: the file is empty"),
        ("   \n\n", "x.yaml:1:1: the file is empty"),
        ("- just\n- a list\n", "x.yaml:1:1: a bank is a mapping"),
    ],
)
def test_error_positions(
    write_bank: Callable[..., Path], topics_path: Path, text: str, expected: str
) -> None:
    path = write_bank("x.yaml", text)
    found = errors_of(path, topics_path)
    assert any(e.startswith(expected) for e in found), found


def test_bad_encoding_is_positioned(write_bank: Callable[..., Path], topics_path: Path) -> None:
    path = write_bank("latin.yaml", "bank:\n  id: x\n  title: caf\xe9\n".encode("latin-1"))
    assert errors_of(path, topics_path) == [
        "latin.yaml:3:13: the file is not valid UTF-8; save it as UTF-8"
    ]


def test_alias_bomb_is_refused_quickly(write_bank: Callable[..., Path], topics_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[k]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write_bank("bomb.yaml", "\n".join(lines) + "\n")
    found = errors_of(path, topics_path)
    assert len(found) == 1 and "too many alias expansions" in found[0]


def test_absurd_nesting_is_refused(write_bank: Callable[..., Path], topics_path: Path) -> None:
    path = write_bank("deep.yaml", "bank: " + "[" * 200 + "]" * 200 + "\n")
    found = errors_of(path, topics_path)
    assert len(found) == 1 and "nesting deeper than" in found[0]


def test_all_errors_of_a_file_are_reported(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    text = VALID.replace("kind: multi", "kind: quiz").replace(
        "Pick one.\n    explanation", "Pick one.\n    explantion"
    )
    found = errors_of(write_bank("x.yaml", text), topics_path)
    assert len(found) >= 3  # unknown key, the missing explanation, unknown kind


def test_duplicate_ids_across_files_and_others_still_load(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    good = write_bank("a.yaml", VALID)
    clash = write_bank(
        "b.yaml",
        """\
        bank: {id: other, title: Other}
        questions:
          - id: demo.short
            kind: flashcard
            topics: [t.one]
            prompt: p
            explanation: e
            answer: a
        """,
    )
    broken = write_bank("c.yaml", "bank: {id: broken\n")
    result = load_banks([good, clash, broken], topics_path=topics_path)
    messages = [str(e) for e in result.errors]
    assert any(
        m.startswith(
            f"{clash}:3:9: duplicate question id 'demo.short' (first defined at {good}:24:9)"
        )
        for m in messages
    ), messages
    assert set(result.failed_files) == {clash, broken}
    assert "demo.choice" in result.questions  # the good file still loads


def test_folders_are_searched_and_topics_file_skipped(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    path = write_bank("ok.yaml", VALID)
    (path.parent / "topics.yaml").write_text("not: a bank\n")
    result = load_banks([path.parent], topics_path=topics_path)
    assert result.errors == [] and result.files_read == 1


def test_bank_defined_topics_are_known(write_bank: Callable[..., Path], topics_path: Path) -> None:
    text = VALID.replace(
        "  conventions: {gru_update: keep}\n", "  topics:\n    - {id: t.mine, summary: Mine.}\n"
    )
    text = text.replace(
        "topics: [t.two]\n    prompt: Explain.", "topics: [t.mine]\n    prompt: Explain."
    )
    result = load_banks([write_bank("x.yaml", text)], topics_path=topics_path)
    assert result.errors == [] and "t.mine" in result.topics


def test_loading_leaves_the_cyclic_gc_as_it_found_it(tmp_path: Path) -> None:
    import gc

    bank = tmp_path / "b.yaml"
    bank.write_text(VALID)
    assert gc.isenabled()
    load_banks([bank], topics_path=topics_file())
    assert gc.isenabled()
    gc.disable()
    try:
        load_banks([bank], topics_path=topics_file())
        assert not gc.isenabled()
    finally:
        gc.enable()
    (tmp_path / "broken.yaml").write_text("bank: [\n")
    load_banks([tmp_path], topics_path=topics_file())  # errors are results, not exceptions
    assert gc.isenabled()
