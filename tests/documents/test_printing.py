"""print_pdf prints a page with the system's Chromium: A4 and page numbers from the page's CSS,
Chinese text in a CJK font, and each failure as one line; chromium() finds the browser or says
what to install. And the browser harness itself: it sees an element that runs off the page."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import browser_support
import pytest
from browser_support import (
    needs_chinese_font,
    needs_chromium,
    needs_poppler,
    overflowing,
    page_at_a4,
    pdf_pages,
    png_size,
    program,
)
from playwright.sync_api import Browser

from branchbook.documents import printing
from branchbook.documents.printing import MissingProgram, PrintFailed, chromium, print_pdf

# The harness's fixtures, used here by name.
browser = browser_support.browser
screenshots = browser_support.screenshots

SLEEP = shutil.which("sleep") or "/bin/sleep"
CHINESE = "第一党支部 二〇二五年度报告"
# Twelve columns of long unbroken words: wider than A4 unless the table wraps them.
WIDE_ROW = "".join(f"<td>B01-2025-Q{n}-assembly-window-missed-{n:02}</td>" for n in range(12))
WRAPPING = "table { table-layout: fixed; width: 100%; } td { overflow-wrap: anywhere; }"


def _document(*, wrap: bool) -> str:
    """Two pages (the second begins on a page of its own), a wide table, Chinese text, and
    the page number in the bottom margin box as "page N of M"."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sample</title><style>
@page {{ size: A4; margin: 20mm 15mm;
  @bottom-center {{ content: "page " counter(page) " of " counter(pages); }} }}
