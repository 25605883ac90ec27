"""The item-writing rules: each fires at the YAML node to change, and only there."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.banks import load_banks
from quizapp.banks.item_rules import (
    LONG_RATIO,
    RULES,
    catch_all_kind,
    check_items,
    internal_references,
    length_figures,
)
from quizapp.cli import main

ROOT = Path(__file__).resolve().parents[2]

# Every rule fires once here; the comments give the line of each warned node.
BANK = """\
bank: {id: items, title: Items}
questions:
  - id: items.long
    kind: choice
    topics: [t.one]
    prompt: Which gate scales the old cell?
    explanation: f_t multiplies c_(t-1); i_t scales the candidate.
    options:
      - text: The forget gate f_t, which multiplies the previous cell state element by element
        correct: true
        feedback: Right.
      - {text: The input gate, feedback: It scales the candidate.}
      - text: The output gate
  - id: items.spot
    kind: spot_the_mistake
    topics: [t.one]
    prompt: What is wrong?
    statement: tanh is used for its second derivative.
    explanation: BPTT multiplies first derivatives, and tanh' is at most 1.
    options:
      - {text: The reason is folklore, correct: true}
      - {text: "Nothing; the claim holds.", feedback: It is folklore.}
    hints: ["Seed 000 says so; TODO check"]
  - id: items.card
    kind: flashcard
    topics: [t.two]
    prompt: Which gate scales the old cell?
    answer: The forget gate.
    explanation: The forget gate.
