"""Safe rendering of text that came from outside: file names, header names, sheet names, JSON keys
and the reasons built from them (shared/spec/exports.md, "Edge cases (decided)").

`safe_text` is the ONE function every output goes through (terminal, `.report.txt`/`.json`, the
tables of the warehouse, the dashboard). It

- shows bytes that are not UTF-8 (a file name from a Windows-1258 system reaches Python as
  surrogate escapes) as `\\xNN`, so the text can always be encoded and stored;
- escapes control characters (ESC sequences can rewrite a terminal; a newline can forge a line
  of a report) and the bidirectional overrides that reorder what is displayed, as `\\xNN` or
  `\\uNNNN`;
- redacts what looks like personal data: a run of 9 or more digits (any Unicode decimal digit),
  possibly broken by spaces, dots or any Unicode dash, with an optional leading `+` (ID card and
  phone numbers), and anything around an `@` (e-mail addresses), each becomes `[redacted]`;
- with `markup=True`, also escapes Rich markup (`[bold]`, `[/x]`), for text printed through Rich.
"""

from __future__ import annotations

import re

REDACTED = "[redacted]"

# Unicode category Pd (dash punctuation), plus the minus sign, which people type for a dash.
DASHES = (
    "\u002d\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b"
    "\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212"
)
SEPARATORS = r"[\s.\uff0e" + re.escape(DASHES) + "]"
# 9 or more decimal digits (Python's \d is every Unicode decimal digit), separators between them.
_LONG_NUMBER = re.compile(rf"[+\uff0b]?\d(?:{SEPARATORS}*\d){{8,}}")
_EMAIL = re.compile(r"[^\s@\uff20\ufe6b]*[@\uff20\ufe6b]\S*")
# C0, DEL, C1 controls; bidirectional embeddings, overrides and isolates; lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_personal_data(text: str) -> bool:
    """True when `text` holds something `safe_text` would redact."""
    return bool(_LONG_NUMBER.search(text) or _EMAIL.search(text))


def safe_text(value: str | bytes | None, *, markup: bool = False) -> str:
    """`value` as it may be shown or stored anywhere (see the module docstring); '' for None."""
    if value is None:
        return ""
    text = value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else str(value)
    text = _UNSAFE.sub(_escape_char, text)
    text = _EMAIL.sub(REDACTED, _LONG_NUMBER.sub(REDACTED, text))
    if markup:
        from rich.markup import escape

        text = escape(text)
    return text


def safe_or_none(value: str | bytes | None) -> str | None:
    """`safe_text` that keeps None (for nullable columns)."""
    return None if value is None else safe_text(value)
