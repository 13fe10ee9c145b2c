"""The keyring: what it encrypts names its key, only its keys read it back, an altered byte
is caught, and a key file is read, made and rotated without ever losing a key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from branchbook.workflows.store.keyring import (
    MAGIC,
    Keyring,
    Undecryptable,
    encrypted_key_id,
    key_line,
    new_key,
    parse_key_file,
    read_key_file,
    rotate_key_file,
    write_new_key_file,
)

from branchbook.workflows.errors import BadInput, Encrypted

A, B = new_key(), new_key()


def test_encrypted_bytes_name_their_key_and_decrypt_with_it() -> None:
    ring = Keyring((A,))
    encrypted = ring.encrypt("王芳 1990-05-01".encode())
    assert encrypted.startswith(MAGIC)
    assert encrypted_key_id(encrypted) == ring.key_id
    assert "王芳".encode() not in encrypted
    assert ring.decrypt(encrypted).decode() == "王芳 1990-05-01"


def test_the_same_text_encrypts_differently_each_time() -> None:
    ring = Keyring((A,))
    assert ring.encrypt_text("王芳") != ring.encrypt_text("王芳")
    assert ring.decrypt_text(ring.encrypt_text("王芳")) == "王芳"


def test_another_key_is_refused_with_the_id_of_the_key_that_is_missing() -> None:
    encrypted = Keyring((A,)).encrypt(b"{}")
    with pytest.raises(Encrypted, match=Keyring((A,)).key_id) as caught:
        Keyring((B,)).decrypt(encrypted)
    assert caught.value.exit_code == 8


def test_an_altered_byte_does_not_decrypt() -> None:
    ring = Keyring((A,))
    encrypted = bytearray(ring.encrypt(b"{}"))
    encrypted[-1] ^= 1
    with pytest.raises(Undecryptable):
        ring.decrypt(bytes(encrypted))


def test_after_rotation_the_newest_key_writes_and_every_key_reads() -> None:
    old = Keyring((A,)).encrypt(b"old")
    rotated = Keyring((B, A))
    new = rotated.encrypt(b"new")
    assert encrypted_key_id(new) == Keyring((B,)).key_id
    assert rotated.decrypt(old) == b"old"
    assert rotated.decrypt(new) == b"new"


def test_the_blind_index_is_keyed_by_the_oldest_key_so_rotation_keeps_it() -> None:
    assert Keyring((A,)).index("王芳") == Keyring((B, A)).index("王芳")
    assert Keyring((A,)).index("王芳") != Keyring((B,)).index("王芳")
    assert Keyring((A,)).index("王芳") != Keyring((A,)).index("王芳芳")
    assert Keyring((B, A)).digest_secret == Keyring((A,)).digest_secret


def test_a_key_file_holds_keys_in_base64_or_hex_with_comments() -> None:
    text = f"# newest first\n{key_line(B)}\n\n{A.hex()}\n"
    assert parse_key_file(text, "k").keys == (B, A)


@pytest.mark.parametrize(
    "text",
    ["", "# only a comment\n", "not a key\n", key_line(A[:16]) + "\n", A.hex()[:-2] + "\n",
     f"{key_line(A)}\n{A.hex()}\n"],
    ids=["empty", "comment", "garbage", "128-bit", "short-hex", "twice"],
)  # fmt: skip
def test_a_malformed_key_file_is_bad_input(text: str) -> None:
    with pytest.raises(BadInput, match="key file"):
        parse_key_file(text, "k")


def test_a_missing_key_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="cannot read key file"):
        read_key_file(tmp_path / "none")


def test_a_new_key_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "k"
    ring = write_new_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file(path) == ring
    before = path.read_bytes()
    with pytest.raises(BadInput, match="not overwritten"):
        write_new_key_file(path)
    assert path.read_bytes() == before


def test_rotation_puts_a_new_key_first_and_keeps_the_older_ones(tmp_path: Path) -> None:
    path = tmp_path / "k"
    first = write_new_key_file(path)
    rotated = rotate_key_file(path)
    assert rotated.keys[1:] == first.keys
    assert read_key_file(path) == rotated
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
