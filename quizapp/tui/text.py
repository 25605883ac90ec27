"""Bank text is text: never Rich/Textual markup, never terminal control sequences.

``safe_text`` (from ``quizapp.banks.text``) replaces control characters with visible
stand-ins. Plain text goes through ``rich.text.Text`` (never parsed as markup); Markdown goes
to ``BankMarkdown``, whose ``Content`` and Textual Markdown both render ``[bold]`` literally.
"""

from __future__ import annotations

from rich.text import Text

from quizapp.banks.text import safe_text

__all__ = ["plain", "safe_text"]


def plain(value: object, style: str = "") -> Text:
    """Rich Text that is never interpreted as markup."""
    return Text(safe_text(value), style=style)
