"""A commented starter bank: one example of every question kind, valid as written.

The text is a template (not a YAML dump) so the comments that explain each key survive. Question
ids are prefixed with the bank id so the starter never clashes with the built-in banks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from quizapp.banks.field_types import ID_PATTERN
from quizapp.banks.schema import SCHEMA_LINE, SchemaFileTaken, write_schema


class StarterError(Exception):
    """A starter bank that cannot be written; the message is one line."""


def bank_id_from_path(path: Path) -> str:
    """``My LSTM notes.yaml`` -> ``my-lstm-notes``: a valid bank id from a file name."""
    slug = re.sub(r"[^a-z0-9_.-]+", "-", path.stem.lower()).strip("-._")
    return slug or "my-bank"


def title_from_id(bank_id: str) -> str:
    words = re.split(r"[-_.]+", bank_id)
    return " ".join(w.capitalize() for w in words if w) or "My bank"


def starter_text(bank_id: str, title: str) -> str:
    if not re.fullmatch(ID_PATTERN, bank_id):
        raise StarterError(
            f"'{bank_id}' is not a valid bank id: use lowercase letters, digits, '.', '_' "
            "or '-', starting with a letter or digit"
        )
    if not title.strip():
        raise StarterError("the title must not be empty")
    from quizapp.templates import TEMPLATES

    return STARTER.format(
        schema_line=SCHEMA_LINE,
        id=bank_id,
        title=json.dumps(title.strip(), ensure_ascii=False),
        templates=", ".join(sorted(TEMPLATES)),
    )


def write_starter(path: Path, bank_id: str, title: str, force: bool = False) -> str:
    """Write the bank, and the schema its first line names beside it; say what happened to
    the schema (a problem with it never stops the bank: the bank is what was asked for)."""
    text = starter_text(bank_id, title)
    if path.exists() and not force:
        raise StarterError(f"{path} already exists; pass --force to overwrite it")
    if path.is_dir():
        raise StarterError(f"{path} is a folder; give a file name like {path / 'my-bank.yaml'}")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StarterError(f"{path}: cannot write the bank: {exc.strerror or exc}") from None
    return schema_beside(path)


def schema_beside(bank: Path) -> str:
    """Write (or refresh) the schema next to ``bank``; one line saying how that went."""
    try:
        target, changed = write_schema(bank.parent)
    except SchemaFileTaken as exc:
        return f"warning: {exc}; editors will not check {bank.name}"
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return f"warning: cannot write the schema beside {bank.name}: {reason}"
    return f"{'wrote' if changed else 'kept'} {target} (editors check the bank against it)"


STARTER = """\
{schema_line}
# A starter bank: one example of every question kind. Edit or delete the examples, then check
# the file with `quizapp validate THIS_FILE` (errors come as path:line:col: message).
# Put it in your data folder's banks/ (or pass --bank THIS_FILE) and the app will ask it.
# The first line points editors (yaml-language-server: VS Code's YAML extension, Neovim, Helix...)
# at bank.schema.json beside this file, for completion and errors as you type; `quizapp schema
# --write FOLDER` writes it again (after an upgrade, or for banks elsewhere). The full format
# is in quizapp's docs/bank-format.md.
# Prompts, explanations, answers and feedback are Markdown.
bank:
  id: {id}  # unique bank id: lowercase letters, digits, '.', '_', '-'
  title: {title}
  description: My own questions.
  version: 1
  # conventions:           # defaults for every question (a question's own win)
  #   gru_update: keep     # keep: h = z*h_prev + (1-z)*h~ | take: h = (1-z)*h_prev + z*h~
  #   gru_reset: after     # before | after the hidden matmul
  #   framework: pytorch   # pytorch | keras | textbook
  # topics:                # your own topic ids, if the built-in ones (questions/topics.yaml)
  #   - id: {id}.my-topic  # do not fit
  #     summary: What this topic is about.
