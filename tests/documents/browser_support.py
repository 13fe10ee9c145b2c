"""Checking a report as a reader sees it: the system's Chromium driven by playwright (never a
downloaded browser), a page laid out at the printable width of A4, the elements that run past
it, and the pages of a printed PDF measured by poppler's pdftoppm."""

from __future__ import annotations

import atexit
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from branchbook.documents.printing import MissingProgram, chromium

NO_CHROMIUM = "Chromium is not installed: apt-get install chromium, or set BRANCHBOOK_CHROMIUM"
# Each program of poppler-utils the tests use, and what to install when it is missing.
POPPLER = "is not installed: apt-get install poppler-utils"


def _has_chromium() -> bool:
    try:
        chromium()
    except MissingProgram:
        return False
    return True


def _has_chinese_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":lang=zh"], capture_output=True, check=False, timeout=60)
    return bool(listed.stdout.strip())


# The tests that drive the browser, read its PDFs or look at its glyphs are skipped, saying
# what to install, on a machine without these (.ci/run installs them all).
needs_chromium = pytest.mark.skipif(not _has_chromium(), reason=NO_CHROMIUM)
needs_poppler = pytest.mark.skipif(
    not all(shutil.which(name) for name in ("pdfinfo", "pdftotext", "pdftoppm")),
    reason=f"pdfinfo, pdftotext or pdftoppm {POPPLER}",
)
needs_chinese_font = pytest.mark.skipif(
    not _has_chinese_font(),
    reason="no Chinese font is installed: apt-get install fontconfig fonts-noto-cjk",
)
# A4 in millimetres, and CSS pixels per millimetre (96 to the inch).
A4_MM = (210.0, 297.0)
PX_PER_MM = 96 / 25.4
# Chromium's margin on each side when the page's CSS names none (measured: 1 cm).
DEFAULT_MARGIN_MM = 10.0

# The page's own @page margins in millimetres, [top, right, bottom, left], each null when the
# stylesheets name none (rules inside @media are read too).
PAGE_MARGINS_JS = """() => {
  const perMm = {mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72, pc: 25.4 / 6, px: 25.4 / 96, q: 0.25};
  const found = [null, null, null, null];
  const sides = ["margin-top", "margin-right", "margin-bottom", "margin-left"];
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule instanceof CSSPageRule && !rule.selectorText) {
        sides.forEach((side, i) => {
          const m = /^([0-9.]+)([a-z]+)$/i.exec(rule.style.getPropertyValue(side).trim());
          if (m && perMm[m[2].toLowerCase()] !== undefined) {
            found[i] = parseFloat(m[1]) * perMm[m[2].toLowerCase()];
          } else if (rule.style.getPropertyValue(side).trim() === "0") {
            found[i] = 0;
          }
        });
      } else if (rule.cssRules) {
        walk(rule.cssRules);
      }
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return found;
}"""

# Every rendered element whose right edge passes the page's content width, outermost only (its
# descendants run past with it), described as tag#id.class "text".
OVERFLOWING_JS = """() => {
  const width = document.documentElement.clientWidth;
  const over = (el) => {
    const box = el.getBoundingClientRect();
    return (box.width > 0 || box.height > 0) && box.right > width + 0.5;
  };
  const shown = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!over(el) || (el.parentElement && el.parentElement !== document.body
                      && over(el.parentElement))) continue;
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const classes = el.getAttribute("class");
    if (classes) name += "." + classes.trim().split(/\\s+/).join(".");
    const text = (el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 40);
    const right = Math.round(el.getBoundingClientRect().right);
    shown.push(`${name} "${text}" (right edge ${right}px > ${width}px)`);
  }
  return shown;
}"""


# The one Chromium of the test session: playwright's sync driver may run once per thread, and
# each test module that uses the fixture names it anew.
_LAUNCHED: list[Browser] = []


@pytest.fixture(scope="session")
def browser() -> Browser:
    """The system's Chromium under playwright, shared by the session (a test using it is
    marked needs_chromium)."""
    program = chromium()
    if not _LAUNCHED:
        driver = sync_playwright().start()
        launched = driver.chromium.launch(executable_path=program, args=["--no-sandbox"])
        atexit.register(driver.stop)
        atexit.register(launched.close)
        _LAUNCHED.append(launched)
    return _LAUNCHED[0]


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: the folder named by BRANCHBOOK_SCREENSHOTS, else tmp_path."""
    named = os.environ.get("BRANCHBOOK_SCREENSHOTS")
    folder = Path(named) if named else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def page_at_a4(browser: Browser, path: Path) -> Page:
    """The HTML file opened as print lays it out: print media, and a viewport as wide (and as
    tall) as an A4 page inside the margins its @page rule names (Chromium's 1 cm if none)."""
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(path.resolve().as_uri())
    margins = [
        DEFAULT_MARGIN_MM if side is None else float(side)
        for side in page.evaluate(PAGE_MARGINS_JS)
    ]
    top, right, bottom, left = margins
    width = round((A4_MM[0] - left - right) * PX_PER_MM)
    height = round((A4_MM[1] - top - bottom) * PX_PER_MM)
    page.set_viewport_size({"width": width, "height": height})
    return page


def overflowing(page: Page) -> list[str]:
    """The elements running past the page's content width, each as tag#id.class "text"."""
    found = page.evaluate(OVERFLOWING_JS)
    return [str(line) for line in found]


def program(name: str) -> str:
    """The program `name` on PATH (a test using one is marked needs_poppler)."""
    found = shutil.which(name)
    assert found is not None, f"{name} {POPPLER}"
    return found


def png_size(png: Path) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its IHDR header."""
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", png
    assert head[12:16] == b"IHDR", png
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def pdf_pages(pdf: Path, dpi: int) -> list[tuple[int, int]]:
    """Each page of the PDF as (width, height) in pixels at dpi, in page order, as pdftoppm
    renders it."""
    pdftoppm = program("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="branchbook-pages-") as folder:
        subprocess.run(
            [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
            timeout=120,
        )
        # pdftoppm numbers the files page-1.png or page-01.png, by the page count's digits.
        pngs = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [png_size(png) for png in pngs]
