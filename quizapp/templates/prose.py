"""The words a template writes, in the learner's language: the gettext domain ``templates``.

A template builds its prompt, answer form, worked-step labels and named mistakes through a
``Prose``: ``tr("a vector of {length} numbers", length=3)`` looks the whole message up in the
catalog (``quizapp/locale/<lang>/LC_MESSAGES/templates.mo``) and then fills its named
placeholders, so a translator sees every sentence whole and may move the numbers. Module-level
texts are marked with ``N_`` (for extraction) and looked up where they are used. English is the
message itself: no catalog is read, and the output is what the f-strings wrote before.
Extraction keywords (``make catalogs``): ``tr``, ``plural:1,2``, ``N_``.

Chinese text puts a space between a Han character and Latin letters or digits (the
convention of zh.d2l.ai: 隐状态 h_t，一个 LSTM 层), also where a placeholder filled with a
symbol or a number meets the translated words, so a translation need not guess what will fill it.
"""

from __future__ import annotations

import functools
import gettext
import re
from typing import Any

from quizapp.i18n import Language, translator

__all__ = ["N_", "Prose", "prose"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# what may open or close a formula next to Han text: Latin, digits, Greek, ∂ ‖ √ Σ Π, code
_OPENS = "A-Za-z0-9\u0370-\u03ff\u2202\u2016\u221a\u2211\u220f(\\[`"
_CLOSES = "A-Za-z0-9\u0370-\u03ff\u2016\u00b2\u1d40)\\]`"


@functools.cache
def _boundaries() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Han then Latin, Latin then Han: compiled with the first Chinese text (their character
    classes took a tenth of the templates' import, which English never needs)."""
    return re.compile(f"([{_HAN}])([{_OPENS}])"), re.compile(f"([{_CLOSES}])([{_HAN}])")


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where it is shown."""
    return message


class Prose:
    """One language's view of the ``templates`` catalog."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        catalog = translator("templates", language)
        self._gettext = catalog.gettext
        self._ngettext = catalog.ngettext
        self._spaced = language == "zh"
        # no catalog and no spacing (English): the message itself
        self._identity = type(catalog) is gettext.NullTranslations and not self._spaced

    def __call__(self, message: str, /, **values: Any) -> str:
        """The message in this language, its ``{name}`` placeholders filled from ``values``.
        (English is the message itself: a draw asks for a dozen, so that path is direct.)"""
        if self._identity:
            return message.format(**values) if values else message
        text = self._gettext(message)
        return self._typeset(text.format(**values) if values else text)

    def plural(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """The singular or plural message for ``count`` (ngettext), placeholders filled."""
        return self._typeset(self._ngettext(singular, plural, count).format(count=count, **values))

    def _typeset(self, text: str) -> str:
        if not self._spaced:
            return text
        han_then_latin, latin_then_han = _boundaries()
        text = han_then_latin.sub(r"\1 \2", text)
        return latin_then_han.sub(r"\1 \2", text)


@functools.cache
def prose(language: Language) -> Prose:
    return Prose(language)
