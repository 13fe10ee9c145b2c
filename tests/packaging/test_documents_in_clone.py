"""Every document the project refers to is in the repository: no source file or document names
the research notes the rules were read from, their numbered sections, or a path on the machine
they were written on, and every relative link of a Markdown file leads to a file of the clone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Folders that are not the project's: environments, caches, build output.
SKIPPED = {"build", "dist", "node_modules", "__pycache__"}
# The research notes, their sections (§ and a digit: the sources' own sections are numbered 一,
# 二, ...) and the machine's working folder; each pattern is split so this file does not match.
OUTSIDE = re.compile(
    "|".join(
        ("RULES" + r"\.md", "DESIGN" + r"\.md", "STYLE" + r"\.md", "/wo" + "rk/", "§" + "[0-9]")
    )
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def project_files(*suffixes: str) -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if any(p.startswith(".") or p in SKIPPED or p.endswith(".egg-info") for p in parts):
            continue
        if path.suffix in suffixes and path.is_file():
            yield path


def test_no_file_refers_to_a_document_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in project_files(".py", ".md")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert len(list(project_files(".py", ".md"))) > 100
    assert found == []


def test_every_relative_link_of_a_document_leads_to_a_file_of_the_repository() -> None:
    links = [
        (path, target.split("#")[0])
        for path in project_files(".md")
        for target in LINK.findall(path.read_text("utf-8"))
        if not re.match(r"[a-z]+:", target) and not target.startswith("#")
    ]
    assert any(target == "docs/rules.md" for _, target in links)
    missing = [
        f"{path.relative_to(ROOT)}: {target}"
        for path, target in links
        if not (path.parent / target).exists()
    ]
    assert missing == []