"""


def _warnings(write_bank: Callable[..., Path], topics_path: Path, *texts: str) -> list[str]:
    paths = [write_bank(f"b{k}.yaml", text) for k, text in enumerate(texts)]
    result = load_banks(paths, topics_path=topics_path)
    assert result.errors == [], [str(e) for e in result.errors]
    return [str(w) for w in check_items(result.banks)]


def test_each_rule_fires_at_its_node(write_bank: Callable[..., Path], topics_path: Path) -> None:
    path = write_bank("b0.yaml", BANK)
    found = _warnings(write_bank, topics_path, BANK)
    assert [re.sub(r": .*$", "", w.split(f"{path}:")[1]) for w in found] == [
        "9:15",  # long-correct: the correct option's text
        "13:15",  # no-feedback: the output gate
        "22:16",  # catch-all: "Nothing; the claim holds." never the answer in this bank
        "23:13",  # internal-reference: the hint
        "27:13",  # duplicate-prompt: the flashcard asks what items.long asks
        "29:18",  # restated-explanation
    ]
    rules = [re.search(r"warning\[([a-z-]+)\]", w).group(1) for w in found]
    assert rules == [
        "long-correct",
        "no-feedback",
        "catch-all",
        "internal-reference",
        "duplicate-prompt",
        "restated-explanation",
    ]
    assert "'Seed 000', 'TODO'" in found[3]
    assert f"'items.card' asks the same as 'items.long' ({path}:6:13)" in found[4]


def test_a_catch_all_that_is_right_somewhere_in_the_bank_is_fair(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    also_right = BANK + (
        "  - id: items.fine\n    kind: spot_the_mistake\n    topics: [t.one]\n"
        "    prompt: Is anything wrong?\n    statement: tanh is bounded.\n"
        "    explanation: tanh lies in (-1, 1), so the claim holds.\n    options:\n"
        "      - {text: Nothing is wrong, correct: true}\n"
        "      - {text: tanh is unbounded, feedback: ReLU is.}\n"
    )
    found = _warnings(write_bank, topics_path, also_right)
    assert not [w for w in found if "catch-all" in w]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("None of the above", "choice", "none of the above"),
        ("Both", "choice", "all of the above"),
        ("All of these.", "multi", "all of the above"),
        ("Nothing; that is PyTorch's equation.", "spot_the_mistake", "nothing is wrong"),
        ("Nothing; the shapes are the same.", "choice", None),  # a content claim in a choice
        ("Both use ReLU activations.", "choice", None),
        ("Neither does.", "choice", None),
    ],
)
def test_catch_all_kinds(text: str, kind: str, expected: str | None) -> None:
    assert catch_all_kind(text, kind) == expected


def test_long_correct_needs_the_ratio_and_a_real_difference(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    template = (
        "bank: {id: r, title: R}\nquestions:\n  - id: r.q\n    kind: choice\n"
        "    topics: [t.one]\n    prompt: Ratio?\n    explanation: Three blocks against four.\n"
        "    options:\n      - {text: '%s', correct: true, feedback: Yes.}\n"
        "      - {text: '%s', feedback: No.}\n"
    )
    short = _warnings(write_bank, topics_path, template % ("3/4 of it", "1/2"))  # 3x, +6
    assert short == []
    near = "x" * 40
    just_under = _warnings(write_bank, topics_path, template % ("y" * 59, near))
    assert just_under == []
    at_ratio = _warnings(write_bank, topics_path, template % ("y" * int(40 * LONG_RATIO), near))
    assert len(at_ratio) == 1 and "60 characters, the longest distractor 40" in at_ratio[0]


def test_multi_compares_correct_and_wrong_options_on_average(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    bank = (
        "bank: {id: m, title: M}\nquestions:\n  - id: m.q\n    kind: multi\n"
        "    topics: [t.one]\n    prompt: Which hold?\n    explanation: Gates scale; tanh bounds.\n"
        "    options:\n"
        '      - {text: "A gate\'s output lies in (0, 1) and scales a vector", correct: true}\n'
        '      - {text: "The candidate is squashed by tanh into (-1, 1)", correct: true}\n'
        "      - {text: Gates use ReLU, feedback: They use sigmoid.}\n"
    )
    found = _warnings(write_bank, topics_path, bank)
    assert len(found) == 1 and ":9:7: warning[long-correct]" in found[0]


def test_duplicate_prompts_across_files_and_template_first_lines(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    def drill(bank_id: str, quantity: str, first_line: str) -> str:
        return (
            f"bank: {{id: {bank_id}, title: D}}\nquestions:\n  - id: {bank_id}.q\n"
            f"    kind: numeric\n    topics: [t.two]\n"
            f"    prompt: |\n      {first_line}\n      Hidden size 2.\n"
            f"    explanation: Gates first, then the cell.\n    template: lstm_step\n"
            f"    params: {{quantity: {quantity}}}\n"
        )

    same = _warnings(
        write_bank,
        topics_path,
        drill("a", "i", "One LSTM step by hand."),
        drill("b", "f", "One LSTM step by hand."),
    )
    assert len(same) == 1 and "b1.yaml:6:13: warning[duplicate-prompt]" in same[0]
    named = _warnings(
        write_bank,
        topics_path,
        drill("a", "i", "LSTM step: the input gate i_t"),
        drill("b", "f", "LSTM step: the forget gate f_t"),
    )
    assert named == []


def test_spot_questions_with_one_prompt_and_different_statements_are_distinct(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    def spot(k: int, statement: str) -> str:
        return (
            f"  - id: s.q{k}\n    kind: spot_the_mistake\n    topics: [t.one]\n"
            f"    prompt: What is wrong?\n    statement: {statement}\n"
            "    explanation: The gates are independent.\n    answers: [independent]\n"
        )

    bank = "bank: {id: s, title: S}\nquestions:\n" + spot(1, "f + i = 1.") + spot(2, "o = 1.")
    assert _warnings(write_bank, topics_path, bank) == []
    twice = "bank: {id: s, title: S}\nquestions:\n" + spot(1, "f + i = 1.") + spot(2, "f + i = 1.")
    assert len(_warnings(write_bank, topics_path, twice)) == 1


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("as seed 002 says", ["seed 002"]),
        ("Seeds 000 and 002 follow d2l", ["Seeds 000"]),
        ("see 004_acfad5ab2a165512.txt", ["004_acfad5ab2a165512"]),
        ("TODO: cite", ["TODO"]),
        ("a fresh random draw every time", []),
        ("todo lists", []),
    ],
)
def test_internal_references(text: str, found: list[str]) -> None:
    assert internal_references(text) == found


def test_restated_explanations(write_bank: Callable[..., Path], topics_path: Path) -> None:
    bank = (
        "bank: {id: n, title: N}\nquestions:\n  - id: n.q\n    kind: numeric\n"
        "    topics: [t.two]\n    prompt: nn.LSTM(10, 20)?\n    answer: 2560\n"
        "    tolerance: {abs: 0}\n    explanation: It is 2560.\n"
        "  - id: n.s\n    kind: short\n    topics: [t.two]\n    prompt: Which gate?\n"
        "    answers: [forget gate]\n    explanation: The forget gate, because it keeps c.\n"
    )
    found = _warnings(write_bank, topics_path, bank)
    assert len(found) == 1 and ":9:18: warning[restated-explanation]" in found[0]


def test_length_figures(write_bank: Callable[..., Path], topics_path: Path) -> None:
    result = load_banks([write_bank("b0.yaml", BANK)], topics_path=topics_path)
    figures = length_figures(result.questions.values())
    long_q = result.questions["items.long"]
    right = len(" ".join(long_q.options[0].text.split()))
    mean = (len("The input gate") + len("The output gate")) / 2
    assert figures.questions == 2  # the choice and the spot question; not the flashcard
    assert figures.correct_longest == 1  # "The reason is folklore" is shorter than its distractor
    spot_ratio = len("The reason is folklore") / len("Nothing; the claim holds.")
    assert figures.median_ratio == pytest.approx((right / mean + spot_ratio) / 2)
    assert figures.longest_share == 0.5


def test_validate_prints_warnings_and_exits_0(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    path = write_bank(
        "b0.yaml", BANK.replace("t.one", "lstm.equations").replace("t.two", "gru.gates")
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(
        re.match(rf"^{re.escape(str(path))}:\d+:\d+: warning\[[a-z-]+\]: ", ln) for ln in lines[:-2]
    )
    assert len(lines) == 8
    assert lines[-2] == "6 item-writing warning(s) in 1 file(s); --strict makes them errors"
    assert lines[-1].startswith("ok: 1 file(s), 3 questions")


def test_validate_strict_turns_warnings_into_errors(
    write_bank: Callable[..., Path], topics_path: Path
) -> None:
    path = write_bank(
        "b0.yaml", BANK.replace("t.one", "lstm.equations").replace("t.two", "gru.gates")
    )
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert all(re.match(r"^.+:\d+:\d+: error\[[a-z-]+\]: ", ln) for ln in lines[:-1]), lines
    assert lines[-1] == "6 error(s) in 1 of 1 file(s)"


def test_every_rule_is_documented() -> None:
    doc = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in doc, rule


def test_the_examples_authors_copy_pass_the_rules(tmp_path: Path) -> None:
    """The README's bank example and `quizapp new`'s starter model items that pass --strict."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- readme:bank-example -->\n```yaml\n(.*?)```", readme, re.S)
    assert block
    example = tmp_path / "example.yaml"
    example.write_text(block.group(1), encoding="utf-8")
    starter = tmp_path / "starter.yaml"
    assert CliRunner().invoke(main, ["new", str(starter)]).exit_code == 0
    for path in (example, starter):
        result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.output
