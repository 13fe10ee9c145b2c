"""Reading a journal: every line on its own, within its limits, and never the end of the rest."""

from __future__ import annotations

import io
import json

import pytest
from branchbook.workflows.recording.journal import (
    DEPTH_MAX,
    LINE_MAX_BYTES,
    NUMBER_MAX_CHARS,
    Item,
    parse_journal,
    read_journal,
)

GOOD = b'{"command": "member.talk", "member": "M1", "by": "\xe6\x9d\x8e", "date": "2024-03-01"}'


def read(data: bytes) -> list[Item]:
    return list(read_journal(io.BytesIO(data)))


def errors(data: bytes) -> list[tuple[int | None, str | None]]:
    return [(item.line, item.error) for item in read(data)]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b'{"command": "org.add", "code": "X\xff\xfe", "date": "2024-03-01"}', "not UTF-8"),
        (b'{"a": 1, "a": 2}', "given twice"),
        (b'{"step": ' + b"9" * 5000 + b"}", "a number longer than"),
        (b'{"step": ' + b"9" * (NUMBER_MAX_CHARS + 1) + b"}", "a number longer than"),
        (b'{"step": NaN}', "NaN is not a JSON number"),
        (b'{"step": -Infinity}', "-Infinity is not a JSON number"),
        (b'{"hours": 1e999}', "too large"),
        (b'{"a": ' + b"[" * 3000 + b"]" * 3000 + b"}", "nested deeper"),
        (b"[" * 100_000, "nested deeper"),
        (b'{"a": ' + b'{"b": ' * (DEPTH_MAX) + b"1" + b"}" * (DEPTH_MAX + 1), "nested deeper"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"command": ["member.apply"]}', "'command' must be the name of a command"),
        (b'"text"', "must be a JSON object"),
        (b'{"command": ', "not JSON"),
        (b"\xef\xbb\xbf{}", "not JSON"),  # a BOM is tolerated at the start of the file only
    ],
)
def test_a_bad_line_becomes_an_invalid_item_and_the_lines_after_it_still_run(
    line: bytes, error: str
) -> None:
    items = read(GOOD + b"\n" + line + b"\n" + GOOD + b"\n")
    assert [i.line for i in items] == [1, 2, 3]
    assert items[1].raw is None
    assert error in (items[1].error or "")
    assert items[0].raw == items[2].raw == json.loads(GOOD)


def test_nesting_up_to_the_limit_is_read() -> None:
    deepest = b'{"a": ' * (DEPTH_MAX - 1) + b"[1]" + b"}" * (DEPTH_MAX - 1)
    (item,) = read(deepest)
    assert item.error is None
    too_deep = b'{"a": ' * DEPTH_MAX + b"[1]" + b"}" * DEPTH_MAX
    assert "nested deeper" in (read(too_deep)[0].error or "")


def test_brackets_inside_strings_are_not_nesting() -> None:
    line = json.dumps({"note": "[{" * 100 + '\\"' + "}]" * 100, "a": [[1]]}).encode()
    (item,) = read(line)
    assert item.error is None


def test_a_number_of_the_longest_length_is_read() -> None:
    (item,) = read(b'{"step": ' + b"9" * NUMBER_MAX_CHARS + b"}")
    assert item.raw == {"step": int("9" * NUMBER_MAX_CHARS)}


def test_a_line_of_the_longest_length_is_read_and_one_byte_more_is_not() -> None:
    filler = LINE_MAX_BYTES - len(b'{"note": ""}')
    longest = b'{"note": "' + b"x" * filler + b'"}'
    assert len(longest) == LINE_MAX_BYTES
    items = read(longest + b"\r\n" + longest[:-2] + b'x"}\n' + GOOD)
    assert [(i.line, i.error) for i in items] == [
        (1, None),
        (2, f"line longer than {LINE_MAX_BYTES:,} bytes"),
        (3, None),
    ]


def test_an_over_long_line_is_skipped_to_its_end_and_counted_once() -> None:
    huge = b"x" * (3 * LINE_MAX_BYTES + 17)
    assert errors(huge + b"\n" + GOOD + b"\n" + huge) == [
        (1, f"line longer than {LINE_MAX_BYTES:,} bytes"),
        (2, None),
        (3, f"line longer than {LINE_MAX_BYTES:,} bytes"),
    ]


def test_a_bom_at_the_start_of_the_file_is_skipped() -> None:
    items = read(b"\xef\xbb\xbf" + GOOD + b"\r\n" + GOOD)
    assert [(i.line, i.error) for i in items] == [(1, None), (2, None)]


def test_blank_lines_are_skipped_but_keep_their_numbers() -> None:
    items = read(b"\n  \t\r\n" + GOOD + b"\n\n" + GOOD)
    assert [i.line for i in items] == [3, 5]


def test_a_line_of_other_whitespace_is_not_blank_and_is_reported() -> None:
    assert [i.line for i in read("\u3000\n".encode() + GOOD)] == [1, 2]
    assert read("\u3000".encode())[0].error is not None


def test_a_utf16_journal_reports_every_line_invalid() -> None:
    data = "\n".join([GOOD.decode(), GOOD.decode()]).encode("utf-16")  # starts FF FE
    items = read(data)
    assert [(i.line, i.raw) for i in items] == [(1, None), (2, None)]
    assert "not UTF-8: byte 0xff at column 1" in (items[0].error or "")


def test_text_lines_are_read_the_same_way_and_a_lone_surrogate_is_invalid() -> None:
    items = list(parse_journal([GOOD.decode(), '{"a": "\ud800"}', "", '{"a": 1, "a": 1}']))
    assert [(i.line, i.error is None) for i in items] == [(1, True), (2, False), (4, False)]
