"""The interview planner: days left, readiness on the day, per-topic recall, the daily load,
and what to do about it.

The numbers come from ``quizapp.planning.interview`` (fsrs projections), in a thread worker;
the recommended actions from ``quizapp.planning.actions``, each offered with a key (and Enter
on its line): n raises the new count in Settings, w practises the weakest topics, c crams
what is below target on the last day. The date can be typed right here (saved to Settings,
like the Settings screen's field); while the date field has the focus, letters go into it and
the action keys leave the key bar.

Every learner-visible sentence of the actions is a literal in ``TEXT`` (issue 20).
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.i18n import N_, _, join_names, ngettext
from quizapp.planning.actions import PlanAction, apply_new_per_day, recommended
from quizapp.planning.interview import Plan, parse_interview_date, plan
from quizapp.tui.faults import fault_boundary
from quizapp.tui.naming import Namer
from quizapp.tui.screen import QuizScreen
from quizapp.tui.text import plain
from quizapp.tui.widgets.charts import bars
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.title_bar import TitleBar

TEXT = {
    "actions": N_("What to do now (Enter on one, or its key)"),
    "raise_new": N_(
        "{key}  Raise new questions per day from {current} to {wanted}: all seen in time"
    ),
    "raise_most": N_(
        "{key}  Raise new questions per day from {current} to {wanted}: most to learn"
    ),
    "weakest": N_("{key}  Practise the weakest topics now: {topics} ({count})"),
    "cram": N_("{key}  Cram what is below target: {count} under {target} recall on the day"),
    "no_history": N_(
        "No weakest topic yet: nothing has been studied. Today's review (Enter on Home) "
        "introduces new questions."
    ),
    "nothing": N_("Nothing to change: keep up with today's review."),
    "raised": N_("New questions per day: {wanted}."),
    "raised_title": N_("Settings saved"),
}
ACTION_IDS = {
    "raise_new": "planner.raise_new",
    "weakest": "planner.weakest",
    "cram": "planner.cram",
}


class PlannerScreen(QuizScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Back"), id="planner.back"),
        Binding("n", "act('raise_new')", N_("Raise new"), id="planner.raise_new"),
        Binding("w", "act('weakest')", N_("Practise weakest"), id="planner.weakest"),
        Binding("c", "act('cram')", N_("Cram"), id="planner.cram"),
        Binding("ctrl+s", "save_date", N_("Save date"), id="planner.save_date"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Plan | None = None
        self.actions: dict[str, PlanAction] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(plain(_("Planning…")), id="headline", classes="verdict-right")
            yield Static(id="readiness", classes="options")
            yield Static(id="today", classes="options")
            yield Static(id="load", classes="options")
            yield Static(plain(_(TEXT["actions"])), id="actions-title", classes="progress")
            yield OptionList(id="actions")
            yield Static(id="actions-note", classes="options")
            yield Static(id="topics-title", classes="progress")
            yield Static(id="topics", classes="options")
            yield Label(
                plain(_("Interview date (YYYY-MM-DD; empty = none), Enter to save")),
                classes="progress",
            )
            yield Input(id="date", placeholder=_("e.g. {date}").format(date="2026-04-15"))
            yield Static(id="problem", classes="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        settings = self.context.store.settings
        self.query_one("#date", Input).value = settings.interview_date or ""
        self.check_database()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        context = self.context
        with context.store.reader() as store:
            result = plan(context.catalog, store, context.clock)
        self.app.call_from_thread(self.show, result)

    def show(self, result: Plan) -> None:
        self.plan = result
        self.show_actions(result)
        headline = self.query_one("#headline", Static)
        parts = ("#readiness", "#today", "#load", "#topics-title", "#topics")
        if not result.has_projection:
            headline.set_classes("problem")
            headline.update(plain(result.message))
            for selector in parts:
                self.query_one(selector, Static).display = selector == "#readiness"
            self.query_one("#readiness", Static).update(
                plain(_("Type the date below and press Enter, or set it in Settings (key ,)."))
            )
            self.query_one("#date", Input).focus()
            return
        for selector in parts:
            self.query_one(selector, Static).display = True
        headline.set_classes("verdict-right")
        headline.update(plain(result.message))
        target = f"{result.desired_retention:.0%}"
        ready = round(result.overall_readiness * result.total)
        self.query_one("#readiness", Static).update(
            plain(
                _(
                    "Readiness {readiness} ({ready} of {total} questions at ≥{target} recall on "
                    "the day, if you stopped now) · expected recall {recall} · {unseen} never seen"
                ).format(
                    readiness=f"{result.overall_readiness:.0%}",
                    ready=ready,
                    total=result.total,
                    target=target,
                    recall=f"{result.overall_recall:.0%}",
                    unseen=result.unseen,
                )
            )
        )
        effect = result.today
        if effect is None or effect.empty:
            today = _("Today's session: nothing due and no new questions left for today.")
        else:
            today = ngettext(
                "Today's session ({count} review, {new} new): recall on the day {recall_before} "
                "→ {recall_after}, readiness {ready_before} → {ready_after}",
                "Today's session ({count} reviews, {new} new): recall on the day {recall_before} "
                "→ {recall_after}, readiness {ready_before} → {ready_after}",
                effect.reviews,
            ).format(
                count=effect.reviews,
                new=effect.new,
                recall_before=f"{effect.recall_without:.0%}",
                recall_after=f"{effect.recall_with:.0%}",
                ready_before=f"{effect.readiness_without:.0%}",
                ready_after=f"{effect.readiness_with:.0%}",
            )
        self.query_one("#today", Static).update(plain(today))
        load = result.load
        if load is not None:
            scheduled = _(
                "Reviews already scheduled before the day: {count} (about {per_day} a day, "
                "{today} today)"
            ).format(
                count=load.reviews_before,
                per_day=load.reviews_per_day,
                today=load.reviews_by_day[0],
            )
            self.query_one("#load", Static).update(
                plain(
                    _("Daily load: {message}").format(message=load.message) + "\n" + scheduled,
                    style="" if load.feasible else "bold",
                )
            )
        self.query_one("#topics-title", Static).update(
            plain(_("Projected recall per topic on the day (weakest first)"))
        )
        width = 20 if self.size.width < 100 else 30
        namer = Namer(self.context.catalog)
        rows = [
            (
                namer.topic(topic.topic),
                topic.expected_recall,
                _("{recall} · {ready}/{total} ready").format(
                    recall=f"{topic.expected_recall:.0%}", ready=topic.ready, total=topic.questions
                )
                + (" · " + _("{count} unseen").format(count=topic.unseen) if topic.unseen else ""),
            )
            for topic in result.topics
        ]
        self.query_one("#topics", Static).update(
            bars(rows, width=width, label_width=24 if width == 20 else 34)
            if rows
            else plain(_("No questions loaded."))
        )

    def show_actions(self, result: Plan) -> None:
        """The recommended actions as lines with their keys (none without a projection)."""
        context = self.context
        settings = context.store.settings
        actions = recommended(result, settings, context.catalog)
        self.actions = {action.kind: action for action in actions}
        listing = self.query_one("#actions", OptionList)
        listing.clear_options()
        listing.add_options(Option(plain(self._line(a)), id=a.kind) for a in actions)
        shown = result.has_projection
        for selector in ("#actions-title", "#actions", "#actions-note"):
            self.query_one(selector).display = shown
        listing.display = shown and bool(actions)
        note = ""
        if shown and "weakest" not in self.actions and result.unseen == result.total:
            note = _(TEXT["no_history"])
        elif shown and not actions:
            note = _(TEXT["nothing"])
        self.query_one("#actions-note", Static).update(plain(note))
        self.query_one("#actions-note").display = bool(note)
        body = self.query_one("#body", VerticalScroll)
        if actions:  # focused where it is: the screen stays at its headline
            listing.highlighted = 0
            listing.focus(scroll_visible=False)
        elif shown and not isinstance(self.focused, Input):
            body.focus(scroll_visible=False)  # the last action done: not the date field
        self.refresh_bindings()

    def _line(self, action: PlanAction) -> str:
        key = self.key_for(ACTION_IDS[action.kind])
        if action.kind == "raise_new":
            current = self.context.store.settings.new_per_day
            line = _(TEXT["raise_new"]) if action.covers_all else _(TEXT["raise_most"])
            return line.format(key=key, current=current, wanted=action.new_per_day)
        count = ngettext("{count} question", "{count} questions", len(action.question_ids)).format(
            count=len(action.question_ids)
        )
        if action.kind == "weakest":
            namer = Namer(self.context.catalog)
            topics = join_names(namer.topic(t) for t in action.topics)
            return _(TEXT["weakest"]).format(key=key, topics=topics, count=count)
        target = f"{self.plan.desired_retention:.0%}" if self.plan else ""
        return _(TEXT["cram"]).format(key=key, count=count, target=target)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An action key works (and shows) when the plan offers it and no text box has the
        focus (there its letter is typed)."""
        if action == "act":
            typing = isinstance(self.focused, Input)
            return not typing and str(parameters[0]) in self.actions
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_act(str(event.option.id))

    def action_act(self, kind: str) -> None:
        action = self.actions.get(kind)
        if action is None:
            return
        if action.kind == "raise_new":
            apply_new_per_day(self.context.store, action)
            self.notify(
                _(TEXT["raised"]).format(wanted=action.new_per_day), title=_(TEXT["raised_title"])
            )
            self.load()
            return
        from quizapp.tui.screens.summary import practice_of

        self.app.push_screen(practice_of(self.context, action.question_ids))

    def on_screen_resume(self) -> None:
        if self.plan is not None:  # back from a practice session: the numbers moved
            self.load()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save_date()

    @fault_boundary(N_("saving the interview date"), N_("the date was not changed"))
    def action_save_date(self) -> None:
        context = self.context
        problem = self.query_one("#problem", Static)
        try:
            day = parse_interview_date(self.query_one("#date", Input).value)
        except ValueError as exc:
            problem.update(plain(str(exc)))
            return
        settings = context.store.settings
        settings.interview_date = day.isoformat() if day else None
        context.store.save_settings(settings)
        problem.update("")
        self.notify(_("Interview date saved.") if day else _("Interview date cleared."))
        self.load()
