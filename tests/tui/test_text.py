"""Terminal control characters become visible stand-ins; markup is never parsed."""

from __future__ import annotations

from quizapp.tui.text import plain, safe_text


def test_control_characters_are_made_visible() -> None:
    shown = safe_text("a\x1b]0;title\x07b\x00c\x7fd\x9be\tf\ng")
    assert shown == "a␛]0;title␇b␀c␡d�e\tf\ng"


def test_markup_stays_literal() -> None:
    text = plain("[bold]x[/bold] [@click=app.quit]y[/]")
    assert text.plain == "[bold]x[/bold] [@click=app.quit]y[/]"
    assert not text.spans
