"""The ``templates`` gettext catalog in Chinese: it holds exactly the messages Babel extracts
from quizapp/templates, each translated (none fuzzy, none obsolete), with the same named
placeholders and format specs as its English; the committed .mo is the compiled .po; Babel's own
checkers pass; every glossary term an English message uses appears in its Chinese (as the
glossary's term or an accepted form) and no avoided form does."""

from __future__ import annotations

import gettext
import re
import string
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.templates.zh_text import SOFT_BREAK, avoided, glossary

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "quizapp" / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "templates.po"
MO = PO.with_suffix(".mo")
# the extraction keywords of `make catalogs` for this domain
KEYWORDS = {"tr": None, "plural": (1, 2), "N_": None}


@cache
def catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle)


def messages() -> list[Message]:
    return [m for m in catalog() if m.id]


def _ids(message: Message) -> tuple[str, ...]:
    """The English: (msgid,) or (singular, plural)."""
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message: Message) -> tuple[str, ...]:
    """The Chinese: (msgstr,) or the plural forms (one, for Chinese)."""
    if isinstance(message.string, str):
        return (message.string,)
    return tuple(message.string or ())


def _key(message: Message) -> str:
    return _ids(message)[0]


def test_the_catalog_holds_exactly_the_extracted_messages() -> None:
    extracted = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            ROOT / "quizapp" / "templates", keywords=KEYWORDS
        )
    }
    in_po = {_key(m) for m in messages()}
    assert sorted(extracted - in_po) == []  # new messages: run `make catalogs`, translate
    assert sorted(in_po - extracted) == []
    assert not catalog().obsolete
    assert len(in_po) >= 390


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    assert catalog().num_plurals == 1  # Chinese has one form
    for message in messages():
        strings = _strings(message)
        assert strings and all(strings), message.id
        assert not message.fuzzy, message.id
        english = _key(message)
        assert strings[0] != english or not re.search(r"[a-z]{3}", english), message.id


def test_babels_checkers_pass() -> None:
    """num_plurals and python-format (Babel checks %-placeholders, not braces: see below)."""
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog().check()]
    assert problems == []


def _fields(text: str) -> list[tuple[str, str]]:
    return sorted(
        (name, spec or "")
        for _, name, spec, _ in string.Formatter().parse(text)
        if name is not None
    )


@pytest.mark.parametrize("message", messages(), ids=lambda m: _key(m)[:40])
def test_placeholders_match(message: Message) -> None:
    """``{name}`` and ``{name:spec}`` in the Chinese are those of the English, so .format()
    fills them alike; a plural's one Chinese form has those of the English plural."""
    for translated in _strings(message):
        assert _fields(translated) == _fields(_ids(message)[-1])


def test_the_compiled_catalog_is_the_po() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in messages():
        english, translated = _ids(message), _strings(message)[0]
        if len(english) == 2:
            assert compiled.ngettext(english[0], english[1], 2) == translated
        else:
            assert compiled.gettext(english[0]) == translated


def _term_pattern(english: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s-]+", english)]
    stem = r"[\s-]+".join(words).replace("normalization", "normali[sz]ation")
    return re.compile(rf"\b{stem}(?:s|es)?\b", re.IGNORECASE)


# code in a message (identifiers, assignments, backticks, placeholders) names no concept
_CODE = re.compile(r"`[^`]*`|\{[^}]*\}|\b[\w.]+\s*=(?!=)|\b\w+[._]\w[\w.]*")


@pytest.mark.parametrize("term", glossary(), ids=lambda t: str(t["en"]))
def test_glossary_terms_are_followed(term: dict[str, Any]) -> None:
    pattern = _term_pattern(str(term["en"]))
    forms = [str(term["zh"]), *(str(f) for f in term.get("accept", []))]
    missing = []
    for message in messages():
        english = _CODE.sub(" ", _key(message))
        translated = _strings(message)[0]
        assert avoided(translated) == [], message.id
        if pattern.search(english) and not any(form in translated for form in forms):
            missing.append(_key(message))
    assert missing == []


def test_the_glossary_check_sees_the_terms_the_templates_use() -> None:
    used = [
        term["en"]
        for term in glossary()
        if any(_term_pattern(str(term["en"])).search(_CODE.sub(" ", _key(m))) for m in messages())
    ]
    assert len(used) >= 20
    assert {"forget gate", "cell state", "reset gate", "bias", "Jacobian"} <= set(used)


def test_no_soft_break_in_a_chinese_message() -> None:
    """No line break after a full-width mark or between two Chinese characters: the prompts are
    Markdown, which shows it as a space (see tests/i18n/test_chinese_line_breaks.py)."""
    translated = [(m.lineno, text) for m in messages() for text in _strings(m) if text]
    assert len(translated) > 300
    found = [
        f"templates.po:{line}: {text[match.start() : match.end()]!r}"
        for line, text in translated
        for match in SOFT_BREAK.finditer(text)
    ]
    assert found == [], "\n".join(found)
