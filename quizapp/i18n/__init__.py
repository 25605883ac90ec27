"""Which languages quizapp speaks, and the gettext catalogs that hold its translated strings.

Two gettext domains ship in ``quizapp/locale/<lang>/LC_MESSAGES/``: ``quizapp`` for what the TUI
and the CLI say, ``templates`` for the prose numeric templates write (prompts, answer forms,
worked-step labels, named mistakes). Catalogs are compiled with Babel (``make catalogs``); a
missing catalog falls back to the English source string, never to an error.

The interface's language is chosen once at start-up (``resolve_language``: ``--lang``, then
``QUIZAPP_LANG``, then the saved setting, then the locale) and set with ``set_language``; ``_``
and ``ngettext`` translate into it wherever they are called (the CLI, Textual screens), so a
string is looked up when it is shown, not when its module is imported.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_ENV",
    "N_",
    "Language",
    "UnknownLanguage",
    "_",
    "current_language",
    "language_from_locale",
    "ngettext",
    "normalise_language",
    "parse_language",
    "resolve_language",
    "set_language",
    "translator",
    "using_language",
]

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
DEFAULT_LANGUAGE: Language = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGE_ENV = "QUIZAPP_LANG"
# The variables gettext reads for the messages' language, most specific first (POSIX).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
UI_DOMAIN = "quizapp"


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


class UnknownLanguage(ValueError):
    """A language code quizapp does not speak; the message lists those it does."""

    def __init__(self, code: str, where: str = "") -> None:
        known = ", ".join(LANGUAGES)
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}unknown language '{code}'; quizapp speaks: {known}")
        self.code = code


def parse_language(code: str, where: str = "") -> Language:
    """``code`` as a language (``zh_CN.UTF-8`` -> ``zh``), or ``UnknownLanguage``."""
    language = normalise_language(code)
    if language is None:
        raise UnknownLanguage(code, where)
    return language


def language_from_locale(environ: Mapping[str, str] | None = None) -> Language | None:
    """The language the locale names for messages: the first of LC_ALL, LC_MESSAGES, LANG
    that is set decides (``C``, ``POSIX`` or an unknown language: None, i.e. English)."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return normalise_language(value)
    return None


def resolve_language(
    explicit: str | None = None,
    stored: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Language:
    """``--lang``, then ``QUIZAPP_LANG``, then the saved setting, then the locale, then English.

    An unknown ``--lang`` or ``QUIZAPP_LANG`` is an ``UnknownLanguage`` (the learner asked for
    it by name); an unknown saved setting or locale is passed over.
    """
    environ = os.environ if environ is None else environ
    if explicit:
        return parse_language(explicit, "--lang")
    from_env = environ.get(LANGUAGE_ENV)
    if from_env:
        return parse_language(from_env, LANGUAGE_ENV)
    return normalise_language(stored) or language_from_locale(environ) or DEFAULT_LANGUAGE


_current: list[Language] = [DEFAULT_LANGUAGE]


def set_language(language: Language) -> None:
    """The language ``_`` and ``ngettext`` translate into from now on."""
    _current[0] = language


def current_language() -> Language:
    return _current[0]


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is defined (a help text, a table of labels);
    ``_`` translates it where it is shown."""
    return message


def _(message: str) -> str:
    """``message`` (an English source string of the ``quizapp`` domain) in the current language.
    The empty string stays empty (gettext would answer it with the catalog's header)."""
    if not message:
        return message
    return translator(UI_DOMAIN, _current[0]).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the current language."""
    return translator(UI_DOMAIN, _current[0]).ngettext(singular, plural, count)


def join_names(names: Iterable[str]) -> str:
    """Names in a running list: "a, b" in English, "a、b" in Chinese (the enumeration comma)."""
    # Translators: the separator between the items of a list of names (topics, banks)
    return _(", ").join(names)


@contextlib.contextmanager
def using_language(language: Language) -> Iterator[None]:
    """``_`` in ``language`` inside the block (an export in another language), then as before."""
    before = _current[0]
    _current[0] = language
    try:
        yield
    finally:
        _current[0] = before
