"""The bank format as pydantic models: the single source of the rules and the JSON Schema.

Key names are a contract (outside tools rely on them); unknown keys are errors so a typo like
``explantion:`` is reported instead of silently dropped. Types are strict where YAML has them
(``correct: 'yes'``, ``difficulty: true`` and ``answer: "0.5"`` are errors, not coerced),
numbers finite, text never blank. Rules across fields (exactly one tolerance, answer or
template, one correct option) are ``quizapp.banks.rules.Rule`` objects in each model's
``rules``: checked beside the field errors and stated in the JSON Schema from the same object.
Rules that need other files or the templates' code (ids, topics, follow-ups, template names
and parameters, draws) are the loader's.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr

from quizapp.banks.field_types import ID_PATTERN as ID_PATTERN  # re-exported: its old home
from quizapp.banks.field_types import Difficulty, Identifier, NumberOrVector, Text
from quizapp.banks.frozen import (
    ChoiceRecord,
    CodeRecord,
    ConventionsRecord,
    FlashcardRecord,
    KnownMistakeRecord,
    MultiRecord,
    NumericRecord,
    OptionRecord,
    ShortRecord,
    SpotTheMistakeRecord,
    TemplateCheckRecord,
    ToleranceRecord,
    frozen_value,
)
from quizapp.banks.rules import (
    at_least_one_of,
    correct_options,
    either,
    exactly_one_of,
    only_with,
    only_without,
    same_shape_as,
)
from quizapp.banks.strict import Strict as _Strict
from quizapp.banks.translation_models import TRANSLATED_LANGUAGES, Translations

Markdown = Text


class Conventions(_Strict):
    """Conventions that change answers; a question's own override its bank's defaults."""

    gru_update: Literal["keep", "take"] | None = Field(
        None,
        description="keep: h = z*h_prev + (1-z)*h~ (Cho 2014, d2l, PyTorch, Keras); "
        "take: h = (1-z)*h_prev + z*h~ (Chung 2014, Andrew Ng, colah).",
    )
    gru_reset: Literal["before", "after"] | None = Field(
        None,
        description="Reset gate applied before the hidden matmul (Cho, d2l) or after it "
        "(PyTorch, Keras reset_after=True).",
    )
    framework: Literal["pytorch", "keras", "textbook"] | None = Field(
        None, description="Whose layout and bias convention a count or gate order follows."
    )

    def overlay(self, other: Conventions | None) -> Conventions:
        if other is None:
            return self
        merged = self.model_dump()
        merged.update({k: v for k, v in other.model_dump().items() if v is not None})
        return Conventions(**merged)

    def to_record(self) -> ConventionsRecord:
        return ConventionsRecord(self.gru_update, self.gru_reset, self.framework)


class Tolerance(_Strict):
    """Exactly one of abs, rel or sig_figs."""

    rules = (exactly_one_of("abs", "rel", "sig_figs", what="a tolerance"),)

    abs: float | None = Field(None, ge=0, description="Accept |answer - expected| <= abs.")
    rel: float | None = Field(
        None, ge=0, description="Accept |answer - expected| <= rel * |expected|."
    )
    sig_figs: int | None = Field(
        None, ge=1, le=15, description="Accept answers that agree to this many significant figures."
    )

    def to_record(self) -> ToleranceRecord:
        return ToleranceRecord(self.abs, self.rel, self.sig_figs)


class TopicDef(_Strict):
    id: Identifier
    summary: Text
    section: Text | None = None
    title: Text | None = Field(None, description="A short name for screens (default: the summary).")


class BankMeta(_Strict):
    id: Identifier = Field(description="Unique bank id, e.g. 'lstm'.")
    title: Text
    description: str | None = None
    version: int | str | None = None
    authors: list[Text] = Field(default_factory=list)
    conventions: Conventions = Field(default_factory=Conventions)
    topics: list[TopicDef] = Field(
        default_factory=list, description="Extra topic ids this bank defines."
    )


class Option(_Strict):
    text: Markdown
    correct: bool = False
    feedback: Text | None = Field(None, description="Why this option is right or wrong.")

    def to_record(self) -> OptionRecord:
        return OptionRecord(self.text, self.correct, self.feedback)


class _QuestionBase(_Strict):
    id: Identifier = Field(description="Unique across all loaded banks; progress is kept under it.")
    topics: list[Identifier] = Field(min_length=1)
    prompt: Markdown
    explanation: Markdown = Field(
        description="Why the answer is right; for choices, why each wrong option is wrong."
    )
    difficulty: Difficulty = 2
    sources: list[Text] = Field(default_factory=list)
    hints: list[Text] = Field(default_factory=list)
    follow_ups: list[Identifier] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    conventions: Conventions | None = None
    translations: Translations = Field(
        default_factory=dict,
        description="This question's text in other languages, beside the English "
        "(or in a translation file keyed by question id).",
        json_schema_extra={"propertyNames": {"enum": list(TRANSLATED_LANGUAGES)}},
    )

    _bank_id: str = PrivateAttr(default="")
    _source_path: str = PrivateAttr(default="")
    _content_hash: str = PrivateAttr(default="")
    _effective_conventions: Conventions | None = PrivateAttr(default=None)

    @property
    def bank_id(self) -> str:
        return self._bank_id

    @property
    def source_path(self) -> str:
        return self._source_path

    @property
    def content_hash(self) -> str:
        return self._content_hash

    @property
    def effective_conventions(self) -> Conventions:
        return self._effective_conventions or self.conventions or Conventions()

    def _common(self) -> dict[str, Any]:
        """The record fields every kind shares (``to_record`` of each kind adds its own)."""
        return {
            "id": self.id,
            "topics": tuple(self.topics),
            "prompt": self.prompt,
            "explanation": self.explanation,
            "difficulty": self.difficulty,
            "sources": tuple(self.sources),
            "hints": tuple(self.hints),
            "follow_ups": tuple(self.follow_ups),
            "tags": tuple(self.tags),
            "conventions": self.conventions.to_record() if self.conventions else None,
            "bank_id": self.bank_id,
            "source_path": self.source_path,
            "content_hash": self.content_hash,
            "effective_conventions": self.effective_conventions.to_record(),
        }

    def _options(self, options: list[Option]) -> tuple[OptionRecord, ...]:
        return tuple(option.to_record() for option in options)


class ChoiceQuestion(_QuestionBase):
    rules = (correct_options("choice", exactly_one=True),)

    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)
    shuffle: bool = True

    def to_record(self) -> ChoiceRecord:
        return ChoiceRecord(
            **self._common(), options=self._options(self.options), shuffle=self.shuffle
        )


class MultiQuestion(_QuestionBase):
    rules = (correct_options("multi", exactly_one=False),)

    kind: Literal["multi"]
    options: list[Option] = Field(min_length=2)
    shuffle: bool = True

    def to_record(self) -> MultiRecord:
        return MultiRecord(
            **self._common(), options=self._options(self.options), shuffle=self.shuffle
        )


class ShortQuestion(_QuestionBase):
    kind: Literal["short"]
    answers: list[Text] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    aliases: list[Text] = Field(default_factory=list, description="Accepted, never shown as it.")

    def to_record(self) -> ShortRecord:
        return ShortRecord(
            **self._common(),
            answers=tuple(self.answers),
            keywords=tuple(self.keywords),
            aliases=tuple(self.aliases),
        )


class FlashcardQuestion(_QuestionBase):
    kind: Literal["flashcard"]
    answer: Markdown
    # The answer is the model answer the learner checks their recall against; a note on why
    # is welcome but not required (an imported deck has none): missing means "".
    explanation: Markdown = Field(
        "", description="Optional for flashcards: context beyond the model answer."
    )

    def to_record(self) -> FlashcardRecord:
        return FlashcardRecord(**self._common(), answer=self.answer)


class TemplateCheck(_Strict):
    seed: int = Field(ge=0)
    answer: NumberOrVector

    def to_record(self) -> TemplateCheckRecord:
        return TemplateCheckRecord(self.seed, frozen_value(self.answer))


class KnownMistake(_Strict):
    """A wrong answer worth recognising: feedback names it instead of only saying "wrong"."""

    answer: NumberOrVector = Field(description="What the wrong method gives.")
    name: Text = Field(description="What the learner did, e.g. 'counted one bias per gate'.")
    explanation: Text = Field(
        description="What is right instead, or which framework or convention the answer fits."
    )
    convention: bool = Field(
        False, description="True when the answer is right under another framework's convention."
    )

    def to_record(self) -> KnownMistakeRecord:
        return KnownMistakeRecord(
            frozen_value(self.answer), self.name, self.explanation, self.convention
        )


class NumericQuestion(_QuestionBase):
    rules = (
        either("answer", "template", what="a numeric question"),
        only_with(
            "template",
            ("params", "checks"),
            message="'params' and 'checks' belong to template questions",
        ),
        only_without(
            "template",
            ("mistakes",),
            message="a template computes its own mistakes; "
            "'mistakes' belong to fixed-answer questions",
        ),
        same_shape_as("answer", "mistakes", "answer"),
    )

    kind: Literal["numeric"]
    answer: NumberOrVector | None = None
    tolerance: Tolerance | None = None
    template: str | None = Field(None, description="Name of an engine-backed generator.")
    params: dict[str, Any] = Field(default_factory=dict)
    checks: list[TemplateCheck] = Field(default_factory=list)
    mistakes: list[KnownMistake] = Field(
        default_factory=list,
        description=(
            "Fixed-answer questions: wrong answers to recognise (templates compute their own). "
            "Each must lie outside the tolerance of the answer."
        ),
    )

    @property
    def effective_tolerance(self) -> Tolerance:
        return self.tolerance or Tolerance(rel=1e-9)

    def to_record(self) -> NumericRecord:
        return NumericRecord(
            **self._common(),
            answer=frozen_value(self.answer),
            tolerance=self.tolerance.to_record() if self.tolerance else None,
            template=self.template,
            params=frozen_value(self.params),
            checks=tuple(check.to_record() for check in self.checks),
            mistakes=tuple(mistake.to_record() for mistake in self.mistakes),
            effective_tolerance=self.effective_tolerance.to_record(),
        )


class SpotTheMistakeQuestion(_QuestionBase):
    rules = (
        correct_options("spot_the_mistake", exactly_one=True, options_optional=True),
        at_least_one_of(
            "options", "answers", message="give 'options' to pick from and/or 'answers' to type"
        ),
    )

    kind: Literal["spot_the_mistake"]
    statement: Markdown
    options: list[Option] = Field(default_factory=list)
    answers: list[Text] = Field(default_factory=list)
    # a typed correction naming every keyword (any order, small typos, no negation) is right
    keywords: list[Text] = Field(default_factory=list, description="All named: 'a | b' = either")
    correction: Text | None = None
    shuffle: bool = True

    def to_record(self) -> SpotTheMistakeRecord:
        return SpotTheMistakeRecord(
            **self._common(),
            statement=self.statement,
            options=self._options(self.options),
            answers=tuple(self.answers),
            keywords=tuple(self.keywords),
            correction=self.correction,
            shuffle=self.shuffle,
        )


class CodeQuestion(_QuestionBase):
    """Write a function in NumPy; one of quizapp's own drills checks it on hidden cases.

    `drill` names a drill family (`quizapp drill list`) and `params` select one of its
    variants: never a file or code, so a bank can never make quizapp run anything. The task,
    signature, starter code, hidden cases and reference solution all come from the drill.
    """

    kind: Literal["code"]
    drill: str = Field(
        description="A drill family of quizapp's own (see `quizapp drill list`): never a file "
        "or code."
    )
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="The drill's parameters (cell, convention, layout, ...): they select one "
        "of its variants.",
    )

    _drill_id: str = PrivateAttr(default="")

    @property
    def drill_id(self) -> str:
        """The variant the parameters select (filled by the loader), e.g. gru-step.keep.after."""
        return self._drill_id

    def to_record(self) -> CodeRecord:
        return CodeRecord(
            **self._common(),
            drill=self.drill,
            params=dict(self.params),
            drill_id=self.drill_id,
        )


Question = Annotated[
    ChoiceQuestion
    | MultiQuestion
    | ShortQuestion
    | FlashcardQuestion
    | NumericQuestion
    | SpotTheMistakeQuestion
    | CodeQuestion,
    Field(discriminator="kind"),
]
KINDS = ("choice", "multi", "short", "flashcard", "numeric", "spot_the_mistake", "code")


class BankFile(_Strict):
    """One YAML file: ``bank:`` metadata and ``questions:``."""

    bank: BankMeta
    questions: list[Question] = Field(default_factory=list)
