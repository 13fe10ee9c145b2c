"""A report's HTML printed to PDF by the system's Chromium, headless: the page size, margins
and page numbers come from the page's own print stylesheet (CSS `@page`), not from the
browser's header and footer. Nothing is downloaded: the browser must be installed."""

from __future__ import annotations

import os
import shutil
import signal
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
    CSS says, no browser header or footer, a fresh profile thrown away afterwards. The PDF is
    printed beside its target and renamed over it only when whole, so a failure leaves any
    earlier file as it was. The browser's own chatter on stderr is kept from the reader; a
    failure is one line. A folder that cannot be written raises OSError before the browser
    starts."""
    program = chromium()
    target = pdf.resolve()
    handle, printing = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".pdf")
    os.close(handle)
    try:
        _print(program, html.resolve(), Path(printing), pdf)
        os.replace(printing, target)
    finally:
        Path(printing).unlink(missing_ok=True)


def _print(program: str, source: Path, printing: Path, pdf: Path) -> None:
    """The browser run once, printing source to the file `printing`; PrintFailed unless it
    wrote a PDF there."""
    printing.unlink()  # the browser writes it anew; an empty file left would pass for one
    with tempfile.TemporaryDirectory(prefix="branchbook-chromium-") as profile:
        command = [
            program,
            "--headless",
            *SANDBOX,
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={printing}",
            source.as_uri(),
        ]
        try:
            browser = subprocess.Popen(  # noqa: S603 - the browser found above, fixed arguments
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its helper processes are ended with it
            )
        except OSError as exc:
            raise PrintFailed(f"{program} could not be run: {exc.strerror or exc}") from None
        try:
            browser.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _end(browser)
            raise PrintFailed(f"{program} did not print {pdf} within {TIMEOUT} seconds") from None
    if browser.returncode != 0:
        raise PrintFailed(f"{program} failed to print {pdf} (exit {browser.returncode})")
    if not printing.is_file() or printing.stat().st_size == 0:
        raise PrintFailed(f"{program} wrote no PDF for {pdf}")


def _end(browser: subprocess.Popen[bytes]) -> None:
    """The browser and every process it started, ended."""
    try:
        os.killpg(browser.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        browser.kill()
    browser.communicate()


# Chromium refuses to run as root inside its sandbox; as anyone else the sandbox stays.
SANDBOX = ("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()
