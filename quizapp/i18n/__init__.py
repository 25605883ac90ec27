"""Which languages quizapp speaks, and the gettext catalogs that hold its translated strings.

Two gettext domains ship in ``quizapp/locale/<lang>/LC_MESSAGES/``: ``quizapp`` for what the TUI
and the CLI say, ``templates`` for the prose numeric templates write (prompts, answer forms,
worked-step labels, named mistakes). Catalogs are compiled with Babel (``make catalogs``); a
missing catalog falls back to the English source string, never to an error.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path
from typing import Literal

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Language", "normalise_language", "translator"]

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
DEFAULT_LANGUAGE: Language = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def normalise_language(code: str | None) -> Language | None:
    """'zh', 'zh_CN.UTF-8', 'zh-Hans', 'ZH' -> 'zh'; 'en_GB' -> 'en'; unknown or empty -> None."""
    if not code:
        return None
    base = code.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    for language in LANGUAGES:
        if base == language:
            return language
    return None


@functools.cache
def translator(domain: str, language: Language) -> gettext.NullTranslations:
    """The compiled catalog for a domain and language; English (or a missing file) is identity."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[language], fallback=True)
