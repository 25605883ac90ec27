"""Banks row: load + validate 10,000 generated questions in 50 files.

The baseline is parsing the same files with PyYAML's CSafeLoader alone (target ratio <= 2).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from benchmarks.common import Row, best_of_interleaved
from quizapp.banks import load_banks
from quizapp.paths import topics_file

FILES, PER_FILE = 50, 200
KINDS = [
    "    kind: choice\n    options:\n      - {text: right, correct: true, feedback: it is}\n"
    "      - {text: wrong, feedback: it is not}\n",
    "    kind: short\n    answers: [forget gate, the forget gate]\n",
    "    kind: flashcard\n    answer: A model answer of a few sentences.\n",
    "    kind: numeric\n    answer: 2560\n    tolerance: {abs: 0}\n",
]


def generate(folder: Path) -> list[Path]:
    paths = []
    for f in range(FILES):
        lines = [f"bank:\n  id: bench{f}\n  title: Bench {f}\nquestions:\n"]
        for q in range(PER_FILE):
            lines.append(
                f"  - id: bench{f}.q{q}\n    topics: [lstm.equations, gates.definition]\n"
                f"    prompt: Question {q} of file {f}, with some words to parse?\n"
                "    explanation: Because the cell state update is additive.\n"
                "    sources: [d2l.ai §10.1]\n    difficulty: 2\n" + KINDS[q % len(KINDS)]
            )
        path = folder / f"bank{f:02d}.yaml"
        path.write_text("".join(lines))
        paths.append(path)
    return paths


def rows() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp))
        topics = topics_file()

        def ours() -> None:
            result = load_banks([Path(tmp)], topics_path=topics)
            assert len(result.questions) == FILES * PER_FILE and not result.errors

        def parse_only() -> None:
            for path in paths:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        subject, baseline = best_of_interleaved(ours, parse_only, repeats=3)
    return [
        Row(
            "banks: load+validate 10k questions / 50 files",
            subject,
            baseline,
            "yaml.load(CSafeLoader) of the same files",
            target=2.0,
        )
    ]
