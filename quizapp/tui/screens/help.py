"""Every key of the screen underneath and of the app, read from the bindings themselves."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from quizapp.i18n import N_, _
from quizapp.i18n.width import pad_left
from quizapp.tui.app import QuizApp
from quizapp.tui.text import plain


class HelpScreen(ModalScreen[None]):
    app = getters.app(QuizApp)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", N_("Close"), id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 70; max-height: 80%; border: round $accent; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        lines = [_("Keys (Esc closes; remap them by id in keymap.toml)"), ""]
        overrides = self.app.keymap_overrides
        for owner in (self.under, self.app):
            for binding in getattr(owner, "BINDINGS", []):
                if isinstance(binding, Binding):
                    if binding.id in overrides:
                        binding = replace(binding, key=overrides[binding.id])
                    keys = " ".join(
                        self.app.get_key_display(replace(binding, key=key.strip()))
                        for key in binding.key.split(",")
                    )
                    what = _(binding.description) if binding.description else binding.action
                    lines.append(f"{pad_left(keys, 14)}  {what}  [{binding.id}]")
        with VerticalScroll():
            yield Static(plain("\n".join(lines)))
