"""Failed votes, void elections and late written opinions on the command line: --outcome,
--lodged and --opened, what `meeting show`, `member history` and the audit say, and refusals."""

from __future__ import annotations

import json

import pytest
from cli_support import FIVE_FULL_IN_B01, invoke, stored_count

from branchbook.workflows.steps.catalogue import SPECS

ASSEMBLY = "B01-2015-11-01-assembly"
ELECTION = "B01-2016-01-10-assembly"


def run(url: str, *args: str) -> tuple[int, str, str]:
    result = invoke(["--db", url, "--actor", "clerk", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(store_url: str) -> str:
    """Five full members F1-F5 in B01, a development candidate C1 ready for the assembly, and
    an assembly on 2015-11-01 with F1-F3 present (5 should attend: 3 yes carry)."""
    steps = [
        *FIVE_FULL_IN_B01,
        ["member", "enrol", "--member", "C1", "--name", "对象", "--birth", "1990-01-01",
         "--branch", "B01", "--status", "candidate", "--activist-since", "2014-03-01",
         "--candidate-since", "2015-09-01", "--date", "2015-09-02"],
        ["member", "review", "--member", "C1", "--result", "passed", "--date", "2015-10-01"],
        ["member", "train", "--member", "C1", "--days", "3", "--date", "2015-10-05"],
        ["member", "introduce", "--member", "C1", "--introducers", "F1,F2",
         "--date", "2015-10-06"],
        ["member", "prereview", "--member", "C1", "--body", "TC01", "--date", "2015-10-10"],
        ["meeting", "hold", "--branch", "B01", "--kind", "assembly", "--date", "2015-11-01",
         "--present", "F1,F2,F3", "--chair", "F1"],
    ]  # fmt: skip
    for step in steps:
        code, out, err = run(store_url, *step)
        assert code == 0, (step, out, err)
    return store_url


def admit(url: str, *extra: str) -> tuple[int, str, str]:
    return run(url, "member", "admit", "--member", "C1", "--meeting", ASSEMBLY,
               "--date", "2015-11-01", *extra)  # fmt: skip


def query(url: str, *args: str) -> dict[str, object]:
    code, out, err = run(url, *args, "--json")
    assert code == 0, err
    parsed = json.loads(out)
    assert isinstance(parsed, dict)
    return parsed


def decisions(url: str, meeting: str) -> list[dict[str, object]]:
    found = query(url, "meeting", "show", meeting)["decisions"]
    assert isinstance(found, list)
    return found


def test_a_failed_admission_vote_is_recorded_and_shown_everywhere(store: str) -> None:
    code, out, err = admit(store, "--yes", "2", "--no", "1", "--outcome", "failed", "--json")

    assert code == 0, err
    assert json.loads(out)["status"] == "accepted"
    (decided,) = decisions(store, ASSEMBLY)
    assert (decided["decision"], decided["outcome"]) == ("admit", "failed")
    evidence = decided["evidence"]
    assert isinstance(evidence, dict)
    assert (evidence["yes_total"], evidence["pass_needed"]) == (2, 3)
    assert evidence["failed_rule"] == "assembly.pass_threshold"
    assert query(store, "member", "show", "C1")["status"] == "candidate"
    history = query(store, "member", "history", "C1")["steps"]
    assert isinstance(history, list)
    assert history[-1]["kind"] == "vote-failed"
    assert history[-1]["summary"] == f"admit vote at {ASSEMBLY} failed; standing unchanged"
    code, shown, _ = run(store, "meeting", "show", ASSEMBLY)
    assert "admit C1 (failed)" in shown
    code, audit, _ = run(store, "audit")
    assert f"meeting.vote-failed  {ASSEMBLY} about C1" in audit


def test_a_count_that_carries_cannot_be_recorded_as_failed(store: str) -> None:
    before = stored_count(store)

    code, _, err = admit(store, "--yes", "3", "--outcome", "failed")

    assert code == 3
    assert "assembly.vote_failed" in err
    assert stored_count(store) == before


def test_a_count_said_to_pass_that_does_not_carry_is_refused_as_before(store: str) -> None:
    before = stored_count(store)

    code, _, err = admit(store, "--yes", "2", "--no", "1")

    assert code == 3
    assert "assembly.pass_threshold" in err
    assert stored_count(store) == before


def test_an_outcome_other_than_passed_or_failed_is_bad_input(store: str) -> None:
    code, _, err = admit(store, "--yes", "3", "--outcome", "maybe")

    assert code == 2
    assert "maybe" in err


def test_a_late_written_opinion_is_kept_not_counted_and_warned_about(store: str) -> None:
    code, out, err = admit(
        store, "--yes", "2", "--no", "1", "--written-for", "F4,F5",
        "--lodged", "F4=2015-10-31,F5=2015-11-01T09:30", "--opened", "09:00", "--json",
    )  # fmt: skip

    assert code == 0, err
    said = json.loads(out)
    assert [w["rule"] for w in said["warnings"]] == ["admission.written_opinion_in_time"]
    (decided,) = decisions(store, ASSEMBLY)
    evidence = decided["evidence"]
    assert isinstance(evidence, dict)
    assert (evidence["yes_total"], evidence["written_late"]) == (3, ["F5"])
    assert evidence["written_lodged"] == {"F4": "2015-10-31", "F5": "2015-11-01T09:30"}
    assert evidence["opened"] == "09:00"
    assert query(store, "member", "show", "C1")["status"] == "admitted"


def test_a_written_opinion_lodged_before_the_opening_counts(store: str) -> None:
    code, _, err = admit(
        store, "--yes", "2", "--no", "1", "--written-for", "F5",
        "--lodged", "F5=2015-11-01T08:59", "--opened", "09:00",
    )  # fmt: skip

    assert code == 0, err
    assert "warning" not in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--written-for", "F4", "--lodged", "F5=2015-10-31"], "F5 gave no written opinion"),
        (["--written-for", "F4", "--lodged", "F4=31/10/2015"], "YYYY-MM-DDTHH:MM"),
        (["--written-for", "F4", "--lodged", "F4=2015-10-31T25:00"], "YYYY-MM-DDTHH:MM"),
        (["--opened", "9am"], "HH:MM"),
    ],
)
def test_lodging_times_and_the_opening_are_checked(store: str, args: list[str], says: str) -> None:
    before = stored_count(store)

    code, _, err = admit(store, "--yes", "3", *args)

    assert code == 2
    assert says in err
    assert stored_count(store) == before


