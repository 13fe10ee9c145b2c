"""Text from the record shown inert, wherever it is shown: a terminal, a page, a chart.

Names, notes and document references are whatever was recorded, and stores written before the
input boundary was tightened may hold control characters. Control characters (C0 with tab and
newline, DEL, C1), the bidi controls that reorder what a reader sees, line and paragraph
separators and lone surrogates are shown as Python writes them in a string literal (\\n, \\t,
\\x1b, \\x9b, \\u202e): a reader sees them, and neither a terminal nor a page acts on them. A
backslash in the record is shown as itself.
"""

from __future__ import annotations

import re
from typing import Any

# What a terminal obeys, or what reorders or breaks the line a reader sees, rather than shows.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escaped(match: re.Match[str]) -> str:
    """One unsafe character as its escape."""
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shown(value: Any) -> str:
    """The value as text: every unsafe character shown as its escape."""
    return UNSAFE.sub(escaped, value if isinstance(value, str) else str(value))
