"""The words a template writes, in the learner's language: the gettext domain ``templates``.

A template builds its prompt, answer form, worked-step labels and named mistakes through a
``Prose``: ``tr("a vector of {length} numbers", length=3)`` looks the whole message up in the
catalog (``quizapp/locale/<lang>/LC_MESSAGES/templates.mo``) and then fills its named
placeholders, so a translator sees every sentence whole and may move the numbers. Module-level
texts are marked with ``N_`` (for extraction) and looked up where they are used. English is the
message itself: no catalog is read, and the output is what the f-strings wrote before.
Extraction keywords (``make catalogs``): ``tr``, ``plural:1,2``, ``N_``.
"""

from __future__ import annotations

import functools
from typing import Any

from quizapp.i18n import Language, translator

__all__ = ["N_", "Prose", "prose"]


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

    def __call__(self, message: str, /, **values: Any) -> str:
        """The message in this language, its ``{name}`` placeholders filled from ``values``."""
        text = self._gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """The singular or plural message for ``count`` (ngettext), placeholders filled."""
        return self._ngettext(singular, plural, count).format(count=count, **values)


@functools.cache
def prose(language: Language) -> Prose:
    return Prose(language)