questions:
  # choice: exactly one option is correct. Options are shuffled unless shuffle: false.
  - id: {id}.forget-gate
    kind: choice
    topics: [lstm.gates-roles]   # at least one topic id from questions/topics.yaml
    difficulty: 1                # 1, 2 or 3 (default 2)
    prompt: Which LSTM gate decides how much of the previous cell state C_(t-1) is kept?
    options:
      - text: The forget gate f_t
        correct: true
        feedback: f_t multiplies C_(t-1) element-wise.
      - text: The output gate o_t
        feedback: o_t decides how much of tanh(C_t) reaches h_t.
      - text: The input gate i_t
        feedback: i_t scales the new candidate g_t, not the old cell.
    explanation: "C_t = f_t ⊙ C_(t-1) + i_t ⊙ g_t: only f_t multiplies the old cell state."
    hints: [Look at the term that contains C_(t-1).]
    follow_ups: [{id}.cell-state]   # ids of questions an interviewer would ask next

  # multi: one or more options are correct; the learner picks all of them.
  - id: {id}.gate-facts
    kind: multi
    topics: [gates.definition]
    prompt: Which statements about a gate are true?
    options:
      - text: Its output lies in (0, 1).
        correct: true
        feedback: It is a sigmoid.
      - text: It multiplies a vector element-wise.
        correct: true
        feedback: 0 blocks, 1 passes.
      - text: It uses a ReLU activation.
        feedback: ReLU is unbounded above, so it cannot read as a fraction that passes.
    explanation: A gate is a sigmoid layer whose (0, 1) output scales another vector element-wise.

  # short: the learner types the answer; matching forgives case, spacing and small typos.
  - id: {id}.gate-activation
    kind: short
    topics: [gates.why-sigmoid]
    prompt: Which activation function produces every gate's output?
    answers: [sigmoid, logistic sigmoid, σ]
    explanation: The sigmoid is bounded in (0, 1), so its output reads as "how much passes".

  # flashcard: the learner reveals the answer and rates their own recall.
  - id: {id}.cell-state
    kind: flashcard
    topics: [lstm.cell-state]
    prompt: Explain in your own words what the LSTM cell state is for.
    answer: |
      The cell state is a conveyor belt of memory: it is changed only by element-wise,
      mostly linear operations (forget, then add), so information and gradients can
      travel many steps without being squashed.
    explanation: Only element-wise operations touch C_t, which is what eases vanishing gradients.

  # numeric with a fixed answer: a number or a list of numbers, with a tolerance.
  - id: {id}.lstm-params
    kind: numeric
    topics: [lstm.param-count]
    prompt: How many parameters does PyTorch's `nn.LSTM(10, 20)` have (two bias vectors)?
    answer: 2560
    tolerance: {{abs: 0}}          # one of {{abs: x}}, {{rel: x}}, {{sig_figs: n}}
    explanation: "4 × (20 × (10 + 20) + 2 × 20) = 4 × 640 = 2560."
    sources: ["PyTorch docs, torch.nn.LSTM"]

  # numeric from a template: fresh numbers every time, answer and worked solution computed
  # by the engine. `quizapp validate` draws it with many seeds. Templates:
  # {templates}.
  - id: {id}.lstm-step-h
    kind: numeric
    topics: [numeric.lstm-step]
    prompt: Compute one LSTM step and give h_t.   # the template adds the drawn numbers
    template: lstm_step
    params: {{quantity: h, input_size: 1, hidden_size: 2}}
    # checks:                    # optional pins: a seed and the answer it must give
    #   - seed: 7
    #     answer: [0.1, 0.2]
    explanation: "h_t = o_t ⊙ tanh(C_t): compute the four gates, then C_t, then h_t."

  # code: the learner writes a NumPy function; one of quizapp's drills checks it on hidden
  # cases against the engine. Name a drill family and its params (`quizapp drill list`),
  # never a file or code: the drill brings the task, the cases and the reference solution.
  - id: {id}.gru-step-code
    kind: code
    topics: [numeric.gru-step]
    conventions: {{gru_update: keep, gru_reset: after}}
    prompt: Implement one GRU step in NumPy, in PyTorch's layout and convention.
    drill: gru-step
    params: {{update: keep, reset: after}}
    explanation: "r and z are sigmoids; n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn));
      h' = (1 − z) ⊙ n + z ⊙ h."
    sources: ["PyTorch docs, torch.nn.GRUCell"]

  # spot_the_mistake: a statement with an error; pick it from options and/or type it.
  - id: {id}.tanh-folklore
    kind: spot_the_mistake
    topics: [rnn.why-tanh]
    prompt: An interview-prep note says the following. What is wrong with it?
    statement: RNNs use tanh because its second derivative stays away from zero.
    options:
      - text: The reason is folklore; tanh is zero-centred and bounded.
        correct: true
        feedback: Its derivative is at most 1, four times sigmoid's 0.25.
      - text: RNNs use ReLU for the hidden state, never tanh.
        feedback: tanh is the default nonlinearity of nn.RNN.
    answers: [folklore, the reason is wrong]
    correction: tanh is zero-centred, bounded in (-1, 1), with derivative at most 1.
    explanation: >-
      The second-derivative argument has no source; the real reasons are zero-centring
      and boundedness.
"""
