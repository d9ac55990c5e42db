"""Results worked out once per object.

Views are cached and shared (app.cache), so the same frame or chart comes back on every rerun,
and what is derived from it (its CSV, its HTML, its pictures) would otherwise be worked out
again each time. An entry is keyed by the object itself (not an equal one) and goes with it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_DERIVED: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}
_LOCK = threading.Lock()


def once(obj: object, what: str, build: Callable[[], T]) -> T:
    """`build()` for `obj`, computed on the first call for this very object."""
    key = (id(obj), what)
    with _LOCK:
        entry = _DERIVED.get(key)
    if entry is not None and entry[0]() is obj:
        return entry[1]
    value = build()

    def forget(_ref: weakref.ref, key: tuple[int, str] = key) -> None:
        with _LOCK:
            if _DERIVED.get(key, (None,))[0] is _ref:
                del _DERIVED[key]

    with _LOCK:
        _DERIVED[key] = (weakref.ref(obj, forget), value)
    return value