body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; font-size: 10pt; margin: 0; }}
section + section {{ break-before: page; }}
td {{ border: 1px solid #999; }}
{WRAPPING if wrap else ""}
</style></head><body>
<section><h1>The first page</h1><p><span lang="zh">{CHINESE}</span></p>
<table id="wide"><tr>{WIDE_ROW}</tr></table></section>
<section><h1>The second page</h1><p>FINAL-SECTION</p></section>
</body></html>"""


def _write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture
def browser_program() -> str:
    return chromium()


@pytest.fixture
def printed(browser_program: str, tmp_path: Path) -> Path:
    """The sample document printed to PDF."""
    pdf = tmp_path / "sample.pdf"
    print_pdf(_write(tmp_path, "sample.html", _document(wrap=True)), pdf)
    return pdf


def _poppler(name: str, *args: str) -> str:
    done = subprocess.run([program(name), *args], capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


@needs_chromium
@needs_poppler
def test_the_pdf_has_two_a4_pages(printed: Path) -> None:
    info = _poppler("pdfinfo", str(printed))
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE), info
    # A4 is 595.28 x 841.89 points; Chromium rounds to its own units, within a point.
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert size is not None, info
    assert abs(float(size[1]) - 595.28) <= 1, info
    assert abs(float(size[2]) - 841.89) <= 1, info
    pages = pdf_pages(printed, 72)
    assert len(pages) == 2
    for width, height in pages:
        assert abs(width - 595) <= 1, pages
        assert abs(height - 842) <= 1, pages


@needs_chromium
@needs_poppler
def test_each_page_carries_its_number_from_the_css_margin_box(printed: Path) -> None:
    pages = _poppler("pdftotext", "-enc", "UTF-8", str(printed), "-").split("\f")
    assert "page 1 of 2" in pages[0]
    assert "page 2 of 2" not in pages[0]
    assert "page 2 of 2" in pages[1]
    assert "FINAL-SECTION" in pages[1]
    # Nothing of the browser's own header or footer: no file URL, no title.
    assert "file://" not in "".join(pages)
    assert "Sample" not in "".join(pages)


@needs_chromium
@needs_poppler
def test_the_chinese_text_is_text(printed: Path) -> None:
    text = _poppler("pdftotext", "-enc", "UTF-8", str(printed), "-")
    assert CHINESE in " ".join(text.split("\n"))


def _inked(pdf: Path) -> list[list[bytes]]:
    """Each page of the PDF rendered in grey at 24 dpi, cut to the rows and columns that hold
    ink (a pixel darker than mid-grey): the drawing wherever it lies, as rows of pixels."""
    pdftoppm = program("pdftoppm")
    inked: list[list[bytes]] = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [pdftoppm, "-gray", "-r", "24", str(pdf), f"{folder}/page"], check=True, timeout=60
        )
        for page in sorted(
            Path(folder).glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])
        ):
            # A binary PGM: "P5", width, height and the largest value, each ended by a space.
            _, width, height, _, pixels = page.read_bytes().split(maxsplit=4)
            rows = [pixels[y * int(width) : (y + 1) * int(width)] for y in range(int(height))]
            dark = [(y, x) for y, row in enumerate(rows) for x, v in enumerate(row) if v < 128]
            if not dark:
                inked.append([])
                continue
            top, bottom = min(y for y, _ in dark), max(y for y, _ in dark)
            left, right = min(x for _, x in dark), max(x for _, x in dark)
            inked.append([row[left : right + 1] for row in rows[top : bottom + 1]])
    return inked


def _share_differing(first: list[bytes], second: list[bytes]) -> float:
    """The share of pixels that differ between two drawings (all of them if their sizes do)."""
    if len(first) != len(second) or len(first[0]) != len(second[0]):
        return 1.0
    pairs = [
        (a, b)
        for row_a, row_b in zip(first, second, strict=True)
        for a, b in zip(row_a, row_b, strict=True)
    ]
    return sum(abs(a - b) > 64 for a, b in pairs) / len(pairs)


@needs_chromium
@needs_poppler
@needs_chinese_font
def test_chinese_characters_print_as_their_own_glyphs(browser_program: str, tmp_path: Path) -> None:
    # One large character a page, in the same place: without a Chinese font both would be
    # the same empty box.
    html = _write(
        tmp_path,
        "glyphs.html",
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 20mm; } p { font-size: 200pt; margin: 0; }"
        "p + p { break-before: page; }</style></head><body>"
        '<p lang="zh">第</p><p lang="zh">部</p></body></html>',
    )
    pdf = tmp_path / "glyphs.pdf"
    print_pdf(html, pdf)
    first, second = _inked(pdf)
    assert first, "nothing is drawn on the first page"
    assert second, "nothing is drawn on the second page"
    assert _share_differing(first, second) > 0.2


def _fake_browser(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "fake-chromium"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_chromium_is_the_program_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake_browser(tmp_path, "exit 0")
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", str(fake))
    assert chromium() == str(fake)


def test_chromium_is_found_on_path_by_each_of_its_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRANCHBOOK_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    fake = _fake_browser(tmp_path, "exit 0")
    for name in ("google-chrome-stable", "chromium-browser"):
        fake.rename(tmp_path / name)
        fake = tmp_path / name
        assert chromium() == str(fake)


def test_no_browser_is_a_missing_program_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRANCHBOOK_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingProgram) as raised:
        chromium()
    message = str(raised.value)
    assert "\n" not in message
    assert "apt-get install chromium" in message
    assert "BRANCHBOOK_CHROMIUM" in message
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(MissingProgram, match="BRANCHBOOK_CHROMIUM names"):
        chromium()


def test_a_browser_that_fails_is_one_line_without_its_chatter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = _write(tmp_path, "sample.html", _document(wrap=True))
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", "/bin/false")
    with pytest.raises(PrintFailed) as raised:
        print_pdf(html, tmp_path / "out.pdf")
    assert "\n" not in str(raised.value)
    assert "exit 1" in str(raised.value)
    noisy = _fake_browser(tmp_path, "echo 'dbus: Failed to connect to the bus' >&2; exit 21")
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", str(noisy))
    with pytest.raises(PrintFailed) as raised:
        print_pdf(html, tmp_path / "out.pdf")
    assert "exit 21" in str(raised.value)
    assert "dbus" not in str(raised.value)
    assert not (tmp_path / "out.pdf").exists()


def test_a_browser_that_writes_no_pdf_or_hangs_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = _write(tmp_path, "sample.html", _document(wrap=True))
    stale = tmp_path / "out.pdf"
    stale.write_bytes(b"%PDF- an older print")
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", str(_fake_browser(tmp_path, "exit 0")))
    with pytest.raises(PrintFailed, match="wrote no PDF"):
        print_pdf(html, stale)
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", str(_fake_browser(tmp_path, f"exec {SLEEP} 30")))
    monkeypatch.setattr(printing, "TIMEOUT", 1)
    with pytest.raises(PrintFailed, match="within 1 seconds"):
        print_pdf(html, stale)


@needs_chromium
def test_the_harness_sees_a_table_that_runs_off_the_page(
    browser: Browser, tmp_path: Path, screenshots: Path
) -> None:
    wide = page_at_a4(browser, _write(tmp_path, "wide.html", _document(wrap=False)))
    try:
        found = overflowing(wide)
        assert len(found) == 1, found
        assert found[0].startswith('table#wide "B01-2025-Q0'), found
    finally:
        wide.close()
    wrapped = page_at_a4(browser, _write(tmp_path, "wrapped.html", _document(wrap=True)))
    try:
        assert overflowing(wrapped) == []
        shot = screenshots / "wrapped-table.png"
        wrapped.screenshot(path=str(shot))
        size = wrapped.viewport_size
        assert size is not None
        assert png_size(shot) == (size["width"], size["height"])
    finally:
        wrapped.close()


@needs_chromium
def test_the_harness_lays_the_page_out_inside_its_css_margins(
    browser: Browser, tmp_path: Path
) -> None:
    # A4 is 210 x 297 mm: less 15 mm each side and 20 mm above and below, 180 x 257 mm,
    # 680.3 x 971.3 px at 96 to the inch.
    page = page_at_a4(browser, _write(tmp_path, "a.html", _document(wrap=True)))
    try:
        assert page.viewport_size == {"width": 680, "height": 971}
        assert page.evaluate("matchMedia('print').matches") is True
    finally:
        page.close()
    # No @page margins: Chromium's own 1 cm, 190 mm = 718.1 px.
    bare = page_at_a4(browser, _write(tmp_path, "b.html", "<!DOCTYPE html><p>bare</p>"))
    try:
        size = bare.viewport_size
        assert size is not None
        assert size["width"] == 718
    finally:
        bare.close()
