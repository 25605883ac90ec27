"""Bank text is text: never Rich/Textual markup, never terminal control sequences.

``safe_text`` (from ``quizapp.banks.text``) replaces control characters with visible
stand-ins. Plain text goes through ``rich.text.Text`` (never parsed as markup); Markdown goes
to ``BankMarkdown``, whose ``Content`` and Textual Markdown both render ``[bold]`` literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from quizapp.banks.text import safe_text
from quizapp.i18n import _

if TYPE_CHECKING:
    from quizapp.core.catalog import Catalog

__all__ = ["fallback_note", "plain", "safe_text"]


def plain(value: object, style: str = "") -> Text:
    """Rich Text that is never interpreted as markup."""
    return Text(safe_text(value), style=style)


def fallback_note(catalog: Catalog, question_id: str) -> str:
    """The line that says a question (or some of its text) is shown in English because it has
    no translation into the catalog's language yet ("" when nothing fell back)."""
    english = catalog.english_fields.get(question_id)
    if not english:
        return ""
    if english >= {"prompt"}:
        return _("Shown in English: this question has no translation yet.")
    return _("Some of this question is shown in English (not translated yet).")
