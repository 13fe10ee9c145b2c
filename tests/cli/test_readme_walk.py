"""A new user's walk through the README: every shell block marked `<!-- walk -->` runs in order,
as a user in a fresh clone would type it right after `branchbook demo --fresh`, and each command
exits as the README says. A command expects exit 0 unless its comment, or the comment lines
that follow it, say `exit N`; an `# Error:` comment is the start of what it prints on stderr; a
rule id named in its comments is in its output."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_support import invoke

from branchbook.domain.catalogue import builtin_rules

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARK = "<!-- walk -->"
WIDTH = 80
# The characters a table's frame is drawn with: a line holding one is a table's line.
FRAME = re.compile("[\u2500-\u257f]")


@dataclass
class Step:
    """One command of a walked block: its words, and the comment lines about it."""

    words: list[str]
    comments: list[str] = field(default_factory=list)

    @property
    def expected_exit(self) -> int:
        found = re.search(r"\bexit (\d+)", " ".join(self.comments))
        return int(found.group(1)) if found else 0

    @property
    def error(self) -> str | None:
        """The start of the one line on stderr an `# Error:` comment shows, spaces collapsed."""
        text = " ".join(self.comments)
        if "Error:" not in text:
            return None
        message = text[text.index("Error:") :]
        message = re.split(r"\s\[|\.\.\.|\(exit", message)[0]
        return " ".join(message.split())

    @property
    def rule_ids(self) -> list[str]:
        known = builtin_rules()
        named = re.findall(r"[a-z_0-9]+\.[a-z_0-9.]+", " ".join(self.comments))
        return [name for name in named if name in known]


def walked_blocks(text: str) -> list[str]:
    """The shell blocks of the README that follow a walk mark, in order."""
    blocks = []
    for part in text.split(MARK)[1:]:
        body = part.lstrip("\n")
        assert body.startswith("```sh\n"), f"{MARK} must precede a sh block: {body[:60]!r}"
        body = body[len("```sh\n") :]
        blocks.append(body[: body.index("```")])
    return blocks


def steps_of(block: str) -> list[Step]:
    """A block's commands (continuation lines joined, `$VAR`s left for the run to expand) with
    each one's trailing comment and the comment-only lines after it."""
    steps: list[Step] = []
    for line in block.replace("\\\n", " ").splitlines():
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            assert steps, f"a comment before any command: {line!r}"
            steps[-1].comments.append(line.lstrip()[1:].strip())
            continue
        command, _, comment = line.partition(" #")
        step = Step(shlex.split(command))
        if comment:
            step.comments.append(comment.strip())
        steps.append(step)
    return steps


def readme_steps() -> list[Step]:
    return [step for block in walked_blocks(README.read_text("utf-8")) for step in steps_of(block)]


@dataclass
class Walked:
    step: Step
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> list[Walked]:
    """Every walked command run in a fresh clone's folder after `branchbook demo --fresh`."""
    clone = tmp_path_factory.mktemp("clone")
    shutil.copytree(ROOT / "examples", clone / "examples")
    env = pytest.MonkeyPatch()
    env.chdir(clone)
    for name in [n for n in os.environ if n.startswith("BRANCHBOOK_")]:
        env.delenv(name)
    env.setenv("COLUMNS", str(WIDTH))  # a terminal of 80 columns, as a new user may have
    try:
        demo = invoke(["demo", "--fresh"])
        assert demo.exit_code == 0, demo.output
        assert (clone / "branchbook.db").exists()
        walked = []
        for step in readme_steps():
            words = [os.path.expandvars(word) for word in step.words]
            if words[:2] == [".", ".venv/bin/activate"]:
                continue  # the commands run in this process: `branchbook` is the CLI here
            if words[0] == "export":
                name, _, value = words[1].partition("=")
                env.setenv(name, value)
                continue
            if words[0] == "unset":
                env.delenv(words[1])
                continue
            assert words[0] == "branchbook", f"not a branchbook command: {step.words}"
            result = invoke(words[1:])
            walked.append(Walked(step, result.exit_code, result.stdout, result.stderr))
        return walked
    finally:
        env.undo()


