"""The national linkage key: the key file and the HMAC that turns an ID number into a key.

Key file format: the key as hexadecimal text (64 hex characters = 32 bytes, the size
`generate_key_file` writes), optionally followed by one newline. The file must be readable by
its owner only (mode 0600 or 0400): a key others can read is no longer a secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from tipstat.pseudonymize.errors import PseudonymizeError

KEY_BYTES = 32
ALLOWED_MODES = (0o600, 0o400)


def generate_key_file(path: Path) -> None:
    """Write a new random key (32 bytes as 64 hex characters and a newline) with mode 0600.

    Refuses to overwrite an existing file: replacing the national key would silently break
    linkage with every export made before.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PseudonymizeError(f"key file {path} already exists; it is never overwritten") from None
    except OSError as exc:
        raise PseudonymizeError(f"cannot create key file {path}: {exc.strerror}") from None
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (secrets.token_hex(KEY_BYTES) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def load_key(path: Path) -> bytes:
    """Read and check a key file; return the key bytes."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise PseudonymizeError(f"cannot read key file {path}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise PseudonymizeError(f"key file {path} is not a regular file")
    mode = stat.S_IMODE(st.st_mode)
    if mode not in ALLOWED_MODES:
        raise PseudonymizeError(
            f"key file {path} has mode {mode:04o}: it must be readable by its owner only (chmod 600 {path})"
        )
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise PseudonymizeError(f"key file {path} is not hexadecimal text") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise PseudonymizeError(f"key file {path} is not hexadecimal text") from None
    if len(key) < KEY_BYTES:
        raise PseudonymizeError(
            f"key in {path} is {len(key)} bytes; at least {KEY_BYTES} bytes ({2 * KEY_BYTES} hex characters)"
            " are required"
        )
    return key


def linkage_key(key: bytes, id_digits: str) -> str:
    """HMAC-SHA256 of the 12 ASCII digits under the national key, as lowercase hex."""
    return hmac.new(key, id_digits.encode("ascii"), hashlib.sha256).hexdigest()
