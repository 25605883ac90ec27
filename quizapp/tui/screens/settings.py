"""Settings: desired retention, new questions per day, interview date, theme, language; the
data dir."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from quizapp.i18n import N_, _, language_from_locale, normalise_language
from quizapp.planning.interview import parse_interview_date
from quizapp.tui.faults import fault_boundary
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

FOLLOW_LOCALE = "locale"
# Each language in its own name, so a learner who cannot read the current one finds theirs.
LANGUAGE_CHOICES = [
    (N_("Follow the system locale"), FOLLOW_LOCALE),
    ("English", "en"),
    ("中文（简体）", "zh"),
]


class SettingsScreen(QuizScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="settings.save"),
        Binding("escape", "app.pop_screen", N_("Back"), id="settings.back"),
    ]

    def compose(self) -> ComposeResult:
        context = self.context
        settings = context.store.settings
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Label(_("Desired retention (0.70-0.99)"))
            yield Input(str(settings.desired_retention), id="retention")
            yield Label(_("New questions per day"))
            yield Input(str(settings.new_per_day), id="new-per-day", type="integer")
            yield Label(_("Interview date (YYYY-MM-DD; empty = none), for the planner"))
            yield Input(
                settings.interview_date or "",
                id="interview-date",
                placeholder=_("e.g. {date}").format(date="2026-04-15"),
            )
            yield Label(_("Theme"))
            themes = sorted(self.app.available_themes)
            yield Select(
                [(name, name) for name in themes],
                value=self.app.theme,
                id="theme",
                allow_blank=False,
            )
            yield Label(_("Language (questions and interface)"))
            yield Select(
                [
                    (_(name) if value == FOLLOW_LOCALE else name, value)
                    for name, value in LANGUAGE_CHOICES
                ],
                value=settings.language or FOLLOW_LOCALE,
                id="language",
                allow_blank=False,
            )
            yield Static(
                plain(_("Data directory: {path}").format(path=context.data_dir)), classes="progress"
            )
            yield Static(id="problem", classes="problem")
        yield KeyBar()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme" and isinstance(event.value, str):
            self.app.theme = event.value  # applied live; saved with Ctrl+S

    @fault_boundary(N_("saving the settings"), N_("the settings were not changed"))
    def action_save(self) -> None:
        context = self.context
        settings = context.store.settings
        problem = self.query_one("#problem", Static)
        try:
            settings.desired_retention = float(self.query_one("#retention", Input).value)
            settings.new_per_day = int(self.query_one("#new-per-day", Input).value)
        except ValueError:
            problem.update(
                plain(_("Retention must be a number like 0.9; new per day a whole number."))
            )
            return
        try:
            interview = parse_interview_date(self.query_one("#interview-date", Input).value)
        except ValueError as exc:
            problem.update(plain(_("Interview date: {problem}").format(problem=exc)))
            return
        settings.interview_date = interview.isoformat() if interview else None
        settings.theme = str(self.query_one("#theme", Select).value)
        chosen = str(self.query_one("#language", Select).value)
        settings.language = None if chosen == FOLLOW_LOCALE else chosen
        try:
            context.store.save_settings(settings)
        except ValueError as exc:
            problem.update(plain(str(exc)))
            return
        problem.update("")
        language = normalise_language(settings.language) or language_from_locale() or "en"
        if language != context.language:
            context.switch_language(language)  # questions and strings from now on
            self.refresh(recompose=True)
        self.notify(_("Settings saved."))
