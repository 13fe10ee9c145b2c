"""The one place that makes recorded text inert: what it shows, and that JSON round-trips."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hostile_support import ACTIVE
from hypothesis import given
from hypothesis import strategies as st

from branchbook.cli import safe_text
from branchbook.cli.safe_text import json_text, spreadsheet_cell
from branchbook.domain.inert import shown

# Text that leans on the characters that matter, among any others.
TEXT = st.text(
    st.one_of(
        st.characters(codec=None),
        st.sampled_from("\x00\t\n\r\x1b\x7f\x85\x9b\u061c\u200e\u2028\u202e\u2066\u2069\\[]=+-@"),
    )
)


@pytest.mark.parametrize(
    ("raw", "seen"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("a\u202eb\u2066c\u2069", "a\\u202eb\\u2066c\\u2069"),
        ("tab\there\nline\r\x7f", "tab\\there\\nline\\r\\x7f"),
        ("\ud83d", "\\ud83d"),
        ("[link=https://evil.example]x[/link] :smile: 王芳", None),
        ("C:\\docs\\x1b", None),
    ],
)
def test_shown_writes_control_characters_as_escapes_and_leaves_other_text_alone(
    raw: str, seen: str | None
) -> None:
    assert shown(raw) == (raw if seen is None else seen)


def test_shown_gives_other_values_as_their_text() -> None:
    assert shown(3) == "3"
    assert shown(None) == "None"


@given(TEXT)
def test_shown_never_leaves_a_character_a_terminal_acts_on(text: str) -> None:
    assert not ACTIVE.search(shown(text))
    assert "\n" not in shown(text)


@given(TEXT)
def test_json_text_round_trips_exactly_and_holds_no_active_character(text: str) -> None:
    out = json_text({"name": text, "list": [text]})
    assert json.loads(out) == {"name": text, "list": [text]}
    assert not ACTIVE.search(out)


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\\t=1"),
        ("\r=1", "'\\r=1"),
        ("王芳 =1", "王芳 =1"),
        ("2024-06-01", "2024-06-01"),
        ("'quoted", "'quoted"),
    ],
)
def test_a_spreadsheet_cell_that_starts_like_a_formula_gets_a_leading_quote(
    raw: str, cell: str
) -> None:
    assert spreadsheet_cell(raw) == cell


def test_no_command_writes_to_the_terminal_but_through_the_safe_text() -> None:
    # Only safe_text echoes lines and only render echoes JSON and draws tables.
    direct = re.compile(r"click\.s?echo\(|\bprint\(|Console\(|json\.dumps\(")
    commands = Path(safe_text.__file__).parent.glob("*.py")
    offenders = {
        path.name: direct.findall(path.read_text(encoding="utf-8"))
        for path in commands
        if path.name not in ("safe_text.py", "render.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}
