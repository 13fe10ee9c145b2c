"""An encrypted store: every event written with a key is ciphertext naming its key; it is read
back with that key only; nothing is written into it without one; a rotated key file reads old
and new events; derived idempotency keys are keyed, and still find a step recorded before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.keyring import Keyring, encrypted_key_id, new_key
from branchbook.workflows.store.location import EVENTS_TABLE, KEYS_TABLE
from sqlalchemy import text

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.ids import member_id
from branchbook.workflows.errors import Encrypted

A, B = Keyring((new_key(),)), Keyring((new_key(),))
ROTATED = Keyring((*B.keys, *A.keys))  # B written after A: B first, A kept below it

OPENING: list[dict[str, object]] = [
    {"command": "org.add", "date": "2015-01-01", "code": "TC01", "name": "城关镇党委",
     "kind": "committee", "approves-admissions": True},
    {"command": "branch.found", "date": "2015-01-01", "code": "B01", "name": "机关第一党支部",
     "kind": "regular", "parent": "TC01", "full-members": 3},
    {"command": "member.apply", "date": "2024-03-01", "member": "A1", "name": "王芳",
     "birth": "1990-05-01", "branch": "B01", "note": "申请书已收"},
]  # fmt: skip
TALK: dict[str, object] = {
    "command": "member.talk",
    "date": "2024-03-20",
    "member": "A1",
    "by": "李明",
}
SECOND_ORG: dict[str, object] = {
    "command": "org.add", "date": "2015-01-02", "code": "TC02", "name": "第二党委",
    "kind": "committee"}  # fmt: skip


@pytest.fixture
def opened(store_url: str) -> Iterator[list[BranchBook]]:
    """Applications on the store, each closed at the end."""
    apps: list[BranchBook] = []
    yield apps
    for app in apps:
        app.close()


def open_app(apps: list[BranchBook], url: str, ring: Keyring | None) -> BranchBook:
    app = BranchBook(url, keyring=ring)
    apps.append(app)
    return app


def record(app: BranchBook, lines: list[dict[str, object]]) -> list[Outcome]:
    recorder = Recorder(app, builtin_rulebook(), actor="书记 张三")
    texts = [json.dumps(line, ensure_ascii=False) for line in lines]
    return list(recorder.record_many(parse_journal(texts)))


def states(app: BranchBook) -> list[bytes]:
    with app.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT state FROM {EVENTS_TABLE} ORDER BY id"))  # noqa: S608
        return [bytes(s) for s in rows.scalars()]


def digests(app: BranchBook) -> list[tuple[str, str]]:
    with app.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT key, digest FROM {KEYS_TABLE} ORDER BY key"))  # noqa: S608
        return [(r[0], r[1]) for r in rows]


def test_with_a_key_every_event_is_ciphertext_naming_the_key(
    store_url: str, opened: list[BranchBook]
) -> None:
    app = open_app(opened, store_url, A)
    assert {o.status for o in record(app, OPENING)} == {"accepted"}
    stored = states(app)
    assert {encrypted_key_id(s) for s in stored} == {A.key_id}
    for clear in ("王芳", "1990-05-01", "申请书已收", "书记 张三"):
        assert not any(clear.encode() in s for s in stored)
    assert app.find(member_id("A1")) is not None


def test_without_a_key_the_same_steps_are_stored_clear(
    store_url: str, opened: list[BranchBook]
) -> None:
    app = open_app(opened, store_url, None)
    record(app, OPENING)
    stored = states(app)
    assert {encrypted_key_id(s) for s in stored} == {None}
    assert any("王芳".encode() in s for s in stored)


def test_reading_an_encrypted_store_without_its_key_is_refused(
    store_url: str, opened: list[BranchBook]
) -> None:
    writer = open_app(opened, store_url, A)
    record(writer, OPENING)
    first = writer.recorder.select_notifications(start=None, limit=1)[0]
    for ring, message in ((None, "give its key"), (B, A.key_id)):
        app = open_app(opened, store_url, ring)
        with pytest.raises(Encrypted, match=message):
            app.mapper.to_domain_event(first)
        with pytest.raises(Encrypted, match=message):
            app.find(member_id("A1"))


@pytest.mark.parametrize("ring", [None, B], ids=["no-key", "another-key"])
def test_nothing_is_written_into_an_encrypted_store_without_its_key(
    store_url: str, opened: list[BranchBook], ring: Keyring | None
) -> None:
    record(open_app(opened, store_url, A), OPENING)
    app = open_app(opened, store_url, ring)
    before = states(app)
    # A new organisation reads nothing stored: the store itself says it is encrypted.
    for step in (SECOND_ORG, TALK):
        with pytest.raises(Encrypted):
            record(app, [step])
    assert states(app) == before


def test_a_key_given_to_a_clear_store_encrypts_what_follows_and_reads_what_was(
    store_url: str, opened: list[BranchBook]
) -> None:
    record(open_app(opened, store_url, None), OPENING)
    app = open_app(opened, store_url, A)
    assert [o.status for o in record(app, [TALK])] == ["accepted"]
    kinds = [encrypted_key_id(s) for s in states(app)]
    assert kinds[:-1] == [None] * (len(kinds) - 1)
    assert kinds[-1] == A.key_id
    # ... and from then on, nothing more is written clear.
    with pytest.raises(Encrypted):
        record(open_app(opened, store_url, None), [SECOND_ORG])


def test_after_rotation_old_and_new_events_read_and_new_ones_use_the_newer_key(
    store_url: str, opened: list[BranchBook]
) -> None:
    record(open_app(opened, store_url, A), OPENING)
    app = open_app(opened, store_url, ROTATED)
    assert [o.status for o in record(app, [TALK])] == ["accepted"]
    assert [encrypted_key_id(s) for s in states(app)][-1] == B.key_id
    notifications = app.recorder.select_notifications(start=None, limit=100)
    assert len([app.mapper.to_domain_event(n) for n in notifications]) == len(notifications)
    # Without the older key, the older events are out of reach.
    only_b = open_app(opened, store_url, B)
    with pytest.raises(Encrypted, match=A.key_id):
        only_b.mapper.to_domain_event(notifications[0])


def test_derived_keys_are_keyed_and_a_rotation_keeps_them(
    store_url: str, opened: list[BranchBook], tmp_path: Path
) -> None:
    app = open_app(opened, store_url, A)
    record(app, OPENING)
    keyed = digests(app)
    rerun = record(open_app(opened, store_url, ROTATED), OPENING)
    assert {o.status for o in rerun} == {"already-recorded"}
    assert digests(app) == keyed
    # A store without a key keeps the plain SHA-256 of the same steps: another key, another
    # digest.
    clear = open_app(opened, f"sqlite:///{tmp_path / 'clear.db'}", None)
    record(clear, OPENING)
    assert len(digests(clear)) == len(keyed)
    assert set(digests(clear)).isdisjoint(keyed)


def test_a_journal_recorded_before_the_key_is_found_already_recorded_after_it(
    store_url: str, opened: list[BranchBook]
) -> None:
    with_id: dict[str, object] = {**TALK, "id": "talk-1"}
    record(open_app(opened, store_url, None), [*OPENING, with_id])
    rerun = record(open_app(opened, store_url, A), [*OPENING, with_id])
    assert {o.status for o in rerun} == {"already-recorded"}