def test_the_walk_runs_the_tour_the_temporary_branch_the_journal_and_the_ledger() -> None:
    commands = [" ".join(step.words[:3]) for step in readme_steps()]
    assert ". .venv/bin/activate" in commands  # a fresh shell finds `branchbook` on its path
    assert "export BRANCHBOOK_DB=tour.db" in commands
    assert "unset BRANCHBOOK_DB" in commands
    assert "branchbook record examples/journal.jsonl" in commands
    assert "branchbook --db journal.db" in commands
    assert "branchbook branch appoint" in commands  # the temporary branch, on the demo store
    assert "export BRANCHBOOK_DB=ledger.db" in commands
    assert len(commands) >= 20


def test_every_command_exits_as_the_readme_says(walk: list[Walked]) -> None:
    wrong = [
        (" ".join(w.step.words), w.exit_code, w.step.expected_exit, w.stderr)
        for w in walk
        if w.exit_code != w.step.expected_exit
    ]
    assert wrong == []
    assert sorted({w.exit_code for w in walk}) == [0, 2, 3]


def test_every_error_shown_is_the_error_printed(walk: list[Walked]) -> None:
    shown = [(w.step.error, " ".join(w.stderr.split())) for w in walk if w.step.error]
    assert shown, "the README shows no error"
    assert [(error, printed) for error, printed in shown if error not in printed] == []


def test_every_rule_named_in_a_comment_is_in_the_output(walk: list[Walked]) -> None:
    named = [(w.step.rule_ids, w.stdout + w.stderr) for w in walk if w.step.rule_ids]
    assert len(named) >= 3
    assert [ids for ids, output in named if not all(i in output for i in ids)] == []


def test_the_readme_shows_the_example_journal_as_it_is() -> None:
    text = README.read_text("utf-8")
    section = text[text.index("## Journals") :]
    block = section[section.index("```json\n") + len("```json\n") :]
    shown = block[: block.index("```")]
    assert shown == (ROOT / "examples" / "journal.jsonl").read_text("utf-8")


def test_the_parser_reads_exits_errors_and_continuations() -> None:
    (first, second) = steps_of(
        "branchbook a --x 1 \\\n    --y 2   # fine\n"
        "branchbook b\n# Error: rejected: b: r — why [Source art. 1]   (exit 3)\n"
    )
    assert (first.words, first.expected_exit, first.error) == (
        ["branchbook", "a", "--x", "1", "--y", "2"],
        0,
        None,
    )
    assert (second.expected_exit, second.error) == (3, "Error: rejected: b: r — why")


def test_the_example_journal_records_all_but_the_line_it_shows_refused(tmp_path: Path) -> None:
    journal = str(ROOT / "examples" / "journal.jsonl")
    url = str(tmp_path / "journal.db")
    first = invoke(["--db", url, "record", journal])
    assert first.exit_code == 3, first.output
    summary = first.stdout.splitlines()[-1]
    assert summary == "13 lines: 12 accepted, 1 rejected"
    (refused,) = [line for line in first.stdout.splitlines() if "rejected:" in line]
    assert refused.startswith("line 13: rejected: member.designate-candidate H1001: ")
    assert "activist.min_cultivation" in refused
    again = invoke(["--db", url, "record", journal])
    assert again.exit_code == 3, again.output
    assert again.stdout.splitlines()[-1] == "13 lines: 0 accepted, 12 already recorded, 1 rejected"
    shown = invoke(["--db", url, "member", "show", "H1001", "--json"])
    assert shown.exit_code == 0, shown.output
    member = json.loads(shown.stdout)
    assert (member["status"], member["activist_on"]) == ("activist", "2024-06-05")


def test_every_table_of_the_walk_reads_whole_at_80_columns(walk: list[Walked]) -> None:
    tables = [w for w in walk if FRAME.search(w.stdout)]
    assert len(tables) >= 3  # the walk prints tables: the rules, a roster, a member
    for w in tables:
        framed = [line for line in w.stdout.splitlines() if FRAME.search(line)]
        assert max(len(line) for line in framed) <= WIDTH, w.step.words
        assert "\u2026" not in w.stdout, w.step.words  # no value cut short with an ellipsis
