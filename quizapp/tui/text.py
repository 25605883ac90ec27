"""Bank text is text: never Rich/Textual markup, never terminal control sequences.

Control characters (C0 except newline and tab, DEL, C1) are replaced by visible stand-ins,
ESC by '␛', so a prompt containing ``\\x1b]0;title\\x07`` shows the characters and does nothing.
Plain text goes through ``rich.text.Text`` (never parsed as markup); Markdown goes to
``BankMarkdown``, whose ``Content`` and Textual Markdown both render ``[bold]`` literally.
"""

from __future__ import annotations

from rich.text import Text

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES[0x7F] = "␡"
_PICTURES.update({code: "�" for code in range(0x80, 0xA0)})
_TABLE = str.maketrans(_PICTURES)


def safe_text(value: object) -> str:
    """A string with every terminal control character made visible and inert."""
    return str(value).translate(_TABLE)


def plain(value: object, style: str = "") -> Text:
    """Rich Text that is never interpreted as markup."""
    return Text(safe_text(value), style=style)
