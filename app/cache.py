"""Results cached per published file version.

`per_version(fn)` keeps what `fn` built (a page's frames and figures) for as long as the
published warehouse is the same file (its identity: path, inode, mtime, size, see app.data); a
replaced file has a new identity, so the next call builds again from the new figures. The
result is shared by every viewer (st.cache_resource: no copy), so callers must treat it as
read-only (app.blocks only makes idempotent changes to a figure's layout).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from app import data, svg

P = ParamSpec("P")
R = TypeVar("R")


def per_version(fn: Callable[P, R]) -> Callable[P, R]:
    # `name` keeps the functions apart: every wrapper shares this one cached function.
    @st.cache_resource(show_spinner=False, max_entries=512)
    def cached(name: str, wid: data.WarehouseId | None, *args, **kwargs):
        return fn(*args, **kwargs)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return cached(f"{fn.__module__}.{fn.__qualname__}", data.warehouse_id(), *args, **kwargs)

    return wrapper


@st.cache_resource(show_spinner=False)
def settle_heap() -> bool:
    """Once per server process: take what start-up loaded (the libraries: hundreds of thousands of
    objects) out of the collector's reach. Streamlit's full collection after every run is off
    (app.launch); the collector's own full collections then skip these objects, which took
    about 170 ms to scan while the page waited for its last message."""
    svg.warm_up()  # vl-convert's engine starts here, not in a viewer's first page
    gc.collect()
    gc.freeze()
    return True
