"""A report's HTML printed to PDF by the system's Chromium, headless: the page size, margins
and page numbers come from the page's own print stylesheet (CSS `@page`), not from the
browser's header and footer. Nothing is downloaded: the browser must be installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# The names the browser goes by on PATH, in the order they are tried.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# The environment variable naming the browser's program, before PATH is searched.
BROWSER_ENV = "BRANCHBOOK_CHROMIUM"
# How long one page may take to print, in seconds.
TIMEOUT = 120


class MissingProgram(Exception):
    """A program the command needs is not installed (the CLI's exit 9)."""


class PrintFailed(Exception):
    """The browser ran but wrote no PDF: its exit, a timeout, or an empty file."""


def chromium() -> str:
    """The browser's program: env BRANCHBOOK_CHROMIUM if set, else the first of BROWSERS on
    PATH. Raises MissingProgram, in one line saying what to install, when there is none."""
    named = os.environ.get(BROWSER_ENV)
    if named:
        found = shutil.which(named)
        if found is None:
            raise MissingProgram(
                f"{BROWSER_ENV} names {named!r}, which is not a program that can be run"
            )
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found is not None:
            return found
    raise MissingProgram(
        "--pdf needs Chromium or Google Chrome: install it (Debian: apt-get install chromium) "
        f"or name it in {BROWSER_ENV}"
    )


def print_pdf(html: Path, pdf: Path) -> None:
    """Print the HTML file to pdf with headless Chromium: A4 and page numbers as the page's
    CSS says, no browser header or footer, a fresh profile thrown away afterwards. The
    browser's own chatter on stderr is kept from the reader; a failure is one line."""
    program = chromium()
    source = html.resolve()
    target = pdf.resolve()
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="branchbook-chromium-") as profile:
        command = [
            program,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(  # noqa: S603 - the browser found above, fixed arguments
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PrintFailed(
                f"{program} did not print {html} to PDF within {TIMEOUT} seconds"
            ) from None
        except OSError as exc:
            raise PrintFailed(f"{program} could not be run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise PrintFailed(f"{program} failed to print {html} to PDF (exit {done.returncode})")
    if not target.is_file() or target.stat().st_size == 0:
        raise PrintFailed(f"{program} wrote no PDF for {html}")
