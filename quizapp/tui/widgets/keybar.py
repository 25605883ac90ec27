"""A one-line key bar: the bindings that matter on this screen, each clickable.

Textual's ``Footer`` mounts a widget per key and restyles every one of them whenever the
bindings change (each focus move), which was a third of the time from a keypress to the
feedback screen. This bar is one widget: it renders a single ``Content`` and re-renders it
on the screen's ``bindings_updated_signal``. Clicking a key simulates pressing it, so the
mouse works wherever the keyboard does.
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from quizapp.i18n import _

Hint = tuple[str, str, str, bool]  # key to simulate, key as shown, description, enabled
_built: dict[tuple[tuple[Hint, ...], int], Content] = {}  # the same few bars, screen after screen


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._content = self.build_content()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._content = self.build_content()
        self.refresh()

    _rebuild_pending = False

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Textual signals a change of bindings several times for one answer (each focus move
        and binding refresh): the bar is rebuilt once, after the handler that moved them and
        before the frame that shows them."""
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_next(self._rebuild)

    def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        content = self.build_content()
        if content.plain != self._content.plain:
            self._content = content
            self.refresh()

    def hints(self) -> list[Hint]:
        """(key to simulate, key as shown, description, enabled), one per action and label."""
        found: list[Hint] = []
        seen: set[str] = set()
        describe = getattr(self.screen, "key_description", None)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            described = describe(binding) if describe is not None else binding.description
            description = _(described) if described else ""
            if not binding.show or not description:
                continue
            if binding.action in seen or description in seen:
                continue
            seen.update((binding.action, description))
            key = binding.key.split(",")[0]
            found.append((key, self.app.get_key_display(binding), description, enabled))
        return found

    def build_content(self, hints: list[Hint] | None = None) -> Content:
        """Every hint, spaced out when the bar is wide enough, tighter (then shorter) if not."""
        key = (tuple(self.hints() if hints is None else hints), self.size.width or 80)
        if key not in _built:
            if len(_built) > 256:
                _built.clear()
            _built[key] = _layout(*key)
        return _built[key]

    def render(self) -> Content:
        return self._content


def _layout(hints: tuple[Hint, ...], width: int) -> Content:
    for pad, short in ((" ", False), ("", False), ("", True)):
        parts = []
        for key, shown, description, enabled in hints:
            label = description.split()[0] if short else description
            text = f"{pad}{shown} {label}{pad} "
            click = Style.from_meta({"@click": f"app.simulate_key({key!r})"})
            entry = Content(text, spans=[Span(0, len(text), click)])
            entry = entry.stylize("bold $footer-key-foreground", len(pad), len(pad) + len(shown))
            parts.append(entry if enabled else entry.stylize("dim"))
        content = Content("").join(parts)
        if content.cell_length <= width:
            break
    return content
