"""Personal data encrypted at rest: with --key-file, the store holds no name, birth date, note or
document reference in clear, and every query, export and rebuild still answers in clear; without
the key (or with another) a query or a step says so in one line and exits 8, writing nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run, stored_count
from click.testing import Result
from sqlalchemy import create_engine, text

JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 王芳", birth="1995-03-07",
         branch="B01", doc="申请书 王芳 第七号", note="由李明推荐"),
    line("member.talk", date="2016-03-01", member="A1", by="谈话人 李明", note="谈话推迟一周"),
]  # fmt: skip
SECRETS = (
    "申请人 王芳",
    "1995-03-07",
    "申请书 王芳 第七号",
    "由李明推荐",
    "谈话人 李明",
    "谈话推迟一周",
)
TALK = ["member", "talk", "--member", "A1", "--by", "书记 赵", "--date", "2016-04-01"]


def keyed(key: Path) -> Callable[..., Result]:
    """Run the CLI on a store with this key file."""

    def run_keyed(url: str, *args: str) -> Result:
        return run(url, "--key-file", str(key), *args)

    return run_keyed


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "branchbook.key"
    result = run("unused.db", "key", "new", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def other_key(tmp_path: Path) -> Path:
    path = tmp_path / "other.key"
    assert run("unused.db", "key", "new", str(path)).exit_code == 0
    return path


@pytest.fixture
def url(store_url: str, key: Path, tmp_path: Path) -> str:
    """A store whose steps were recorded with the key, its views not yet built."""
    journal = tmp_path / "journal.jsonl"
    journal.write_text("\n".join(JOURNAL) + "\n", encoding="utf-8")
    result = keyed(key)(store_url, "record", "--no-views", str(journal))
    assert result.exit_code == 0, result.output
    return store_url


def view_text(url: str) -> str:
    """Every text value of the views and the key table, as stored, in one string."""
    engine = create_engine(url)
    found: list[str] = []
    try:
        with engine.connect() as conn:
            for table in ("bb_members", "bb_member_events", "bb_audit", "branchbook_keys"):
                rows = conn.execute(text(f"SELECT * FROM {table}"))  # noqa: S608
                found += [str(value) for row in rows for value in row]
    finally:
        engine.dispose()
    return "\n".join(found)


def one_line_exit_8(result: Result) -> str:
    assert result.exit_code == 8, result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


def test_with_the_key_the_views_hold_no_personal_data_in_clear(url: str, key: Path) -> None:
    assert json_of(keyed(key)(url, "member", "show", "A1", "--json"))["name"] == "申请人 王芳"
    stored = view_text(url)
    assert "A1" in stored  # the member numbers stay clear
    for secret in SECRETS:
        assert secret not in stored


def test_a_journal_recorded_with_the_key_leaves_its_views_current_and_encrypted(
    store_url: str, key: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_text("\n".join(JOURNAL) + "\n", encoding="utf-8")
    result = keyed(key)(store_url, "record", str(journal))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json_of(keyed(key)(store_url, "projections", "status", "--json"))["behind"] == 0
    stored = view_text(store_url)
    assert "A1" in stored  # the views were built, by the record itself
    for secret in SECRETS:
        assert secret not in stored


def test_without_a_key_the_same_views_hold_it_in_clear(store_url: str, tmp_path: Path) -> None:
    record_journal(store_url, JOURNAL, tmp_path)
    assert json_of(run(store_url, "member", "show", "A1", "--json"))["name"] == "申请人 王芳"
    stored = view_text(store_url)
    for secret in SECRETS:
        assert secret in stored


def test_with_the_key_every_query_and_export_answers_in_clear(url: str, key: Path) -> None:
    bb = keyed(key)
    shown = json_of(bb(url, "member", "show", "A1", "--json"))
    assert (shown["name"], shown["birth"]) == ("申请人 王芳", "1995-03-07")
    steps = json_of(bb(url, "member", "history", "A1", "--json"))["steps"]
    assert [(s["doc"], s["note"]) for s in steps] == [
        ("申请书 王芳 第七号", "由李明推荐"), (None, "谈话推迟一周")]  # fmt: skip
    roster = json_of(bb(url, "roster", "B01", "--json"))["members"]
    assert "申请人 王芳" in {m["name"] for m in roster}
    trail = json_of(bb(url, "audit", "--member", "A1", "--json"))
    assert "谈话人 李明" in str(trail)
    csv = bb(url, "export", "members", "--format", "csv")
    assert csv.exit_code == 0, csv.output
    assert "申请人 王芳,1995-03-07" in csv.stdout
    exported = bb(url, "export", "audit", "--format", "csv", "--member", "A1")
    assert "申请书 王芳 第七号" in exported.stdout
    assert "谈话推迟一周" in exported.stdout


def test_with_the_key_a_person_is_found_by_exact_name(url: str, key: Path) -> None:
    found = json_of(keyed(key)(url, "member", "find", "申请人 王芳", "--json"))
    assert [m["member"] for m in found["members"]] == ["A1"]
    assert found["members"][0]["birth"] == "1995-03-07"
    assert keyed(key)(url, "member", "find", "申请人 王").exit_code == 4


def test_without_a_key_a_person_is_found_by_name_too(store_url: str, tmp_path: Path) -> None:
    record_journal(store_url, JOURNAL, tmp_path)
    found = json_of(run(store_url, "member", "find", "党员 F2", "--json"))
    assert [m["member"] for m in found["members"]] == ["F2"]


def test_the_audit_filters_by_actor_with_the_key(url: str, key: Path) -> None:
    bb = keyed(key)
    assert bb(url, "--actor", "书记 赵", *TALK).exit_code == 0
    mine = json_of(bb(url, "audit", "--actor", "书记 赵", "--json"))
    assert [(r["kind"], r["actor"]) for r in mine] == [("member.talked-with", "书记 赵")]


@pytest.mark.parametrize("views", ["behind", "current"])
def test_a_query_without_the_key_exits_8_in_one_line(url: str, key: Path, views: str) -> None:
    if views == "current":
        assert keyed(key)(url, "roster", "B01").exit_code == 0
    stderr = one_line_exit_8(run(url, "roster", "B01"))
    assert "the store is encrypted" in stderr
    assert "--key-file" in stderr


def test_a_read_only_query_without_the_key_exits_8(url: str, key: Path) -> None:
    assert keyed(key)(url, "roster", "B01").exit_code == 0
    assert "encrypted" in one_line_exit_8(run(url, "--read-only", "member", "show", "A1"))


def test_a_query_with_another_key_exits_8_naming_the_key_id(
    url: str, key: Path, other_key: Path
) -> None:
    for views in ("behind", "current"):
        if views == "current":
            assert keyed(key)(url, "roster", "B01").exit_code == 0
        stderr = one_line_exit_8(keyed(other_key)(url, "member", "show", "A1"))
        assert "encrypted with another key (key id " in stderr


@pytest.mark.parametrize("which", ["no-key", "another-key"])
def test_a_step_without_the_key_exits_8_and_writes_nothing(
    url: str, other_key: Path, which: str
) -> None:
    bb = run if which == "no-key" else keyed(other_key)
    before = stored_count(url)
    new_org = ["org", "add", "--code", "TC09", "--name", "第九党委", "--kind", "committee",
               "--date", "2016-01-01"]  # fmt: skip
    for step in (TALK, new_org):
        one_line_exit_8(bb(url, *step))
    assert stored_count(url) == before


def test_a_rebuild_with_the_key_gives_the_same_answers(url: str, key: Path) -> None:
    bb = keyed(key)
    queries = [("roster", "B01"), ("member", "history", "A1"), ("audit",), ("member", "show", "A1",
               "--as-of", "2020-01-01")]  # fmt: skip
    before = [json_of(bb(url, *q, "--json")) for q in queries]
    rebuilt = bb(url, "projections", "rebuild", "--json")
    assert json_of(rebuilt)["events"] == stored_count(url)
    assert [json_of(bb(url, *q, "--json")) for q in queries] == before
    assert "申请人 王芳" not in view_text(url)


def test_a_malformed_or_missing_key_file_is_bad_input(url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.key"
    bad.write_text("not a key\n", encoding="utf-8")
    for path, says in ((bad, "line 1"), (tmp_path / "none.key", "cannot read key file")):
        for args in (("roster", "B01"), TALK):
            result = run(url, "--key-file", str(path), *args)
            assert result.exit_code == 2, result.output
            assert says in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1


def test_the_key_file_may_come_from_the_environment(
    url: str, key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANCHBOOK_KEY_FILE", str(key))
    assert json_of(run(url, "member", "show", "A1", "--json"))["name"] == "申请人 王芳"


def test_key_new_never_overwrites_a_file(key: Path) -> None:
    before = key.read_bytes()
    result = run("unused.db", "key", "new", str(key))
    assert result.exit_code == 2
    assert "not overwritten" in result.stderr
    assert key.read_bytes() == before


def test_after_rotation_old_and_new_steps_read_and_a_rebuild_works(
    url: str, key: Path, tmp_path: Path
) -> None:
    older = key.read_text(encoding="utf-8")
    bb = keyed(key)
    assert bb(url, "roster", "B01").exit_code == 0  # views written under the older key
    rotated = run("unused.db", "key", "new", "--rotate", str(key))
    assert rotated.exit_code == 0, rotated.output
    assert key.read_text(encoding="utf-8").endswith(older)
    assert bb(url, *TALK).exit_code == 0
    steps = json_of(bb(url, "member", "history", "A1", "--json"))["steps"]
    assert [s["kind"] for s in steps] == ["applied", "talked", "talked"]
    assert json_of(bb(url, "projections", "rebuild", "--json"))["events"] == stored_count(url)
    assert json_of(bb(url, "member", "history", "A1", "--json"))["steps"] == steps
    # The newer key alone cannot read the steps the older one wrote.
    newer = tmp_path / "newer.key"
    newer.write_text(key.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    for args in (["projections", "rebuild"], TALK):
        stderr = one_line_exit_8(keyed(newer)(url, *args))
        assert "another key" in stderr
    assert json_of(bb(url, "member", "history", "A1", "--json"))["steps"] == steps


def test_a_key_given_to_a_clear_store_encrypts_the_steps_that_follow(
    store_url: str, key: Path, tmp_path: Path
) -> None:
    record_journal(store_url, JOURNAL, tmp_path)
    bb = keyed(key)
    assert bb(store_url, "roster", "B01").exit_code == 0
    assert "申请人 王芳" in view_text(store_url)  # the events are clear: so are the views
    assert bb(store_url, *TALK).exit_code == 0
    assert json_of(bb(store_url, "member", "show", "A1", "--json"))["name"] == "申请人 王芳"
    assert "申请人 王芳" not in view_text(store_url)  # now the views are encrypted
    one_line_exit_8(run(store_url, "member", "show", "A1"))


def test_verify_with_the_key_checks_every_view_and_with_another_exits_8(
    url: str, key: Path, other_key: Path
) -> None:
    assert keyed(key)(url, "roster", "B01").exit_code == 0  # the views, encrypted
    verified = keyed(key)(url, "verify", "--json")
    assert verified.exit_code == 0, verified.output
    report = json.loads(verified.stdout)
    assert report["views_compared_through"] == report["log_end"]
    one_line_exit_8(keyed(other_key)(url, "verify"))


def test_verify_without_the_key_checks_the_chain_and_says_what_it_left_out(
    url: str, key: Path
) -> None:
    assert keyed(key)(url, "roster", "B01").exit_code == 0
    blind = run(url, "verify", "--json")
    assert blind.exit_code == 0, blind.output
    report = json.loads(blind.stdout)
    assert report["views_compared_through"] is None
    [note] = report["notes"]
    assert "the events were not decoded, replayed or compared with the views" in note
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM branchbook_events WHERE id = 2"))
    engine.dispose()
    found = run(url, "verify", "--json")
    assert found.exit_code == 7
    assert json.loads(found.stdout)["findings"][0]["position"] == 2


def test_an_altered_ciphertext_is_found_by_verify(url: str, key: Path) -> None:
    assert keyed(key)(url, "roster", "B01").exit_code == 0
    last = stored_count(url)
    engine = create_engine(url)
    with engine.begin() as conn:
        state = bytes(
            conn.execute(
                text("SELECT state FROM branchbook_events WHERE id = :id"), {"id": last}
            ).scalar_one()
        )
        altered = state[:-1] + bytes([state[-1] ^ 1])
        conn.execute(
            text("UPDATE branchbook_events SET state = :state WHERE id = :id"),
            {"state": altered, "id": last},
        )
    engine.dispose()
    result = keyed(key)(url, "verify", "--json")
    assert result.exit_code == 7
    found = {(f["position"], f["check"]) for f in json.loads(result.stdout)["findings"]}
    assert {(last, "chain"), (last, "decode")} <= found
