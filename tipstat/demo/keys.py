"""Synthetic personal identification numbers and the demo linkage key.

The demo invents 12-digit ID numbers in memory only and turns them into `victim_key` /
`person_key` exactly as a sender would (HMAC-SHA256, lowercase hex, exports.md "Keys"). The
secret below is a constant for the DEMO ONLY: real keys are made by each ministry with a
secret the warehouse never holds. No ID number is ever written to a file.
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np

from tipstat.demo.tables import zpad

DEMO_LINKAGE_SECRET = b"tipstat-demo-linkage-secret:not-for-production-use"

VICTIM, OFFENDER = 0, 1


def synthetic_ids(seed: int, origin: int, kind: int, seq: np.ndarray) -> np.ndarray:
    """12-digit ID strings: 3 digits from seed and origin quarter, 1 for kind, 8 for the sequence."""
    tag = (seed * 7919 + origin) % 1000
    number = (tag * 10 + kind) * 10**8 + seq.astype(np.int64)
    return zpad(number, 12)


def linkage_keys(ids: np.ndarray) -> np.ndarray:
    """HMAC-SHA256(demo secret, id) as lowercase hex, one per ID (the only per-item Python loop:
    hmac.digest is a single C call, about a microsecond each)."""
    digest = hmac.digest
    return np.array(
        [digest(DEMO_LINKAGE_SECRET, i.encode("ascii"), hashlib.sha256).hex() for i in ids.tolist()],
        dtype="<U64",
    )
