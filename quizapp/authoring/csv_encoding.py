"""The text of a CSV/TSV file: UTF-8 by default, another encoding only when asked for.

A spreadsheet saves CSV in the system's code page: Chinese Excel writes GBK, "Unicode text"
is UTF-16. The importer never guesses silently (a wrong guess imports mojibake without a
word); when the bytes are not UTF-8 it tries the likely encodings and names the one that fits,
so the message says exactly what to pass to ``--encoding``.
"""

from __future__ import annotations

import codecs
import re


class EncodingProblem(Exception):
    """The file cannot be read as asked; the message is one line that says what to do."""


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def decode_csv(raw: bytes, encoding: str | None = None) -> str:
    """The file's text: in ``encoding`` when given, else UTF-8 (a BOM is dropped either way)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise EncodingProblem(
                f"unknown encoding '{encoding}' (try utf-8, gbk, gb18030, utf-16, cp1252)"
            ) from None
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise EncodingProblem(
                f"not {encoding} text: {exc.reason} at byte {exc.start}{_guess_hint(raw)}"
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingProblem(
            f"not UTF-8 text ({exc.reason} at byte {exc.start}){_guess_hint(raw)}"
        ) from None


def _guess_hint(raw: bytes) -> str:
    guess = guess_encoding(raw)
    if guess is None:
        return "; save it as UTF-8, or pass --encoding NAME (gbk, utf-16, cp1252...)"
    name, why = guess
    return f"; it reads as {why}: rerun with --encoding {name}"


def guess_encoding(raw: bytes) -> tuple[str, str] | None:
    """The encoding the bytes most likely are (its codec name and a description), among
    UTF-16 (with or without a BOM) and GBK; None when neither fits."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16 (it starts with a UTF-16 byte order mark)"
    if len(raw) % 2 == 0:  # no BOM: line ends read as UTF-16, and the whole is text
        for name, newline, order in (
            ("utf-16-le", b"\n\x00", "little"),
            ("utf-16-be", b"\x00\n", "big"),
        ):
            if _line_aligned(raw, newline) and _reads_as_text(raw, name):
                return name, f"UTF-16 ({order}-endian, without a byte order mark)"
    try:
        text = raw.decode("gbk")
    except UnicodeDecodeError:
        return None
    if _CJK.search(text):
        return "gbk", "GBK (the encoding of Chinese Windows and Excel)"
    return None


def _line_aligned(raw: bytes, newline: bytes) -> bool:
    """A UTF-16 line end at an even offset (where a two-byte unit starts)."""
    start = raw.find(newline)
    while start != -1:
        if start % 2 == 0:
            return True
        start = raw.find(newline, start + 1)
    return False


def _reads_as_text(raw: bytes, encoding: str) -> bool:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\t\r\n" for c in text)
