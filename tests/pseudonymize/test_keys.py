"""The key file and the HMAC."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tipstat.pseudonymize import PseudonymizeError, generate_key_file
from tipstat.pseudonymize.keys import KEY_BYTES, linkage_key, load_key

KNOWN_KEY = bytes(range(32))


def _key_file(path: Path, content: str, mode: int = 0o600) -> Path:
    path.write_text(content, encoding="ascii")
    path.chmod(mode)
    return path


def test_generated_key_file_is_64_hex_and_a_newline_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "k.key"
    generate_key_file(path)
    text = path.read_text(encoding="ascii")
    assert len(text) == 65 and text.endswith("\n")
    assert bytes.fromhex(text.strip())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(load_key(path)) == KEY_BYTES


def test_two_generated_keys_differ(tmp_path: Path) -> None:
    generate_key_file(tmp_path / "a")
    generate_key_file(tmp_path / "b")
    assert (tmp_path / "a").read_text() != (tmp_path / "b").read_text()


def test_generate_refuses_to_overwrite(tmp_path: Path) -> None:
    path = _key_file(tmp_path / "k.key", "ab" * 32 + "\n")
    with pytest.raises(PseudonymizeError, match="already exists"):
        generate_key_file(path)
    assert path.read_text() == "ab" * 32 + "\n"


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o700, 0o666])
def test_key_readable_or_writable_by_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = _key_file(tmp_path / "k.key", "ab" * 32, mode)
    with pytest.raises(PseudonymizeError, match=f"mode {mode:04o}"):
        load_key(path)


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_owner_only_modes_are_accepted(tmp_path: Path, mode: int) -> None:
    path = _key_file(tmp_path / "k.key", KNOWN_KEY.hex() + "\n", mode)
    assert load_key(path) == KNOWN_KEY
    path.chmod(0o600)


def test_short_key_is_refused(tmp_path: Path) -> None:
    path = _key_file(tmp_path / "k.key", "ab" * 31 + "\n")
    with pytest.raises(PseudonymizeError, match="31 bytes"):
        load_key(path)


def test_non_hex_key_is_refused_without_echoing_it(tmp_path: Path) -> None:
    secret = "this is my secret passphrase, 32 chars or more...."
    path = _key_file(tmp_path / "k.key", secret)
    with pytest.raises(PseudonymizeError) as info:
        load_key(path)
    assert "passphrase" not in str(info.value)


def test_missing_key_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PseudonymizeError, match="cannot read key file"):
        load_key(tmp_path / "absent.key")


def test_hmac_matches_rfc4231_case_1() -> None:
    assert (
        linkage_key(b"\x0b" * 20, "Hi There")
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    )


def test_hmac_of_twelve_digits_matches_openssl() -> None:
    # printf '%s' 001095001234 | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1e1f
    assert (
        linkage_key(KNOWN_KEY, "001095001234")
        == "51a36361096107ae5920eed720ba0d95ae1a55f5c6e79a7079f05285c306b913"
    )


def test_key_file_mode_is_checked_even_when_umask_is_permissive(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        generate_key_file(tmp_path / "k.key")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "k.key").stat().st_mode) == 0o600
