"""The gettext catalog of the interface (domain ``quizapp``): complete, compiled, consistent.

Every string the code marks (``_``, ``ngettext``, ``N_``) is in the Chinese .po and translated;
each translation keeps its ``{placeholders}``; the committed .mo is what compiling the .po
gives (``make catalogs`` was run); the .mo ships in the wheel (tests/banks/test_editor_schema
lists the wheel's files).
"""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest

pytest.importorskip("babel.messages", reason="Babel is in the test extras")
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from quizapp.i18n import LOCALE_DIR, translator

ROOT = Path(__file__).resolve().parents[2]
PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "quizapp.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle)


def marked_messages() -> set[str]:
    """Every message the code marks, extracted as ``make catalogs`` does (no templates)."""
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "quizapp",
        method_map=[("templates/**.py", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_marked_string_is_in_the_catalog_and_translated() -> None:
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog() if m.id}
    missing = sorted(marked_messages() - set(translated))
    assert missing == [], f"run `make catalogs` and translate: {missing}"
    empty = sorted(m for m, text in translated.items() if not text)
    assert empty == [], f"untranslated in {PO.name}: {empty}"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# Chinese punctuation: a translation may be only these around its placeholders (the list
# separator "、", a verdict's "{title}：")
CHINESE_MARKS = set("、：；（）")


def _chinese_or_marks(text: str) -> bool:
    """Chinese characters, or nothing but placeholders, spaces and Chinese punctuation (with
    at least one mark: an untranslated "{title}:" must not pass)."""
    if re.search("[\u4e00-\u9fff]", text):
        return True
    rest = re.sub(r"\{[^}]*\}|\s", "", text)
    return bool(rest) and set(rest) <= CHINESE_MARKS


def test_translations_keep_the_placeholders_and_use_chinese_punctuation() -> None:
    for message in catalog():
        if not message.id or not isinstance(message.id, str):
            continue
        text = message.string
        assert isinstance(text, str), message.id
        assert _fields(text) == _fields(message.id), message.id
        assert _chinese_or_marks(text), message.id
        assert not re.search(r"[\u4e00-\u9fff][,:;]", text), text


def test_the_compiled_catalog_is_the_po_compiled() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    assert MO.read_bytes() == compiled.getvalue(), "run `make catalogs`"


def test_the_catalog_is_read_at_run_time() -> None:
    zh = translator("quizapp", "zh")
    assert zh.gettext("Usage:") == "用法："
    assert translator("quizapp", "en").gettext("Usage:") == "Usage:"
