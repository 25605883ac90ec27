"""Lines with a hanging indent: a mark or label, then text whose wrapped lines stay under it.

Options (``a) ...``), per-option marks (``✓ b) ... ← you``) and labelled answers
(``Expected: ...``) wrap under their text, not under the mark, as a printed list does. One
widget renders every line as one ``Content`` for its current width (wrapped here, spans such
as an option's click action kept), so a block of options costs one widget, not one per line.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Line = tuple[Content, Content]  # (prefix: mark or label, text wrapped under its end)
MIN_TEXT = 12  # cells of text kept beside a long prefix on a narrow screen


def hanging(lines: Sequence[Line], width: int) -> list[Content]:
    """Every line wrapped to ``width`` cells, continuation lines indented past its prefix."""
    out: list[Content] = []
    for prefix, text in lines:
        indent = prefix.cell_length
        room = max(MIN_TEXT, width - indent)
        wrapped = text.wrap(room) if text.plain else [Content("")]
        out.append(prefix + wrapped[0])
        out.extend(Content(" " * indent) + line for line in wrapped[1:])
    return out


class Hanging(Widget):
    """A block of hanging-indent lines; ``update`` replaces them."""

    DEFAULT_CSS = """
    Hanging {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: tuple[Line, ...] = ()
        self._cache: tuple[int, Content] | None = None

    @property
    def lines(self) -> tuple[Line, ...]:
        return self._lines

    def update(self, lines: Sequence[Line]) -> None:
        self._lines = tuple(lines)
        self._cache = None
        self.refresh(layout=True)

    def _content(self, width: int) -> Content:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, Content("\n").join(hanging(self._lines, width)))
        return self._cache[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._content(width).plain.count("\n") + 1 if self._lines else 0

    def render(self) -> Content:
        return self._content(self.content_region.width or 80)
