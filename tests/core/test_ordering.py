"""The order new questions come in: topics interleaved in syllabus order, easier first,
follow-ups after their question, the learner's banks a fair share; pinned catalogs."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from quizapp.core.catalog import Catalog, load_catalog
from quizapp.core.ordering import NewOrder, today
from tests.helpers import make_context, record_answer


def _bank(bank_id: str, questions: list[tuple[str, str, int, list[str]]]) -> str:
    """A bank of short questions: (id, topic, difficulty, follow_ups)."""
    lines = [f"bank: {{id: {bank_id}, title: {bank_id.title()}}}", "questions:"]
    for qid, topic, difficulty, follow_ups in questions:
        lines += [
            f"  - id: {qid}",
            "    kind: short",
            f"    topics: [{topic}]",
            f"    difficulty: {difficulty}",
            f"    prompt: Question {qid}?",
            "    explanation: Because the cell says so.",
            f"    answers: [answer {qid}]",
        ]
        if follow_ups:
            lines.append(f"    follow_ups: [{', '.join(follow_ups)}]")
    return "\n".join(lines) + "\n"


# file order: LSTM first, the vanilla RNN last (as the built-in files were)
PINNED = _bank(
    "mine",
    [
        ("m.lstm-hard", "lstm.equations", 3, []),
        ("m.lstm-easy", "lstm.equations", 1, []),
        ("m.gate", "gates.definition", 2, ["m.rnn-follow"]),
        ("m.rnn-follow", "rnn.recurrence", 1, []),
        ("m.rnn-a", "rnn.recurrence", 2, []),
        ("m.rnn-b", "rnn.recurrence", 2, []),
    ],
)


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The built-in banks' catalog, loaded once for the module."""
    return load_catalog(tmp_path_factory.mktemp("builtin"), cache=False)


def _order(catalog: Catalog, unseen: set[str] | None = None) -> list[str]:
    ids = frozenset(catalog.questions if unseen is None else unseen)
    return list(catalog.new_order(ids))


def test_topics_interleave_in_syllabus_order_easier_first(tmp_path: Path) -> None:
    context = make_context(tmp_path, PINNED)
    assert context.catalog.errors == []
    # round one: each topic's easiest ready question, the vanilla RNN first (its easiest is a
    # follow-up of m.gate, which waits), then the gate, then the LSTM's easier one; round two:
    # the follow-up, now ready, and the LSTM's harder one; round three: the RNN's last
    assert _order(context.catalog) == [
        "m.rnn-a",
        "m.gate",
        "m.lstm-easy",
        "m.rnn-follow",
        "m.lstm-hard",
        "m.rnn-b",
    ]


def test_the_order_is_a_pure_function_of_catalog_and_unseen(tmp_path: Path) -> None:
    context = make_context(tmp_path, PINNED)
    full = _order(context.catalog)
    for size in range(len(full) + 1):
        for unseen in itertools.combinations(full, size):
            assert _order(context.catalog, set(unseen)) == [q for q in full if q in unseen]
    (tmp_path / "again").mkdir()
    again = make_context(tmp_path / "again", PINNED)
    assert _order(again.catalog) == full


def test_the_learners_banks_get_a_share_in_proportion_to_their_size(tmp_path: Path) -> None:
    big = _bank("big", [(f"b.{k}", "rnn.recurrence", 1, []) for k in range(6)])
    small = _bank("small", [(f"s.{k}", "gates.definition", 1, []) for k in range(2)])
    context = make_context(tmp_path, big, small)
    # positions j / size: big 0, 1/6, 2/6, 3/6 ...; small 0, 1/2; ties in bank order
    assert _order(context.catalog) == ["b.0", "s.0", "b.1", "b.2", "b.3", "s.1", "b.4", "b.5"]


def test_a_learners_bank_is_not_starved_by_the_builtin_ones(tmp_path: Path) -> None:
    own_path = tmp_path / "own.yaml"
    own_path.write_text(
        _bank("own", [(f"o.{k}", "lstm.peepholes", 1, []) for k in range(10)]), encoding="utf-8"
    )
    catalog = load_catalog(tmp_path / "data", [own_path], cache=False)
    builtin = [b for b in catalog.banks if b.builtin]
    assert builtin and [b.id for b in catalog.banks if not b.builtin] == ["own"]
    shipped = sum(not qid.startswith("o.") for qid in catalog.questions)
    first = _order(catalog)[:20]  # day one at the default load
    # positions j / 10 and j / (built-in count): the own bank's first at once, then its share
    assert first[0] == "o.0" and sum(q.startswith("o.") for q in first) == 1
    week = sum(q.startswith("o.") for q in _order(catalog)[: 7 * 20])
    assert abs(week - 7 * 20 * 10 / (shipped + 10)) <= 1  # its share by size, give or take one


def test_a_seven_day_plan_reaches_every_topic_of_the_builtin_banks(builtin: Catalog) -> None:
    catalog = builtin
    order = _order(catalog)
    assert sorted(order) == sorted(catalog.questions)
    first_week = order[: 7 * 20]  # seven days at the default 20 new a day
    topics = {t for qid in first_week for t in catalog.questions[qid].topics[:1]}
    assert topics == {q.topics[0] for q in catalog.questions.values()}
    first = catalog.questions[order[0]]
    assert first.topics[0] == catalog.syllabus[0] == "rnn.recurrence"
    drills = [k for k, qid in enumerate(order) if catalog.questions[qid].kind == "numeric"]
    assert drills and drills[0] < 40  # the engine-backed drills on day one, not day five


def test_follow_ups_come_after_every_question_that_lists_them(builtin: Catalog) -> None:
    catalog = builtin
    position = {qid: k for k, qid in enumerate(_order(catalog))}
    for qid, question in catalog.questions.items():
        for child in question.follow_ups:
            if (
                child in position
                and child != qid
                and qid not in catalog.questions[child].follow_ups
            ):
                assert position[child] > position[qid], (qid, child)


def test_today_takes_the_day_s_new_questions_in_this_order(tmp_path: Path) -> None:
    context = make_context(tmp_path, PINNED)
    settings = context.store.settings
    settings.new_per_day = 3
    context.store.save_settings(settings)
    queue = today(context.catalog, context.store, context.clock.now())
    assert queue.new == ["m.rnn-a", "m.gate", "m.lstm-easy"] and queue.due == []
    record_answer(context, "m.rnn-a")  # one introduced: two left today, the same two
    queue = today(context.catalog, context.store, context.clock.now())
    assert queue.new == ["m.gate", "m.lstm-easy"]


@pytest.mark.parametrize("builtin_first", [False, True])
def test_the_builtin_stream_comes_after_the_learners_on_a_tie(
    tmp_path: Path, builtin_first: bool
) -> None:
    big = _bank("big", [(f"b.{k}", "rnn.recurrence", 1, []) for k in range(2)])
    small = _bank("small", [(f"s.{k}", "gates.definition", 1, []) for k in range(2)])
    context = make_context(tmp_path, big, small)
    catalog = context.catalog
    shipped = "big" if builtin_first else "small"
    banks = [dataclasses.replace(b, builtin=b.id == shipped) for b in catalog.banks]
    order = NewOrder.of(dataclasses.replace(catalog, banks=banks))
    own = "s" if builtin_first else "b"
    assert next(iter(order(frozenset(catalog.questions)))) == f"{own}.0"