def test_a_void_election_is_kept_and_then_held_again(store: str) -> None:
    hold = ["meeting", "hold", "--branch", "B01", "--kind", "assembly", "--date", "2016-01-10",
            "--present", "F1,F2,F3,F4,F5", "--chair", "F1"]  # fmt: skip
    code, _, err = run(store, *hold)
    assert code == 0, err
    elect = ["branch", "elect", "--branch", "B01", "--meeting", ELECTION, "--seats", "1",
             "--candidates", "F1", "--issued", "5", "--votes", "F1=5", "--secretary", "F1",
             "--date", "2016-01-10"]  # fmt: skip
    before = stored_count(store)

    code, _, err = run(store, *elect, "--returned", "5", "--outcome", "void")
    assert code == 3
    assert "election.void_recorded" in err
    assert stored_count(store) == before
    code, _, err = run(store, *elect, "--returned", "6")
    assert code == 3
    assert "election.ballot_validity" in err
    code, _, err = run(store, *elect, "--returned", "6", "--outcome", "void")
    assert code == 0, err
    assert query(store, "branch", "show", "B01")["leadership"] is None
    code, _, err = run(store, *elect, "--returned", "5")
    assert code == 0, err

    (void,) = decisions(store, ELECTION)
    assert (void["member"], void["decision"], void["outcome"]) == ("B01", "election", "void")
    evidence = void["evidence"]
    assert isinstance(evidence, dict)
    assert evidence["failed_rule"] == "election.ballot_validity"
    assert evidence["elected"] == []
    leadership = query(store, "branch", "show", "B01")["leadership"]
    assert isinstance(leadership, dict)
    assert leadership["since"] == "2016-01-10"


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("member.admit", {"member": "C1", "meeting": ASSEMBLY, "yes": 3}),
        ("member.convert", {"member": "C1", "meeting": ASSEMBLY, "yes": 3}),
        ("branch.elect", {"branch": "B01", "meeting": ELECTION, "seats": 1, "candidates": "F1",
                          "issued": 5, "returned": 5, "votes": "F1=5"}),
    ],
)  # fmt: skip
def test_a_step_that_does_not_name_its_outcome_keeps_the_key_it_always_had(
    name: str, raw: dict[str, object]
) -> None:
    """The derived key digests the checked values: an outcome not given is not among them."""
    (spec,) = [s for s in SPECS if s.name == name]

    values, _ = spec.parse({**raw, "date": "2016-01-10"})
    named, _ = spec.parse({**raw, "outcome": spec_outcome(name), "date": "2016-01-10"})

    assert "outcome" not in values
    assert named["outcome"] == spec_outcome(name)


def spec_outcome(name: str) -> str:
    return "void" if name == "branch.elect" else "failed"
